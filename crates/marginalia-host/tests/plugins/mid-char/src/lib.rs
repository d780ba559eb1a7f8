//! Test plugin `test-mid-char`: on a document containing `TRIGGER`, emits a span that starts
//! one byte inside the first multi-byte character (or at 0 when there is none).

marginalia_test_plugin_support::misbehaving_plugin!(MidChar, "test-mid-char", |doc, out| {
    let inside = doc
        .text()
        .char_indices()
        .find(|(_, c)| c.len_utf8() > 1)
        .map_or(0, |(i, _)| i + 1);
    return out.emit("word", inside..inside + 1, &marginalia_core::Attrs::new());
});
