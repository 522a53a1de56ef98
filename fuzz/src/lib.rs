//! The properties the fuzz targets check, as a library so that each target
//! is one line. `checks` is also replayed by `tests/fuzz_corpus.rs` in the
//! main crate (it includes `checks/mod.rs` by path); `layers` needs the whole
//! layers of `fuzz/layers/`, which only this workspace builds.
//!
//! Every target runs under a counting allocator, so a check can hold a
//! decode to its allocation budget.

#[macro_use]
pub mod checks;
#[path = "../../tests/support/counting_alloc.rs"]
pub mod counting_alloc;
pub mod layers;

#[global_allocator]
static GLOBAL: counting_alloc::Counting = counting_alloc::Counting;
