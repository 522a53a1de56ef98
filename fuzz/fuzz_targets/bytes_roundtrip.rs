//! A `bytes` and a `string` of any length and content, canonical and not:
//! see `tlwire_fuzz::checks::bytes_roundtrip` for the input layout and the
//! properties.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tlwire_fuzz::checks::bytes_roundtrip(data));
