//! Test plugin `test-segfaults`: on a document containing TRIGGER, its process receives SIGSEGV
//! (sent with kill(2) to itself, as an invalid memory access would).
//! See `../README.md`. Only for isolation tests: run it in-process and it takes the host down.

marginalia_test_plugin_support::misbehaving_plugin!(Segfaults, "test-segfaults", |doc, out| {
    // Rust's runtime handles SIGSEGV to report stack overflows: on a signal that is not one,
    // its handler restores the default action and returns. So the signal is sent until the
    // default action kills the process. (In a process with several threads, another thread
    // may take it a moment later, and signals sent meanwhile merge into one: hence the loop.)
    let pid = rustix::process::getpid();
    loop {
        let _ = rustix::process::kill_process(pid, rustix::process::Signal::SEGV);
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
});
