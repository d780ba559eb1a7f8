//! Test plugin `test-segfaults`: on a document containing TRIGGER, its process receives SIGSEGV
//! (sent with kill(2) to itself, as an invalid memory access would).
//! See `../README.md`. Only for isolation tests: run it in-process and it takes the host down.

marginalia_test_plugin_support::misbehaving_plugin!(Segfaults, "test-segfaults", |doc, out| {
    // Rust's runtime handles SIGSEGV to report stack overflows: on a signal that is not one,
    // its handler restores the default action and returns. The second signal kills.
    let pid = rustix::process::getpid();
    for _ in 0..2 {
        let _ = rustix::process::kill_process(pid, rustix::process::Signal::SEGV);
    }
    unreachable!("SIGSEGV kills the process")
});
