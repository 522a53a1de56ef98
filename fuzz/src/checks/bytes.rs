//! The `bytes_roundtrip` target: TL `bytes` and `string` of any length and
//! content against an encoding written from the TL rules, in every form the
//! decoder must accept or refuse.

use std::fmt::Debug;

use tlwire::bytes::Bytes;
use tlwire::functions::auth::AcceptLoginToken;
use tlwire::rpc::{decode_response, MethodError, ResponseError};
use tlwire::{
    decode_any, decode_prefix, decode_with, enums, types, Arena, DecodeError, DecodeErrorKind,
    DecodeOptions, Encode, EncodeErrorKind, Owned, TlStr,
};

// The ids as the schema lines give them, not as the crate computes them:
// the encodings here are the reference the crate is compared with.
const ACCEPT_LOGIN_TOKEN_ID: u32 = 0xe894_ad4d;
const RPC_RESULT_ID: u32 = 0xf35c_6d01;
const RPC_ERROR_ID: u32 = 0x2144_ca19;

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
