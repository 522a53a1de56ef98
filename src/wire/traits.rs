//! The traits every TL value implements: [`Encode`] (exact length first,
//! then one write) and [`Decode`] (from any [`Reader`]).
//!
//! Implementations for the primitives live here too, so generic code such as
//! a function's response of type `Vector<long>` or `Bool` needs nothing
//! special.

use alloc::vec::Vec;
use bytes::{BufMut, Bytes};

use super::error::{EncodeError, EncodeErrorKind, PathSegment};
use super::ids;
use super::len::Len;
use super::reader::Reader;
use super::strings::TlStr;

/// Proof that [`Encode::encoded_len`] succeeded and the buffer has room,
/// handed by tlwire's checked entry points to [`Encode::encode_raw`].
///
/// Only tlwire creates one, so `encode_raw` cannot be reached without the
/// length check that rules out truncated lengths and half-written objects.
#[derive(Clone, Copy, Debug)]
pub struct Checked(());

impl Checked {
    /// For the crate's own writers that have summed the lengths themselves
    /// (a container's bodies) and must not pay for them a second time.
    pub(crate) fn after_len_check() -> Self {
        Checked(())
    }
}

/// A value with a TL encoding.
///
/// ```
/// use tlwire::{functions::auth::AcceptLoginToken, Encode};
/// let request = AcceptLoginToken { token: &[1, 2, 3] };
/// assert_eq!(request.encoded_len().unwrap(), 8);
/// assert_eq!(request.to_vec().unwrap(), [0x4d, 0xad, 0x94, 0xe8, 3, 1, 2, 3]);
/// ```
pub trait Encode {
    /// The exact number of bytes [`encode`](Encode::encode) writes, or the
    /// first limit the value breaks.
    fn encoded_len(&self) -> Result<usize, EncodeError>;

    /// Writes the value. Reached only through the checked methods below,
    /// which prove the length check with `checked`.
    fn encode_raw<B: BufMut>(&self, buf: &mut B, checked: Checked);

    /// Writes the value into `buf` and returns the bytes written. Checks every
    /// limit and the buffer's room first: on error nothing was written.
    #[inline]
    fn encode<B: BufMut>(&self, buf: &mut B) -> Result<usize, EncodeError> {
        let len = self.encoded_len()?;
        let remaining = buf.remaining_mut();
        if remaining < len {
            return Err(EncodeError::new(EncodeErrorKind::BufferTooSmall {
                needed: len,
                remaining,
            }));
        }
        self.encode_raw(buf, Checked(()));
        Ok(len)
    }

    /// Appends the value to `out`, growing it at most once.
    #[inline]
    fn encode_to_vec(&self, out: &mut Vec<u8>) -> Result<usize, EncodeError> {
        let len = self.encoded_len()?;
        out.reserve(len);
        self.encode_raw(out, Checked(()));
        Ok(len)
    }

    /// The encoding in a new `Vec` of exactly the right capacity (one allocation).
    #[inline]
    fn to_vec(&self) -> Result<Vec<u8>, EncodeError> {
        let mut out = Vec::with_capacity(self.encoded_len()?);
        self.encode_raw(&mut out, Checked(()));
        Ok(out)
    }

    /// The encoding as [`Bytes`].
    fn to_bytes(&self) -> Result<Bytes, EncodeError> {
        self.to_vec().map(Bytes::from)
    }
}

/// A value that reads itself from a [`Reader`], borrowing its `bytes` and
/// `string` fields from the reader's input.
///
/// Use the [`decode`](crate::decode()) family rather than calling this
/// directly: they also check for trailing bytes.
pub trait Decode<'a>: Sized {
    /// Reads one value (boxed where the type is boxed).
    fn decode(input: &mut Reader<'a>) -> Result<Self, crate::DecodeError>;
}

/// A credential in `Debug` output: its length, never its bytes.
///
/// ```
/// let token = [1u8, 2, 3];
/// assert_eq!(format!("{:?}", tlwire::Redacted::of(&token)), "<3 bytes>");
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Redacted(usize);

impl Redacted {
    /// Stands in for `value`.
    pub fn of(value: &impl AsRef<[u8]>) -> Self {
        Self(value.as_ref().len())
    }
}

impl core::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "<{} bytes>", self.0)
    }
}

macro_rules! fixed {
    ($ty:ty, $len:expr, $read:ident, $put:ident) => {
        impl Encode for $ty {
            #[inline]
            fn encoded_len(&self) -> Result<usize, EncodeError> {
                Ok($len)
            }
            #[inline]
            fn encode_raw<B: BufMut>(&self, buf: &mut B, _: Checked) {
                buf.$put(*self);
            }
        }
        impl Decode<'_> for $ty {
            #[inline]
            fn decode(input: &mut Reader<'_>) -> Result<Self, crate::DecodeError> {
                input.$read()
            }
        }
    };
}

fixed!(i32, 4, read_int, put_i32_le);
fixed!(i64, 8, read_long, put_i64_le);
fixed!(f64, 8, read_double, put_f64_le);

impl Encode for bool {
    #[inline]
    fn encoded_len(&self) -> Result<usize, EncodeError> {
        Ok(4)
    }
    #[inline]
    fn encode_raw<B: BufMut>(&self, buf: &mut B, _: Checked) {
        buf.put_u32_le(if *self {
            ids::BOOL_TRUE
        } else {
            ids::BOOL_FALSE
        });
    }
}

/// Types that one reader call decodes.
macro_rules! read_by {
    ($($ty:ty => $read:ident),* $(,)?) => {$(
        impl<'a> Decode<'a> for $ty {
            #[inline]
            fn decode(input: &mut Reader<'a>) -> Result<Self, crate::DecodeError> {
                input.$read()
            }
        }
    )*};
}

// A `string` or `bytes` on its own (a function's result, an element of a
// boxed vector) reads itself as it would as a field.
read_by!(
    bool => read_bool,
    [u8; 16] => read_int128,
    [u8; 32] => read_int256,
    TlStr<'a> => read_string,
    &'a [u8] => read_bytes,
);

/// A boxed value encodes as what it holds (`Object` fields, the boxed
/// variants of large constructors, generic queries).
impl<T: Encode + ?Sized> Encode for &T {
    #[inline]
    fn encoded_len(&self) -> Result<usize, EncodeError> {
        (**self).encoded_len()
    }
    #[inline]
    fn encode_raw<B: BufMut>(&self, buf: &mut B, checked: Checked) {
        (**self).encode_raw(buf, checked)
    }
}

/// A boxed value is made in the reader's arena.
impl<'a, T: Decode<'a> + 'a> Decode<'a> for &'a T {
    #[inline]
    fn decode(input: &mut Reader<'a>) -> Result<Self, crate::DecodeError> {
        input.read_boxed(T::decode)
    }
}

/// A slice is the boxed `Vector<T>`; bare vectors are written by generated
/// code through [`bare_vector_len`] and [`put_bare_vector`].
impl<T: Encode> Encode for [T] {
    fn encoded_len(&self) -> Result<usize, EncodeError> {
        vector_len(self, T::encoded_len)
    }
    fn encode_raw<B: BufMut>(&self, buf: &mut B, checked: Checked) {
        put_vector(buf, self, |buf, x| x.encode_raw(buf, checked));
    }
}

/// A boxed `Vector<T>`, its storage made in the reader's arena.
impl<'a, T: Decode<'a> + 'a> Decode<'a> for &'a [T] {
    fn decode(input: &mut Reader<'a>) -> Result<Self, crate::DecodeError> {
        // Every element takes at least one 32-bit word.
        input.read_vector(4, T::decode)
    }
}

/// The length of a bare `vector<T>` (count and elements), given each
/// element's length; errors name the failing element.
#[inline]
pub fn bare_vector_len<T>(
    items: &[T],
    mut element_len: impl FnMut(&T) -> Result<usize, EncodeError>,
) -> Result<usize, EncodeError> {
    if i32::try_from(items.len()).is_err() {
        return Err(EncodeError::new(EncodeErrorKind::VectorTooLong {
            len: items.len(),
        }));
    }
    let mut len = Len::new(4);
    for (index, item) in items.iter().enumerate() {
        len.add_len(element_len(item).map_err(|e| e.within(PathSegment::Element(index)))?);
    }
    len.total()
}

/// The length of a boxed `Vector<T>` (id, count and elements).
#[inline]
pub fn vector_len<T>(
    items: &[T],
    element_len: impl FnMut(&T) -> Result<usize, EncodeError>,
) -> Result<usize, EncodeError> {
    let mut len = Len::new(4);
    len.add_len(bare_vector_len(items, element_len)?);
    len.total()
}

/// Writes a boxed `Vector<T>`. The caller has checked [`vector_len`].
#[inline]
pub fn put_vector<T, B: BufMut>(buf: &mut B, items: &[T], put: impl FnMut(&mut B, &T)) {
    buf.put_u32_le(ids::VECTOR);
    put_bare_vector(buf, items, put);
}

/// Writes a bare `vector<T>`: the count, then each element. The caller has
/// checked [`bare_vector_len`].
#[inline]
pub fn put_bare_vector<T, B: BufMut>(buf: &mut B, items: &[T], mut put: impl FnMut(&mut B, &T)) {
    // Checked by `bare_vector_len`: the count fits an `int`.
    buf.put_i32_le(items.len() as i32);
    for item in items {
        put(buf, item);
    }
}

/// Writes a `bytes`/`string` field. The caller has checked
/// [`tl_bytes::encoded_len`](super::tl_bytes::encoded_len).
#[inline]
pub fn put_bytes<B: BufMut>(buf: &mut B, value: &impl AsRef<[u8]>, _: Checked) {
    super::tl_bytes::put(buf, value.as_ref());
}

/// The length of a `bytes`/`string` field on the wire.
#[inline]
pub fn bytes_len(value: &impl AsRef<[u8]>) -> Result<usize, EncodeError> {
    super::tl_bytes::encoded_len(value.as_ref().len())
}
