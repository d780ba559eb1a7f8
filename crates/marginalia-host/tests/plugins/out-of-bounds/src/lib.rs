//! Test plugin `test-out-of-bounds`: on a document containing `TRIGGER`, emits a span that
//! ends five bytes past the end of the text.

marginalia_test_plugin_support::misbehaving_plugin!(
    OutOfBounds,
    "test-out-of-bounds",
    |doc, out| {
        let len = doc.text().len();
        return out.emit("word", len - 1..len + 5, &marginalia_core::Attrs::new());
    }
);
