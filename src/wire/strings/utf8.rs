//! UTF-8 verdicts for the short strings TL carries, and the two-word string
//! that remembers them.
//!
//! - [`short_string`], the fast path of every `string` read: an ASCII
//!   check of a whole short item a block at a time (`ascii`), then
//!   `from_utf8_unchecked`; other text under 16 bytes by the DFA, and of
//!   16 bytes or more out of line;
//!   std's `from_utf8` costs 10–20 ns per call on the short strings of an
//!   `authorization` on the machines we measured, several times the rest of
//!   the decode;
//! - [`other_short_string`], out of line: the short items it leaves, the
//!   text of 16 to 253 bytes validated on the item's own 16-byte blocks
//!   where the CPU has SSSE3 (`text_blocks`);
//! - [`to_str`]: `is_ascii` first, a full validator for the rest (long
//!   strings, strict decodes);
//! - [`Packed`]: `&[u8]` plus the verdict in two words, under `TlStr`.
//!
//! Every verdict is exactly `from_utf8`'s: non-ASCII input always takes a
//! full validator: the blocks' from 16 to 253 bytes with SSSE3, else the
//! crate's DFA below 64 bytes and `simdutf8`'s from 64 on (SIMD where the
//! CPU has it, std's `from_utf8` without it). The tests below check every verdict against std's on
//! arbitrary bytes, and CI runs them under Miri, with and without SSSE3.
//! benches/README.md has the measurements that justify each `unsafe`.
// The crate denies `unsafe`; this module is one of three allowed it, each
// block with its SAFETY comment and a test against the safe path, run
// under Miri in CI.
#![allow(unsafe_code)]

use core::marker::PhantomData;
use core::ptr::NonNull;

use crate::wire::{tl_bytes, utf8_dfa};

mod ascii;
#[cfg(target_arch = "x86_64")]
mod text_blocks;

use ascii::{after_first_ascii, long_body_ascii, window_body_ascii};
#[cfg(target_arch = "x86_64")]
use text_blocks::item_verdict;

/// Where there are no 16-byte blocks to judge text with, a full validator
/// decides.
#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn item_verdict(_item: &[u8], _len: usize) -> Option<bool> {
    None
}

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
        dfa_text(bytes)
    } else {
        simdutf8::basic::from_utf8(bytes).ok()
    }
}

/// The text of `bytes` by the crate's DFA, or `None` when they are not
/// UTF-8. Every DFA verdict in the crate is taken here.
#[inline(always)]
fn dfa_text(bytes: &[u8]) -> Option<&str> {
    if utf8_dfa::is_utf8(bytes) {
        // SAFETY: `is_utf8` gives `from_utf8`'s verdict (its tests check it
        // on every short sequence and on corrupted text).
        Some(unsafe { core::str::from_utf8_unchecked(bytes) })
    } else {
        None
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

    /// `bytes` as text when `verdict`, a validator's answer on them, is
    /// the text; as raw bytes when it is `None`.
    #[inline(always)]
    pub(crate) fn from_verdict(bytes: &'a [u8], verdict: Option<&'a str>) -> Self {
        match verdict {
            Some(text) => Self::text(text),
            None => Self::raw(bytes),
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

/// The short-form `bytes` item at the start of `rest` when its body is
/// under 16 bytes, or ASCII and under 64: its size and its body, as text
/// when the body is UTF-8 and as raw bytes when it is not. `None` for every
/// other item, which [`other_short_string`] or the long-form reader takes
/// out of line.
///
/// The part of every `string` read that generated code inlines at each
/// field, so it holds the checks most strings take and nothing more. When
/// 16 bytes are left and the item fits in them (a body of up to 15 bytes),
/// one load, one length compare and one masked test decide it, with no
/// other bounds check: the window already proves the item is all there; a
/// body that is not ASCII goes to the DFA. Bodies of 16 to 63 bytes take
/// two to four 16-byte blocks of the item; one that is not ASCII is left to
/// [`other_short_string`], which validates it on the same blocks with
/// SSSE3. Every other path is left out of line: inlined at each field, they
/// made up a third of a whole layer's decode code, and a call to the SSSE3
/// validator made here costs the ASCII path registers around it, an
/// `authorization`'s decode 17 instructions (benches/README.md has the
/// sizes and the timings of each shape). Where the check covers the padding
/// too (zero from any sane encoder), a stray high bit in it only sends the
/// body to the validator.
#[inline(always)]
pub(crate) fn short_string(rest: &[u8]) -> Option<(usize, Packed<'_>)> {
    if let Some(window) = rest.first_chunk::<16>() {
        let [len, after @ ..] = window;
        let len = usize::from(*len);
        // The lookup always succeeds for `len < 16`; the compiler sees that
        // and drops its check.
        if let Some(body) = after.get(..len) {
            let text = if window_body_ascii(window, len) {
                // SAFETY: `window_body_ascii` is true only when the
                // window's bytes `1..=len`, which are `body`, are all below
                // 0x80, and any sequence of ASCII bytes is valid UTF-8.
                Packed::text(unsafe { core::str::from_utf8_unchecked(body) })
            } else {
                window_text(body)
            };
            return Some((tl_bytes::short_total(len), text));
        }
    }
    let len = usize::from(*rest.first()?);
    if !(16..64).contains(&len) {
        return None;
    }
    let item = rest.get(..tl_bytes::short_total(len))?;
    let body = item.get(1..=len).unwrap_or_default();
    if !long_body_ascii(item, len) {
        return None;
    }
    // SAFETY: `long_body_ascii` is true only when the item's bytes `1..=len`,
    // which are `body`, are all below 0x80, and any sequence of ASCII bytes
    // is valid UTF-8.
    let text = Packed::text(unsafe { core::str::from_utf8_unchecked(body) });
    Some((item.len(), text))
}

/// A short body in a 16-byte window with a byte over 0x7f, judged by the
/// DFA: for fewer than 16 bytes, its steps cost about what a call to the
/// blocks' validator does, and a call here would cost the ASCII path,
/// inlined at every field, registers around it.
#[inline(always)]
fn window_text(body: &[u8]) -> Packed<'_> {
    Packed::from_verdict(body, dfa_text(body))
}

/// A short-form item that [`short_string`] does not take (fewer than 16
/// bytes left, a body of 16 to 63 bytes that is not ASCII, or one of 64
/// bytes or more): its size and its body. `None` when the item is not in
/// the short form or not all there. Checked for ASCII as 32-bit words or
/// 16-byte blocks (but bodies of 16 to 63 bytes, which [`short_string`]
/// took if they were ASCII), then validated on the item's 16-byte blocks
/// where the CPU has SSSE3 (16 bytes or more), by a full validator
/// elsewhere.
#[inline(always)]
pub(crate) fn other_short_string(rest: &[u8]) -> Option<(usize, Packed<'_>)> {
    let item = tl_bytes::short_item(rest)?;
    let body = tl_bytes::short_body(item);
    // `short_string` took the ASCII bodies of 16 to 63 bytes; the others are
    // checked for ASCII first, a few instructions per 16 bytes.
    let text = if !(16..64).contains(&body.len()) && after_first_ascii(item) {
        // SAFETY: `after_first_ascii` checked every byte of `item` but the
        // first, `body` is `item[1..1 + len]`, and any sequence of ASCII
        // bytes is valid UTF-8.
        Packed::text(unsafe { core::str::from_utf8_unchecked(body) })
    } else {
        match item_verdict(item, body.len()) {
            // SAFETY: `item_verdict` gives `from_utf8`'s verdict on the
            // item's bytes `1..=len`, `body` (`text_blocks`' tests check it
            // against std's).
            Some(true) => Packed::text(unsafe { core::str::from_utf8_unchecked(body) }),
            Some(false) => Packed::raw(body),
            None => Packed::from_verdict(body, to_str(body)),
        }
    };
    Some((item.len(), text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Rng;
    use alloc::vec::Vec;

    /// Both reads of a short item, in the order `Reader::read_string`
    /// takes them, with the body as text or as raw bytes.
    fn short_text(rest: &[u8]) -> Option<(usize, Result<&str, &[u8]>)> {
        short_string(rest)
            .or_else(|| other_short_string(rest))
            .map(|(taken, s)| (taken, s.text_of().ok_or(s.bytes())))
    }

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

    /// Every length byte, with the input ending anywhere up to 70 bytes
    /// after it or right after its item, each input in an allocation of
    /// exactly its size: under Miri, a load past the end of the input fails
    /// the test.
    #[test]
    fn short_text_reads_nothing_past_the_input() {
        let lens: Vec<u8> = if cfg!(miri) {
            (0..=70).chain(250..=255).collect()
        } else {
            (0..=255).collect()
        };
        for len in lens {
            // Every size up to 70 bytes, and the item's own size, so that
            // bodies of 64 bytes or more are read whole too.
            let own = usize::from(len | 3) + 1;
            for size in (0..=70).chain((own > 70).then_some(own)) {
                // ASCII bodies, and bodies that are not UTF-8.
                for fill in [b'a', 0xd0] {
                    let mut input = alloc::vec![fill; size].into_boxed_slice();
                    if let Some(first) = input.first_mut() {
                        *first = len;
                    }
                    let got = short_text(&input).map(|(taken, text)| (taken, text.ok()));
                    let expected = tl_bytes::short_item(&input).map(|item| {
                        let body = tl_bytes::short_body(item);
                        (item.len(), core::str::from_utf8(body).ok())
                    });
                    assert_eq!(
                        got, expected,
                        "length byte {len}, {size} bytes of {fill:#x}"
                    );
                }
            }
        }
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
