//! The checks of the whole-layer targets: `layer` (the official layer) and
//! `layer_diff` (grammers-tl-types' copy of a layer, decoded by tlwire and by
//! grammers-tl-types). Their layers come from the crates in `fuzz/layers/`,
//! which the main crate's tests do not build, so these checks are replayed
//! by cargo-fuzz alone (`.ci/run` replays their committed inputs).

use std::sync::Once;

use tlwire::bytes::Bytes;
use tlwire::{
    decode_in, decode_prefix, Arena, DecodeError, DecodeErrorKind, DecodeOptions, Encode, Owned,
};
use tlwire_fuzz_grammers::{self as grammers, peer};
use tlwire_fuzz_official::{self as official, OFFICIAL_ABSENT};

use crate::checks::{same, strict_only};
use crate::counting_alloc::counted;

/// What a refused decode may allocate besides the budget: its error, one
/// box and a path no longer than the nesting, whatever the input's size.
const ERROR_SLACK: usize = 4 << 10;

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
            let allowed = budget + if result.is_err() { ERROR_SLACK } else { 0 };
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
/// target (`checks::decode_properties!`), and allocation within the
/// budget. Without the official schema files it says so once and checks
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
/// byte for byte. Each is a row of the table in `FUZZING.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Difference {
    /// grammers-tl-types has no decoder for the id: a generic request
    /// (`invokeWithLayer`), which it only encodes.
    NoPeerDecoder,
    /// tlwire stopped at one of its limits (depth, allocation); grammers-tl-types
    /// has none, and is not run on such input.
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
    /// 255-byte string, tlwire refuses a length form no encoder writes.
    LengthByte255,
    /// A `string` that is not UTF-8: grammers-tl-types replaces what is not
    /// UTF-8 with U+FFFD and writes that back; tlwire keeps the bytes
    /// (lenient) or refuses them (strict).
    LossyUtf8,
    /// A combinator whose line has no written id and has a `bytes` field
    /// (`tlsBlockString`): grammers-tl-types infers another id than the TL
    /// rule gives (`peer::MISREAD`), so each refuses the other's. A bug in
    /// grammers-tl-types' parser.
    PeerInfersAnotherId,
    /// Bits of a flags word the schema does not define: tlwire keeps them,
    /// grammers-tl-types drops them.
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
            // Before grammers runs: it has no depth limit, and a nest tlwire
            // refuses could take its stack.
            DecodeErrorKind::LimitExceeded { .. } => return Err(Difference::TlwireLimit),
            DecodeErrorKind::TrailingBytes { left } => {
                let object = &data[..data.len() - left];
                assert_eq!(
                    peer::reencode(data),
                    peer::reencode(object),
                    "grammers-tl-types reads past the object tlwire read"
                );
                compare(object)?;
                return Err(Difference::TrailingBytes);
            }
            _ => {}
        }
    }
    let Some(theirs) = peer::reencode(data) else {
        return match ours {
            Ok(_) => Err(Difference::NoPeerDecoder),
            Err(_) => Ok(()),
        };
    };
    let (value, theirs, read) = match (ours, theirs) {
        (Err(_), Err(_)) => return Ok(()),
        (Err(e), Ok(_)) if e.kind() == DecodeErrorKind::InvalidLengthPrefix => {
            return Err(Difference::LengthByte255)
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
        peer::reencode(&theirs).and_then(Result::ok),
        Some((theirs.clone(), theirs.len())),
        "grammers-tl-types changes its own bytes"
    );
    let strict = decode_in::<grammers::enums::Object<'_>>(&ours, &scratch, DecodeOptions::strict());
    if strict.is_err_and(|e| e.kind() == DecodeErrorKind::InvalidUtf8) {
        return Err(Difference::LossyUtf8);
    }
    // Otherwise the only difference allowed: flag bits grammers-tl-types
    // cleared, each in a word of its own (every TL field is 4-aligned).
    let cleared_bits_only = ours.len() == theirs.len()
        && ours
            .chunks_exact(4)
            .zip(theirs.chunks_exact(4))
            .all(|(o, t)| word(t) & !word(o) == 0);
    assert!(
        cleared_bits_only,
        "tlwire and grammers-tl-types write back different bytes:\n  tlwire   {}\n  grammers {}",
        hex(&ours),
        hex(&theirs)
    );
    Err(Difference::UnknownFlagBits)
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
