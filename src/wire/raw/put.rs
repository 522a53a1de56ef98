//! Short TL `bytes` items written in one piece: the length byte, a body of
//! at most [`SHORT_BODY`] bytes and the zero padding go straight into the
//! buffer's next chunk with fixed-size copies, then one `advance_mut`.
//!
//! Through `BufMut::put_slice` a body of unknown length is a `memcpy` call,
//! and every put re-checks the buffer's room and stores its length back;
//! for the 32-byte QR-login token that was most of the cost of encoding
//! `auth.acceptLoginToken` (BENCHMARKS.md). Buffers whose next chunk is
//! too small (a `Chain`, a full `BytesMut`) take the ordinary puts.

use bytes::buf::UninitSlice;
use bytes::BufMut;

use crate::wire::tl_bytes;

/// The longest body written here: two overlapping 16-byte copies.
pub(crate) const SHORT_BODY: usize = 32;

/// Writes `body` (at most [`SHORT_BODY`] bytes) as one short-form item when
/// `buf`'s next chunk has room for all of it; returns whether it did. When
/// it returns `false`, nothing was written.
#[inline(always)]
pub(crate) fn short_item(buf: &mut impl BufMut, body: &[u8]) -> bool {
    if body.len() > SHORT_BODY {
        return false;
    }
    let total = tl_bytes::short_total(body.len());
    let chunk = buf.chunk_mut();
    if chunk.len() < total {
        return false;
    }
    write_short_item(chunk, body, total);
    // SAFETY: `write_short_item` wrote every byte of `chunk[..total]`, the
    // first `total` bytes of the buffer's next chunk (see its comments), so
    // they are initialized.
    unsafe { buf.advance_mut(total) };
    true
}

/// Writes the whole item into `chunk[..total]`: `total` is the item's size
/// (`short_total(body.len())`), `body.len() <= SHORT_BODY`, and the chunk
/// holds at least `total` bytes. Every write is a fixed-size copy.
#[inline(always)]
// Every range is inside `..total` and `body`, and every sum and difference
// is between 0 and 36, as the comments show: nothing here can panic or wrap.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
fn write_short_item(chunk: &mut UninitSlice, body: &[u8], total: usize) {
    let n = body.len();
    // The last word first (`4 <= total`): it holds all of the padding, and
    // the length byte and body written next overwrite whatever else of it
    // they cover. So `chunk[n + 1..total]` is zero and every byte of
    // `..total` is written.
    chunk[total - 4..total].copy_from_slice(&[0; 4]);
    chunk.write_byte(0, n as u8);
    // The body goes to `chunk[1..=n]` (`n + 1 <= total`) as two copies of
    // the same size, from its start and from its end, which overlap.
    match n {
        16..=SHORT_BODY => {
            chunk[1..17].copy_from_slice(&body[..16]);
            chunk[n - 15..n + 1].copy_from_slice(&body[n - 16..]);
        }
        8..=15 => {
            chunk[1..9].copy_from_slice(&body[..8]);
            chunk[n - 7..n + 1].copy_from_slice(&body[n - 8..]);
        }
        4..=7 => {
            chunk[1..5].copy_from_slice(&body[..4]);
            chunk[n - 3..n + 1].copy_from_slice(&body[n - 4..]);
        }
        // The first, middle and last byte cover one to three bytes.
        1..=3 => {
            chunk.write_byte(1, body[0]);
            chunk.write_byte(1 + n / 2, body[n / 2]);
            chunk.write_byte(n, body[n - 1]);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Rng;
    use alloc::vec::Vec;

    /// The item as the ordinary puts write it.
    fn reference(body: &[u8]) -> Vec<u8> {
        let mut out = alloc::vec![body.len() as u8];
        out.extend_from_slice(body);
        while out.len() % 4 != 0 {
            out.push(0);
        }
        out
    }

    /// Every body length up to [`SHORT_BODY`], after some bytes already in
    /// the buffer and into spare room full of junk: the same bytes as the
    /// ordinary puts, exactly the item's length, nothing after it.
    #[test]
    fn short_items_are_the_items_the_puts_write() {
        let mut rng = Rng(0x8cb9_2ba7_2f3d_8dd7);
        for n in 0..=SHORT_BODY {
            for before in 0..4 {
                let body: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                let mut buf: Vec<u8> = Vec::with_capacity(before + 64);
                buf.extend((0..before).map(|i| i as u8));
                // Junk in the spare room, so that a byte left unwritten shows.
                buf.extend(core::iter::repeat_n(0xa5, 64));
                buf.truncate(before);
                assert!(short_item(&mut buf, &body), "n {n}");
                let mut expected: Vec<u8> = (0..before).map(|i| i as u8).collect();
                expected.extend(reference(&body));
                assert_eq!(buf, expected, "n {n}, {before} bytes before");
            }
        }
    }

    /// Longer bodies and chunks without room are left to the puts, untouched.
    #[test]
    fn declines_long_bodies_and_small_chunks() {
        let mut buf: Vec<u8> = Vec::with_capacity(64);
        assert!(!short_item(&mut buf, &[7; SHORT_BODY + 1]));
        assert!(buf.is_empty());
        let mut room = [0u8; 8];
        let mut small: &mut [u8] = &mut room;
        assert!(!short_item(&mut small, &[7; 8]));
        assert_eq!(small.len(), 8);
        assert!(short_item(&mut small, &[7; 3]));
        assert_eq!(small.len(), 4);
        assert_eq!(room[..4], [3, 7, 7, 7]);
    }
}
