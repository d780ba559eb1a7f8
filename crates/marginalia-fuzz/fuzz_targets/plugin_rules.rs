//! Fuzzes the `rules` plugin in-process (terms and patterns configured) on arbitrary UTF-8 text: no
//! panic, no error, every span valid as the host checks it, the same result twice.
#![no_main]

marginalia_fuzz::fuzz_plugin!(
    marginalia_plugin_rules::Rules,
    marginalia_fuzz::RULES_CONFIG
);
