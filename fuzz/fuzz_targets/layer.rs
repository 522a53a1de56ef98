//! Any boxed object or request of the official layer, from any bytes, in
//! both modes: see `tlwire_fuzz::layers::layer`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tlwire_fuzz::layers::layer(data));
