//! Fuzzes the `sanctions` plugin in-process, after the `actors` plugin, on arbitrary UTF-8 text: no
//! panic, no error, every span valid as the host checks it, the same result twice.
#![no_main]

marginalia_fuzz::fuzz_plugin!(marginalia_plugin_sanctions::Sanctions, "", after actors);
