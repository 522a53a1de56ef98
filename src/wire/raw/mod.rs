//! The one module allowed `unsafe` (the crate root is
//! `#![deny(unsafe_code)]`), in three parts that each prove their own
//! invariants:
//!
//! - [`utf8`]: UTF-8 verdicts without a second validation, and the
//!   two-word `TlStr` that carries them;
//! - [`owned`]: [`Owned`](owned::Owned), a decoded value kept beside the
//!   `Bytes` and the arena it borrows from, and the
//!   [`Borrowing`](owned::Borrowing) contract that makes lending it out
//!   sound;
//! - `put`: short `bytes` items written into the buffer's next chunk in one
//!   piece, then one `advance_mut`.
//!
//! Each has tests against the safe path, run under Miri in CI, and
//! BENCHMARKS.md has the measurements that justify them.
#![allow(unsafe_code)]

pub mod owned;
pub(crate) mod put;
pub mod utf8;
