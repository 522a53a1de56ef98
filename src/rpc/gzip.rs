//! The gzip streams of `gzip_packed` (feature `gzip`): inflating with a
//! size cap that holds while inflating (output grows in bounded steps and
//! stops at the cap, so a small bomb cannot make a large allocation), and
//! deflating outgoing bodies.

use alloc::vec::Vec;
use std::io::Read;

use flate2::bufread::GzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;

use crate::wire::{DecodeErrorKind, Limit};

/// Bytes inflated per read.
const CHUNK: usize = 16 * 1024;

/// Deflate cannot expand data by more than about 1032 to 1, so this bounds
/// what a payload of a given length can honestly inflate to.
const MAX_RATIO: usize = 1032;

/// An inflated stream and every byte its output took: each buffer it was
/// given, kept or outgrown. (The inflater's own working state, one
/// allocation of about 40 KiB, is not charged, as `DecodeOptions` says.)
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Inflated {
    pub data: Vec<u8>,
    pub allocated: usize,
}

/// Inflates the gzip stream `data` into at most `max_len` bytes, given
/// buffers of at most `max_alloc` bytes in all; with `strict`, bytes after
/// the end of the stream are an error.
///
/// The output is reserved once, at the size the gzip trailer announces
/// (ISIZE) but never more than the payload could inflate to, so an honest
/// stream is inflated with one allocation of exactly its size, and one
/// that announces more than the budget is refused before it is inflated.
/// A trailer that understates the size (lenient decoding reads the last
/// four bytes, whatever follows the stream) costs a buffer that doubles as
/// it fills, and each buffer is counted before it is made: their sum, not
/// only the last, stays within `max_alloc`. No buffer's size depends on
/// either limit, which only stop the inflating, so a larger limit never
/// refuses what a smaller one accepts nor leaves less of the budget to what
/// is decoded from the output. A buffer the allocator cannot give is a
/// limit error too, never an abort.
pub(crate) fn inflate(
    data: &[u8],
    max_len: usize,
    max_alloc: usize,
    strict: bool,
) -> Result<Inflated, DecodeErrorKind> {
    let too_long = DecodeErrorKind::LimitExceeded {
        limit: Limit::InflatedSize(max_len),
    };
    let over_budget = DecodeErrorKind::LimitExceeded {
        limit: Limit::Allocation(max_alloc),
    };
    let announced = match data.len().checked_sub(4).and_then(|at| data.get(at..)) {
        Some(&[a, b, c, d]) => u32::from_le_bytes([a, b, c, d]) as usize,
        _ => 0,
    };
    let plausible = data.len().saturating_mul(MAX_RATIO).saturating_add(CHUNK);
    let mut allocated = announced.min(plausible);
    let mut out = Vec::new();
    if allocated > max_alloc || out.try_reserve_exact(allocated).is_err() {
        return Err(over_budget);
    }
    let mut decoder = GzDecoder::new(data);
    let mut chunk = [0u8; CHUNK];
    loop {
        let n = match decoder.read(&mut chunk) {
            Ok(0) => {
                return match decoder.into_inner().len() {
                    1.. if strict => Err(DecodeErrorKind::NonCanonicalGzip(
                        "bytes after the end of the gzip stream",
                    )),
                    _ => Ok(Inflated {
                        data: out,
                        allocated,
                    }),
                }
            }
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return Err(DecodeErrorKind::InvalidGzip),
        };
        let Some(total) = out.len().checked_add(n).filter(|&t| t <= max_len) else {
            return Err(too_long);
        };
        if out.capacity() < total {
            // The trailer understated the size: a buffer twice as large,
            // counted before it is made.
            let target = out.capacity().saturating_mul(2).max(total);
            allocated = allocated.saturating_add(target);
            if allocated > max_alloc
                || out
                    .try_reserve_exact(target.saturating_sub(out.len()))
                    .is_err()
            {
                return Err(over_budget);
            }
        }
        out.extend_from_slice(chunk.get(..n).unwrap_or_default());
    }
}

/// `data` as one gzip stream (no file name, modification time 0, so the
/// same body always packs to the same bytes).
pub(crate) fn deflate(data: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(data.len() / 2), Compression::default());
    // Writing into a `Vec` cannot fail.
    let _ = std::io::Write::write_all(&mut encoder, data);
    encoder.finish().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflates_what_was_deflated() {
        let data: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        let inflated = inflate(&deflate(&data), 1 << 20, usize::MAX, true).unwrap();
        assert_eq!(inflated.data, data);
        // The trailer is honest: one buffer of exactly the size.
        assert_eq!(inflated.allocated, data.len());
        assert_eq!(
            inflate(&deflate(&[]), 0, usize::MAX, true).unwrap().data,
            Vec::<u8>::new()
        );
    }

    #[test]
    fn refuses_past_the_cap_without_allocating_past_it() {
        let data = vec![0u8; 1 << 20];
        let packed = deflate(&data);
        assert_eq!(
            inflate(&packed, (1 << 20) - 1, usize::MAX, false),
            Err(DecodeErrorKind::LimitExceeded {
                limit: Limit::InflatedSize((1 << 20) - 1)
            })
        );
        let inflated = inflate(&packed, 1 << 20, usize::MAX, false).unwrap();
        assert_eq!(inflated.data.len(), 1 << 20);
    }

    #[test]
    fn bytes_after_the_stream_are_refused_in_strict_mode_only() {
        let mut data = deflate(b"hello world");
        data.extend_from_slice(&[0, 0, 0]);
        assert_eq!(
            inflate(&data, 100, usize::MAX, true),
            Err(DecodeErrorKind::NonCanonicalGzip(
                "bytes after the end of the gzip stream"
            ))
        );
        assert_eq!(
            inflate(&data, 100, usize::MAX, false).unwrap().data,
            b"hello world"
        );
        // The stream alone, strictly, leaves nothing behind.
        assert_eq!(
            inflate(&deflate(b"x"), 100, usize::MAX, true).unwrap().data,
            b"x"
        );
    }

    #[test]
    fn garbage_is_invalid_deflate() {
        assert_eq!(
            inflate(b"not gzip at all", 100, usize::MAX, false),
            Err(DecodeErrorKind::InvalidGzip)
        );
        let mut truncated = deflate(b"hello world, hello world");
        truncated.truncate(truncated.len() - 6);
        assert_eq!(
            inflate(&truncated, 100, usize::MAX, false),
            Err(DecodeErrorKind::InvalidGzip)
        );
    }

    /// A trailer that understates the size, read from bytes appended after
    /// the stream: the output grows by doubling, and every buffer it is
    /// given counts against `max_alloc`, refused before it is made.
    #[test]
    fn an_understated_size_pays_for_every_buffer() {
        let data = vec![0u8; 1 << 20];
        let mut packed = deflate(&data);
        packed.extend_from_slice(&[0, 0, 0, 0]);
        let grown = inflate(&packed, 1 << 20, usize::MAX, false).unwrap();
        assert_eq!(grown.data.len(), 1 << 20);
        // 16 KiB, then doubling to 1 MiB: twice the output, less a chunk.
        assert_eq!(grown.allocated, (2 << 20) - CHUNK);
        let budget = 1 << 20;
        assert_eq!(
            inflate(&packed, 1 << 20, budget, false),
            Err(DecodeErrorKind::LimitExceeded {
                limit: Limit::Allocation(budget)
            })
        );
        // Strictly, the appended bytes are refused once the stream ends.
        assert_eq!(
            inflate(&packed, 1 << 20, usize::MAX, true),
            Err(DecodeErrorKind::NonCanonicalGzip(
                "bytes after the end of the gzip stream"
            ))
        );
    }

    /// A trailer that overstates the size (bytes after the stream, read as
    /// one) buys one buffer of what it says, counted, within the budget and
    /// whatever `max_len` is; past the budget, the stream is refused.
    #[test]
    fn an_overstated_size_is_one_counted_buffer() {
        let mut packed = deflate(b"hello world");
        packed.extend_from_slice(&40_000u32.to_le_bytes());
        for max_len in [100, 1 << 20] {
            let inflated = inflate(&packed, max_len, 40_000, false).unwrap();
            assert_eq!(inflated.data, b"hello world");
            assert_eq!(inflated.allocated, 40_000);
        }
        assert_eq!(
            inflate(&packed, 100, 39_999, false),
            Err(DecodeErrorKind::LimitExceeded {
                limit: Limit::Allocation(39_999)
            })
        );
    }

    /// A stream longer than `max_len` is refused at it; one that announces
    /// more than the budget, at once.
    #[test]
    fn a_stream_past_a_limit_is_refused_within_it() {
        let packed = deflate(&vec![0u8; 1 << 20]);
        assert_eq!(
            inflate(&packed, 1 << 19, usize::MAX, false),
            Err(DecodeErrorKind::LimitExceeded {
                limit: Limit::InflatedSize(1 << 19)
            })
        );
        // The size it announces is more than the budget: refused before
        // anything is inflated.
        let budget = (1 << 20) - 1;
        assert_eq!(
            inflate(&packed, 4 << 20, budget, false),
            Err(DecodeErrorKind::LimitExceeded {
                limit: Limit::Allocation(budget)
            })
        );
        assert_eq!(
            inflate(&packed, 4 << 20, 0, false),
            Err(DecodeErrorKind::LimitExceeded {
                limit: Limit::Allocation(0)
            })
        );
    }
}
