//! What a plugin emitted on one text, with assertions by covered text.

use std::fmt::Write as _;

use marginalia_core::{Annotation, AttrValue};

use crate::render_annotations;

/// The annotations one plugin emitted on one text, checked and sorted as the host outputs
/// them, with assertions that name spans by the text they cover.
///
/// Made by [`run`](crate::run()), [`run_library`](crate::run_library) and [`Runner`](crate::Runner).
/// Every assertion panics (at the caller's line) with a message that says what it looked
/// for and lists what the plugin did emit, so a failing test explains itself:
///
/// ```text
/// marginalia-testkit: span("UN").is("organisation") does not hold:
/// 1 annotation(s) cover "UN", none labelled `organisation`:
///     4..6    actor  "UN"  id="UN"
/// text: "The UN met in Geneva."
/// all 1 annotation(s) of plugin `un` on test.txt:
///     4..6    actor  "UN"  id="UN"
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Annotated {
    plugin: String,
    id: String,
    text: String,
    annotations: Vec<Annotation>,
    notes: Vec<String>,
}

impl Annotated {
    pub(crate) fn new(
        plugin: String,
        id: String,
        text: String,
        annotations: Vec<Annotation>,
        notes: Vec<String>,
    ) -> Self {
        Annotated {
            plugin,
            id,
            text,
            annotations,
            notes,
        }
    }

    /// The annotations, sorted by [`Annotation::sort_key`] (the host's output order). Only
    /// the plugin's own: not the earlier ones given to [`Runner::after`](crate::Runner::after).
    /// Pass them to `after` to run a plugin that needs them.
    pub fn annotations(&self) -> &[Annotation] {
        &self.annotations
    }

    /// The covered text of each annotation, in order: a compact thing to `assert_eq!`.
    ///
    /// ```
    /// # use marginalia_core::{Attrs, Config, Document, Emitter, Manifest, Plugin, PluginError};
    /// # struct Caps;
    /// # impl Plugin for Caps {
    /// #     fn manifest() -> Manifest { Manifest::new("caps", "0.1.0").emits(["caps"]) }
    /// #     fn new(_: &Config) -> Result<Self, PluginError> { Ok(Caps) }
    /// #     fn annotate(&self, doc: &Document<'_>, out: &mut Emitter<'_>) -> Result<(), PluginError> {
    /// #         let mut start = 0;
    /// #         for word in doc.text().split(' ') {
    /// #             if word.len() > 1 && word.chars().all(|c| c.is_ascii_uppercase()) {
    /// #                 out.emit("caps", start..start + word.len(), &Attrs::new())?;
    /// #             }
    /// #             start += word.len() + 1;
    /// #         }
    /// #         Ok(())
    /// #     }
    /// # }
    /// let out = marginalia_testkit::run::<Caps>("", "NATO and the EU met");
    /// assert_eq!(out.texts(), ["NATO", "EU"]);
    /// ```
    pub fn texts(&self) -> Vec<&str> {
        self.annotations.iter().map(|a| a.text.as_str()).collect()
    }

    /// The annotations one per line, exactly as [`render_annotations`] renders a document
    /// for the corpus snapshots: the thing to pass to `insta::assert_snapshot!`.
    ///
    /// ```text
    ///   4..6    actor  "UN"  id="UN"
    /// ```
    pub fn render(&self) -> String {
        render_annotations(self.text.len(), &self.annotations)
    }

    /// The annotations that cover exactly `covered` (compared with [`Annotation::text`]),
    /// for assertions: [`is`](Spans::is), [`attr`](Spans::attr),
    /// [`occurrence`](Spans::occurrence).
    ///
    /// # Panics
    ///
    /// When no annotation covers exactly `covered`; the message lists the annotations that
    /// overlap it, if any, then all of them. When `covered` does not occur in the text at all,
    /// it says so (a typo in the test, most likely).
    #[track_caller]
    pub fn span(&self, covered: &str) -> Spans<'_> {
        let spans = Spans {
            out: self,
            covered: covered.to_owned(),
            chain: format!("span({covered:?})"),
            selected: self
                .annotations
                .iter()
                .filter(|a| a.text == covered)
                .collect(),
        };
        if spans.selected.is_empty() {
            let occurrences = self.occurrences(covered);
            let reason = if occurrences.is_empty() {
                format!("{covered:?} does not occur in the text")
            } else {
                let overlapping: Vec<&Annotation> = self
                    .annotations
                    .iter()
                    .filter(|a| occurrences.iter().any(|&(s, e)| a.start < e && s < a.end))
                    .collect();
                let mut reason = format!(
                    "no annotation covers exactly {covered:?} (it occurs at {})",
                    ranges(&occurrences)
                );
                if overlapping.is_empty() {
                    reason.push_str("; none overlaps it");
                } else {
                    let _ = write!(reason, "; overlapping it:\n{}", self.listing(&overlapping));
                }
                reason
            };
            spans.fail("", &reason);
        }
        spans
    }

    /// Asserts that no annotation covers exactly `covered`, and returns `self` for more
    /// assertions. Annotations that merely contain it are fine: `no_span("Korea")` holds on
    /// an annotation of `North Korea`.
    ///
    /// # Panics
    ///
    /// When an annotation covers exactly `covered` (they are listed), and when `covered` does
    /// not occur in the text: such an assertion could never fail, so it is a mistake in the
    /// test.
    ///
    /// ```should_panic
    /// # use marginalia_core::{Attrs, Config, Document, Emitter, Manifest, Plugin, PluginError};
    /// # struct Un;
    /// # impl Plugin for Un {
    /// #     fn manifest() -> Manifest { Manifest::new("un", "0.1.0").emits(["actor"]) }
    /// #     fn new(_: &Config) -> Result<Self, PluginError> { Ok(Un) }
    /// #     fn annotate(&self, doc: &Document<'_>, out: &mut Emitter<'_>) -> Result<(), PluginError> {
    /// #         for (start, _) in doc.text().match_indices("UN") {
    /// #             out.emit("actor", start..start + 2, &Attrs::new())?;
    /// #         }
    /// #         Ok(())
    /// #     }
    /// # }
    /// let out = marginalia_testkit::run::<Un>("", "The UN met.");
    /// out.no_span("The"); // holds
    /// out.no_span("Thu"); // panics: "Thu" does not occur in the text
    /// ```
    #[track_caller]
    pub fn no_span(&self, covered: &str) -> &Self {
        let chain = format!("no_span({covered:?})");
        if self.occurrences(covered).is_empty() {
            self.fail(
                &chain,
                &format!(
                    "{covered:?} does not occur in the text, so this assertion proves nothing"
                ),
            );
        }
        let found: Vec<&Annotation> = self
            .annotations
            .iter()
            .filter(|a| a.text == covered)
            .collect();
        if !found.is_empty() {
            self.fail(
                &chain,
                &format!(
                    "{} annotation(s) cover exactly {covered:?}:\n{}",
                    found.len(),
                    self.listing(&found)
                ),
            );
        }
        self
    }

    /// Byte ranges of the (non-overlapping) occurrences of `covered` in the text.
    fn occurrences(&self, covered: &str) -> Vec<(usize, usize)> {
        if covered.is_empty() {
            return Vec::new();
        }
        self.text
            .match_indices(covered)
            .map(|(start, s)| (start, start + s.len()))
            .collect()
    }

    /// `annotations` rendered as the snapshots render them, indented.
    fn listing(&self, annotations: &[&Annotation]) -> String {
        let owned: Vec<Annotation> = annotations.iter().map(|&a| a.clone()).collect();
        render_annotations(self.text.len(), &owned)
            .lines()
            .map(|line| format!("  {line}\n"))
            .collect()
    }

    /// Panics with `chain` (the assertion as written), the reason, and everything found.
    #[track_caller]
    fn fail(&self, chain: &str, reason: &str) -> ! {
        let all: Vec<&Annotation> = self.annotations.iter().collect();
        let mut message = format!("marginalia-testkit: {chain} does not hold:\n{reason}");
        if !message.ends_with('\n') {
            message.push('\n');
        }
        // The text, when it is short enough to read in a message.
        if self.text.chars().count() <= 300 {
            let _ = writeln!(message, "text: {:?}", self.text);
        }
        let _ = write!(
            message,
            "all {} annotation(s) of plugin `{}` on {}:\n{}",
            all.len(),
            self.plugin,
            self.id,
            self.listing(&all)
        );
        for note in &self.notes {
            let _ = writeln!(message, "note: {note}");
        }
        panic!("{}", message.trim_end());
    }
}

/// The annotations that cover one text, narrowed by each assertion.
///
/// Made by [`Annotated::span`]. Each assertion keeps the annotations that pass it and panics
/// when none is left, so `span("X").is("a").attr("k", v)` holds when at least one annotation
/// covering `X` is labelled `a` and has `k` equal to `v`. Use
/// [`occurrence`](Spans::occurrence) to pick one of several occurrences of the same text.
///
/// ```
/// # use marginalia_core::{Attrs, Config, Document, Emitter, Manifest, Plugin, PluginError};
/// # /// Tags "$N billion" as a trade figure in USD.
/// # struct Figures;
/// # impl Plugin for Figures {
/// #     fn manifest() -> Manifest { Manifest::new("figures", "0.1.0").emits(["trade_figure"]) }
/// #     fn new(_: &Config) -> Result<Self, PluginError> { Ok(Figures) }
/// #     fn annotate(&self, doc: &Document<'_>, out: &mut Emitter<'_>) -> Result<(), PluginError> {
/// #         let text = doc.text();
/// #         for (start, _) in text.match_indices('$') {
/// #             let Some(len) = text[start..].find(" billion") else { continue };
/// #             let number: f64 = text[start + 1..start + len].parse()?;
/// #             let end = start + len + " billion".len();
/// #             let attrs = Attrs::new().with("value", number * 1e9).with("unit", "USD");
/// #             out.emit("trade_figure", start..end, &attrs)?;
/// #         }
/// #         Ok(())
/// #     }
/// # }
/// let out = marginalia_testkit::run::<Figures>("", "Trade reached $3.6 billion in 2023.");
/// out.span("$3.6 billion").is("trade_figure").attr("value", 3.6e9).attr("unit", "USD");
/// ```
#[derive(Clone, Debug)]
pub struct Spans<'a> {
    out: &'a Annotated,
    covered: String,
    chain: String,
    selected: Vec<&'a Annotation>,
}

impl<'a> Spans<'a> {
    /// Keeps the annotations labelled `label`.
    ///
    /// # Panics
    ///
    /// When none is; the message lists the labels found.
    #[track_caller]
    pub fn is(self, label: &str) -> Self {
        let step = format!(".is({label:?})");
        self.narrow(
            &step,
            |a| a.label == label,
            |n, covered| format!("{n} annotation(s) cover {covered:?}, none labelled `{label}`"),
        )
    }

    /// Keeps the annotations whose attribute `key` equals `value`. Numbers compare by value,
    /// so `attr("value", 3.6e9)` matches `3600000000`; lists compare item by item.
    ///
    /// # Panics
    ///
    /// When none has it; the message lists their attributes.
    #[track_caller]
    pub fn attr(self, key: &str, value: impl Into<AttrValue>) -> Self {
        let value = value.into();
        let step = format!(".attr({key:?}, {value})");
        self.narrow(
            &step,
            |a| a.attrs.get(key).is_some_and(|v| same_value(v, &value)),
            |n, covered| format!("{n} annotation(s) cover {covered:?}, none with {key}={value}"),
        )
    }

    /// Keeps the annotation at the `n`th occurrence (1-based, counted in the whole text,
    /// case-sensitively, as the gold files count) of the covered text.
    ///
    /// # Panics
    ///
    /// When the text has fewer than `n` occurrences, or the plugin did not annotate the `n`th.
    #[track_caller]
    pub fn occurrence(self, n: usize) -> Self {
        let occurrences = self.out.occurrences(&self.covered);
        let step = format!(".occurrence({n})");
        let Some(&(start, end)) = n.checked_sub(1).and_then(|i| occurrences.get(i)) else {
            let reason = format!(
                "{:?} occurs {} time(s) in the text (occurrences count from 1)",
                self.covered,
                occurrences.len()
            );
            self.fail(&step, &reason);
        };
        self.narrow(
            &step,
            |a| (a.start, a.end) == (start, end),
            |count, covered| {
                format!(
                    "{count} annotation(s) cover {covered:?}, none at its occurrence {n} ({start}..{end})"
                )
            },
        )
    }

    /// The first annotation still selected, for any check the assertions do not make.
    pub fn annotation(&self) -> &'a Annotation {
        self.selected[0]
    }

    #[track_caller]
    fn narrow(
        mut self,
        step: &str,
        keep: impl Fn(&Annotation) -> bool,
        reason: impl FnOnce(usize, &str) -> String,
    ) -> Self {
        let kept: Vec<&'a Annotation> = self.selected.iter().copied().filter(|a| keep(a)).collect();
        if kept.is_empty() {
            let reason = format!(
                "{}:\n{}",
                reason(self.selected.len(), &self.covered),
                self.out.listing(&self.selected)
            );
            self.fail(step, &reason);
        }
        self.selected = kept;
        self.chain.push_str(step);
        self
    }

    #[track_caller]
    fn fail(&self, step: &str, reason: &str) -> ! {
        self.out.fail(&format!("{}{step}", self.chain), reason)
    }
}

/// Attribute equality for assertions: numbers by value (`3.6e9` is `3600000000`), lists item
/// by item, anything else exactly.
fn same_value(found: &AttrValue, expected: &AttrValue) -> bool {
    match (found, expected) {
        (AttrValue::Int(a), AttrValue::Int(b)) => a == b,
        (AttrValue::List(a), AttrValue::List(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_value(x, y))
        }
        _ => match (found.as_f64(), expected.as_f64()) {
            (Some(a), Some(b)) => a == b,
            _ => found == expected,
        },
    }
}

/// `10..22, 40..52`.
fn ranges(ranges: &[(usize, usize)]) -> String {
    let mut out = String::new();
    for (i, (s, e)) in ranges.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{s}..{e}");
    }
    out
}
