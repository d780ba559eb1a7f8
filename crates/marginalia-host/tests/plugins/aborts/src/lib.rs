//! Test plugin `test-aborts`: aborts its process (std::process::abort) on a document containing
//! TRIGGER.
//! See `../README.md`. Only for isolation tests: run it in-process and it takes the host down.

marginalia_test_plugin_support::misbehaving_plugin!(Aborts, "test-aborts", |doc, out| {
    std::process::abort()
});
