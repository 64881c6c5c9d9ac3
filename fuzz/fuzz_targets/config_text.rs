#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| budlint_fuzz::config_text(data));
