//! The one module allowed `unsafe` (the crate root is
//! `#![deny(unsafe_code)]`), in two parts that each prove their own
//! invariants:
//!
//! - [`utf8`]: UTF-8 verdicts without a second validation, and the
//!   two-word `TlStr` that carries them;
//! - [`owned`]: [`Owned`](owned::Owned), a decoded value kept beside the
//!   `Bytes` it borrows from, and the [`Borrowing`](owned::Borrowing)
//!   contract that makes lending it out sound.
//!
//! Each has tests against the safe path, run under Miri in CI, and
//! BENCHMARKS.md has the measurements that justify them.
#![allow(unsafe_code)]

pub mod owned;
pub mod utf8;
