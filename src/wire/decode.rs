//! Entry points that decode one top-level value from a whole buffer.
//!
//! A top-level decode must consume its input: bytes left over are an error
//! ([`DecodeErrorKind::TrailingBytes`](super::DecodeErrorKind)) unless the
//! caller asks for a prefix decode, which returns how much it read.

use super::arena::Arena;
use super::error::DecodeError;
use super::options::DecodeOptions;
use super::reader::Reader;
use super::traits::Decode;

/// Decodes one `T` that borrows from `buf`, leniently; the whole of `buf`
/// must be that one value. A value with vectors or boxed values inside
/// needs an [`Arena`]: [`decode_in`] (here it fails with
/// [`NoArena`](super::DecodeErrorKind::NoArena)).
///
/// ```
/// use tlwire::{decode, enums::Authorization};
/// # let bytes = tlwire::sample::AUTHORIZATION;
/// let auth: Authorization = decode(bytes)?;
/// let Authorization::Authorization(auth) = auth;
/// assert_eq!(auth.device_model, "Pixel 8 Pro");
/// # Ok::<(), tlwire::DecodeError>(())
/// ```
#[inline]
pub fn decode<'a, T: Decode<'a>>(buf: &'a [u8]) -> Result<T, DecodeError> {
    decode_with(buf, DecodeOptions::default())
}

/// Decodes one `T` that borrows from `buf`, with `options`.
///
/// ```
/// use tlwire::{decode_with, enums::RpcError, DecodeErrorKind, DecodeOptions};
/// // rpc_error#2144ca19, code 400, "ABC" in the long length form, which a
/// // three-byte string does not need.
/// let wire = [
///     0x19, 0xca, 0x44, 0x21, 0x90, 0x01, 0, 0, 0xfe, 3, 0, 0, b'A', b'B', b'C', 0,
/// ];
/// let RpcError::RpcError(error) = decode_with(&wire, DecodeOptions::default())?;
/// assert_eq!(error.error_message, "ABC");
/// let strict = decode_with::<RpcError>(&wire, DecodeOptions::strict()).unwrap_err();
/// assert!(matches!(strict.kind(), DecodeErrorKind::NonCanonicalLength { .. }));
/// # Ok::<(), tlwire::DecodeError>(())
/// ```
#[inline]
pub fn decode_with<'a, T: Decode<'a>>(
    buf: &'a [u8],
    options: DecodeOptions,
) -> Result<T, DecodeError> {
    whole(&mut Reader::new(buf, options))
}

/// Decodes one `T` that borrows from `buf` and keeps its vectors and boxed
/// values in `arena`, with `options`; the whole of `buf` must be that one
/// value. The arena grows by no more than the decode's allocation budget.
///
/// ```
/// use tlwire::{decode_in, Arena, DecodeOptions};
/// // A boxed `Vector<long>` of 1 and 2.
/// let mut wire = vec![0x15, 0xc4, 0xb5, 0x1c, 2, 0, 0, 0];
/// wire.extend_from_slice(&1i64.to_le_bytes());
/// wire.extend_from_slice(&2i64.to_le_bytes());
/// let arena = Arena::new();
/// let ids: &[i64] = decode_in(&wire, &arena, DecodeOptions::default())?;
/// assert_eq!(ids, [1, 2]);
/// # Ok::<(), tlwire::DecodeError>(())
/// ```
#[inline]
pub fn decode_in<'a, T: Decode<'a>>(
    buf: &'a [u8],
    arena: &'a Arena,
    options: DecodeOptions,
) -> Result<T, DecodeError> {
    decode_continuing(buf, arena, options, 0)
}

/// Decodes one `T` from the whole of `buf` into `arena`, data inside a
/// larger decode that has spent `spent` of the budget `options` carry.
#[inline]
pub(crate) fn decode_continuing<'a, T: Decode<'a>>(
    buf: &'a [u8],
    arena: &'a Arena,
    options: DecodeOptions,
    spent: usize,
) -> Result<T, DecodeError> {
    let budget = options.alloc_budget(buf.len()).saturating_sub(spent);
    let _limit = arena.limit(budget);
    whole(&mut Reader::continuing(buf, options, spent).in_arena(arena))
}

/// Decodes one `T` that must take all of `reader`'s input.
#[inline(always)]
fn whole<'a, T: Decode<'a>>(reader: &mut Reader<'a>) -> Result<T, DecodeError> {
    let value = T::decode(reader)?;
    reader.expect_end()?;
    Ok(value)
}

/// Decodes one `T` from the start of `buf` into `arena` and returns it with
/// the number of bytes it took; whatever follows is left alone. The
/// allocation budget is that of the whole of `buf`, since the value may
/// take any part of it.
///
/// ```
/// use tlwire::{decode_prefix, enums::Authorization, Arena, DecodeOptions};
/// let mut two = tlwire::sample::AUTHORIZATION.to_vec();
/// two.extend_from_slice(tlwire::sample::AUTHORIZATION);
/// let arena = Arena::new();
/// let (_first, used) = decode_prefix::<Authorization>(&two, &arena, DecodeOptions::default())?;
/// assert_eq!(used, two.len() / 2);
/// # Ok::<(), tlwire::DecodeError>(())
/// ```
pub fn decode_prefix<'a, T: Decode<'a>>(
    buf: &'a [u8],
    arena: &'a Arena,
    options: DecodeOptions,
) -> Result<(T, usize), DecodeError> {
    let _limit = arena.limit(options.alloc_budget(buf.len()));
    let mut reader = Reader::new(buf, options).in_arena(arena);
    let value = T::decode(&mut reader)?;
    Ok((value, reader.position()))
}
