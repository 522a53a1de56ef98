//! The one module allowed `unsafe`: a faster UTF-8 verdict for the short
//! strings TL carries.
//!
//! `core::str::from_utf8` costs about 15 ns per call on the short strings of
//! an `authorization` (device model, platform, ip, …), which made UTF-8
//! checking most of a decode. Nearly all of them are ASCII, and
//! `<[u8]>::is_ascii` answers that in a few nanoseconds, but turning the
//! bytes into `&str` afterwards without a second check needs
//! `from_utf8_unchecked`. `benches/codec.rs` (`decode_authorization`)
//! measures the difference; BENCHMARKS.md records it.
//!
//! Non-ASCII input takes std's validator, so the verdict is always exactly
//! `from_utf8`'s; the tests below check that on arbitrary bytes, and CI runs
//! them under Miri when the nightly toolchain has it.
#![allow(unsafe_code)]

use bytes::Bytes;
use bytestring::ByteString;

use super::tl_bytes;

/// The text of `bytes`, or `None` when they are not UTF-8 — the same answer
/// as `core::str::from_utf8(bytes).ok()`, faster for ASCII.
#[inline]
pub(crate) fn to_str(bytes: &[u8]) -> Option<&str> {
    if bytes.is_ascii() {
        // SAFETY: every byte is below 0x80, and any sequence of ASCII bytes
        // is valid UTF-8.
        Some(unsafe { core::str::from_utf8_unchecked(bytes) })
    } else {
        core::str::from_utf8(bytes).ok()
    }
}

/// For a short item of `4 * i` bytes, the high bit of each of its bytes but
/// the first (the length byte), as a little-endian 16-byte window.
const WINDOW_HIGH_BITS: [u128; 5] = [
    0,
    0x8080_8000,
    0x8080_8080_8080_8000,
    0x8080_8080_8080_8080_8080_8000,
    0x8080_8080_8080_8080_8080_8080_8080_8000,
];

/// The short-form `bytes` item at the start of `rest`: its size and its
/// body, as text when the body is UTF-8 and as raw bytes when it is not.
/// `None` when the item is not in the short form or not all there.
///
/// The fast path of every `string` read. Items of up to 16 bytes (bodies of
/// up to 15) are checked with one 16-byte load and a mask that keeps only
/// the bytes after the length byte, longer ones as 32-bit words: no byte
/// loop at all. The padding (zero from any sane encoder) rides along; a
/// stray high bit in it only sends the item down std's exact validator.
#[inline(always)]
pub(crate) fn short_text(rest: &[u8]) -> Option<(usize, Result<&str, &[u8]>)> {
    let item = tl_bytes::short_item(rest)?;
    let body = tl_bytes::short_body(item);
    let ascii = match rest.first_chunk::<16>() {
        Some(window) if item.len() <= 16 => {
            // A short item is 4, 8, 12 or 16 bytes long.
            let keep = WINDOW_HIGH_BITS.get(item.len() / 4).copied().unwrap_or(0);
            u128::from_le_bytes(*window) & keep == 0
        }
        _ => after_first_ascii(item),
    };
    if ascii {
        // SAFETY: `body` is `item[1..1 + len]`; every byte of `item` after
        // the first is below 0x80 — checked as words, or as the masked
        // window, whose first `item.len()` bytes are `item` — and any
        // sequence of ASCII bytes is valid UTF-8.
        Some((
            item.len(),
            Ok(unsafe { core::str::from_utf8_unchecked(body) }),
        ))
    } else {
        Some((item.len(), core::str::from_utf8(body).map_err(|_| body)))
    }
}

/// Whether every byte of `item` but the first is below 0x80, read as
/// 32-bit little-endian words; `false` unless the length is a multiple of 4.
#[inline(always)]
fn after_first_ascii(item: &[u8]) -> bool {
    let (words, []) = item.as_chunks::<4>() else {
        return false;
    };
    // The first byte is the low byte of the first word.
    let mut high = words
        .first()
        .map_or(0, |w| u32::from_le_bytes(*w) & 0xffff_ff00);
    for word in words.get(1..).unwrap_or_default() {
        high |= u32::from_le_bytes(*word);
    }
    high & 0x8080_8080 == 0
}

/// `text`, a slice of `src`, as a `ByteString` sharing `src`.
///
/// Panics unless `text` lies within `src`, like [`Bytes::slice_ref`].
#[inline(always)]
pub(crate) fn share_str(src: &Bytes, text: &str) -> ByteString {
    // SAFETY: `slice_ref` returns a `Bytes` over exactly the bytes of
    // `text`, which are UTF-8 because `text` is a `str`.
    unsafe { ByteString::from_bytes_unchecked(src.slice_ref(text.as_bytes())) }
}

/// `bytes` as a `ByteString` when they are UTF-8, or handed back unchanged.
#[inline]
pub(crate) fn to_byte_string(bytes: Bytes) -> Result<ByteString, Bytes> {
    if bytes.is_ascii() {
        // SAFETY: every byte is below 0x80, so the bytes are valid UTF-8,
        // which is all `from_bytes_unchecked` requires.
        Ok(unsafe { ByteString::from_bytes_unchecked(bytes) })
    } else if core::str::from_utf8(&bytes).is_ok() {
        // SAFETY: just checked by std's validator.
        Ok(unsafe { ByteString::from_bytes_unchecked(bytes) })
    } else {
        Err(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Rng;
    use alloc::vec::Vec;

    /// Mostly ASCII, sometimes a high byte, like real strings.
    fn string_like(rng: &mut Rng, len: usize) -> Vec<u8> {
        (0..len)
            .map(|_| {
                let r = rng.next();
                if r.is_multiple_of(7) {
                    r as u8 | 0x80
                } else {
                    r as u8 & 0x7f
                }
            })
            .collect()
    }

    /// The fast path of `string` reads gives std's verdict on the body
    /// whatever the padding holds and whatever follows the item, and takes
    /// exactly the item's bytes.
    #[test]
    fn short_items_agree_with_the_safe_path() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for round in 0..600 {
            let len = round % 40;
            let body = string_like(&mut rng, len);
            let total = (len | 3) + 1;
            let mut rest = alloc::vec![len as u8];
            rest.extend_from_slice(&body);
            // Zero padding mostly; sometimes junk, sometimes high bits.
            while rest.len() < total {
                rest.push(match rng.below(4) {
                    0 => rng.next() as u8,
                    _ => 0,
                });
            }
            // What follows the item: nothing, ASCII, or high bits, so the
            // 16-byte window reads past the item in every way.
            for _ in 0..rng.below(20) {
                rest.push(rng.next() as u8 | if rng.below(2) == 0 { 0x80 } else { 0 });
            }
            let (taken, text) = short_text(&rest).expect("a short item");
            assert_eq!(taken, total, "{rest:?}");
            let safe = core::str::from_utf8(&body).ok();
            match text {
                Ok(s) => assert_eq!(Some(s), safe, "{rest:?}"),
                Err(raw) => {
                    assert_eq!(raw, &body[..]);
                    assert_eq!(safe, None, "{rest:?}");
                }
            }
        }
        // Not short-form or not all there: left to the general path.
        assert!(short_text(&[]).is_none());
        assert!(short_text(&[254, 1, 0, 0, 0]).is_none());
        assert!(short_text(&[255, 0, 0, 0]).is_none());
        assert!(short_text(&[5, b'a', b'b']).is_none());
    }

    #[test]
    fn window_masks_keep_the_bytes_after_the_length_byte() {
        for (i, &mask) in WINDOW_HIGH_BITS.iter().enumerate() {
            let expected = (1..4 * i).fold(0u128, |m, byte| m | 0x80 << (8 * byte));
            assert_eq!(mask, expected, "{i}");
        }
    }

    /// Every verdict equals std's, for ASCII, valid multi-byte UTF-8 and
    /// arbitrary bytes (a deterministic generator keeps this Miri-friendly).
    #[test]
    fn agrees_with_the_safe_path() {
        let mut cases: Vec<Vec<u8>> = alloc::vec![
            Vec::new(),
            b"Pixel 8 Pro".to_vec(),
            "Nederland — Noord-Holland ✓".as_bytes().to_vec(),
            alloc::vec![0xff],
            alloc::vec![0xc3, 0x28],
            alloc::vec![0x7f; 33],
            alloc::vec![0xe2, 0x82],
        ];
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        for len in 0..64 {
            cases.push(string_like(&mut rng, len));
        }
        for bytes in &cases {
            let safe = core::str::from_utf8(bytes).ok();
            assert_eq!(to_str(bytes), safe, "{bytes:?}");
            let shared = to_byte_string(Bytes::copy_from_slice(bytes));
            match (shared, safe) {
                (Ok(s), Some(text)) => assert_eq!(&*s, text),
                (Err(back), None) => assert_eq!(&back[..], &bytes[..]),
                (got, want) => panic!("{bytes:?}: {:?} vs {want:?}", got.is_ok()),
            }
        }
    }
}
