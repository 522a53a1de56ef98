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

/// Inflates the gzip stream `data`, refusing to produce more than `cap` bytes;
/// with `strict`, bytes after the end of the stream are an error.
///
/// The output is reserved once, at the size the gzip trailer announces
/// (ISIZE) but never more than the payload could inflate to or the cap
/// allows, so an honest stream is inflated with one allocation of exactly
/// its size, a bomb is refused having allocated at most the cap, and a lying
/// trailer cannot buy a large allocation with a few bytes.
pub(crate) fn inflate(data: &[u8], cap: usize, strict: bool) -> Result<Vec<u8>, DecodeErrorKind> {
    let announced = match data.len().checked_sub(4).and_then(|at| data.get(at..)) {
        Some(&[a, b, c, d]) => u32::from_le_bytes([a, b, c, d]) as usize,
        _ => 0,
    };
    let plausible = data.len().saturating_mul(MAX_RATIO).saturating_add(CHUNK);
    let mut out = Vec::with_capacity(announced.min(plausible).min(cap));
    let mut decoder = GzDecoder::new(data);
    let mut chunk = [0u8; CHUNK];
    loop {
        let n = match decoder.read(&mut chunk) {
            Ok(0) => {
                return match decoder.into_inner().len() {
                    1.. if strict => Err(DecodeErrorKind::NonCanonicalGzip(
                        "bytes after the end of the gzip stream",
                    )),
                    _ => Ok(out),
                }
            }
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return Err(DecodeErrorKind::InvalidGzip),
        };
        let Some(total) = out.len().checked_add(n).filter(|&t| t <= cap) else {
            return Err(DecodeErrorKind::LimitExceeded {
                limit: Limit::InflatedSize(cap),
            });
        };
        if out.capacity() < total {
            // The trailer understated the size: grow by doubling, within the cap.
            let target = out
                .capacity()
                .saturating_mul(2)
                .clamp(total, cap.max(total));
            out.reserve_exact(target.saturating_sub(out.len()));
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
        assert_eq!(inflate(&deflate(&data), 1 << 20, true).unwrap(), data);
        assert_eq!(inflate(&deflate(&[]), 0, true).unwrap(), Vec::<u8>::new());
    }

    #[test]
    fn refuses_past_the_cap_without_allocating_past_it() {
        let data = vec![0u8; 1 << 20];
        let packed = deflate(&data);
        assert_eq!(
            inflate(&packed, (1 << 20) - 1, false),
            Err(DecodeErrorKind::LimitExceeded {
                limit: Limit::InflatedSize((1 << 20) - 1)
            })
        );
        assert_eq!(inflate(&packed, 1 << 20, false).unwrap().len(), 1 << 20);
    }

    #[test]
    fn bytes_after_the_stream_are_refused_in_strict_mode_only() {
        let mut data = deflate(b"hello world");
        data.extend_from_slice(&[0, 0, 0]);
        assert_eq!(
            inflate(&data, 100, true),
            Err(DecodeErrorKind::NonCanonicalGzip(
                "bytes after the end of the gzip stream"
            ))
        );
        assert_eq!(inflate(&data, 100, false).unwrap(), b"hello world");
        // The stream alone, strictly, leaves nothing behind.
        assert_eq!(inflate(&deflate(b"x"), 100, true).unwrap(), b"x");
    }

    #[test]
    fn garbage_is_invalid_deflate() {
        assert_eq!(
            inflate(b"not gzip at all", 100, false),
            Err(DecodeErrorKind::InvalidGzip)
        );
        let mut truncated = deflate(b"hello world, hello world");
        truncated.truncate(truncated.len() - 6);
        assert_eq!(
            inflate(&truncated, 100, false),
            Err(DecodeErrorKind::InvalidGzip)
        );
    }
}
