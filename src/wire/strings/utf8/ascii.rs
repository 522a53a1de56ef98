//! Whether the body of a short `bytes` item is ASCII, decided a block at a
//! time with no byte loop: one 16-byte window for bodies under 16 bytes,
//! two to four 16-byte blocks of the item for 16 to 63, 32-bit words or
//! 16-byte blocks for the rest. Each check may answer `false` for an ASCII
//! body (a high bit in the padding), never `true` for one that is not; a
//! `false` only sends the body to a full validator. The SSE2 forms and the
//! portable ones are tested against each other and against `is_ascii`, and
//! under Miri in CI.
// The SSE2 loads are `unsafe`, allowed by the parent module; each block has
// its SAFETY comment.

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

/// Whether the window's bytes `1..=len` (`len < 16`) are all below 0x80,
/// the body of a short item at its start. May answer `false` for an ASCII
/// body (a high bit in the padding), never `true` for one that is not.
///
/// With SSE2 (every x86_64 target but the soft-float ones), one `pmovmskb`
/// gathers the 16 high bits and one test against [`BODY_BITS`] decides:
/// 354 instructions for the sample `authorization`'s borrowed decode
/// against 402 with the portable forms (benches/README.md).
#[inline(always)]
pub(super) fn window_body_ascii(window: &[u8; 16], len: usize) -> bool {
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
/// item.len()`) are all below 0x80: the body of the short item that `item`
/// is. The 16 bytes after the length byte, the 16 ending at the body's last
/// (the two overlap for a body of up to 31 bytes) and the 16-byte blocks
/// between them: no loop and no table, two to four loads, whose count
/// follows the field's usual length. Exact for the body; `false` when `len`
/// or `item` are out of those bounds.
///
/// With SSE2 the blocks are ORed in one register and one `pmovmskb`
/// decides, where 128-bit integers end in two moves out of it, two masks
/// and an OR (benches/README.md has the measurement).
#[inline(always)]
pub(super) fn long_body_ascii(item: &[u8], len: usize) -> bool {
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

/// Whether every byte of `item` but the first is below 0x80; `false` unless
/// the length is a multiple of 4. Items of 16 bytes or more are read as
/// 16-byte blocks, the last one overlapping the one before when the length
/// is not a multiple of 16; shorter ones as 32-bit little-endian words.
#[inline(always)]
pub(super) fn after_first_ascii(item: &[u8]) -> bool {
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
}
