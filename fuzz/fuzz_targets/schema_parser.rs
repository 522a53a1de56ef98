//! The TL schema parser and the code generator on any text; parsed
//! definitions print and re-parse equal: see
//! `tlwire_fuzz::checks::schema_parser`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tlwire_fuzz::checks::schema_parser(data));
