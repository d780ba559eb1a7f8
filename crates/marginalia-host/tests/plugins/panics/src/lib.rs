//! Test plugin `test-panics`: panics in `annotate` on a document containing `TRIGGER`.

marginalia_test_plugin_support::misbehaving_plugin!(Panics, "test-panics", |doc, out| {
    panic!("deliberate panic on {}", doc.id())
});
