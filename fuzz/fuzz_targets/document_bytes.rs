#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| budlint_fuzz::document_bytes(data));
