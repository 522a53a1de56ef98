//! Fixed-size little-endian words at an offset of a byte slice: the
//! framing read before any [`Reader`](super::Reader) starts (an envelope's
//! header, a gzip member's trailer).

use byteorder::{ByteOrder, LittleEndian};

/// The little-endian `u32` at `at` in `buf`, if there are four bytes.
pub(crate) fn u32_at(buf: &[u8], at: usize) -> Option<u32> {
    Some(LittleEndian::read_u32(buf.get(at..at.checked_add(4)?)?))
}

/// The little-endian `i32` at `at` in `buf`, if there are four bytes.
pub(crate) fn i32_at(buf: &[u8], at: usize) -> Option<i32> {
    Some(LittleEndian::read_i32(buf.get(at..at.checked_add(4)?)?))
}

/// The little-endian `i64` at `at` in `buf`, if there are eight bytes.
pub(crate) fn i64_at(buf: &[u8], at: usize) -> Option<i64> {
    Some(LittleEndian::read_i64(buf.get(at..at.checked_add(8)?)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_read_where_they_are_whole() {
        let buf = [0x78, 0x56, 0x34, 0x12, 0xff, 0xff, 0xff, 0xff, 0x01];
        assert_eq!(u32_at(&buf, 0), Some(0x1234_5678));
        assert_eq!(i32_at(&buf, 4), Some(-1));
        assert_eq!(i64_at(&buf, 0), Some(-0x0000_0000_edcb_a988));
        assert_eq!(u32_at(&buf, 5), Some(0x01ff_ffff));
        assert_eq!(u32_at(&buf, 6), None);
        assert_eq!(i64_at(&buf, 2), None);
        assert_eq!(u32_at(&buf, usize::MAX - 1), None);
    }
}
