//! The TL `bytes`/`string` encoding: length prefix, body, zero padding to a
//! multiple of four.
//!
//! - length L ≤ 253: one byte L, the body, padding so `1 + L + pad` is a
//!   multiple of 4;
//! - 254 ≤ L < 2^24: `0xfe`, L in 3 little-endian bytes, the body, padding so
//!   `L + pad` is a multiple of 4;
//! - L ≥ 2^24 has no encoding: an error, never a truncated length;
//! - a first byte `0xff` is no prefix at all.
//!
//! Decoding does one bounds check for the whole item; encoding writes the
//! prefix, body and padding from a length known up front.

pub(crate) mod put;

use bytes::BufMut;

use super::error::{DecodeErrorKind, EncodeError, EncodeErrorKind};

/// The longest body a TL `bytes` can carry: 2^24 − 1.
pub const MAX_LEN: usize = 0x00ff_ffff;

/// The longest body written in the one-byte short form.
pub const MAX_SHORT_LEN: usize = 253;

const LONG_MARK: u8 = 0xfe;

/// A `bytes` item found at the start of a buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item<'a> {
    /// The body.
    pub body: &'a [u8],
    /// Bytes the whole item takes: prefix, body and padding.
    pub total: usize,
}

/// Splits the `bytes` item at the start of `buf`. Strict mode rejects the
/// long form for a short length and non-zero padding.
///
/// The readers take short items in lenient mode on a faster path of their own;
/// this is their path for everything else.
#[inline]
pub fn split(buf: &[u8], strict: bool) -> Result<Item<'_>, DecodeErrorKind> {
    match buf.first() {
        Some(&short @ 0..=253) => {
            let len = usize::from(short);
            let total = short_total(len);
            match buf.get(..total).and_then(<[u8]>::split_first) {
                Some((_, padded)) => body_and_padding(padded, len, total, strict),
                None => Err(end(total, buf.len())),
            }
        }
        Some(&LONG_MARK) => split_long(buf, strict),
        Some(_) => Err(DecodeErrorKind::InvalidLengthPrefix),
        None => Err(end(4, 0)),
    }
}

/// The whole item at the start of `buf` when it is in the short form and
/// `buf` holds all of it: the common case, which the readers take without
/// going through [`split`].
#[inline(always)]
pub(crate) fn short_item(buf: &[u8]) -> Option<&[u8]> {
    match buf.first() {
        Some(&len @ 0..=253) => buf.get(..short_total(usize::from(len))),
        _ => None,
    }
}

/// The body of an item [`short_item`] returned.
#[inline(always)]
pub(crate) fn short_body(item: &[u8]) -> &[u8] {
    match item.split_first() {
        Some((&len, rest)) => rest.get(..usize::from(len)).unwrap_or_default(),
        None => &[],
    }
}

/// The long form: `0xfe`, three length bytes, body, padding.
#[inline(never)]
fn split_long(buf: &[u8], strict: bool) -> Result<Item<'_>, DecodeErrorKind> {
    let Some(&[_, a, b, c]) = buf.first_chunk::<4>() else {
        return Err(end(4, buf.len()));
    };
    let len = u32::from_le_bytes([a, b, c, 0]) as usize;
    // 4 + len rounded up to a multiple of 4 (len < 2^24: no overflow).
    let total = len.wrapping_add(pad(len)).wrapping_add(4);
    let Some(padded) = buf.get(4..total) else {
        return Err(end(total, buf.len()));
    };
    if strict && len <= MAX_SHORT_LEN {
        return Err(DecodeErrorKind::NonCanonicalLength { len });
    }
    body_and_padding(padded, len, total, strict)
}

#[inline(always)]
fn body_and_padding(
    padded: &[u8],
    len: usize,
    total: usize,
    strict: bool,
) -> Result<Item<'_>, DecodeErrorKind> {
    // `padded` holds the body and at most three bytes more.
    let (body, padding) = padded.split_at_checked(len).unwrap_or_default();
    if strict && padding.iter().any(|&b| b != 0) {
        return Err(DecodeErrorKind::NonZeroPadding);
    }
    Ok(Item { body, total })
}

#[cold]
fn end(needed: usize, left: usize) -> DecodeErrorKind {
    DecodeErrorKind::UnexpectedEnd { needed, left }
}

/// Bytes a short-form item of `len` bytes takes: 1 + len rounded up to a
/// multiple of 4 (len ≤ 253: no overflow).
#[inline(always)]
pub(crate) const fn short_total(len: usize) -> usize {
    (len | 3).wrapping_add(1)
}

/// Zero bytes that bring `n` up to a multiple of 4.
#[inline]
const fn pad(n: usize) -> usize {
    n.wrapping_neg() & 3
}

/// Bytes that a body of `len` bytes takes on the wire, or an error when no
/// length form can carry it.
///
/// ```
/// use tlwire::tl_bytes::encoded_len;
/// assert_eq!(encoded_len(0).unwrap(), 4);
/// assert_eq!(encoded_len(3).unwrap(), 4);
/// assert_eq!(encoded_len(253).unwrap(), 256);
/// assert_eq!(encoded_len(254).unwrap(), 260);
/// assert!(encoded_len(1 << 24).is_err());
/// ```
#[inline]
pub fn encoded_len(len: usize) -> Result<usize, EncodeError> {
    // Both sums stay below 2^24 + 8.
    if len <= MAX_SHORT_LEN {
        Ok(len
            .saturating_add(pad(len.wrapping_add(1)))
            .saturating_add(1))
    } else if len <= MAX_LEN {
        Ok(len.saturating_add(pad(len)).saturating_add(4))
    } else {
        Err(EncodeError::new(EncodeErrorKind::BytesTooLong { len }))
    }
}

/// Writes `body` as a TL `bytes`. The caller has checked
/// [`encoded_len`]`(body.len())` and the buffer's room.
#[inline]
pub fn put(buf: &mut impl BufMut, body: &[u8]) {
    if put::short_item(buf, body) {
        return;
    }
    let len = body.len();
    let pad = if len <= MAX_SHORT_LEN {
        buf.put_u8(len as u8);
        pad(len.wrapping_add(1))
    } else {
        // Only lengths below 2^24 reach here (checked by `encoded_len`); the
        // mask keeps an unchecked call from writing a fourth length byte.
        let l = (len & MAX_LEN) as u32;
        buf.put_u32_le(u32::from_le_bytes([LONG_MARK, 0, 0, 0]) | l.wrapping_shl(8));
        pad(len)
    };
    buf.put_slice(body);
    // At most three bytes, in at most two fixed-size writes: `put_bytes`
    // would call `memset`, and a byte loop stores the length back each time.
    match pad {
        0 => {}
        1 => buf.put_u8(0),
        2 => buf.put_u16_le(0),
        _ => {
            buf.put_u16_le(0);
            buf.put_u8(0);
        }
    }
}
