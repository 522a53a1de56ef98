//! Any bytes, read by tlwire and by grammers-tl-types as the same layer:
//! see `tlwire_fuzz::layers::layer_diff`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tlwire_fuzz::layers::layer_diff(data));
