//! The gzip streams of `gzip_packed` (feature `gzip`): inflating with a
//! size cap that holds while inflating (the output is one buffer, grown in
//! counted steps, so a small bomb cannot make a large allocation), and
//! deflating outgoing bodies.
//!
//! The gzip member (RFC 1952) is framed here and its deflate stream is
//! inflated by `miniz_oxide`'s core straight into the output: the output
//! is the inflater's window, so the output buffers are everything an
//! inflate allocates, and all of them are charged to the budget. (A
//! streaming inflater keeps a 32 KiB window and its tables on the heap, a
//! fixed 40 KiB a layer that no budget derived from the input would see.)

use alloc::vec::Vec;

use miniz_oxide::inflate::core::{decompress, inflate_flags, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;

use crate::wire::words::u32_at;
use crate::wire::{DecodeErrorKind, Limit};

/// The least a buffer grows by, and the least of it zeroed for the
/// inflater at a time.
const STEP: usize = 4 * 1024;

/// Deflate cannot expand data by more than about 1032 to 1, so this bounds
/// what a payload of a given length can honestly inflate to.
const MAX_RATIO: usize = 1032;

/// A gzip member's header flags (RFC 1952, 2.3.1).
const FHCRC: u8 = 0x02;
const FEXTRA: u8 = 0x04;
const FNAME: u8 = 0x08;
const FCOMMENT: u8 = 0x10;
const RESERVED: u8 = 0xe0;

/// An inflated stream and every byte its output took: each buffer it was
/// given, kept or outgrown.
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
/// Data that is not a gzip member is refused before anything is reserved,
/// and the reservation is zeroed only as the output reaches it.
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
    // The header first: what is not a gzip member costs no buffer.
    let mut input = data
        .get(deflate_start(data)?..)
        .ok_or(DecodeErrorKind::InvalidGzip)?;
    let plausible = data.len().saturating_mul(MAX_RATIO).saturating_add(STEP);
    let mut allocated = announced.min(plausible);
    let mut out = Vec::new();
    if allocated > max_alloc || out.try_reserve_exact(allocated).is_err() {
        return Err(over_budget);
    }
    let mut inflater = DecompressorOxide::new();
    let mut len = 0;
    loop {
        let (status, read, written) = decompress(
            &mut inflater,
            input,
            &mut out,
            len,
            inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF,
        );
        input = input.get(read..).unwrap_or_default();
        len = len.saturating_add(written);
        if len > max_len {
            return Err(too_long);
        }
        match status {
            TINFLStatus::Done => break,
            // The output goes on past the cap: refused before a buffer
            // larger than it is made.
            TINFLStatus::HasMoreOutput if len >= max_len => return Err(too_long),
            TINFLStatus::HasMoreOutput => {
                if out.len() == out.capacity() {
                    // The trailer understated the size: a buffer twice as
                    // large, counted before it is made.
                    let target = out.capacity().saturating_mul(2).max(STEP);
                    allocated = allocated.saturating_add(target);
                    let more = target.saturating_sub(out.len());
                    if allocated > max_alloc || out.try_reserve_exact(more).is_err() {
                        return Err(over_budget);
                    }
                }
                // The inflater writes only into initialized bytes: the
                // buffer is zeroed as the output reaches it, doubling, so
                // a size announced and never written costs no work.
                let room = out.capacity().saturating_sub(out.len());
                let step = out.len().max(STEP).min(room);
                out.resize(out.len().saturating_add(step), 0);
            }
            _ => return Err(DecodeErrorKind::InvalidGzip),
        }
    }
    out.truncate(len);
    // The trailer: the CRC-32 and the length (mod 2^32) of what was inflated.
    let (Some(crc), Some(size), Some(rest)) = (u32_at(input, 0), u32_at(input, 4), input.get(8..))
    else {
        return Err(DecodeErrorKind::InvalidGzip);
    };
    if crc != crc32fast::hash(&out) || size != isize_of(out.len()) {
        return Err(DecodeErrorKind::InvalidGzip);
    }
    if strict && !rest.is_empty() {
        return Err(DecodeErrorKind::NonCanonicalGzip(
            "bytes after the end of the gzip stream",
        ));
    }
    Ok(Inflated {
        data: out,
        allocated,
    })
}

/// Where the deflate stream of the gzip member `data` starts: after the
/// fixed header and the optional fields its flags announce (RFC 1952,
/// 2.3). A header CRC, when present, is checked.
fn deflate_start(data: &[u8]) -> Result<usize, DecodeErrorKind> {
    let invalid = DecodeErrorKind::InvalidGzip;
    let Some(&[0x1f, 0x8b, 8, flags, ..]) = data.get(..10) else {
        return Err(invalid);
    };
    if flags & RESERVED != 0 {
        return Err(invalid);
    }
    let mut at = 10usize;
    if flags & FEXTRA != 0 {
        let extra = match data.get(at..at.saturating_add(2)) {
            Some(&[a, b]) => usize::from(u16::from_le_bytes([a, b])),
            _ => return Err(invalid),
        };
        at = at.saturating_add(2).saturating_add(extra);
    }
    for field in [FNAME, FCOMMENT] {
        if flags & field != 0 {
            // A zero-terminated string.
            let text = data.get(at..).ok_or(invalid)?;
            let end = text.iter().position(|&b| b == 0).ok_or(invalid)?;
            at = at.saturating_add(end).saturating_add(1);
        }
    }
    if flags & FHCRC != 0 {
        let header = data.get(..at).ok_or(invalid)?;
        let crc16 = match data.get(at..at.saturating_add(2)) {
            Some(&[a, b]) => u16::from_le_bytes([a, b]),
            _ => return Err(invalid),
        };
        if u32::from(crc16) != crc32fast::hash(header) & 0xffff {
            return Err(invalid);
        }
        at = at.saturating_add(2);
    }
    if at > data.len() {
        return Err(invalid);
    }
    Ok(at)
}

/// A gzip trailer's ISIZE: the length modulo 2^32.
fn isize_of(len: usize) -> u32 {
    (len as u64 & 0xffff_ffff) as u32
}

/// `data` as one gzip member: no file name, modification time 0, so the
/// same body always packs to the same bytes.
pub(crate) fn deflate(data: &[u8]) -> Vec<u8> {
    /// Magic, deflate, no flags, no time, default compression, unknown OS;
    /// the trailer adds 8 bytes.
    const HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    let body = miniz_oxide::deflate::compress_to_vec(data, 6);
    let mut out = Vec::with_capacity(body.len().saturating_add(18));
    out.extend_from_slice(&HEADER);
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32fast::hash(data).to_le_bytes());
    out.extend_from_slice(&isize_of(data.len()).to_le_bytes());
    out
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
    fn refuses_past_the_cap() {
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

    /// What another implementation packs, at every level and with every
    /// optional header field it writes, inflates to the same bytes; and
    /// what `deflate` packs, the other implementation reads.
    #[test]
    fn reads_and_writes_what_flate2_does() {
        use std::io::{Read as _, Write as _};

        let data: Vec<u8> = (0..70_000u32).map(|i| (i * 7 % 253) as u8).collect();
        for level in [0, 1, 6, 9] {
            let builders = [
                flate2::GzBuilder::new(),
                flate2::GzBuilder::new()
                    .filename("answer.tl")
                    .comment("a comment")
                    .extra(vec![1, 2, 3, 4, 5])
                    .mtime(1_700_000_000),
            ];
            for builder in builders {
                let mut e = builder.write(Vec::new(), flate2::Compression::new(level));
                e.write_all(&data).unwrap();
                let packed = e.finish().unwrap();
                let inflated = inflate(&packed, 1 << 20, usize::MAX, true).unwrap();
                assert_eq!(inflated.data, data, "level {level}");
            }
        }
        let mut read = Vec::new();
        flate2::read::GzDecoder::new(&deflate(&data)[..])
            .read_to_end(&mut read)
            .unwrap();
        assert_eq!(read, data);
    }

    /// A header CRC (FHCRC) is checked: the low 16 bits of the CRC-32 of
    /// the header before it.
    #[test]
    fn a_header_crc_is_checked() {
        let plain = deflate(b"hello world");
        let (header, rest) = plain.split_at(10);
        let mut header = header.to_vec();
        header[3] |= FHCRC;
        let crc = (crc32fast::hash(&header) & 0xffff) as u16;
        for (crc, ok) in [(crc, true), (crc ^ 1, false)] {
            let mut packed = header.clone();
            packed.extend_from_slice(&crc.to_le_bytes());
            packed.extend_from_slice(rest);
            let inflated = inflate(&packed, 100, usize::MAX, true);
            match ok {
                true => assert_eq!(inflated.unwrap().data, b"hello world"),
                false => assert_eq!(inflated, Err(DecodeErrorKind::InvalidGzip)),
            }
        }
    }

    /// A member whose framing is wrong is invalid: reserved flag bits, a
    /// method other than deflate, a CRC-32 or a length in the trailer that
    /// does not match what was inflated, a trailer cut short, a name with
    /// no end.
    #[test]
    fn bad_framing_is_invalid() {
        let packed = deflate(b"hello world");
        let n = packed.len();
        type Edit = Box<dyn Fn(&mut Vec<u8>)>;
        let edits: [(&str, Edit); 6] = [
            ("reserved flag", Box::new(|p| p[3] |= 0x20)),
            ("method", Box::new(|p| p[2] = 7)),
            ("CRC-32", Box::new(move |p| p[n - 8] ^= 1)),
            ("length", Box::new(move |p| p[n - 4] ^= 1)),
            ("trailer cut", Box::new(move |p| p.truncate(n - 3))),
            (
                "unended name",
                Box::new(|p| {
                    p[3] |= FNAME;
                    p.truncate(10);
                    p.extend_from_slice(b"name");
                }),
            ),
        ];
        for (what, edit) in edits {
            let mut bad = packed.clone();
            edit(&mut bad);
            assert_eq!(
                inflate(&bad, 100, usize::MAX, false),
                Err(DecodeErrorKind::InvalidGzip),
                "{what}"
            );
        }
    }

    /// The edges of a member's framing: a header cut short, an extra field
    /// or a comment that runs past the end, nothing at all, and a deflate
    /// stream that refers back before its first byte (which zlib refuses
    /// too) are invalid; a second member is bytes after the stream.
    #[test]
    fn framing_edges() {
        let invalid = Err(DecodeErrorKind::InvalidGzip);
        let packed = deflate(b"hello world");
        assert_eq!(inflate(&packed[..9], 100, usize::MAX, false), invalid);
        assert_eq!(inflate(&[], 100, usize::MAX, false), invalid);
        let mut extra = packed[..10].to_vec();
        extra[3] |= FEXTRA;
        extra.extend_from_slice(&[200, 0, 1, 2, 3]);
        assert_eq!(inflate(&extra, 100, usize::MAX, false), invalid);
        let mut comment = packed[..10].to_vec();
        comment[3] |= FCOMMENT;
        comment.extend_from_slice(b"no end");
        assert_eq!(inflate(&comment, 100, usize::MAX, false), invalid);
        // A fixed-Huffman block: a match of 3 bytes at distance 1, first.
        let mut back = packed[..10].to_vec();
        back.extend_from_slice(&[0x03, 0x02, 0x00]);
        back.extend_from_slice(&crc32fast::hash(&[0; 3]).to_le_bytes());
        back.extend_from_slice(&3u32.to_le_bytes());
        assert_eq!(inflate(&back, 100, usize::MAX, false), invalid);
        let mut two = packed.clone();
        two.extend_from_slice(&deflate(b"again"));
        let first = inflate(&two, 100, usize::MAX, false).unwrap();
        assert_eq!(first.data, b"hello world");
        assert_eq!(
            inflate(&two, 100, usize::MAX, true),
            Err(DecodeErrorKind::NonCanonicalGzip(
                "bytes after the end of the gzip stream"
            ))
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
        // 4 KiB, then doubling to 1 MiB: twice the output, less a step.
        assert_eq!(grown.allocated, (2 << 20) - STEP);
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
