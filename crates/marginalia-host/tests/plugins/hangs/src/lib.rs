//! Test plugin `test-hangs`: never returns from annotate on a document containing TRIGGER.
//! See `../README.md`. Only for isolation tests: run it in-process and it takes the host down.

marginalia_test_plugin_support::misbehaving_plugin!(Hangs, "test-hangs", |doc, out| {
    loop {
        std::thread::sleep(std::time::Duration::from_secs(1));
    }
});
