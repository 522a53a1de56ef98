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
    use alloc::vec::Vec;

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
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for len in 0..64 {
            let mut bytes = Vec::with_capacity(len);
            for _ in 0..len {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                // Mostly ASCII, sometimes a high byte, like real strings.
                let b = state as u8;
                bytes.push(if state.is_multiple_of(7) {
                    b | 0x80
                } else {
                    b & 0x7f
                });
            }
            cases.push(bytes);
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
