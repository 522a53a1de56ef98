//! UTF-8 validation of short text as a shift-based DFA: the validator for
//! strings below the length where SIMD pays.
//!
//! Chat text is short (a name, a title, a line of a message) and often not
//! ASCII. std's `from_utf8` decodes such text one character at a time,
//! branching on each character's width; SIMD validators need 64 bytes
//! before they start. This one takes one table load and one shift per byte
//! and no branch but the loop's: about half std's time on 12–43-byte
//! Cyrillic, CJK and emoji text on the machine of benches/README.md.
//!
//! The automaton is the usual one for UTF-8 (RFC 3629's table: no overlong
//! forms, no surrogates, nothing past U+10FFFF), with each state written as
//! the bit offset of its six-bit slot in a 64-bit row. Row `b` of
//! [`TABLE`] holds, in the slot of every state, the state that byte `b`
//! leads to, so one step is `TABLE[b] >> state`. The error state is offset
//! 0, whose slot is 0 in every row, so it never leaves.

/// Everything read so far is invalid; slot 0 holds 0 in every row.
const ERROR: u32 = 0;
/// Between characters: the start and the only accepting state.
const ACCEPT: u32 = 6;
/// One continuation byte still to come.
const NEED_1: u32 = 12;
/// Two continuation bytes to come.
const NEED_2: u32 = 18;
/// Three continuation bytes to come.
const NEED_3: u32 = 24;
/// After `E0`: the next byte is `A0..=BF` (no overlong three-byte forms).
const AFTER_E0: u32 = 30;
/// After `ED`: the next byte is `80..=9F` (no surrogates).
const AFTER_ED: u32 = 36;
/// After `F0`: the next byte is `90..=BF` (no overlong four-byte forms).
const AFTER_F0: u32 = 42;
/// After `F4`: the next byte is `80..=8F` (nothing past U+10FFFF).
const AFTER_F4: u32 = 48;

/// The state byte `b` leads to from `state`.
const fn step(state: u32, b: u8) -> u32 {
    let continuation = matches!(b, 0x80..=0xbf);
    match state {
        ACCEPT => match b {
            0x00..=0x7f => ACCEPT,
            0xc2..=0xdf => NEED_1,
            0xe0 => AFTER_E0,
            0xed => AFTER_ED,
            0xe1..=0xef => NEED_2,
            0xf0 => AFTER_F0,
            0xf4 => AFTER_F4,
            0xf1..=0xf3 => NEED_3,
            // Continuation bytes, C0/C1 (overlong two-byte forms), F5..FF.
            _ => ERROR,
        },
        NEED_1 if continuation => ACCEPT,
        NEED_2 if continuation => NEED_1,
        NEED_3 if continuation => NEED_2,
        AFTER_E0 if matches!(b, 0xa0..=0xbf) => NEED_1,
        AFTER_ED if matches!(b, 0x80..=0x9f) => NEED_1,
        AFTER_F0 if matches!(b, 0x90..=0xbf) => NEED_2,
        AFTER_F4 if matches!(b, 0x80..=0x8f) => NEED_2,
        _ => ERROR,
    }
}

/// Row `b`: for every state, the state `b` leads to, in that state's slot.
// Evaluated by the compiler: an index out of range fails the build.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
static TABLE: [u64; 256] = {
    let mut table = [0u64; 256];
    let mut b = 0;
    while b < 256 {
        let mut state = ACCEPT;
        while state <= AFTER_F4 {
            table[b] |= (step(state, b as u8) as u64) << state;
            state += 6;
        }
        b += 1;
    }
    table
};

/// Whether `bytes` are UTF-8: exactly `core::str::from_utf8(bytes).is_ok()`.
#[inline]
pub(crate) fn is_utf8(bytes: &[u8]) -> bool {
    let mut state = u64::from(ACCEPT);
    for &b in bytes {
        // Shifts use the low six bits of the state, where the slot offset
        // is; the bits above are the rest of the row and are ignored.
        // A `u8` always indexes the table: the compiler drops the check.
        let row = TABLE.get(usize::from(b)).copied().unwrap_or_default();
        state = row >> (state & 63);
    }
    state & 63 == u64::from(ACCEPT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Rng;

    fn std_says(bytes: &[u8]) -> bool {
        core::str::from_utf8(bytes).is_ok()
    }

    /// Every sequence of up to two bytes, and every three- and four-byte
    /// sequence whose later bytes sit on the edges of the ranges the
    /// automaton tells apart.
    #[test]
    fn agrees_with_std_on_every_short_sequence() {
        let edges = [
            0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xe0, 0xf0, 0xff,
        ];
        for a in 0..=255u8 {
            assert_eq!(is_utf8(&[a]), std_says(&[a]), "{a:02x}");
            for b in 0..=255u8 {
                assert_eq!(is_utf8(&[a, b]), std_says(&[a, b]), "{a:02x} {b:02x}");
                for c in edges {
                    let three = [a, b, c];
                    assert_eq!(is_utf8(&three), std_says(&three), "{three:02x?}");
                    for d in edges {
                        let four = [a, b, c, d];
                        assert_eq!(is_utf8(&four), std_says(&four), "{four:02x?}");
                    }
                }
            }
        }
        assert!(is_utf8(&[]));
    }

    /// Real text, each prefix of it (cut inside characters too), and random
    /// corruption of it.
    #[test]
    fn agrees_with_std_on_text_and_its_corruptions() {
        let texts = [
            "Привет, как дела?",
            "東京都渋谷区 — 🎉 ok",
            "Hello 👋 мир 世界",
            "\u{10ffff}\u{ffff}\u{d7ff}\u{e000}\u{800}\u{7ff}\u{80}",
        ];
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for text in texts {
            let bytes = text.as_bytes();
            assert!(is_utf8(bytes));
            for end in 0..=bytes.len() {
                assert_eq!(is_utf8(&bytes[..end]), std_says(&bytes[..end]));
            }
            for _ in 0..500 {
                let mut bad = bytes.to_vec();
                let at = rng.below(bad.len());
                bad[at] = rng.next() as u8;
                assert_eq!(is_utf8(&bad), std_says(&bad), "{bad:02x?}");
            }
        }
    }
}
