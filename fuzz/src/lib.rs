//! The properties the fuzz targets check, as a library so that each target
//! is one line and `tests/fuzz_corpus.rs` in the main crate can replay the
//! corpus through the same code (it includes `checks.rs` by path).

pub mod checks;
