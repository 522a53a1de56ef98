//! Decodes any boxed object the crate knows (`tlwire::decode_any`) from any
//! bytes, strictly and leniently: see `tlwire_fuzz::checks::decode_any_object`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tlwire_fuzz::checks::decode_any_object(data));
