//! Where the `bytes` and `string` fields of a decoded value live.
//!
//! Every generated type takes a storage parameter `S`. [`Borrowed`] (the
//! default) makes fields slices of the input: decoding allocates nothing.
//! [`Shared`] makes them [`Bytes`] handles into one shared input buffer, so a
//! value can outlive the caller's borrow while still copying nothing. One
//! struct definition and one decode routine serve both forms.

use bytes::Bytes;
use core::fmt::{Debug, Display};
use core::hash::Hash;

use super::strings::{AsTlStr, TlStr, TlString};
use super::traits::Decode;

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::Borrowed {}
    impl Sealed for super::Shared {}
}

/// The storage of `bytes` and `string` fields: [`Borrowed`] or [`Shared`].
///
/// Sealed: generated code names it, only tlwire implements it.
pub trait Storage<'a>:
    sealed::Sealed + Clone + Copy + Debug + Default + PartialEq + Eq + Hash + 'static
{
    /// The type of a `bytes` (and `int128`-free raw) field.
    type Bytes: AsRef<[u8]> + Clone + Debug + PartialEq + Eq + Hash + Decode<'a, Self>;
    /// The type of a `string` field.
    type Str: AsRef<[u8]>
        + AsTlStr
        + Clone
        + Debug
        + Display
        + PartialEq
        + Eq
        + Hash
        + Decode<'a, Self>;
}

/// Fields borrow from the input buffer: `&'a [u8]` and [`TlStr<'a>`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Borrowed;

/// Fields share the input [`Bytes`]: `Bytes` and [`TlString`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Shared;

impl<'a> Storage<'a> for Borrowed {
    type Bytes = &'a [u8];
    type Str = TlStr<'a>;
}

impl<'a> Storage<'a> for Shared {
    type Bytes = Bytes;
    type Str = TlString;
}
