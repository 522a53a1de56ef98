//! The TL wire rules, byte for byte: the request vectors, the
//! length forms at every boundary, and what lenient and strict decoding
//! accept, with the offset and path each error reports.

use tlwire::tl_bytes;
use tlwire::{
    decode, decode_in, decode_prefix, decode_with, enums, functions::auth::AcceptLoginToken,
    sample, types, Arena, DecodeErrorKind, DecodeOptions, Encode, EncodeErrorKind, Owned, Reader,
};

/// Hex written with spaces for readability, as bytes.
fn hex(s: &str) -> Vec<u8> {
    hex::decode(s.split_whitespace().collect::<String>()).expect("valid test hex")
}

fn request(token: &[u8]) -> Vec<u8> {
    AcceptLoginToken { token }.to_vec().unwrap()
}

#[test]
fn accept_login_token_vectors() {
    assert_eq!(request(&[1, 2, 3]), hex("4dad94e8 03010203"));
    assert_eq!(request(&[]), hex("4dad94e8 00000000"));
    assert_eq!(request(&[0, 1, 2, 3]), hex("4dad94e8 04000102 03000000"));
    let long = request(&[0xab; 254]);
    assert_eq!(long.len(), 264);
    assert_eq!(&long[..8], &hex("4dad94e8 fefe0000")[..]);
    assert!(long[8..262].iter().all(|&b| b == 0xab));
    assert_eq!(&long[262..], &[0, 0]);
}

/// The expected encoding of a body of `len` bytes, built from the rules.
fn expected_bytes(body: &[u8]) -> Vec<u8> {
    let len = body.len();
    let mut out = if len <= 253 {
        vec![len as u8]
    } else {
        vec![0xfe, len as u8, (len >> 8) as u8, (len >> 16) as u8]
    };
    out.extend_from_slice(body);
    while out.len() % 4 != 0 {
        out.push(0);
    }
    out
}

#[test]
fn length_boundaries_encode_and_decode() {
    for len in (0..=4).chain(252..=256).chain([(1 << 24) - 1]) {
        let body: Vec<u8> = (0..len).map(|i| i as u8).collect();
        let encoded = request(&body);
        assert_eq!(&encoded[4..], &expected_bytes(&body)[..], "length {len}");
        assert_eq!(encoded.len() % 4, 0);
        let back: AcceptLoginToken<'_> = decode_with(&encoded, DecodeOptions::strict()).unwrap();
        assert_eq!(back.token, &body[..], "length {len}");
    }
}

#[test]
fn two_to_the_24_bytes_is_an_error_not_a_truncation() {
    let body = vec![0u8; 1 << 24];
    let value = AcceptLoginToken { token: &body };
    let err = value.encoded_len().unwrap_err();
    assert_eq!(err.kind(), EncodeErrorKind::BytesTooLong { len: 1 << 24 });
    assert!(
        err.to_string()
            .contains("auth.acceptLoginToken#e894ad4d field token"),
        "{err}"
    );
    let mut buf = Vec::new();
    assert!(value.encode(&mut buf).is_err());
    assert!(buf.is_empty(), "nothing written on error");
    assert!(tl_bytes::encoded_len((1 << 24) - 1).is_ok());
}

#[test]
fn encoding_into_a_short_buffer_writes_nothing() {
    let value = AcceptLoginToken {
        token: &[1, 2, 3, 4, 5],
    };
    let mut storage = [0xeeu8; 8];
    let mut slice = &mut storage[..];
    let err = value.encode(&mut slice).unwrap_err();
    assert_eq!(
        err.kind(),
        EncodeErrorKind::BufferTooSmall {
            needed: 12,
            remaining: 8
        }
    );
    assert_eq!(storage, [0xee; 8]);
    let mut exact = [0u8; 12];
    assert_eq!(value.encode(&mut &mut exact[..]).unwrap(), 12);
    assert_eq!(exact[..], request(&[1, 2, 3, 4, 5])[..]);
}

#[test]
fn the_sample_authorization_decodes_field_by_field() {
    let enums::Authorization::Authorization(auth) =
        decode_with(sample::AUTHORIZATION, DecodeOptions::strict()).unwrap();
    assert!(!auth.current && auth.official_app && !auth.password_pending);
    assert!(!auth.encrypted_requests_disabled && !auth.call_requests_disabled && auth.unconfirmed);
    assert_eq!(auth.flags_word(), 0x22);
    assert_eq!(auth.unknown_flags, 0);
    assert_eq!(auth.hash, 0x1c9a_7e3f_52b4_d806);
    assert_eq!(auth.device_model, "Pixel 8 Pro");
    assert_eq!(auth.platform, "Android");
    assert_eq!(auth.system_version, "SDK 34");
    assert_eq!(auth.api_id, 6);
    assert_eq!(auth.app_name, "Telegram Android");
    assert_eq!(auth.app_version, "10.14.5");
    assert_eq!(auth.date_created, 0x6631_31a0);
    assert_eq!(auth.date_active, 0x6631_3fb0);
    assert_eq!(auth.ip, "203.0.113.7");
    assert_eq!(auth.country, "Netherlands");
    assert_eq!(auth.region, "North Holland");
    assert_eq!(auth.to_vec().unwrap(), sample::AUTHORIZATION);
}

#[test]
fn borrowed_strings_point_into_the_input() {
    let enums::Authorization::Authorization(auth) = decode(sample::AUTHORIZATION).unwrap();
    let range = sample::AUTHORIZATION.as_ptr_range();
    assert!(range.contains(&auth.device_model.as_bytes().as_ptr()));
    assert!(range.contains(&auth.region.as_bytes().as_ptr()));
}

#[test]
fn owned_fields_are_slices_of_the_input_bytes() {
    let input = bytes::Bytes::from(sample::AUTHORIZATION.to_vec());
    let range = input.as_ptr_range();
    let owned =
        Owned::<enums::Authorization<'static>>::decode(input, DecodeOptions::strict()).unwrap();
    // The input was moved in, not copied: the fields are slices of it.
    let enums::Authorization::Authorization(auth) = owned.get();
    assert!(range.contains(&auth.device_model.as_bytes().as_ptr()));
    assert_eq!(auth.region, "North Holland");
    assert_eq!(auth.to_vec().unwrap(), sample::AUTHORIZATION);
    assert_eq!(owned.to_vec().unwrap(), sample::AUTHORIZATION);
    // A clone shares the same bytes.
    let copy = owned.clone();
    assert_eq!(copy.bytes().as_ptr(), owned.bytes().as_ptr());
    assert_eq!(copy, owned);
}

#[test]
fn owned_refuses_what_borrowed_refuses() {
    let input = bytes::Bytes::from(sample::AUTHORIZATION[..31].to_vec());
    let owned = Owned::<enums::Authorization<'static>>::decode(input, DecodeOptions::default());
    let borrowed = decode::<enums::Authorization>(&sample::AUTHORIZATION[..31]);
    assert_eq!(owned.unwrap_err(), borrowed.unwrap_err());
}

#[test]
fn truncated_input_names_offset_constructor_and_field() {
    // Cut inside `platform` ("Android": 8 bytes at offset 28).
    let cut = &sample::AUTHORIZATION[..31];
    let err = decode::<enums::Authorization>(cut).unwrap_err();
    assert_eq!(
        err.kind(),
        DecodeErrorKind::UnexpectedEnd { needed: 8, left: 3 }
    );
    assert_eq!(err.offset(), 28);
    assert_eq!(
        err.to_string(),
        "unexpected end of input at byte 28 in authorization#ad01d61d field platform: \
         need 8 bytes, 3 left"
    );
    // Every truncation is an error, never a panic.
    for len in 0..sample::AUTHORIZATION.len() {
        assert!(decode::<enums::Authorization>(&sample::AUTHORIZATION[..len]).is_err());
    }
}

#[test]
fn trailing_bytes_are_an_error_unless_a_prefix_is_asked_for() {
    let mut input = sample::AUTHORIZATION.to_vec();
    input.extend_from_slice(&[1, 2, 3, 4]);
    let err = decode::<enums::Authorization>(&input).unwrap_err();
    assert_eq!(err.kind(), DecodeErrorKind::TrailingBytes { left: 4 });
    assert_eq!(err.offset(), 124);
    let (_, used): (enums::Authorization, usize) =
        decode_prefix(&input, &tlwire::Arena::new(), DecodeOptions::default()).unwrap();
    assert_eq!(used, 124);
}

#[test]
fn a_constructor_of_another_type_is_named_with_the_expected_type() {
    let err = decode::<enums::Authorization>(&request(&[1])).unwrap_err();
    assert_eq!(
        err.kind(),
        DecodeErrorKind::UnknownConstructor {
            id: 0xe894_ad4d,
            expected: "Authorization"
        }
    );
    assert!(
        err.to_string()
            .contains("expected Authorization, found #e894ad4d"),
        "{err}"
    );
    let err = decode::<types::Authorization>(&request(&[1])).unwrap_err();
    assert!(err.to_string().contains("expected authorization"), "{err}");
}

/// An `rpc_error` with the message given as raw `string` bytes.
fn rpc_error_with(message: &[u8]) -> Vec<u8> {
    let mut out = hex("19ca4421 90010000"); // rpc_error#2144ca19, code 400
    out.extend_from_slice(message);
    out
}

#[test]
fn long_form_for_a_short_length_is_lenient_only() {
    let input = rpc_error_with(&hex("fe030000 414243 00")); // "ABC" in the long form
    let lenient: enums::RpcError = decode(&input).unwrap();
    let enums::RpcError::RpcError(e) = &lenient;
    assert_eq!(e.error_message, "ABC");
    assert_eq!(
        lenient.to_vec().unwrap(),
        rpc_error_with(&hex("03414243")),
        "re-encodes canonical"
    );
    let err = decode_with::<enums::RpcError>(&input, DecodeOptions::strict()).unwrap_err();
    assert_eq!(err.kind(), DecodeErrorKind::NonCanonicalLength { len: 3 });
    assert_eq!(err.offset(), 8);
}

#[test]
fn non_zero_padding_is_lenient_only() {
    let input = rpc_error_with(&hex("0141 ffff")); // "A" with padding ff ff
    let lenient: enums::RpcError = decode(&input).unwrap();
    assert_eq!(lenient.to_vec().unwrap(), rpc_error_with(&hex("01410000")));
    let err = decode_with::<enums::RpcError>(&input, DecodeOptions::strict()).unwrap_err();
    assert_eq!(err.kind(), DecodeErrorKind::NonZeroPadding);
    assert!(
        err.to_string()
            .contains("rpc_error#2144ca19 field error_message"),
        "{err}"
    );
}

#[test]
fn invalid_utf8_is_kept_in_lenient_mode_and_rejected_in_strict() {
    let input = rpc_error_with(&hex("02ff fe00"));
    let enums::RpcError::RpcError(e) = decode::<enums::RpcError>(&input).unwrap();
    assert_eq!(e.error_message.as_str(), None);
    assert_eq!(e.error_message.as_bytes(), [0xff, 0xfe]);
    assert_eq!(e.error_message.to_string(), "\u{fffd}\u{fffd}");
    assert_eq!(e.to_vec().unwrap(), input, "the raw bytes round-trip");
    let err = decode_with::<enums::RpcError>(&input, DecodeOptions::strict()).unwrap_err();
    assert_eq!(err.kind(), DecodeErrorKind::InvalidUtf8);
    // The owned form keeps the same verdicts.
    let owned = Owned::<enums::RpcError<'static>>::decode(
        bytes::Bytes::from(input.clone()),
        DecodeOptions::default(),
    )
    .unwrap();
    assert_eq!(owned.to_vec().unwrap(), input);
    let strict = Owned::<enums::RpcError<'static>>::decode(
        bytes::Bytes::from(input.clone()),
        DecodeOptions::strict(),
    );
    assert_eq!(strict.unwrap_err().kind(), DecodeErrorKind::InvalidUtf8);
}

/// Text of every length up to 300 bytes, so every way a `string` read goes
/// (a 16-byte window, two to four blocks of the item, the other short
/// items, the long form), of ASCII and two-, three- and four-byte
/// characters, at the end of the input and with 20 bytes after it. Whole,
/// it reads back as that text in both modes; broken (a last byte of `ff`,
/// or a last character cut short), it stays raw in lenient mode and is
/// refused in strict mode at the item's own offset.
#[test]
fn string_reads_give_std_verdicts_on_every_path() {
    let alphabet = ["a", "é", "Ж", "日", "🎉"];
    let mut checked = [0usize; 3];
    for len in 0..=300 {
        for first in 0..alphabet.len() {
            let mut text = String::new();
            for c in alphabet.iter().cycle().skip(first) {
                if text.len() + c.len() > len {
                    break;
                }
                text.push_str(c);
            }
            while text.len() < len {
                text.push('a');
            }
            let whole = text.as_bytes().to_vec();
            let mut bodies = vec![whole.clone()];
            if let Some(&last) = whole.last() {
                let mut ff = whole.clone();
                *ff.last_mut().unwrap() = 0xff;
                bodies.push(ff);
                if last >= 0x80 {
                    bodies.push(whole[..whole.len() - 1].to_vec());
                }
            }
            for body in &bodies {
                for after in [0, 20] {
                    let mut input = vec![7, 0, 0, 0];
                    tl_bytes::put(&mut input, body);
                    let end = input.len();
                    input.resize(end + after, b'x');
                    for options in [DecodeOptions::default(), DecodeOptions::strict()] {
                        let mut r = Reader::new(&input, options);
                        assert_eq!(r.read_int().unwrap(), 7);
                        let got = r.read_string();
                        let context = format!("{body:02x?}, {after} after, {options:?}");
                        match core::str::from_utf8(body) {
                            Ok(text) => {
                                assert_eq!(got.unwrap().as_str(), Some(text), "{context}");
                                assert_eq!(r.position(), end, "{context}");
                                checked[0] += 1;
                            }
                            Err(_) if !options.is_strict() => {
                                let s = got.unwrap();
                                assert_eq!(s.as_str(), None, "{context}");
                                assert_eq!(s.as_bytes(), &body[..], "{context}");
                                assert_eq!(r.position(), end, "{context}");
                                checked[1] += 1;
                            }
                            Err(_) => {
                                let err = got.unwrap_err();
                                assert_eq!(err.kind(), DecodeErrorKind::InvalidUtf8, "{context}");
                                assert_eq!(err.offset(), 4, "{context}");
                                checked[2] += 1;
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(checked.iter().all(|&n| n > 1000), "{checked:?}");
}

#[test]
fn a_first_length_byte_of_ff_is_always_an_error() {
    let input = rpc_error_with(&hex("ff000000"));
    for options in [DecodeOptions::default(), DecodeOptions::strict()] {
        let err = decode_with::<enums::RpcError>(&input, options).unwrap_err();
        assert_eq!(err.kind(), DecodeErrorKind::InvalidLengthPrefix);
        assert_eq!(err.offset(), 8);
    }
}

#[test]
fn a_length_beyond_the_input_is_an_error_in_both_forms() {
    for prefix in ["10414243", "fe000100 41424344"] {
        let input = rpc_error_with(&hex(prefix));
        for options in [DecodeOptions::default(), DecodeOptions::strict()] {
            let err = decode_with::<enums::RpcError>(&input, options).unwrap_err();
            assert!(
                matches!(err.kind(), DecodeErrorKind::UnexpectedEnd { .. }),
                "{err}"
            );
            assert_eq!(err.offset(), 8);
        }
    }
}

#[test]
fn unknown_flag_bits_survive_decode_then_encode() {
    let mut input = sample::AUTHORIZATION.to_vec();
    input[4] |= 0x40; // bit 6: not defined by the schema
    input[7] |= 0x80; // bit 31
    for options in [DecodeOptions::default(), DecodeOptions::strict()] {
        let enums::Authorization::Authorization(auth) = decode_with(&input, options).unwrap();
        assert_eq!(auth.unknown_flags, 0x8000_0040);
        assert!(auth.official_app && auth.unconfirmed);
        assert_eq!(auth.to_vec().unwrap(), input);
    }
}

#[test]
fn nested_objects_carry_the_path_outermost_first() {
    // rpc_result wrapping a truncated authorization.
    let mut input = hex("016d5cf3 0100000000000000");
    input.extend_from_slice(&sample::AUTHORIZATION[..31]);
    let err =
        decode_in::<enums::RpcResult>(&input, &Arena::new(), DecodeOptions::default()).unwrap_err();
    assert_eq!(err.offset(), 12 + 28);
    assert_eq!(
        err.to_string(),
        "unexpected end of input at byte 40 in rpc_result#f35c6d01 field result > \
         authorization#ad01d61d field platform: need 8 bytes, 3 left"
    );
}

#[test]
fn rpc_result_nesting_is_bounded() {
    let mut input = Vec::new();
    for _ in 0..200 {
        input.extend_from_slice(&hex("016d5cf3 0000000000000000"));
    }
    input.extend_from_slice(sample::AUTHORIZATION);
    let err =
        decode_in::<enums::RpcResult>(&input, &Arena::new(), DecodeOptions::default()).unwrap_err();
    assert!(
        matches!(err.kind(), DecodeErrorKind::LimitExceeded { .. }),
        "{err}"
    );
}

#[test]
fn reader_primitives_read_little_endian() {
    let input = hex("01000000 ffffffffffffffff 000000000000f03f b5757299 3797 79bc");
    let mut r = Reader::new(&input, DecodeOptions::default());
    assert_eq!(r.read_int().unwrap(), 1);
    assert_eq!(r.read_long().unwrap(), -1);
    assert_eq!(r.read_double().unwrap(), 1.0);
    assert!(r.read_bool().unwrap());
    assert!(!r.read_bool().unwrap());
    r.expect_end().unwrap();
    let bytes = hex("0568656c6c6f000000");
    let mut r = Reader::new(&bytes[..8], DecodeOptions::default());
    let s = r.read_string().unwrap();
    assert_eq!(s, "hello");
}

#[test]
fn decode_any_knows_every_constructor_and_function() {
    let arena = tlwire::Arena::new();
    let object =
        tlwire::decode_any(sample::AUTHORIZATION, &arena, DecodeOptions::default()).unwrap();
    assert_eq!(object.tl_name(), "authorization");
    let bytes = request(&[9]);
    let object = tlwire::decode_any(&bytes, &arena, DecodeOptions::default()).unwrap();
    assert_eq!(object.constructor_id(), 0xe894_ad4d);
    let packed = hex("a1cf7230 03010203");
    let object = tlwire::decode_any(&packed, &arena, DecodeOptions::default()).unwrap();
    assert_eq!(object.tl_name(), "gzip_packed");
    assert_eq!(object.to_vec().unwrap(), packed);
}

#[test]
fn a_borrowed_value_copies_into_an_owned_one() {
    let buf = sample::AUTHORIZATION.to_vec();
    let borrowed: enums::Authorization<'_> = decode(&buf).unwrap();
    // Borrowed → owned copies the object once, into one buffer.
    let owned = Owned::<enums::Authorization<'static>>::copy_of(&borrowed).unwrap();
    assert_eq!(owned.get(), &borrowed);
    drop(buf);
    let enums::Authorization::Authorization(auth) = owned.get();
    assert_eq!(auth.region, "North Holland");
    assert_eq!(owned.bytes(), sample::AUTHORIZATION);
    // Values borrowing different buffers compare: the lifetime is covariant.
    let other = sample::AUTHORIZATION.to_vec();
    let again: enums::Authorization<'_> = decode(&other).unwrap();
    assert_eq!(owned.get(), &again);
}

#[test]
fn objects_name_their_boxed_type() {
    // Every boxed type of the shipped lines, once, in schema order.
    let types = enums::Object::BOXED_TYPES;
    for ty in [
        "Authorization",
        "RpcResult",
        "RpcError",
        "Pong",
        "ResPQ",
        "JSONValue",
    ] {
        assert_eq!(types.iter().filter(|t| **t == ty).count(), 1, "{ty}");
    }
    let position = |ty: &str| types.iter().position(|t| *t == ty);
    assert!(position("InputClientProxy") < position("Authorization"));
    let arena = tlwire::Arena::new();
    let object =
        tlwire::decode_any(sample::AUTHORIZATION, &arena, DecodeOptions::default()).unwrap();
    assert_eq!(object.type_name(), Some("Authorization"));
    let packed = hex("a1cf7230 00000000");
    let object = tlwire::decode_any(&packed, &arena, DecodeOptions::default()).unwrap();
    assert_eq!(object.type_name(), Some("Object"));
    let object =
        tlwire::decode_any(sample::ACCEPT_LOGIN_TOKEN, &arena, DecodeOptions::default()).unwrap();
    assert_eq!(object.type_name(), None, "a function is no constructor");
}

#[test]
fn the_registry_names_every_id_of_the_shipped_lines() {
    use tlwire::{
        functions::auth::AcceptLoginToken, name_for_id, type_for_id, Identifiable, COMBINATORS,
    };
    assert!(
        COMBINATORS.windows(2).all(|w| w[0].0 < w[1].0),
        "sorted by id, each once"
    );
    // As many as the shipped lines define, read by the schema parser.
    let shipped: usize = ["tl/api.tl", "tl/mtproto.tl"]
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            tlwire_schema::parse(&text).unwrap().definitions.len()
        })
        .sum();
    assert_eq!(COMBINATORS.len(), shipped);
    assert_eq!(name_for_id(0xad01_d61d), Some("authorization"));
    assert_eq!(type_for_id(0xad01_d61d), Some("Authorization"));
    assert_eq!(
        name_for_id(AcceptLoginToken::CONSTRUCTOR_ID),
        Some("auth.acceptLoginToken")
    );
    assert_eq!(
        type_for_id(AcceptLoginToken::CONSTRUCTOR_ID),
        None,
        "a function makes no type"
    );
    assert_eq!(type_for_id(0x3072_cfa1), Some("Object"), "gzip_packed");
    assert_eq!(name_for_id(0xdead_beef), None);
    // Every constructor decodes as the type the registry names.
    let arena = tlwire::Arena::new();
    let object =
        tlwire::decode_any(sample::AUTHORIZATION, &arena, DecodeOptions::default()).unwrap();
    assert_eq!(object.type_name(), type_for_id(0xad01_d61d));
}

/// A part read with a reader of its own spends the whole decode's budget:
/// what it charges counts after it, and no number of parts buys more.
#[test]
fn parts_read_within_share_the_budget_and_offsets() {
    use tlwire::{DecodeErrorKind, DecodeOptions, Limit, Reader};
    let wire = [0u8; 16];
    let options = DecodeOptions::default().with_max_alloc(10);
    let mut r = Reader::new(&wire, options);
    r.read_within(8, |part| {
        part.charge(6)?;
        part.read_long()
    })
    .unwrap();
    assert_eq!((r.spent(), r.position()), (6, 8));
    let error = r
        .read_within(8, |part| {
            part.charge(6)?;
            part.read_long()
        })
        .unwrap_err();
    assert_eq!(
        error.kind(),
        DecodeErrorKind::LimitExceeded {
            limit: Limit::Allocation(10)
        }
    );
    // Offsets are in the whole input: a part that ends early is named at 12.
    let mut r = Reader::new(&wire, DecodeOptions::default());
    r.read_int().unwrap();
    let error = r.read_within(12, |part| part.read_long()).unwrap_err();
    assert_eq!(
        (error.kind().name(), error.offset()),
        ("trailing_bytes", 12)
    );
}
