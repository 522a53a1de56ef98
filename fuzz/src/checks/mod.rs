//! The property each fuzz target checks, one function per target: here the
//! table of targets, what every decode target shares
//! ([`decode_properties!`], [`same`], [`strict_only`]) and the two decode
//! targets; one module for each other target.
//!
//! One copy, two users: the libFuzzer targets in `fuzz/fuzz_targets/` call
//! these through the `tlwire-fuzz` library, and `tests/fuzz_corpus.rs` in the
//! main crate includes this very module with `#[path]` to replay every input
//! of `fuzz/corpus/` and `fuzz/regressions/` under a plain `cargo test`. So
//! these files name only `tlwire` (features `gzip`, `qr`), `tlwire-schema`,
//! `tlwire-codegen` and `std`.
//!
//! Every function takes the raw fuzzer input and panics (through `assert!`)
//! when a property breaks; an input is never "invalid" for a check.

use tlwire::bytes::Bytes;
use tlwire::{
    decode_any, decode_in, decode_prefix, enums, Arena, DecodeError, DecodeErrorKind,
    DecodeOptions, Encode, Owned,
};

pub(crate) mod bytes;
mod envelope;
mod qr;
mod response;
mod schema;

pub use bytes::bytes_roundtrip;
pub use envelope::envelope;
pub use qr::qr_url;
pub use response::response;
pub use schema::schema_parser;

/// A target's check: panics when a property breaks on `data`.
pub type Check = fn(&[u8]);

/// Every target by name (the directory name under `fuzz/corpus/` and
/// `fuzz/regressions/`, and the file name under `fuzz/fuzz_targets/`).
pub const TARGETS: &[(&str, Check)] = &[
    ("decode_authorization", decode_authorization),
    ("decode_any", decode_any_object),
    ("response", response),
    ("bytes_roundtrip", bytes_roundtrip),
    ("schema_parser", schema_parser),
    ("qr_url", qr_url),
    ("envelope", envelope),
];

/// The error kinds that only strict mode raises: what lenient decoding
/// accepts and strict decoding refuses must be one of these.
pub(crate) fn strict_only(kind: DecodeErrorKind) -> bool {
    matches!(
        kind,
        DecodeErrorKind::NonCanonicalLength { .. }
            | DecodeErrorKind::NonZeroPadding
            | DecodeErrorKind::InvalidUtf8
            | DecodeErrorKind::NonCanonicalGzip(_)
    )
}

/// The properties every top-level decode of a boxed type `$borrowed` (and
/// its owned form, `Owned<$owned>`) from any bytes `$data` must have:
///
/// - no panic, in either mode or form;
/// - both forms give the same verdict, the same value, the same error;
/// - strict accepts ⇒ lenient accepts the same value, and re-encoding gives
///   back exactly the input (strict accepts only canonical bytes);
/// - lenient accepts but strict refuses ⇒ only for a strict-only reason;
/// - lenient accepts ⇒ decode(encode(x)) == x, leniently (a non-UTF-8
///   string survives as raw bytes, which strict mode would refuse);
/// - a prefix decode agrees with the whole decode: it reads the whole input
///   when that decodes, and stops where the trailing bytes start otherwise.
///
/// A macro rather than a generic function: the lifetime of the decoded type
/// changes between the input and the re-encoded buffer.
macro_rules! decode_properties {
    ($data:expr, $borrowed:ty, $owned:ty, $extra:expr) => {{
        let data: &[u8] = $data;
        let shared_input = Bytes::copy_from_slice(data);
        let arena = Arena::new();
        let strict = decode_in::<$borrowed>(data, &arena, DecodeOptions::strict());
        let lenient = decode_in::<$borrowed>(data, &arena, DecodeOptions::lenient());

        for (opts, borrowed) in [
            (DecodeOptions::strict(), &strict),
            (DecodeOptions::lenient(), &lenient),
        ] {
            let owned = Owned::<$owned>::decode(shared_input.clone(), opts);
            match (borrowed, &owned) {
                (Ok(b), Ok(s)) => {
                    assert!(same(s.get(), b), "owned and borrowed differ: {s:?} / {b:?}")
                }
                (Err(b), Err(s)) => assert_eq!(b, s, "owned and borrowed fail differently"),
                _ => panic!("owned {owned:?} and borrowed {borrowed:?} disagree"),
            }
            let _ = borrowed.as_ref().map_err(DecodeError::to_string);
        }

        if let Ok(value) = &strict {
            let encoded = value.to_vec().expect("a strictly decoded value encodes");
            assert_eq!(encoded, data, "strict decode then encode changed the bytes");
            assert!(
                lenient.as_ref().is_ok_and(|l| same(l, value)),
                "strict accepts, lenient does not agree"
            );
        }

        match &lenient {
            Ok(value) => {
                if let Err(e) = &strict {
                    assert!(
                        strict_only(e.kind()),
                        "lenient accepts, strict refuses for a reason lenient shares: {e}"
                    );
                }
                let encoded = value.to_vec().expect("a leniently decoded value encodes");
                assert_eq!(value.encoded_len().ok(), Some(encoded.len()));
                let again = decode_in::<$borrowed>(&encoded, &arena, DecodeOptions::lenient())
                    .expect("the encoding of a decoded value decodes");
                assert!(same(&again, value), "decode(encode(x)) != x");
                let owned = Owned::<$owned>::copy_of(value).expect("a decoded value converts");
                assert!(same(owned.get(), value), "copy_of changed the value");
                let (prefix, read) =
                    decode_prefix::<$borrowed>(data, &arena, DecodeOptions::lenient())
                        .expect("a prefix decode of a whole value");
                assert!(same(&prefix, value) && read == data.len());
                let extra: fn(&$borrowed, &[u8]) = $extra;
                extra(value, &encoded);
            }
            Err(e) => {
                if let DecodeErrorKind::TrailingBytes { left } = e.kind() {
                    let (_, read) =
                        decode_prefix::<$borrowed>(data, &arena, DecodeOptions::lenient())
                            .expect("trailing bytes follow a complete value");
                    assert_eq!(read.checked_add(left), Some(data.len()));
                }
            }
        }
    }};
}

/// Two decoded values are the same: equal, or, for values holding a NaN
/// `double` (which is never equal to itself), encoding to the same bytes.
pub(crate) fn same<T: PartialEq + Encode + ?Sized>(a: &T, b: &T) -> bool {
    a == b || matches!((a.to_vec(), b.to_vec()), (Ok(x), Ok(y)) if x == y)
}

/// `decode_authorization`: an `Authorization` from any bytes.
pub fn decode_authorization(data: &[u8]) {
    decode_properties!(
        data,
        enums::Authorization<'_>,
        enums::Authorization<'static>,
        |_, _| {}
    );
}

/// `decode_any`: any boxed object the crate knows, from any bytes
/// (`tlwire::decode_any`); with a tight depth limit too, which may only
/// refuse more, never decode differently.
pub fn decode_any_object(data: &[u8]) {
    decode_properties!(
        data,
        enums::Object<'_>,
        enums::Object<'static>,
        |value, encoded| {
            assert_eq!(value.constructor_id().to_le_bytes(), encoded[..4]);
            let _ = value.tl_name();
        }
    );
    let arena = Arena::new();
    let default = decode_any(data, &arena, DecodeOptions::default());
    let shallow = decode_any(data, &arena, DecodeOptions::default().with_max_depth(2));
    if let Ok(value) = &shallow {
        assert!(
            default.as_ref().is_ok_and(|d| same(d, value)),
            "a lower depth limit changed the value"
        );
    }
}
