//! Test plugin `test-prints`: writes lines to its standard output on a document containing TRIGGER,
//! then tags the first word as usual.
//! See `../README.md`.

#![allow(clippy::print_stdout)]

marginalia_test_plugin_support::misbehaving_plugin!(Prints, "test-prints", |doc, out| {
    println!(
        "test-prints was here: {} (this line must never reach the annotations)",
        doc.id()
    );
    println!("{{\"id\": \"forged\", \"annotations\": []}}")
});
