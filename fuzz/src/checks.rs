//! The property each fuzz target checks, one function per target.
//!
//! One copy, two users: the libFuzzer targets in `fuzz/fuzz_targets/` call
//! these through the `tlwire-fuzz` library, and `tests/fuzz_corpus.rs` in the
//! main crate includes this very file with `#[path]` to replay every input of
//! `fuzz/corpus/` and `fuzz/regressions/` under a plain `cargo test`. So this
//! file names only `tlwire` (features `gzip`, `qr`), `tlwire-schema`,
//! `tlwire-codegen` and `std`.
//!
//! Every function takes the raw fuzzer input and panics (through `assert!`)
//! when a property breaks; an input is never "invalid" for a check.

use std::fmt::Debug;

use tlwire::bytes::Bytes;
use tlwire::errors::auth::AcceptLoginTokenError;
use tlwire::functions::auth::AcceptLoginToken;
use tlwire::qr::{self, LoginToken, QrError};
use tlwire::rpc::{decode_response, Body, MethodError, ResponseError};
use tlwire::{
    decode_any, decode_in, decode_prefix, decode_with, enums, types, Arena, DecodeError,
    DecodeErrorKind, DecodeOptions, Encode, EncodeErrorKind, Owned, TlStr,
};
use tlwire_codegen as codegen;
use tlwire_schema::{self as schema, Definition};

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

const ACCEPT_LOGIN_TOKEN_ID: u32 = 0xe894_ad4d;
const RPC_RESULT_ID: u32 = 0xf35c_6d01;
const RPC_ERROR_ID: u32 = 0x2144_ca19;

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

/// The options the response target runs with: lenient, strict, and lenient
/// with limits low enough that fuzzed inputs reach them.
fn response_options() -> [DecodeOptions; 3] {
    [
        DecodeOptions::default(),
        DecodeOptions::strict(),
        DecodeOptions::default()
            .with_max_inflated_len(1 << 16)
            .with_max_packed_depth(1)
            .with_max_depth(4),
    ]
}

type Answer<'b> = Result<Body<'b, AcceptLoginToken<'b>>, ResponseError<AcceptLoginTokenError>>;

/// What an answer says when the bytes were one: the body or the RPC error.
#[allow(clippy::type_complexity)]
fn said<'x, 'b>(
    answer: &'x Answer<'b>,
) -> Option<Result<&'x Body<'b, AcceptLoginToken<'b>>, &'x AcceptLoginTokenError>> {
    match answer {
        Ok(body) => Some(Ok(body)),
        Err(ResponseError::Rpc(error)) => Some(Err(error)),
        Err(_) => None,
    }
}

/// `response`: the response pipeline for `auth.acceptLoginToken` on any
/// bytes. The first 8 bytes of the input are the `req_msg_id` the caller
/// expects (little-endian, zero-filled when short), the rest is the
/// `rpc_result`; so both a matching and a mismatching id are reachable, and
/// when the id does not match the check runs again with the id found.
///
/// - no panic, under default, strict and small limits;
/// - a mismatch reports the ids exactly, and the id found then matches;
/// - strict accepts ⇒ lenient gives the same answer; the small limits
///   accept ⇒ the default ones give the same answer;
/// - an answer re-encodes and decodes back equal (borrowed and shared); a
///   plain answer that strict decoding accepted re-encodes to exactly the
///   bytes after the 12-byte `rpc_result` header;
/// - an RPC error's helpers (name, argument, class, the method's variant)
///   never panic, and a variant's schema name matches the error.
pub fn response(data: &[u8]) {
    let split = data.len().min(8);
    let (id, buf) = data.split_at(split);
    let mut id_bytes = [0u8; 8];
    id_bytes[..split].copy_from_slice(id);
    let expected = i64::from_le_bytes(id_bytes);

    let arena = Arena::new();
    let answers = response_answers(buf, &arena, expected);
    let found = answers.iter().find_map(|answer| match answer {
        Err(ResponseError::MsgIdMismatch { expected: e, found }) => {
            assert_eq!(*e, expected);
            let header = buf.get(4..12).expect("a mismatch comes after the id");
            assert_eq!(found.to_le_bytes(), header);
            Some(*found)
        }
        _ => None,
    });
    if let Some(found) = found {
        for answer in response_answers(buf, &arena, found) {
            assert!(
                !matches!(answer, Err(ResponseError::MsgIdMismatch { .. })),
                "the id found in the answer does not match it"
            );
        }
    }
}

/// Runs the pipeline under each of [`response_options`], checks each answer
/// and how they relate; returns them.
fn response_answers<'a>(buf: &'a [u8], arena: &'a Arena, req_msg_id: i64) -> Vec<Answer<'a>> {
    let answers: Vec<Answer<'_>> = response_options()
        .into_iter()
        .map(|opts| {
            let answer = decode_response::<AcceptLoginToken<'_>>(buf, arena, req_msg_id, opts);
            check_answer(buf, &answer, opts.is_strict());
            answer
        })
        .collect();
    let [lenient, strict, small] = &answers[..] else {
        unreachable!("three option sets")
    };
    if let Some(outcome) = said(strict) {
        assert_eq!(
            said(lenient),
            Some(outcome),
            "strict and lenient answers differ"
        );
    }
    if let Some(outcome) = said(small) {
        assert_eq!(
            said(lenient),
            Some(outcome),
            "lower limits changed the answer"
        );
    }
    if let Err(ResponseError::Decode(e)) = strict {
        if said(lenient).is_some() {
            assert!(
                strict_only(e.kind()),
                "strict refuses for a shared reason: {e}"
            );
        }
    }
    answers
}

fn check_answer(buf: &[u8], answer: &Answer<'_>, strict: bool) {
    match answer {
        Ok(Body::Borrowed(auth)) => {
            let encoded = auth.to_vec().expect("an answer encodes");
            if strict {
                assert_eq!(
                    Some(&encoded[..]),
                    buf.get(12..),
                    "strict answer re-encodes differently"
                );
            }
            let again: enums::Authorization<'_> =
                decode_with(&encoded, DecodeOptions::lenient()).expect("re-encoded answer decodes");
            assert_eq!(&again, auth, "decode(encode(answer)) != answer");
            let owned = Owned::<enums::Authorization<'static>>::copy_of(auth)
                .expect("an answer converts to its owned form");
            assert_eq!(owned.get(), auth);
        }
        Ok(Body::Owned(auth)) => {
            let value = auth.get();
            let encoded = value.to_vec().expect("an answer encodes");
            let again: enums::Authorization<'_> =
                decode_with(&encoded, DecodeOptions::lenient()).expect("re-encoded answer decodes");
            assert_eq!(&again, value, "decode(encode(answer)) != answer (owned)");
        }
        Err(ResponseError::Rpc(method_error)) => {
            let error = method_error.rpc_error();
            assert_eq!(
                answer.as_ref().err().and_then(ResponseError::rpc_error),
                Some(error)
            );
            let _ = method_error.to_string();
            let _ = (
                error.name(),
                error.argument(),
                error.class(),
                error.to_string(),
            );
            if let Some(name) = method_error.schema_name() {
                assert!(error.is(name), "{error} sorted as {name}");
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

/// The input of `bytes_roundtrip`, split by a fixed layout (documented in
/// fuzz/README.md) rather than by `arbitrary`, so that `cargo test` replays a
/// corpus file exactly as libFuzzer ran it without depending on the
/// `arbitrary` crate's encoding:
///
/// | byte | meaning |
/// |---|---|
/// | 0 | `mode`: 1 repeats the body `repeat + 1` times (lengths up to 1 MiB, so the third length byte varies); 2 also checks that a body of 2^24 + `repeat` bytes is refused; any other value, neither (the costly modes stay rare) |
/// | 1 | `fill`: the value of non-zero padding (0 means 1) and of a trailing byte |
/// | 2 | `repeat` |
/// | 3..7 | `error_code` of the `rpc_error`, little-endian |
/// | 7.. | the body |
///
/// Missing header bytes read as zero.
struct BytesCase<'a> {
    mode: u8,
    fill: u8,
    repeat: u8,
    code: i32,
    body: &'a [u8],
}

impl<'a> BytesCase<'a> {
    fn new(data: &'a [u8]) -> Self {
        let byte = |i: usize| data.get(i).copied().unwrap_or(0);
        Self {
            mode: byte(0),
            fill: byte(1),
            repeat: byte(2),
            code: i32::from_le_bytes([byte(3), byte(4), byte(5), byte(6)]),
            body: data.get(7..).unwrap_or(&[]),
        }
    }
}

/// The TL `bytes` encoding, written here from the TL serialization rules independently of
/// tlwire's: the reference the crate's output is compared with.
pub(crate) fn reference_bytes(body: &[u8], long_form: bool, padding: u8) -> Vec<u8> {
    let len = body.len();
    assert!(len < 1 << 24);
    let mut out = if long_form || len > 253 {
        vec![0xfe, len as u8, (len >> 8) as u8, (len >> 16) as u8]
    } else {
        vec![len as u8]
    };
    out.extend_from_slice(body);
    while out.len() % 4 != 0 {
        out.push(padding);
    }
    out
}

fn with_id(id: u32, rest: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::from(id.to_le_bytes());
    for part in rest {
        out.extend_from_slice(part);
    }
    out
}

fn kind<T: Debug>(result: Result<T, DecodeError>) -> DecodeErrorKind {
    result.expect_err("malformed input decoded").kind()
}

/// `bytes_roundtrip`: a `bytes` and a `string` of any length and content
/// (see [`BytesCase`] for the input layout), through
/// `auth.acceptLoginToken` and `rpc_error`:
///
/// - the encoding is exactly the reference encoding, and `encoded_len`
///   says its length; a buffer one byte short is refused, untouched;
/// - it decodes back equal, strictly and leniently, borrowed and shared, and
///   through `decode_any`; the `string` keeps every byte, is text exactly
///   when it is UTF-8, and strict mode refuses it otherwise; the response
///   pipeline hands the message over (lossily where it is not UTF-8);
/// - non-canonical forms made from it (the long form for a length ≤ 253,
///   non-zero padding) are accepted leniently with the same body and refused
///   strictly, at the field's offset, with the kind that says why;
/// - malformed forms are refused in both modes: truncated (unexpected end),
///   a first length byte 0xff, a byte after the object (trailing bytes,
///   while a prefix decode reads exactly the object);
/// - bodies of 2^24 bytes or more are refused by the encoder.
pub fn bytes_roundtrip(data: &[u8]) {
    let case = BytesCase::new(data);
    let repeated;
    let body = if case.mode == 1 {
        repeated = case.body.repeat(usize::from(case.repeat) + 1);
        &repeated[..]
    } else {
        case.body
    };
    let fill = case.fill.max(1);

    // auth.acceptLoginToken token:bytes
    let canonical = reference_bytes(body, false, 0);
    let request = AcceptLoginToken { token: body };
    let encoded = request.to_vec().expect("a body below 2^24 bytes encodes");
    assert_eq!(encoded, with_id(ACCEPT_LOGIN_TOKEN_ID, &[&canonical]));
    assert_eq!(request.encoded_len().ok(), Some(encoded.len()));
    let mut short = vec![0xa5; encoded.len() - 1];
    let err = request
        .encode(&mut &mut short[..])
        .expect_err("a buffer one byte short");
    assert!(
        matches!(err.kind(), EncodeErrorKind::BufferTooSmall { .. }),
        "{err}"
    );
    assert!(short.iter().all(|&b| b == 0xa5), "a refused encode wrote");
    check_token(&encoded, body, true);

    // rpc_error error_code:int error_message:string
    let message = types::RpcError {
        error_code: case.code,
        error_message: TlStr::new(body),
    };
    let error_bytes = message.to_vec().expect("a body below 2^24 bytes encodes");
    let code = case.code.to_le_bytes();
    assert_eq!(error_bytes, with_id(RPC_ERROR_ID, &[&code, &canonical]));
    check_message(&error_bytes, body, case.code, None);

    // Non-canonical forms: lenient accepts, strict refuses.
    let mut forms = Vec::new();
    if body.len() <= 253 {
        forms.push(reference_bytes(body, true, 0));
        forms.push(reference_bytes(body, true, fill));
    }
    if canonical.len() > body.len() + if body.len() <= 253 { 1 } else { 4 } {
        forms.push(reference_bytes(body, false, fill));
    }
    for form in &forms {
        let expected = if form[0] == 0xfe && body.len() <= 253 {
            DecodeErrorKind::NonCanonicalLength { len: body.len() }
        } else {
            DecodeErrorKind::NonZeroPadding
        };
        let token = with_id(ACCEPT_LOGIN_TOKEN_ID, &[form]);
        check_token(&token, body, false);
        let err = decode_with::<AcceptLoginToken<'_>>(&token, DecodeOptions::strict())
            .expect_err("strict mode refuses a non-canonical form");
        assert_eq!((err.kind(), err.offset()), (expected, 4), "{err}");
        let error = with_id(RPC_ERROR_ID, &[&code, form]);
        check_message(&error, body, case.code, Some(expected));
    }

    // Malformed in both modes.
    for opts in [DecodeOptions::lenient(), DecodeOptions::strict()] {
        let decode = |bytes: &[u8]| kind(decode_with::<AcceptLoginToken<'_>>(bytes, opts));
        let cut = usize::from(case.repeat) % encoded.len() + 1;
        for cut in [1, cut] {
            let truncated = &encoded[..encoded.len() - cut];
            assert!(matches!(
                decode(truncated),
                DecodeErrorKind::UnexpectedEnd { .. }
            ));
        }
        let mut ff = encoded.clone();
        ff[4] = 0xff;
        assert_eq!(decode(&ff), DecodeErrorKind::InvalidLengthPrefix);
        let mut trailing = encoded.clone();
        trailing.push(fill);
        assert_eq!(
            decode(&trailing),
            DecodeErrorKind::TrailingBytes { left: 1 }
        );
        let arena = Arena::new();
        let (value, read) = decode_prefix::<AcceptLoginToken<'_>>(&trailing, &arena, opts)
            .expect("a prefix decode ignores what follows");
        assert_eq!((value.token, read), (body, encoded.len()));
    }

    if case.mode == 2 {
        // A slice of `ZEROS`, which nothing reads: the length check comes
        // before any write.
        let len = (1 << 24) + usize::from(case.repeat);
        let err = AcceptLoginToken {
            token: &ZEROS[..len],
        }
        .to_vec()
        .expect_err("2^24 bytes or more have no TL encoding");
        assert_eq!(err.kind(), EncodeErrorKind::BytesTooLong { len });
    }
}

/// More bytes than TL can carry, in `.bss`: untouched, it costs neither time
/// nor memory (a heap buffer this size would be zeroed on every run).
static ZEROS: [u8; (1 << 24) + 256] = [0; (1 << 24) + 256];

/// `bytes` of an `auth.acceptLoginToken` decode back to `body`, leniently
/// and (when `canonical`) strictly, borrowed, owned and via `decode_any`.
fn check_token(encoded: &[u8], body: &[u8], canonical: bool) {
    let shared_input = Bytes::copy_from_slice(encoded);
    let modes: &[DecodeOptions] = if canonical {
        &[DecodeOptions::lenient(), DecodeOptions::strict()]
    } else {
        &[DecodeOptions::lenient()]
    };
    for &opts in modes {
        let borrowed = decode_with::<AcceptLoginToken<'_>>(encoded, opts).expect("token decodes");
        assert_eq!(borrowed.token, body);
        let owned = Owned::<AcceptLoginToken<'static>>::decode(shared_input.clone(), opts)
            .expect("token decodes (owned)");
        assert_eq!(owned.get().token, body);
        let arena = Arena::new();
        match decode_any(encoded, &arena, opts).expect("token decodes (any)") {
            enums::Object::AuthAcceptLoginToken(any) => assert_eq!(any.token, body),
            other => panic!("decode_any gave {}", other.tl_name()),
        }
    }
}

/// An `rpc_error` whose message is `body` decodes back borrowed and owned;
/// strict mode refuses it when the body is not UTF-8 (or, with
/// `non_canonical`, always, for that reason); the response pipeline hands it
/// over as the method's error.
fn check_message(encoded: &[u8], body: &[u8], code: i32, non_canonical: Option<DecodeErrorKind>) {
    let utf8 = std::str::from_utf8(body).is_ok();
    let shared_input = Bytes::copy_from_slice(encoded);
    for opts in [DecodeOptions::lenient(), DecodeOptions::strict()] {
        let refusal = match (opts.is_strict(), non_canonical) {
            (false, _) => None,
            (true, Some(kind)) => Some(kind),
            (true, None) if !utf8 => Some(DecodeErrorKind::InvalidUtf8),
            (true, None) => None,
        };
        let borrowed = decode_with::<types::RpcError<'_>>(encoded, opts);
        let owned = Owned::<types::RpcError<'static>>::decode(shared_input.clone(), opts);
        match refusal {
            Some(kind) => {
                let err = borrowed.expect_err("strict mode refuses this message");
                assert_eq!((err.kind(), err.offset()), (kind, 8), "{err}");
                assert_eq!(
                    owned.expect_err("strict mode refuses this message (owned)"),
                    err
                );
            }
            None => {
                let borrowed = borrowed.expect("message decodes");
                let kept = owned.expect("message decodes (owned)");
                let owned = kept.get();
                assert_eq!(borrowed.error_code, code);
                assert_eq!(borrowed.error_message.as_bytes(), body);
                assert_eq!(borrowed.error_message.is_utf8(), utf8);
                assert_eq!(owned.error_code, code);
                assert_eq!(owned.error_message.as_bytes(), body);
                assert_eq!(owned.error_message.is_utf8(), utf8);
            }
        }

        let msg_id = i64::from(code);
        let answer = with_id(RPC_RESULT_ID, &[&msg_id.to_le_bytes(), encoded]);
        let arena = Arena::new();
        match decode_response::<AcceptLoginToken<'_>>(&answer, &arena, msg_id, opts) {
            Err(ResponseError::Rpc(e)) => {
                assert!(refusal.is_none());
                assert_eq!(e.rpc_error().code, code);
                assert_eq!(e.rpc_error().message, String::from_utf8_lossy(body));
                assert_eq!(e.rpc_error().message_bytes(), body, "every byte kept");
            }
            Err(ResponseError::Decode(e)) => {
                assert_eq!(Some(e.kind()), refusal, "{e}");
            }
            Ok(_) => panic!("an rpc_error answered as a result"),
            Err(e) => panic!("{e}"),
        }
    }
}

/// `schema_parser`: any text (the input, lossily as UTF-8) through the
/// schema parser.
///
/// - `parse_lossy`, `Definition::from_str` and the id check never panic;
/// - every definition parsed prints (`Display`) and the print parses back
///   (`FromStr`) to an equal definition — apart from `line`, and the
///   section, which one line does not carry — and prints the same again;
/// - every definition's id line and CRC32 id can be computed;
/// - the code generator, as `tlwire schema generate` runs it (lines it
///   cannot use skipped, with a warning), and as this crate's build runs it
///   (failing instead), never panics nor recurses without end, and skips or
///   refuses only with a message.
pub fn schema_parser(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = text.parse::<Definition>();
    let (parsed, errors) = schema::parse_lossy(&text);
    for error in &errors {
        let _ = error.to_string();
    }
    for def in &parsed.definitions {
        let printed = def.to_string();
        let mut again: Definition = printed
            .parse()
            .unwrap_or_else(|e| panic!("{printed:?}, printed from {def:?}, does not parse: {e}"));
        again.line = def.line;
        again.category = def.category;
        assert_eq!(&again, def, "{printed:?} parses to another definition");
        assert_eq!(again.to_string(), printed, "printing is not stable");
        let _ = (def.id_line(), def.computed_id(), def.id_or_computed());
    }
    for core in &parsed.core_lines {
        let _ = core.to_string();
    }
    let _ = schema::verify(&parsed).is_ok();

    let source = codegen::Source {
        name: "fuzz.tl",
        text: &text,
        kind: codegen::SourceKind::Schema,
    };
    let lenient = codegen::Options::default()
        .skip_unusable(true)
        .keep_mismatched_ids(true)
        .samples(true);
    match codegen::generate_sources(&[source], &lenient) {
        Ok(generated) => assert!(
            generated.warnings.iter().all(|w| w.starts_with("fuzz.tl:")),
            "a warning that does not name its place: {:?}",
            generated.warnings
        ),
        Err(e) => assert!(!e.0.is_empty(), "an error without a message"),
    }
    if let Err(e) = codegen::generate_sources(&[source], &codegen::Options::crate_build()) {
        assert!(e.0.iter().all(|m| !m.is_empty()), "an empty error message");
    }
}

/// `qr_url`: any text (the input, lossily as UTF-8) as a QR-login URL, and
/// the input bytes as a token.
///
/// - `parse_login_url` never panics, and `LoginToken::from_qr_url` and
///   `str::parse` agree with it; an error's offset lies inside the URL;
/// - an accepted token is not empty, and `login_url` of it parses back to
///   it, as does the padded form, with `=` or `%3D`, and with an extra
///   parameter after it;
/// - `login_url` of any non-empty input parses back to the input (the same
///   forms); of the empty input it is refused as an empty token.
pub fn qr_url(data: &[u8]) {
    let url = String::from_utf8_lossy(data);
    let parsed = qr::parse_login_url(&url);
    assert_eq!(
        LoginToken::from_qr_url(&url).map(LoginToken::into_bytes),
        parsed
    );
    assert_eq!(
        url.parse::<LoginToken>().map(LoginToken::into_bytes),
        parsed
    );
    match &parsed {
        Ok(token) => {
            assert!(!token.is_empty(), "an empty token was accepted");
            check_token_url(token);
        }
        Err(e) => {
            let _ = e.to_string();
            if let Some(offset) = qr_offset(e) {
                assert!(
                    offset <= url.len(),
                    "{e} points past the URL ({} bytes)",
                    url.len()
                );
            }
        }
    }
    if data.is_empty() {
        assert_eq!(
            qr::parse_login_url(&qr::login_url(data)),
            Err(QrError::EmptyToken {
                offset: qr::URL_PREFIX.len()
            })
        );
    } else {
        check_token_url(data);
    }
}

fn qr_offset(e: &QrError) -> Option<usize> {
    match *e {
        QrError::Fragment { offset }
        | QrError::DuplicateToken { offset }
        | QrError::EmptyToken { offset }
        | QrError::PercentEscape { offset }
        | QrError::InvalidCharacter { offset, .. }
        | QrError::InvalidPadding { offset }
        | QrError::InvalidLength { offset, .. }
        | QrError::TrailingBits { offset } => Some(offset),
        _ => None,
    }
}

/// The URL `login_url` writes for a non-empty `token`, and its padded and
/// extended forms, all parse back to `token`; its request carries it.
fn check_token_url(token: &[u8]) {
    let url = qr::login_url(token);
    let padding = "=".repeat((4 - (url.len() - qr::URL_PREFIX.len()) % 4) % 4);
    let forms = [
        url.clone(),
        format!("{url}{padding}"),
        format!("{url}{}", padding.replace('=', "%3D")),
        format!("{url}{}", padding.replace('=', "%3d")),
        format!("{url}{padding}&v=1"),
    ];
    for form in &forms {
        assert_eq!(qr::parse_login_url(form).as_deref(), Ok(token), "{form}");
    }
    let login = LoginToken::from(token);
    assert_eq!(login.to_qr_url(), url);
    assert_eq!(
        login.request().to_vec().ok(),
        AcceptLoginToken { token }.to_vec().ok()
    );
}

/// `msg_container` (and a single `message`) on any bytes:
///
/// - reading never panics and never yields a body outside the input; the
///   iteration ends at the first envelope error, which names its message;
/// - each message's outcome depends on its own bytes alone: its body
///   decoded inside the container and again alone in a container of one
///   (re-encoded) give the same verdict and the same value, in both modes;
/// - an `rpc_result` body splits into the request id and the rest, and the
///   response pipeline on it agrees with the split's request id;
/// - a `msg_copy` body gives back a message inside the body or an error;
/// - a body decoded owned (sharing the input's buffer) gets the verdict and
///   value of the borrowed decode, when it is not packed;
/// - a container written from the messages read reads back to them.
pub fn envelope(data: &[u8]) {
    use tlwire::envelope::{
        encode_container, Container, Message, MsgCopy, Outgoing, RawBody, RpcResult,
    };

    let range = data.as_ptr_range();
    let inside = |body: &[u8]| {
        let r = body.as_ptr_range();
        body.is_empty() || (r.start >= range.start && r.end <= range.end)
    };
    let _ = Message::read(data).map(|(m, used)| {
        assert!(inside(m.body) && used <= data.len());
    });
    let Ok(container) = Container::read(data) else {
        return;
    };
    let declared = container.len();
    let mut read: Vec<Message<'_>> = Vec::new();
    for item in container {
        match item {
            Ok(message) => {
                assert!(inside(message.body), "a body outside the input");
                read.push(message);
            }
            Err(e) => assert!(e.message.is_none() || e.message == Some(read.len()), "{e}"),
        }
    }
    assert!(read.len() <= declared);
    let arena = Arena::new();
    let received = Bytes::copy_from_slice(data);
    for message in &read {
        if let Ok(original) = MsgCopy::read(message.body) {
            let r = message.body.as_ptr_range();
            let o = original.body.as_ptr_range();
            assert!(original.body.is_empty() || (o.start >= r.start && o.end <= r.end));
        }
        let packed = message.body_id()
            == Some(<types::GzipPacked<'_> as tlwire::Identifiable>::CONSTRUCTOR_ID);
        let owned = message
            .decode_owned::<tlwire::enums::Object<'static>>(&received, DecodeOptions::lenient());
        match (
            owned,
            decode_any(message.body, &arena, DecodeOptions::lenient()),
        ) {
            _ if packed => {}
            (Ok(a), Ok(b)) => assert!(same(a.get(), &b), "{a:?} / {b:?}"),
            (Err(a), Err(b)) => assert_eq!(a.kind(), b.kind()),
            (a, b) => panic!("owned and borrowed decodes disagree: {a:?} / {b:?}"),
        }
        let raw = RawBody::new(message.body);
        let mut alone = Vec::new();
        if encode_container(
            &[Outgoing::new(message.msg_id, message.seqno, &raw)],
            &mut alone,
        )
        .is_err()
        {
            continue; // a nested container, refused on the way out
        }
        let mut again = Container::read(&alone).expect("a container just written");
        let single = again.next().expect("one message").expect("well formed");
        assert_eq!(single, *message);
        for options in [DecodeOptions::lenient(), DecodeOptions::strict()] {
            let here = decode_any(message.body, &arena, options).map(|o| o.to_vec().ok());
            let there = decode_any(single.body, &arena, options).map(|o| o.to_vec().ok());
            match (here, there) {
                (Ok(a), Ok(b)) => assert_eq!(a, b),
                (Err(a), Err(b)) => assert_eq!(a.kind(), b.kind()),
                (a, b) => panic!("a message's outcome changed with its neighbours: {a:?} / {b:?}"),
            }
        }
        if let Ok(split) = RpcResult::read(message.body) {
            assert_eq!(split.result.len() + 12, message.body.len());
            let answer = decode_response::<AcceptLoginToken>(
                message.body,
                &arena,
                split.req_msg_id,
                DecodeOptions::lenient(),
            );
            if let Err(ResponseError::MsgIdMismatch { .. }) = answer {
                panic!("the split's request id is the pipeline's");
            }
        }
    }
    // Written back, the messages read again the same.
    let raws: Vec<RawBody<'_>> = read.iter().map(|m| RawBody::new(m.body)).collect();
    let items: Vec<Outgoing<'_>> = read
        .iter()
        .zip(&raws)
        .map(|(m, raw)| Outgoing::new(m.msg_id, m.seqno, raw))
        .collect();
    let mut out = Vec::new();
    if encode_container(&items, &mut out).is_ok() {
        let back: Vec<Message<'_>> = Container::read(&out)
            .expect("written")
            .map(|m| m.expect("well formed"))
            .collect();
        assert_eq!(back, read);
    }
}
