//! Test plugin `test-segfaults`: on a document containing TRIGGER, its process receives SIGSEGV
//! (sent with kill(2) to itself, as an invalid memory access would).
//! See `../README.md`. Only for isolation tests: run it in-process and it takes the host down.

marginalia_test_plugin_support::misbehaving_plugin!(Segfaults, "test-segfaults", |doc, out| {
    let pid = rustix::process::getpid();
    let _ = rustix::process::kill_process(pid, rustix::process::Signal::SEGV);
    // The signal is delivered before kill returns; this is not reached.
    std::process::abort()
});
