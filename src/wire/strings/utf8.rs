//! UTF-8 verdicts for the short strings TL carries, and the two-word string
//! that remembers them.
//!
//! - [`short_text`], the fast path of every `string` read: one masked
//!   16-byte ASCII check of a whole short item, then `from_utf8_unchecked`.
//!   std's `from_utf8` costs 10–20 ns per call on the short strings of an
//!   `authorization` on the machines we measured, several times the rest of
//!   the decode;
//! - [`to_str`]: `is_ascii` first, a full validator for the rest (long
//!   strings, strict decodes);
//! - [`Packed`]: `&[u8]` plus the verdict in two words, under `TlStr`.
//!
//! Every verdict is exactly `from_utf8`'s: non-ASCII input always takes a
//! full validator, the crate's DFA below 64 bytes and `simdutf8`'s from 64
//! on (SIMD where the CPU has it, std's `from_utf8` without it). The tests below check every
//! verdict against std's on arbitrary bytes, and CI runs them under Miri.
//! benches/README.md has the measurements that justify each `unsafe`.
// The crate denies `unsafe`; this module is one of three allowed it, each
// block with its SAFETY comment and a test against the safe path, run
// under Miri in CI.
#![allow(unsafe_code)]

use core::marker::PhantomData;
use core::ptr::NonNull;

use crate::wire::{tl_bytes, utf8_dfa};

/// The text of `bytes`, or `None` when they are not UTF-8 — the same answer
/// as `core::str::from_utf8(bytes).ok()`, faster.
#[inline]
pub(crate) fn to_str(bytes: &[u8]) -> Option<&str> {
    if bytes.is_ascii() {
        // SAFETY: every byte is below 0x80, and any sequence of ASCII bytes
        // is valid UTF-8.
        Some(unsafe { core::str::from_utf8_unchecked(bytes) })
    } else {
        validate(bytes)
    }
}

/// Below this length the DFA validates faster than SIMD, which needs 64
/// bytes before it starts (`simdutf8` hands shorter input to std).
const SIMD_FROM: usize = 64;

/// The text of `bytes`, or `None` when they are not UTF-8: the DFA for
/// short text, SIMD for the rest. On non-ASCII text (most of a chat's)
/// either takes a fraction of std's time.
#[inline]
fn validate(bytes: &[u8]) -> Option<&str> {
    if bytes.len() < SIMD_FROM {
        if utf8_dfa::is_utf8(bytes) {
            // SAFETY: `is_utf8` gives `from_utf8`'s verdict (its tests
            // check it on every short sequence and on corrupted text).
            Some(unsafe { core::str::from_utf8_unchecked(bytes) })
        } else {
            None
        }
    } else {
        simdutf8::basic::from_utf8(bytes).ok()
    }
}

/// A borrowed string and its UTF-8 verdict in two words: the verdict rides
/// in the top bit of the length, which a slice never uses (slices are at
/// most `isize::MAX` bytes). [`TlStr`](crate::TlStr) is built on it, so a
/// decoded string takes what a `&[u8]` takes, not a tagged enum's three
/// words: decoded values are a quarter smaller and cheaper to move
/// (benches/README.md has the measurement).
#[derive(Clone, Copy)]
pub(crate) struct Packed<'a> {
    ptr: NonNull<u8>,
    /// The length, with [`UTF8`] set when the bytes are UTF-8.
    len: usize,
    bytes: PhantomData<&'a [u8]>,
}

/// The verdict bit of [`Packed::len`].
const UTF8: usize = 1 << (usize::BITS - 1);

// SAFETY: a `Packed` is a `&[u8]` and a bit, and `&[u8]` is Send and Sync.
unsafe impl Send for Packed<'_> {}
// SAFETY: as above.
unsafe impl Sync for Packed<'_> {}

impl<'a> Packed<'a> {
    /// The empty text: a dangling pointer is a valid empty slice.
    pub(crate) const EMPTY: Self = Self {
        ptr: NonNull::dangling(),
        len: UTF8,
        bytes: PhantomData,
    };

    /// Text.
    #[inline(always)]
    pub(crate) fn text(s: &'a str) -> Self {
        Self {
            ptr: NonNull::from(s.as_bytes()).cast(),
            len: s.len() | UTF8,
            bytes: PhantomData,
        }
    }

    /// Bytes that are not UTF-8.
    #[inline(always)]
    pub(crate) fn raw(b: &'a [u8]) -> Self {
        Self {
            ptr: NonNull::from(b).cast(),
            // A slice is at most `isize::MAX` bytes: the bit is clear.
            len: b.len(),
            bytes: PhantomData,
        }
    }

    /// The bytes.
    #[inline(always)]
    pub(crate) fn bytes(self) -> &'a [u8] {
        // SAFETY: `ptr` and the length without the flag bit are those of a
        // `&'a [u8]` or `&'a str` (`text`, `raw`), which `PhantomData` keeps
        // borrowed for `'a`.
        unsafe { core::slice::from_raw_parts(self.ptr.as_ptr(), self.len & !UTF8) }
    }

    /// The text, when the bytes are UTF-8.
    #[inline(always)]
    pub(crate) fn text_of(self) -> Option<&'a str> {
        if self.is_text() {
            // SAFETY: only `text` sets the flag, and it takes a `str`.
            Some(unsafe { core::str::from_utf8_unchecked(self.bytes()) })
        } else {
            None
        }
    }

    /// Whether the bytes are UTF-8.
    #[inline(always)]
    pub(crate) fn is_text(self) -> bool {
        self.len & UTF8 != 0
    }
}

/// For a body of `len` bytes (`len < 16`) after the length byte, the bits
/// `1..=len` of the window's 16-bit `pmovmskb` mask, at index `len`.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
const BODY_BITS: [u32; 16] = [
    0x0, 0x2, 0x6, 0xe, 0x1e, 0x3e, 0x7e, 0xfe, 0x1fe, 0x3fe, 0x7fe, 0xffe, 0x1ffe, 0x3ffe, 0x7ffe,
    0xfffe,
];

/// For a short item whose body is `len` bytes long (`len < 16`), the high
/// bit of each of its bytes but the first (the length byte), as a
/// little-endian 16-byte window, at index `len / 4`: such an item is
/// `4 * (len / 4 + 1)` bytes long.
#[cfg_attr(
    all(target_arch = "x86_64", target_feature = "sse2", not(test)),
    allow(dead_code)
)]
const WINDOW_HIGH_BITS: [u128; 4] = [
    0x8080_8000,
    0x8080_8080_8080_8000,
    0x8080_8080_8080_8080_8080_8000,
    0x8080_8080_8080_8080_8080_8080_8080_8000,
];

/// The short-form `bytes` item at the start of `rest`: its size and its
/// body, as text when the body is UTF-8 and as raw bytes when it is not.
/// `None` when the item is not in the short form or not all there.
///
/// The fast path of every `string` read. When 16 bytes are left and the
/// item fits in them (a body of up to 15 bytes), one load, one length
/// compare and one masked test decide it, with no other bounds check: the
/// window already proves the item is all there. Bodies of 16 to 63 bytes
/// take two to four overlapping 16-byte blocks of the item; the rest are
/// checked as 32-bit words or 16-byte blocks: no byte loop at all. Where
/// the check covers the padding too (zero from any sane encoder), a stray
/// high bit in it only sends the item down std's exact validator.
#[inline(always)]
pub(crate) fn short_text(rest: &[u8]) -> Option<(usize, Result<&str, &[u8]>)> {
    if let Some(window) = rest.first_chunk::<16>() {
        let [len, after @ ..] = window;
        let len = usize::from(*len);
        // Both lookups below always succeed for `len < 16`; the compiler
        // sees that and drops their checks.
        if let Some(body) = after.get(..len) {
            let ascii = window_body_ascii(window, len);
            // SAFETY: `window_body_ascii` is true only when the window's
            // bytes `1..=len`, which are `body`, are all below 0x80.
            let text = unsafe { ascii_or_checked(body, ascii) };
            return Some((tl_bytes::short_total(len), text));
        }
    }
    let len = usize::from(*rest.first()?);
    if (16..64).contains(&len) {
        if let Some(item) = rest.get(..tl_bytes::short_total(len)) {
            let body = item.get(1..=len).unwrap_or_default();
            let ascii = long_body_ascii(item, len);
            // SAFETY: `long_body_ascii` is true only when the item's bytes
            // `1..=len`, which are `body`, are all below 0x80.
            let text = unsafe { ascii_or_checked(body, ascii) };
            return Some((item.len(), text));
        }
    }
    let item = tl_bytes::short_item(rest)?;
    let body = tl_bytes::short_body(item);
    let ascii = after_first_ascii(item);
    // SAFETY: `after_first_ascii` checked every byte of `item` but the first,
    // and `body` is `item[1..1 + len]`.
    let text = unsafe { ascii_or_checked(body, ascii) };
    Some((item.len(), text))
}

/// Whether the window's bytes `1..=len` (`len < 16`) are all below 0x80,
/// the body of a short item at its start. May answer `false` for an ASCII
/// body (a high bit in the padding), never `true` for one that is not.
///
/// With SSE2 (every x86_64 target but the soft-float ones), one `pmovmskb`
/// gathers the 16 high bits and one test against [`BODY_BITS`] decides:
/// 408 instructions for the sample `authorization`'s borrowed decode
/// against 448 with the portable form (benches/README.md).
#[inline(always)]
fn window_body_ascii(window: &[u8; 16], len: usize) -> bool {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        sse2_body_ascii(window, len)
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    {
        portable_body_ascii(window, len)
    }
}

/// [`window_body_ascii`] with SSE2: exact for the body.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline(always)]
fn sse2_body_ascii(window: &[u8; 16], len: usize) -> bool {
    use core::arch::x86_64::{_mm_loadu_si128, _mm_movemask_epi8};
    // SAFETY: SSE2 is enabled (the `cfg` above), and the unaligned load
    // reads exactly the 16 bytes of `window`.
    let high = unsafe { _mm_movemask_epi8(_mm_loadu_si128(window.as_ptr().cast())) };
    BODY_BITS
        .get(len)
        .is_some_and(|&body| high as u32 & body == 0)
}

/// Whether the bytes `1..=len` of `item` (`16 <= len < 64`, `len <
/// item.len()`) are all below 0x80: the body of the short item `item`
/// starts. The 16 bytes after the length byte and the 16 ending at the
/// body's last, which overlap for a body of up to 32 bytes, and the 16-byte
/// blocks between them: no loop and no table, two to four loads, whose
/// count follows the field's usual length. Exact for the body; `false` when
/// `len` or `item` are out of those bounds.
///
/// With SSE2 the blocks are ORed in one register and one `pmovmskb`
/// decides, where 128-bit integers end in two moves out of it, two masks
/// and an OR (benches/README.md has the measurement).
#[inline(always)]
fn long_body_ascii(item: &[u8], len: usize) -> bool {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        sse2_long_body_ascii(item, len)
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    {
        portable_long_body_ascii(item, len)
    }
}

/// [`long_body_ascii`] with SSE2.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline(always)]
fn sse2_long_body_ascii(item: &[u8], len: usize) -> bool {
    use core::arch::x86_64::{_mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128};
    if !(16..64).contains(&len) || item.len() <= len {
        return false;
    }
    let ptr = item.as_ptr();
    let last = len.wrapping_sub(15);
    // SAFETY: SSE2 is enabled (the `cfg` above). Each unaligned load reads
    // 16 bytes that end at most at byte `len` of `item`, which has more than
    // `len` bytes: from 1 (`len >= 16`), from `len - 15`, from 17 only when
    // `len > 32` and from 33 only when `len > 48`.
    unsafe {
        let mut high = _mm_or_si128(
            _mm_loadu_si128(ptr.add(1).cast()),
            _mm_loadu_si128(ptr.add(last).cast()),
        );
        if len > 32 {
            high = _mm_or_si128(high, _mm_loadu_si128(ptr.add(17).cast()));
            if len > 48 {
                high = _mm_or_si128(high, _mm_loadu_si128(ptr.add(33).cast()));
            }
        }
        _mm_movemask_epi8(high) == 0
    }
}

/// [`long_body_ascii`] anywhere, as 128-bit integers.
#[cfg_attr(
    all(target_arch = "x86_64", target_feature = "sse2", not(test)),
    allow(dead_code)
)]
#[inline(always)]
fn portable_long_body_ascii(item: &[u8], len: usize) -> bool {
    const HIGH: u128 = u128::from_le_bytes([0x80; 16]);
    if !(16..64).contains(&len) || item.len() <= len {
        return false;
    }
    // Every block ends at most at byte `len`; one that were not in `item`
    // would count as high bits.
    let block = |from: usize| {
        item.get(from..)
            .and_then(|rest| rest.first_chunk::<16>())
            .map_or(HIGH, |b| u128::from_le_bytes(*b))
    };
    let mut high = block(1) | block(len.wrapping_sub(15));
    if len > 32 {
        high |= block(17);
        if len > 48 {
            high |= block(33);
        }
    }
    high & HIGH == 0
}

/// [`window_body_ascii`] anywhere: a 128-bit AND with a mask that covers the
/// body and its padding.
#[cfg_attr(
    all(target_arch = "x86_64", target_feature = "sse2", not(test)),
    allow(dead_code)
)]
#[inline(always)]
fn portable_body_ascii(window: &[u8; 16], len: usize) -> bool {
    WINDOW_HIGH_BITS
        .get(len / 4)
        .is_some_and(|&keep| u128::from_le_bytes(*window) & keep == 0)
}

/// `body` as text: taken as it is when `ascii`, through [`validate`]
/// otherwise.
///
/// # Safety
///
/// When `ascii` is true, every byte of `body` must be below 0x80.
#[inline(always)]
unsafe fn ascii_or_checked(body: &[u8], ascii: bool) -> Result<&str, &[u8]> {
    if ascii {
        // SAFETY: every byte is below 0x80 (the caller's contract), and any
        // sequence of ASCII bytes is valid UTF-8.
        Ok(unsafe { core::str::from_utf8_unchecked(body) })
    } else {
        validate(body).ok_or(body)
    }
}

/// Whether every byte of `item` but the first is below 0x80; `false` unless
/// the length is a multiple of 4. Items of 16 bytes or more are read as
/// 16-byte blocks, the last one overlapping the one before when the length
/// is not a multiple of 16; shorter ones as 32-bit little-endian words.
#[inline(always)]
fn after_first_ascii(item: &[u8]) -> bool {
    let (words, []) = item.as_chunks::<4>() else {
        return false;
    };
    if let (blocks @ [first, ..], tail) = item.as_chunks::<16>() {
        // The first byte is the low byte of the first block.
        let mut high = u128::from_le_bytes(*first) & !0xff;
        for block in blocks.get(1..).unwrap_or_default() {
            high |= u128::from_le_bytes(*block);
        }
        if !tail.is_empty() {
            // At least 16 bytes, and the first 16 are a block: the last 16
            // start after the first byte.
            if let Some(last) = item.last_chunk::<16>() {
                high |= u128::from_le_bytes(*last);
            }
        }
        return high & u128::from_le_bytes([0x80; 16]) == 0;
    }
    // The first byte is the low byte of the first word.
    let mut high = words
        .first()
        .map_or(0, |w| u32::from_le_bytes(*w) & 0xffff_ff00);
    for word in words.get(1..).unwrap_or_default() {
        high |= u32::from_le_bytes(*word);
    }
    high & 0x8080_8080 == 0
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
        // Bodies up to 69 bytes and up to 69 bytes after the item: the
        // 16-byte window, the 64-byte one and the general path all run.
        for round in 0..1400 {
            let len = round % 70;
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
            for _ in 0..rng.below(70) {
                rest.push(rng.next() as u8 | if rng.below(2) == 0 { 0x80 } else { 0 });
            }
            let (taken, text) = short_text(&rest).expect("a short item");
            assert_eq!(taken, total, "{rest:?}");
            let safe = core::str::from_utf8(&body).ok();
            match text {
                // Compared as bytes: a wrong verdict would be a `str` that
                // is not UTF-8, which must not be formatted.
                Ok(s) => {
                    assert_eq!(s.as_bytes(), &body[..], "{rest:?}");
                    assert!(safe.is_some(), "{rest:?}");
                }
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
    fn packed_gives_back_what_it_was_given() {
        let text = Packed::text("Pixel 8 Pro");
        assert!(text.is_text());
        assert_eq!(text.text_of(), Some("Pixel 8 Pro"));
        assert_eq!(text.bytes(), b"Pixel 8 Pro");
        let raw = Packed::raw(b"\xff\xfe");
        assert!(!raw.is_text());
        assert_eq!(raw.text_of(), None);
        assert_eq!(raw.bytes(), b"\xff\xfe");
        let empty = Packed::raw(&[]);
        assert_eq!(empty.bytes(), b"");
        assert_eq!(Packed::text("").text_of(), Some(""));
        // Two words, and `Option` fits in them too (`ptr` is non-null).
        assert_eq!(size_of::<crate::TlStr<'_>>(), 2 * size_of::<usize>());
        assert_eq!(
            size_of::<Option<crate::TlStr<'_>>>(),
            2 * size_of::<usize>()
        );
        // Sub-slices keep their own address and length.
        let all = b"abcdef";
        let part = all.get(2..5).unwrap();
        assert!(core::ptr::eq(Packed::raw(part).bytes(), part));
    }

    /// Both forms of the window check, on random windows and every body
    /// length: the SSE2 one is exact for the body, the portable one for the
    /// body and its padding; so neither calls a non-ASCII body ASCII.
    #[test]
    fn window_checks_see_exactly_their_bytes() {
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        for round in 0..4000 {
            let mut window = [0u8; 16];
            for byte in &mut window {
                // Mostly ASCII, so that both answers occur.
                *byte = if rng.below(8) == 0 {
                    rng.next() as u8 | 0x80
                } else {
                    rng.next() as u8 & 0x7f
                };
            }
            let len = round % 16;
            let padded = 4 * (len / 4 + 1);
            assert_eq!(
                portable_body_ascii(&window, len),
                window[1..padded].is_ascii(),
                "{window:02x?} {len}"
            );
            #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
            assert_eq!(
                sse2_body_ascii(&window, len),
                window[1..=len].is_ascii(),
                "{window:02x?} {len}"
            );
        }
    }

    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    #[test]
    fn body_bits_are_the_bits_after_the_length_byte() {
        for (len, &bits) in BODY_BITS.iter().enumerate() {
            let expected = (1..=len).fold(0u32, |m, bit| m | 1 << bit);
            assert_eq!(bits, expected, "len {len}");
        }
    }

    /// The long check's answer is the body's, in both forms: exact for
    /// every body of 16 to 63 bytes with one high byte anywhere in an item
    /// of exactly `len + 1` bytes or of 64, and `false` out of its bounds.
    #[test]
    fn long_check_sees_exactly_the_body() {
        let check = |item: &[u8], len: usize| {
            let portable = portable_long_body_ascii(item, len);
            #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
            assert_eq!(
                sse2_long_body_ascii(item, len),
                portable,
                "{item:02x?} {len}"
            );
            portable
        };
        for len in 16..64 {
            for at in 0..64 {
                let mut window = [b'a'; 64];
                window[0] = len as u8;
                window[at] = 0x80;
                let expected = !(1..=len).contains(&at);
                assert_eq!(
                    check(&window, len),
                    expected,
                    "len {len}, high byte at {at}"
                );
                if at <= len {
                    assert_eq!(check(&window[..=len], len), expected, "len {len}, at {at}");
                }
            }
            // An item too short for its body.
            assert!(!check(&[b'a'; 64][..len], len));
        }
        for len in [0, 1, 15, 64, 200] {
            assert!(!check(&[b'a'; 256], len), "len {len}");
        }
    }

    #[test]
    fn window_masks_keep_the_bytes_after_the_length_byte() {
        for (i, &mask) in WINDOW_HIGH_BITS.iter().enumerate() {
            let expected = (1..4 * (i + 1)).fold(0u128, |m, byte| m | 0x80 << (8 * byte));
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
        }
    }
}
