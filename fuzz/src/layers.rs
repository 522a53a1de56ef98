//! The checks of the whole-layer targets: `layer` (the official layer) and
//! `layer_diff` (grammers-tl-types' copy of a layer, decoded by tlwire and by
//! grammers-tl-types). Their layers come from the crates in `fuzz/layers/`,
//! which the main crate's tests do not build, so these checks are replayed
//! by cargo-fuzz alone (`.ci/run` replays their committed inputs).

use std::sync::{mpsc, Mutex, Once, OnceLock};

use tlwire::bytes::Bytes;
use tlwire::{
    decode_in, decode_prefix, Arena, DecodeError, DecodeErrorKind, DecodeOptions, Encode, Owned,
};
use tlwire_fuzz_grammers::{self as grammers, peer};
use tlwire_fuzz_official::{self as official, OFFICIAL_ABSENT};

use crate::checks::bytes::reference_bytes;
use crate::checks::{same, strict_only};
use crate::counting_alloc::counted;

/// What bumpalo keeps outside the budget it is given: a footer of under
/// 64 bytes a chunk, and chunks that double, so a few dozen at most.
const ARENA_SLACK: usize = 4 << 10;

/// What a refused decode may allocate besides the budget: its error, one
/// box, and a path of segments (two a level, under 64 bytes each) in a
/// vector that doubles, each size counted.
fn error_slack(e: &DecodeError) -> usize {
    1024 + 2 * 64 * e.path().count().next_power_of_two()
}

/// Decodes `data` in both modes, each into an arena of its own made inside
/// the count, and asserts that the bytes allocated stay within the decode
/// budget the options give for the input's length.
macro_rules! within_budget {
    ($data:expr, $object:ty) => {{
        let data: &[u8] = $data;
        for options in [DecodeOptions::lenient(), DecodeOptions::strict()] {
            let (result, counts) = counted(|| {
                let arena = Arena::new();
                decode_in::<$object>(data, &arena, options).map(drop)
            });
            let budget = options.alloc_budget(data.len());
            let allowed = budget + ARENA_SLACK + result.as_ref().err().map_or(0, error_slack);
            assert!(
                counts.bytes <= allowed,
                "{} bytes allocated for {} input bytes (budget {budget}): {result:?}",
                counts.bytes,
                data.len()
            );
        }
    }};
}

/// `layer`: any boxed object or request of the official layer, from any
/// bytes, in both modes and both forms: the properties of every decode
/// target (`checks::decode_properties!`: round trips, strict-only
/// refusals, owned and borrowed agreeing, prefix decodes), and allocation
/// within the budget. Without the official schema files it says so once and checks
/// nothing.
pub fn layer(data: &[u8]) {
    if let Some(why) = OFFICIAL_ABSENT {
        static SAID: Once = Once::new();
        SAID.call_once(|| eprintln!("layer: SKIPPED, the official layer is absent: {why}"));
        return;
    }
    decode_properties!(
        data,
        official::enums::Object<'_>,
        official::enums::Object<'static>,
        |value, encoded| assert_eq!(value.constructor_id().to_le_bytes(), encoded[..4])
    );
    within_budget!(data, official::enums::Object<'_>);
}

/// `layer_diff`: the same properties on grammers-tl-types' copy of a layer,
/// and the same bytes read by grammers-tl-types: whenever both accept, they
/// write back the same bytes, and every other outcome is one of the
/// documented [`Difference`]s.
pub fn layer_diff(data: &[u8]) {
    decode_properties!(
        data,
        grammers::enums::Object<'_>,
        grammers::enums::Object<'static>,
        |value, encoded| assert_eq!(value.constructor_id().to_le_bytes(), encoded[..4])
    );
    within_budget!(data, grammers::enums::Object<'_>);
    let _ = compare(data);
}

/// How tlwire and grammers-tl-types read one input, when they do not agree
/// byte for byte. Each is a row of the table in `fuzz/README.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Difference {
    /// A generic request (`invokeWithLayer`, `peer::GENERIC`): tlwire reads
    /// its query as any object; grammers-tl-types has no type to read it
    /// as, and no decoder here.
    NoPeerDecoder,
    /// tlwire stopped at one of its limits (depth, allocation); grammers-tl-types
    /// has none (it reads on a thread with a large stack), and is not
    /// asked.
    TlwireLimit,
    /// tlwire refuses bytes after a complete object; grammers-tl-types reads
    /// the object and ignores them. The object itself is compared.
    TrailingBytes,
    /// `boolTrue`, `boolFalse` or `true` as the whole input: tlwire's
    /// `Object` holds the schema's other combinators, `Bool` and `True` are
    /// built in (read where a field or a method's answer names them);
    /// grammers-tl-types reads them as the value of their type.
    BuiltInAtTop,
    /// A `bytes`/`string` length byte of `0xff`: grammers-tl-types reads a
    /// 255-byte string, tlwire refuses a length form no encoder writes. The
    /// input with that string in the long form is compared in its place.
    LengthByte255,
    /// A `string` that is not UTF-8: grammers-tl-types replaces what is not
    /// UTF-8 with U+FFFD and writes that back; tlwire keeps the bytes
    /// (lenient) or refuses them (strict). With tlwire's strings replaced
    /// the same way, the bytes are equal.
    LossyUtf8,
    /// A combinator whose line has no written id and has a `bytes` field
    /// (`tlsBlockString`): grammers-tl-types infers another id than the TL
    /// rule gives (`peer::MISREAD`), so each refuses the other's. A bug in
    /// grammers-tl-types' parser.
    PeerInfersAnotherId,
    /// Bits of a flags word the schema does not define: tlwire keeps them,
    /// grammers-tl-types drops them. The values read are the same but for
    /// them (their `Debug` text with the `unknown_flags` fields taken out),
    /// strings not UTF-8 replaced as in `LossyUtf8`.
    UnknownFlagBits,
}

/// The agreement of the two decoders on `data`: `Ok(())` when both refuse,
/// or both accept and write back the same bytes; otherwise the documented
/// difference. Panics on any other disagreement.
pub fn compare(data: &[u8]) -> Result<(), Difference> {
    let arena = Arena::new();
    let ours = decode_in::<grammers::enums::Object<'_>>(data, &arena, DecodeOptions::lenient());
    if let Err(e) = &ours {
        match e.kind() {
            DecodeErrorKind::LimitExceeded { .. } => return Err(Difference::TlwireLimit),
            DecodeErrorKind::TrailingBytes { left } => {
                let object = &data[..data.len() - left];
                assert_eq!(
                    theirs(data),
                    theirs(object),
                    "grammers-tl-types reads past the object tlwire read"
                );
                compare(object)?;
                return Err(Difference::TrailingBytes);
            }
            _ => {}
        }
    }
    let Some(peer) = theirs(data) else {
        let id = data.get(..4).map_or(0, word);
        return match ours {
            Ok(_) if peer::GENERIC.contains(&id) => Err(Difference::NoPeerDecoder),
            Ok(value) => panic!("tlwire reads {value:?}, grammers-tl-types has no decoder"),
            Err(_) => Ok(()),
        };
    };
    let (value, theirs, read) = match (ours, peer) {
        (Err(_), Err(_)) => return Ok(()),
        (Err(e), Ok(_)) if e.kind() == DecodeErrorKind::InvalidLengthPrefix => {
            // The same string in the long form, which both read: the rest
            // of the input is still compared.
            let long = long_form_at(data, e.offset());
            assert_eq!(
                self::theirs(&long)
                    .and_then(Result::ok)
                    .map(|(bytes, _)| bytes),
                self::theirs(data)
                    .and_then(Result::ok)
                    .map(|(bytes, _)| bytes),
                "grammers-tl-types reads a 0xff length otherwise than 255 in the long form"
            );
            compare(&long)?;
            return Err(Difference::LengthByte255);
        }
        (Err(e), Ok(_)) if e.offset() == 0 && is_built_in(e.kind()) => {
            return Err(Difference::BuiltInAtTop)
        }
        (Err(e), Ok(_)) if is_misread(e.kind(), |(_, theirs)| theirs) => {
            return Err(Difference::PeerInfersAnotherId)
        }
        (Ok(_), Err(peer::Error::UnexpectedConstructor { id }))
            if peer::MISREAD.iter().any(|&(ours, _)| ours == id) =>
        {
            return Err(Difference::PeerInfersAnotherId)
        }
        (Err(e), Ok((_, read))) => {
            panic!("tlwire refuses ({e}), grammers-tl-types reads {read} bytes")
        }
        (Ok(value), Err(e)) => panic!("tlwire reads {value:?}, grammers-tl-types refuses: {e}"),
        (Ok(value), Ok((theirs, read))) => (value, theirs, read),
    };
    assert_eq!(
        read,
        data.len(),
        "tlwire reads the whole input, grammers-tl-types a part"
    );
    let ours = value.to_vec().expect("a decoded value encodes");
    if ours == theirs {
        return Ok(());
    }
    // What grammers-tl-types wrote, tlwire reads and writes back unchanged,
    // and so does grammers-tl-types: they agree on its canonical form.
    let scratch = Arena::new();
    let again =
        decode_in::<grammers::enums::Object<'_>>(&theirs, &scratch, DecodeOptions::lenient())
            .unwrap_or_else(|e| panic!("tlwire refuses what grammers-tl-types wrote: {e}"));
    assert_eq!(
        again.to_vec().ok().as_ref(),
        Some(&theirs),
        "tlwire changes grammers' bytes"
    );
    assert_eq!(
        self::theirs(&theirs).and_then(Result::ok),
        Some((theirs.clone(), theirs.len())),
        "grammers-tl-types changes its own bytes"
    );
    // tlwire's bytes with every string that is not UTF-8 made UTF-8 the way
    // grammers-tl-types makes it: then equal but for undefined flag bits.
    let lossy = lossy_strings(ours);
    if lossy == theirs {
        return Err(Difference::LossyUtf8);
    }
    let mine = decode_in::<grammers::enums::Object<'_>>(&lossy, &scratch, DecodeOptions::strict())
        .unwrap_or_else(|e| panic!("tlwire refuses its own bytes made UTF-8: {e}"));
    assert_eq!(
        without_unknown_flags(&format!("{mine:?}")),
        without_unknown_flags(&format!("{again:?}")),
        "tlwire and grammers-tl-types read different values:\n  tlwire   {}\n  grammers {}",
        hex(&lossy),
        hex(&theirs)
    );
    Err(Difference::UnknownFlagBits)
}

/// The stack grammers-tl-types reads on: it has no depth limit, so a nest
/// tlwire refuses early (a bad string before it) could take a normal
/// thread's stack. A fuzz input of a few kilobytes nests at most a
/// thousand levels, of a few kilobytes of stack each unoptimised.
const PEER_STACK: usize = 512 << 20;

/// `peer::reencode` on a thread of its own with [`PEER_STACK`].
fn theirs(data: &[u8]) -> Option<Result<(Vec<u8>, usize), peer::Error>> {
    type Answer = Option<Result<(Vec<u8>, usize), peer::Error>>;
    type Job = (Vec<u8>, mpsc::Sender<Answer>);
    static WORKER: OnceLock<Mutex<mpsc::Sender<Job>>> = OnceLock::new();
    let worker = WORKER.get_or_init(|| {
        let (jobs, next) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("grammers-tl-types".into())
            .stack_size(PEER_STACK)
            .spawn(move || {
                for (data, reply) in next {
                    let _ = reply.send(peer::reencode(&data));
                }
            })
            .expect("the grammers-tl-types thread starts");
        Mutex::new(jobs)
    });
    let (reply, answer) = mpsc::channel();
    let sent = worker
        .lock()
        .is_ok_and(|jobs| jobs.send((data.to_vec(), reply)).is_ok());
    assert!(sent, "the grammers-tl-types thread is gone");
    answer.recv().expect("grammers-tl-types answers")
}

/// `data` with the `bytes`/`string` at `at`, whose length byte is `0xff`,
/// written in the long form: `fe ff 00 00`, the same 255 bytes, one byte of
/// padding.
fn long_form_at(data: &[u8], at: usize) -> Vec<u8> {
    let body = data.get(at + 1..at + 256).unwrap_or_default();
    let mut out = data[..at].to_vec();
    out.extend_from_slice(&reference_bytes(body, true, 0));
    out.extend_from_slice(data.get(at + 256..).unwrap_or_default());
    out
}

/// `bytes` (a canonical encoding) with each `string` that is not UTF-8
/// replaced by `String::from_utf8_lossy` of it, canonically encoded:
/// what grammers-tl-types writes for it. Strict decoding finds them one by
/// one, at the start of each.
fn lossy_strings(mut bytes: Vec<u8>) -> Vec<u8> {
    loop {
        let scratch = Arena::new();
        let strict =
            decode_in::<grammers::enums::Object<'_>>(&bytes, &scratch, DecodeOptions::strict());
        let at = match strict {
            Err(e) if e.kind() == DecodeErrorKind::InvalidUtf8 => e.offset(),
            _ => return bytes,
        };
        let (header, len) = match bytes[at] {
            0xfe => (4, word(&bytes[at..at + 4]) as usize >> 8),
            short => (1, usize::from(short)),
        };
        let body = &bytes[at + header..at + header + len];
        let end = (at + header + len).next_multiple_of(4);
        let text = String::from_utf8_lossy(body).into_owned();
        let mut out = bytes[..at].to_vec();
        out.extend_from_slice(&reference_bytes(text.as_bytes(), false, 0));
        out.extend_from_slice(&bytes[end..]);
        bytes = out;
    }
}

/// `Debug` text with the value of every `unknown_flags…` field taken out:
/// the bits of a flags word the schema does not define.
fn without_unknown_flags(debug: &str) -> String {
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug;
    while let Some(i) = rest.find("unknown_flags") {
        let (before, from) = rest.split_at(i);
        out.push_str(before);
        let name_end = from.find(':').map_or(from.len(), |c| c + 1);
        out.push_str(&from[..name_end]);
        rest = from[name_end..].trim_start_matches(|c: char| c == ' ' || c.is_ascii_digit());
    }
    out.push_str(rest);
    out
}

/// `boolTrue`, `boolFalse` or `true` where tlwire wanted another constructor.
fn is_built_in(kind: DecodeErrorKind) -> bool {
    matches!(
        kind,
        DecodeErrorKind::UnknownConstructor {
            id: 0x9972_75b5 | 0xbc79_9737 | 0x3fed_d339,
            ..
        }
    )
}

/// An unknown constructor whose id is one of `peer::MISREAD`'s, the side
/// `side` picks.
fn is_misread(kind: DecodeErrorKind, side: fn((u32, u32)) -> u32) -> bool {
    matches!(kind, DecodeErrorKind::UnknownConstructor { id, .. }
        if peer::MISREAD.iter().any(|&pair| side(pair) == id))
}

fn word(bytes: &[u8]) -> u32 {
    u32::from_le_bytes(bytes.try_into().unwrap_or_default())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
