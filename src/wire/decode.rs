//! Entry points that decode one top-level value from a whole buffer.
//!
//! A top-level decode must consume its input: bytes left over are an error
//! ([`DecodeErrorKind::TrailingBytes`](super::DecodeErrorKind)) unless the
//! caller asks for a prefix decode, which returns how much it read.

use super::error::DecodeError;
use super::options::DecodeOptions;
use super::reader::Reader;
use super::traits::Decode;

/// Decodes one `T` that borrows from `buf`, leniently; the whole of `buf`
/// must be that one value.
///
/// ```
/// use tlwire::{decode, enums::Authorization};
/// # let bytes = tlwire::sample::AUTHORIZATION;
/// let auth: Authorization = decode(bytes)?;
/// let Authorization::Authorization(auth) = auth;
/// assert_eq!(auth.device_model, "Pixel 8 Pro");
/// # Ok::<(), tlwire::DecodeError>(())
/// ```
pub fn decode<'a, T: Decode<'a>>(buf: &'a [u8]) -> Result<T, DecodeError> {
    decode_with(buf, DecodeOptions::default())
}

/// Decodes one `T` that borrows from `buf`, with `options`.
pub fn decode_with<'a, T: Decode<'a>>(
    buf: &'a [u8],
    options: DecodeOptions,
) -> Result<T, DecodeError> {
    whole(&mut Reader::new(buf, options))
}

/// Decodes one `T` from the whole of `buf`, data inside a larger decode
/// that has spent `spent` of the budget `options` carry.
pub(crate) fn decode_continuing<'a, T: Decode<'a>>(
    buf: &'a [u8],
    options: DecodeOptions,
    spent: usize,
) -> Result<T, DecodeError> {
    whole(&mut Reader::continuing(buf, options, spent))
}

/// Decodes one `T` that must take all of `reader`'s input.
#[inline(always)]
fn whole<'a, T: Decode<'a>>(reader: &mut Reader<'a>) -> Result<T, DecodeError> {
    let value = T::decode(reader)?;
    reader.expect_end()?;
    Ok(value)
}

/// Decodes one `T` from the start of `buf` and returns it with the number of
/// bytes it took; whatever follows is left alone.
pub fn decode_prefix<'a, T: Decode<'a>>(
    buf: &'a [u8],
    options: DecodeOptions,
) -> Result<(T, usize), DecodeError> {
    let mut reader = Reader::new(buf, options);
    let value = T::decode(&mut reader)?;
    Ok((value, reader.position()))
}
