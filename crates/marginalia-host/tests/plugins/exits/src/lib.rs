//! Test plugin `test-exits`: exits its process with status 3 on a document containing TRIGGER.
//! See `../README.md`. Only for isolation tests: run it in-process and it takes the host down.

marginalia_test_plugin_support::misbehaving_plugin!(Exits, "test-exits", |doc, out| {
    std::process::exit(3)
});
