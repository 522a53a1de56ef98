//! Short TL `bytes` items written in one piece: the length byte, a body of
//! at most [`SHORT_BODY`] bytes and the zero padding go straight into the
//! buffer's next chunk with fixed-size copies, then one `advance_mut`.
//!
//! Through `BufMut::put_slice` a body of unknown length is a `memcpy` call,
//! and every put re-checks the buffer's room and stores its length back;
//! for the 32-byte QR-login token that was most of the cost of encoding
//! `auth.acceptLoginToken` (benches/README.md). Buffers whose next chunk is
//! too small take the ordinary puts: a `&mut [u8]` or `Limit` with fewer
//! than the item's bytes left, a `Chain` whose first part is nearly full, a
//! `Vec` or `BytesMut` with a few bytes of spare capacity. (A full `Vec` or
//! `BytesMut` reserves 64 bytes in `chunk_mut` and takes this path.)
// The crate denies `unsafe`; this module is one of three allowed it, each
// block with its SAFETY comment and a test against the safe path, run
// under Miri in CI.
#![allow(unsafe_code)]

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
    // May grow a full `Vec` or `BytesMut` by 64 bytes: never one that has
    // room for the encoding, as a reused buffer or `to_vec`'s has.
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
        16..=SHORT_BODY => both_ends::<16>(chunk, body),
        8..=15 => both_ends::<8>(chunk, body),
        4..=7 => both_ends::<4>(chunk, body),
        // The first, middle and last byte cover one to three bytes.
        1..=3 => {
            chunk.write_byte(1, body[0]);
            chunk.write_byte(1 + n / 2, body[n / 2]);
            chunk.write_byte(n, body[n - 1]);
        }
        _ => {}
    }
}

/// Copies `body` (`W <= body.len() <= 2 * W`) to `chunk[1..=body.len()]` as
/// its first `W` bytes and its last `W` bytes: two fixed-size copies that
/// meet or overlap.
#[inline(always)]
// `W <= n`, and `chunk` holds `n + 1` bytes or more (`write_short_item`).
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
fn both_ends<const W: usize>(chunk: &mut UninitSlice, body: &[u8]) {
    let n = body.len();
    chunk[1..1 + W].copy_from_slice(&body[..W]);
    chunk[n + 1 - W..n + 1].copy_from_slice(&body[n - W..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Rng;
    use alloc::vec::Vec;

    /// The item by TL's rule, written out byte by byte: the length byte, the
    /// body, zeros up to a multiple of 4.
    fn reference(body: &[u8]) -> Vec<u8> {
        let mut out = alloc::vec![body.len() as u8];
        out.extend_from_slice(body);
        while out.len() % 4 != 0 {
            out.push(0);
        }
        out
    }

    /// Every body length up to [`SHORT_BODY`], after some bytes already in
    /// the buffer and into spare room full of junk: the item's bytes by
    /// TL's rule, exactly the item's length, nothing after it.
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

    /// Through `tl_bytes::put`, into every kind of buffer the `bytes` crate
    /// has, whether the item fits its next chunk or not: the same bytes as
    /// into a `Vec`.
    #[test]
    fn every_buffer_kind_gets_the_same_item() {
        use bytes::{BufMut, BytesMut};
        let mut rng = Rng(0x3c6e_f372_fe94_f82b);
        for n in 0..=SHORT_BODY + 4 {
            let body: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
            let expected = reference(&body);
            let total = expected.len();
            let mut into_vec: Vec<u8> = Vec::new();
            tl_bytes::put(&mut into_vec, &body);
            assert_eq!(into_vec, expected, "Vec, n {n}");
            for spare in [0, 1, total - 1, total, 64] {
                // A `BytesMut` with exactly `spare` bytes of room.
                let mut bytes_mut = BytesMut::with_capacity(spare);
                let room = bytes_mut.capacity() - spare;
                bytes_mut.put_bytes(0xee, room);
                tl_bytes::put(&mut bytes_mut, &body);
                assert_eq!(
                    &bytes_mut[room..],
                    &expected[..],
                    "BytesMut, n {n}, spare {spare}"
                );
                // A `Chain` whose first part has `spare` bytes left.
                let mut first = alloc::vec![0xa5u8; spare.min(total)];
                let mut second = alloc::vec![0xa5u8; total];
                let mut chain = (&mut first[..]).chain_mut(&mut second[..]);
                tl_bytes::put(&mut chain, &body);
                let mut joined = first.clone();
                joined.extend_from_slice(&second[..total - first.len()]);
                assert_eq!(joined, expected, "Chain, n {n}, first part {}", first.len());
                // A `Limit` of exactly the item over a larger `Vec`.
                let mut limited = Vec::with_capacity(64).limit(total);
                tl_bytes::put(&mut limited, &body);
                assert_eq!(limited.into_inner(), expected, "Limit, n {n}");
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
