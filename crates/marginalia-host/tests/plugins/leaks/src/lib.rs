//! Test plugin `test-leaks`: allocates memory without bound (64 MiB a step, every page touched) on
//! a document containing TRIGGER, until the allocation fails.
//! See `../README.md`. Only for isolation tests: run it in-process and it takes the host down.

marginalia_test_plugin_support::misbehaving_plugin!(Leaks, "test-leaks", |doc, out| {
    let mut kept: Vec<Vec<u8>> = Vec::new();
    loop {
        kept.push(vec![1u8; 64 << 20]);
        std::hint::black_box(&kept);
    }
});
