// The report's behaviour: the label filter, and the details of a clicked span. Only DOM
// APIs, no network; text goes in through textContent only.
(function () {
  "use strict";
  var body = document.body;

  // Filter: unchecking a label hides its highlighting (body class hide-lN).
  var boxes = Array.prototype.slice.call(document.querySelectorAll("#legend input[type=checkbox]"));
  function sync(box) { body.classList.toggle("hide-" + box.value, !box.checked); }
  boxes.forEach(function (box) { box.addEventListener("change", function () { sync(box); }); });
  function setAll(on) { boxes.forEach(function (box) { box.checked = on; sync(box); }); }
  var all = document.getElementById("show-all"), none = document.getElementById("show-none");
  if (all) all.addEventListener("click", function () { setAll(true); });
  if (none) none.addEventListener("click", function () { setAll(false); });

  function hidden(mark) { return body.classList.contains("hide-" + mark.classList[0]); }

  // The first fragment of an annotation holds its data; later fragments (data-cont) point to it.
  function head(mark) {
    if (!mark.hasAttribute("data-cont")) return mark;
    var doc = mark.closest(".doc");
    return doc.querySelector('mark[data-a="' + mark.getAttribute("data-a") + '"]:not([data-cont])') || mark;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function fullText(first) {
    var doc = first.closest(".doc"), id = first.getAttribute("data-a"), parts = [];
    doc.querySelectorAll('mark[data-a="' + id + '"]').forEach(function (m) { parts.push(m.textContent); });
    return parts.join("");
  }

  function offsets(m) {
    var d = m.dataset, out = ["bytes " + d.start + "\u2013" + d.end];
    if (d.startChar !== undefined) out.push("chars " + d.startChar + "\u2013" + d.endChar);
    if (d.startUtf16 !== undefined) out.push("UTF-16 " + d.startUtf16 + "\u2013" + d.endUtf16);
    return out.join(" \u00b7 ");
  }

  function layer(m) {
    var box = el("div", "layer " + m.classList[0]);
    var what = el("div", "what", m.dataset.label + " ");
    what.appendChild(el("span", "plugin", m.dataset.plugin));
    box.appendChild(what);
    box.appendChild(el("q", null, fullText(m)));
    box.appendChild(el("div", "offs", offsets(m)));
    var attrs = {};
    try { attrs = JSON.parse(m.dataset.attrs || "{}"); } catch (e) { attrs = {}; }
    var keys = Object.keys(attrs);
    if (keys.length) {
      var table = el("table");
      keys.forEach(function (k) {
        var v = attrs[k], tr = el("tr");
        tr.appendChild(el("th", null, k));
        tr.appendChild(el("td", null, Array.isArray(v) ? v.map(String).join(", ") : String(v)));
        table.appendChild(tr);
      });
      box.appendChild(table);
    }
    return box;
  }

  var details = document.getElementById("details-body");

  // Shows every visible layer at `mark`, innermost first, and marks them selected.
  function select(mark) {
    document.querySelectorAll("mark.sel").forEach(function (m) { m.classList.remove("sel"); });
    details.textContent = "";
    for (var m = mark; m; m = m.parentElement ? m.parentElement.closest("mark") : null) {
      if (hidden(m)) continue;
      var first = head(m);
      first.closest(".doc").querySelectorAll('mark[data-a="' + first.getAttribute("data-a") + '"]')
        .forEach(function (f) { f.classList.add("sel"); });
      details.appendChild(layer(first));
    }
    if (!details.firstChild) details.appendChild(el("p", "hint", "Click a highlighted span to see its attributes."));
  }

  document.addEventListener("click", function (event) {
    var mark = event.target.closest ? event.target.closest("mark") : null;
    if (!mark || !details) return;
    select(mark);
    // The address of the selection, for a link to it: #dN-aM (document N, annotation M).
    var doc = mark.closest(".doc");
    if (doc && window.history && history.replaceState) {
      history.replaceState(null, "", "#" + doc.id + "-a" + mark.getAttribute("data-a"));
    }
  });

  // Opened at #dN-aM: select that annotation.
  var wanted = /^#(d[0-9]+)-a([0-9]+)$/.exec(window.location.hash);
  if (wanted && details) {
    var doc = document.getElementById(wanted[1]);
    var mark = doc && doc.querySelector('mark[data-a="' + wanted[2] + '"]');
    if (mark) {
      select(mark);
      var box = mark.getBoundingClientRect();
      if (box.top < 0 || box.bottom > window.innerHeight) mark.scrollIntoView({ block: "center" });
    }
  }

  body.setAttribute("data-ready", "1");
})();
