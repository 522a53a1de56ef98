//! UTF-8 verdicts on the non-ASCII bodies of short-form `string` items, 16
//! bytes at a time: the lookup validation of Keiser and Lemire ("Validating
//! UTF-8 in less than one instruction per byte", 2021) on the blocks of the
//! item itself, with SSSE3 where the CPU has it.
//!
//! A name, a title or a line of chat is 10 to 250 bytes, and when it is not
//! ASCII (Cyrillic, CJK, emoji) the crate's DFA takes a step per byte and
//! `simdutf8` first copies a body's last partial 64 bytes into a padded
//! block. This takes about twenty vector instructions per 16 bytes, in
//! place: the item's own 16-byte blocks for a body of 16 to 253 bytes (the
//! short form), each read with the three bytes before it so that a
//! character cut by a block's edge is judged whole, the last one
//! overlapping the one before. Every verdict is exact (the tests compare
//! each with std's `from_utf8` on edge bytes at every position near a
//! block's edge), so nothing falls back. Bodies under 16 bytes stay with the
//! DFA, inlined where they are read.
//!
//! - Each byte is judged with the one before it by three table lookups
//!   (`pshufb`), on the high nibble of the byte before, its low nibble, and
//!   the high nibble of the byte itself; the three answers are ANDed, and a
//!   bit left set names an error: a lead without its continuation, a
//!   continuation without a lead, an overlong form, a surrogate, a code
//!   point past U+10FFFF.
//! - The third and fourth bytes of a character are continuations after a
//!   continuation, which the pair tables call an error; a lead two bytes
//!   back of at least `E0`, or three back of at least `F0`, cancels it.
//! - A body must not end inside a character: its last three bytes are
//!   compared with the largest lead each may be.
//!
//! `pshufb` is SSSE3, which x86_64's baseline does not include: a build for
//! a CPU that has it (`-C target-cpu=…`) uses it unconditionally, a build
//! with `std` asks the CPU once (std caches the answer), and any other
//! build takes the DFA and `simdutf8`.
// Every function here reads through raw SIMD loads and is `unsafe`, allowed
// by the parent module; each block has its SAFETY comment.

use core::arch::x86_64::{
    __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128,
    _mm_set1_epi8, _mm_setzero_si128, _mm_shuffle_epi8, _mm_slli_si128, _mm_srli_epi16,
    _mm_subs_epu8, _mm_xor_si128,
};

use crate::wire::tl_bytes::MAX_SHORT_LEN;

/// `from_utf8`'s verdict on the bytes `1..=len` of the short item `item`;
/// `None` unless `16 <= len <= 253`, `len < item.len()` and the CPU has
/// SSSE3.
#[inline(always)]
pub(super) fn item_verdict(item: &[u8], len: usize) -> Option<bool> {
    if !(16..=MAX_SHORT_LEN).contains(&len) || item.len() <= len || !available() {
        return None;
    }
    // SAFETY: `available` says the CPU has SSSE3.
    Some(unsafe { item_is_utf8(item, len) })
}

/// Whether this CPU runs the functions below: known when the build
/// targets SSSE3, asked of the CPU (once, then cached by std) otherwise.
#[inline(always)]
fn available() -> bool {
    #[cfg(target_feature = "ssse3")]
    {
        true
    }
    #[cfg(all(not(target_feature = "ssse3"), feature = "std"))]
    {
        std::arch::is_x86_feature_detected!("ssse3")
    }
    #[cfg(all(not(target_feature = "ssse3"), not(feature = "std")))]
    {
        false
    }
}

// The error bits of the pair tables, one per way two adjacent bytes can be
// wrong (two of them share a bit: `F0` and `F5..` before `80..8F` are
// never both the case for one pair).
/// A lead followed by something other than a continuation.
const TOO_SHORT: u8 = 1 << 0;
/// A continuation after ASCII.
const TOO_LONG: u8 = 1 << 1;
/// `E0` then `80..9F`: a three-byte form of a two-byte character.
const OVERLONG_3: u8 = 1 << 2;
/// `F4` then `90..BF`, or `F5..FF` then a continuation: past U+10FFFF.
const TOO_LARGE: u8 = 1 << 3;
/// `ED` then `A0..BF`: a surrogate.
const SURROGATE: u8 = 1 << 4;
/// `C0` or `C1` then a continuation: a two-byte form of ASCII.
const OVERLONG_2: u8 = 1 << 5;
/// `F5..FF` then `80..8F` (the case [`TOO_LARGE`]'s nibbles cannot tell).
const TOO_LARGE_1000: u8 = 1 << 6;
/// `F0` then `80..8F`: a four-byte form of a three-byte character.
const OVERLONG_4: u8 = 1 << 6;
/// A continuation after a continuation: an error unless it is a third or
/// fourth byte, which the lead two or three bytes back decides.
const TWO_CONTS: u8 = 1 << 7;
/// The bits whose verdict the low nibble of the byte before does not
/// change.
const CARRY: u8 = TOO_SHORT | TOO_LONG | TWO_CONTS;

/// By the high nibble of the byte before: what it can be the start of.
static BEFORE_HIGH: [u8; 16] = [
    // 0x00..0x7f: ASCII, which nothing may continue.
    TOO_LONG,
    TOO_LONG,
    TOO_LONG,
    TOO_LONG,
    TOO_LONG,
    TOO_LONG,
    TOO_LONG,
    TOO_LONG,
    // 0x80..0xbf: a continuation.
    TWO_CONTS,
    TWO_CONTS,
    TWO_CONTS,
    TWO_CONTS,
    // 0xc0..0xcf, 0xd0..0xdf: two-byte leads.
    TOO_SHORT | OVERLONG_2,
    TOO_SHORT,
    // 0xe0..0xef: three-byte leads.
    TOO_SHORT | OVERLONG_3 | SURROGATE,
    // 0xf0..0xff: four-byte leads and bytes UTF-8 never uses.
    TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4,
];

/// By the low nibble of the byte before: which of the leads that need a
/// narrower next byte it can be (`C0`/`C1`, `E0`, `ED`, `F0`, `F4`, `F5..`).
static BEFORE_LOW: [u8; 16] = [
    CARRY | OVERLONG_2 | OVERLONG_3 | OVERLONG_4,
    CARRY | OVERLONG_2,
    CARRY,
    CARRY,
    CARRY | TOO_LARGE,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
];

/// By the high nibble of the byte itself: which errors it completes.
static HIGH: [u8; 16] = [
    // ASCII: wrong after a lead.
    TOO_SHORT,
    TOO_SHORT,
    TOO_SHORT,
    TOO_SHORT,
    TOO_SHORT,
    TOO_SHORT,
    TOO_SHORT,
    TOO_SHORT,
    // 0x80..0x8f, 0x90..0x9f, 0xa0..0xbf: continuations, each wrong after
    // the leads that exclude its range.
    TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4,
    TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE,
    TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
    TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
    // Leads: wrong after a lead.
    TOO_SHORT,
    TOO_SHORT,
    TOO_SHORT,
    TOO_SHORT,
];

/// The largest byte each lane of a body's last 16 may hold: a lead in the
/// last three would need bytes the body does not have.
static END_LIMIT: [u8; 16] = [
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xef, 0xdf, 0xbf,
];

/// The errors of the 16 bytes `here`, given the bytes one, two and three
/// positions before each (`back1`, `back2`, `back3`): zero when none.
///
/// # Safety
///
/// The CPU must have SSSE3.
#[inline]
#[target_feature(enable = "ssse3")]
unsafe fn block_errors(here: __m128i, back1: __m128i, back2: __m128i, back3: __m128i) -> __m128i {
    // SAFETY: the tables are 16 bytes each, and SSSE3 is the caller's
    // contract (SSE2, the rest, is x86_64's baseline).
    unsafe {
        let nibble = _mm_set1_epi8(0x0f);
        let table = |t: &[u8; 16]| _mm_loadu_si128(t.as_ptr().cast());
        let before_high = _mm_shuffle_epi8(
            table(&BEFORE_HIGH),
            _mm_and_si128(_mm_srli_epi16::<4>(back1), nibble),
        );
        let before_low = _mm_shuffle_epi8(table(&BEFORE_LOW), _mm_and_si128(back1, nibble));
        let high = _mm_shuffle_epi8(
            table(&HIGH),
            _mm_and_si128(_mm_srli_epi16::<4>(here), nibble),
        );
        let pair = _mm_and_si128(_mm_and_si128(before_high, before_low), high);
        // A lead of 0xe0 or more two back, or 0xf0 or more three back,
        // leaves a byte of 0x80 or more after the subtraction: this byte
        // must be a continuation after a continuation.
        let third_or_fourth = _mm_or_si128(
            _mm_subs_epu8(back2, _mm_set1_epi8(0x60)),
            _mm_subs_epu8(back3, _mm_set1_epi8(0x70)),
        );
        let must_follow = _mm_and_si128(third_or_fourth, _mm_set1_epi8(0x80_u8 as i8));
        _mm_xor_si128(pair, must_follow)
    }
}

/// Whether `errors` has no bit set.
///
/// # Safety
///
/// None beyond SSE2, x86_64's baseline; `unsafe` for the intrinsics.
#[inline(always)]
unsafe fn none(errors: __m128i) -> bool {
    // SAFETY: SSE2 only.
    unsafe { _mm_movemask_epi8(_mm_cmpeq_epi8(errors, _mm_setzero_si128())) == 0xffff }
}

/// Whether the bytes `1..=len` of `item` (`16 <= len <= MAX_SHORT_LEN`, `len <
/// item.len()`), the body of the short item `item` is, are UTF-8: exactly
/// `from_utf8`'s verdict on them. The blocks are those of the ASCII check
/// (the 16 bytes after the length byte, the 16 ending at the body's end,
/// and every 16 between), each with the three bytes before it; a block's
/// bytes before the body are zeros, the nothing before it.
/// `false` when `len` or `item` are out of those bounds.
///
/// # Safety
///
/// The CPU must have SSSE3 ([`available`]).
#[target_feature(enable = "ssse3")]
unsafe fn item_is_utf8(item: &[u8], len: usize) -> bool {
    if !(16..=MAX_SHORT_LEN).contains(&len) || item.len() <= len {
        return false;
    }
    let ptr = item.as_ptr();
    let last = len.wrapping_sub(15);
    // SAFETY: SSSE3 is the caller's contract. Every load reads 16 bytes
    // that start at or after byte 0 of `item` and end at or before byte
    // `len`, which `item` has: the first block from 1, its own context;
    // blocks from 17, 33, … before `len - 15`, and the last from
    // `len - 15`, with their context from 3 bytes earlier when that is 3 or
    // more; the last block from 2 with its context from the first.
    unsafe {
        let load = |at: usize| _mm_loadu_si128(ptr.add(at).cast());
        let block = |at: usize| {
            block_errors(
                load(at),
                load(at.wrapping_sub(1)),
                load(at.wrapping_sub(2)),
                load(at.wrapping_sub(3)),
            )
        };
        // The first block's context is the block itself shifted, zeros
        // shifted in: the length byte (128 or more for a long body) is not
        // text.
        let first = load(1);
        let mut errors = block_errors(
            first,
            _mm_slli_si128::<1>(first),
            _mm_slli_si128::<2>(first),
            _mm_slli_si128::<3>(first),
        );
        let mut at = 17;
        while at < last {
            errors = _mm_or_si128(errors, block(at));
            at = at.wrapping_add(16);
        }
        if last >= 3 {
            errors = _mm_or_si128(errors, block(last));
        } else if last == 2 {
            errors = _mm_or_si128(
                errors,
                block_errors(
                    load(2),
                    first,
                    _mm_slli_si128::<1>(first),
                    _mm_slli_si128::<2>(first),
                ),
            );
        }
        // (`last == 1`: the last block is the first.)
        let unfinished = _mm_subs_epu8(load(last), _mm_loadu_si128(END_LIMIT.as_ptr().cast()));
        none(_mm_or_si128(errors, unfinished))
    }
}

// Where the build can neither assume SSSE3 nor ask the CPU (no `std`, or
// Miri without `-C target-feature=+ssse3`), nothing here runs: the DFA's
// tests cover what does.
#[cfg(all(test, any(target_feature = "ssse3", all(feature = "std", not(miri)))))]
mod tests {
    use super::*;
    use crate::testing::Rng;
    use alloc::vec::Vec;

    /// Bytes on every edge the tables tell apart, and real characters.
    const EDGES: [u8; 26] = [
        0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xd0, 0xdf, 0xe0,
        0xe1, 0xe6, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5,
    ];

    /// `body` as a short item padded with `pad`.
    fn item_of(body: &[u8], pad: u8) -> Vec<u8> {
        let mut item = alloc::vec![body.len() as u8];
        item.extend_from_slice(body);
        while item.len() % 4 != 0 {
            item.push(pad);
        }
        item
    }

    /// The verdict on `body` (16 to 253 bytes), read from an allocation of
    /// exactly its item (so Miri sees any load past it).
    fn verdict(body: &[u8], pad: u8) -> bool {
        let item = item_of(body, pad).into_boxed_slice();
        // SAFETY: the tests run only where `available` says so.
        unsafe { item_is_utf8(&item, body.len()) }
    }

    fn std_says(bytes: &[u8]) -> bool {
        core::str::from_utf8(bytes).is_ok()
    }

    /// Every one- and two-byte sequence of edge bytes, and three- and
    /// four-byte ones from the leads that need them, at every position near a block's
    /// edge of bodies of every length from 16 to 80 and some up to 253, in
    /// ASCII and in
    /// Cyrillic, with zero and with high-bit padding: each verdict is std's.
    #[test]
    fn agrees_with_std_at_every_position() {
        assert!(available(), "this CPU has no SSSE3: nothing to test");
        // Miri takes milliseconds a verdict: it gets fewer edges, one
        // fill, one padding and one position a sequence.
        let edges: &[u8] = if cfg!(miri) {
            &[0x41, 0x80, 0xa0, 0xc2, 0xe0, 0xed, 0xf0, 0xf4, 0xf5]
        } else {
            &EDGES
        };
        let fills: &[&[u8]] = if cfg!(miri) {
            &["ж".as_bytes()]
        } else {
            &[b"a", "ж".as_bytes()]
        };
        let pads: &[u8] = if cfg!(miri) { &[0] } else { &[0, 0x80] };
        let mut sequences: Vec<Vec<u8>> = Vec::new();
        for &a in edges {
            sequences.push(alloc::vec![a]);
            for &b in edges {
                sequences.push(alloc::vec![a, b]);
            }
        }
        if !cfg!(miri) {
            // The third and fourth bytes: leads of three and four bytes and
            // the bytes around them, each then continued or not.
            for a in [0xe0, 0xe1, 0xed, 0xef, 0xf0, 0xf1, 0xf4, 0xf5] {
                for b in [0x41, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xe1] {
                    for c in [0x41, 0x80, 0xbf, 0xc2] {
                        sequences.push(alloc::vec![a, b, c]);
                        if a >= 0xf0 {
                            for d in [0x41, 0x80, 0xbf] {
                                sequences.push(alloc::vec![a, b, c, d]);
                            }
                        }
                    }
                }
            }
        }
        let lens: Vec<usize> = if cfg!(miri) {
            alloc::vec![16, 17, 18, 33, 49, 63, 64, 113, 253]
        } else {
            (16..=80)
                .chain([95, 96, 97, 113, 118, 127, 128, 200, 252, 253])
                .collect()
        };
        let mut checked = 0;
        for &len in &lens {
            for fill in fills {
                let base: Vec<u8> = fill.iter().copied().cycle().take(len).collect();
                for (i, seq) in sequences.iter().enumerate() {
                    // Past 80 bytes, pairs only: the longer sequences
                    // meet the same edges in the shorter bodies.
                    if len > 80 && seq.len() > 2 {
                        continue;
                    }
                    let positions: Vec<usize> = if cfg!(miri) {
                        alloc::vec![i * 7 % len]
                    } else {
                        // Every position within three bytes of a block's
                        // edge (blocks start at body offsets 0, 16, 32, …
                        // and `len - 16`), and the body's ends; past 80
                        // bytes, of the first two blocks', one in the
                        // middle and the last's.
                        let last = len.saturating_sub(16);
                        let middle = len / 32 * 16;
                        (0..len)
                            .filter(|&at| {
                                let near = |edge: usize| at + 3 >= edge && at <= edge + 3;
                                let any_edge = at % 16 <= 3 || at % 16 >= 13;
                                (any_edge && (len <= 80 || at < 36 || near(middle)))
                                    || near(last)
                                    || near(len)
                            })
                            .collect()
                    };
                    for at in positions {
                        let mut body = base.clone();
                        for (i, &b) in seq.iter().enumerate() {
                            if let Some(slot) = body.get_mut(at + i) {
                                *slot = b;
                            }
                        }
                        for &pad in pads.get(..if len > 80 { 1 } else { 2 }).unwrap_or(pads) {
                            assert_eq!(
                                verdict(&body, pad),
                                std_says(&body),
                                "{body:02x?}, padding {pad:#x}"
                            );
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(
            checked > if cfg!(miri) { 500 } else { 100_000 },
            "{checked}"
        );
    }

    /// Real text cut to every length from 16 to 253, and random corruptions.
    #[test]
    fn agrees_with_std_on_text_and_its_corruptions() {
        assert!(available(), "this CPU has no SSSE3: nothing to test");
        let text = "Смартфон 東京都 🎉 ok — ✓ \u{10ffff}\u{d7ff}\u{e000}\u{800}\u{7ff}\u{80} Андроид 14 日本";
        let text = [text; 4].concat();
        let bytes = text.as_bytes();
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        let rounds = if cfg!(miri) { 100 } else { 20_000 };
        for round in 0..rounds {
            let len = 16 + round % 238;
            let from = rng.below(bytes.len() - len);
            let mut body = bytes[from..from + len].to_vec();
            assert_eq!(verdict(&body, 0), std_says(&body), "{body:02x?}");
            for _ in 0..rng.below(3) {
                let at = rng.below(len);
                body[at] = rng.next() as u8;
            }
            assert_eq!(verdict(&body, 0), std_says(&body), "{body:02x?}");
        }
    }

    /// Out of its bounds, the item's path says no, and its safe entry
    /// says nothing.
    #[test]
    fn item_path_refuses_what_it_does_not_take() {
        assert!(available(), "this CPU has no SSSE3: nothing to test");
        let item = [b'a'; 320];
        // SAFETY: `available` said so.
        unsafe {
            for len in [0, 15, 254, 300] {
                assert!(!item_is_utf8(&item, len), "{len}");
            }
            assert!(!item_is_utf8(&item[..20], 20));
            assert!(item_is_utf8(&item[..21], 20));
        }
        // The safe entry gives no verdict out of those bounds.
        for len in [0, 15, 254, 300] {
            assert_eq!(item_verdict(&item, len), None, "{len}");
        }
        assert_eq!(item_verdict(&item[..20], 20), None);
        assert_eq!(item_verdict(&item[..21], 20), Some(true));
    }
}
