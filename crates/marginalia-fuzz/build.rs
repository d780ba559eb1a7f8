//! Lets a fuzz target link two plugin crates.
//!
//! Every plugin's rlib defines the ABI entry symbol `marginalia_plugin_v1` (`export_plugin!`),
//! and a target that runs a plugin after `actors` links both rlibs. In-process nothing calls
//! that symbol, so either definition will do: the linker is told to keep the first. Only the
//! fuzz binaries get the flag; the plugins' own libraries are untouched.

fn main() {
    // GNU ld, gold and lld (what Rust uses on Linux) take this flag; libFuzzer targets are
    // built on Linux.
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-Wl,--allow-multiple-definition");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
