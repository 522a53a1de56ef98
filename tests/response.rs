//! The response pipeline end to end: plain, gzip-packed and error bodies of
//! an `rpc_result`, each method error and its variants, msg id checks, and
//! the limits on inflating.

use tlwire::errors::auth::AcceptLoginTokenError as AcceptErrors;
use tlwire::functions::auth::AcceptLoginToken;
use tlwire::rpc::{decode_response, Body, Callers, ErrorClass, MethodError, ResponseError};
use tlwire::{enums, sample, Arena, DecodeErrorKind, DecodeOptions, Function};

const MSG_ID: i64 = 0x5f00_0000_0000_0004;

#[path = "support/answers.rs"]
mod answers;
use answers::{gzip_packed, rpc_error, rpc_result};

/// An arena for one answer, as long-lived as the test's answers: they
/// borrow it, and an `authorization` puts nothing in it.
fn arena() -> &'static Arena {
    Box::leak(Box::default())
}

fn answer(bytes: &[u8]) -> Result<Body<'_, AcceptLoginToken<'_>>, ResponseError<AcceptErrors>> {
    decode_response::<AcceptLoginToken<'_>>(bytes, arena(), MSG_ID, DecodeOptions::default())
}

fn error_of(bytes: &[u8]) -> AcceptErrors {
    match answer(bytes) {
        Err(ResponseError::Rpc(e)) => e,
        other => panic!("expected an RPC error, got {other:?}"),
    }
}

#[test]
fn a_plain_body_borrows_from_the_input() {
    let bytes = rpc_result(MSG_ID, sample::AUTHORIZATION);
    let Body::Borrowed(enums::Authorization::Authorization(auth)) = answer(&bytes).unwrap() else {
        panic!("expected a borrowed authorization");
    };
    assert_eq!(auth.app_version, "10.14.5");
    assert!(bytes
        .as_ptr_range()
        .contains(&auth.app_version.as_bytes().as_ptr()));
}

#[test]
#[cfg(feature = "gzip")]
fn a_gzip_packed_body_is_inflated_and_owned() {
    let bytes = rpc_result(MSG_ID, &gzip_packed(sample::AUTHORIZATION));
    let Body::Owned(owned) = answer(&bytes).unwrap() else {
        panic!("expected an owned authorization");
    };
    drop(bytes);
    // The answer lives in the inflated buffer, which the `Owned` keeps.
    assert_eq!(owned.bytes(), sample::AUTHORIZATION);
    let tlwire::enums::Authorization::Authorization(auth) = owned.get();
    assert_eq!(auth.region, "North Holland");
    assert_eq!(auth.country, "Netherlands");
    assert!(owned
        .bytes()
        .as_ptr_range()
        .contains(&auth.country.as_bytes().as_ptr()));
}

#[test]
fn each_method_error_and_its_variants() {
    let cases = [
        (
            "AUTH_TOKEN_ALREADY_ACCEPTED",
            Some("AUTH_TOKEN_ALREADY_ACCEPTED"),
        ),
        ("AUTH_TOKEN_EXCEPTION", Some("AUTH_TOKEN_EXCEPTION")),
        ("AUTH_TOKEN_EXPIRED", Some("AUTH_TOKEN_EXPIRED")),
        ("AUTH_TOKEN_INVALID", Some("AUTH_TOKEN_INVALIDX")),
        ("AUTH_TOKEN_INVALID1", Some("AUTH_TOKEN_INVALIDX")),
        ("AUTH_TOKEN_INVALID2", Some("AUTH_TOKEN_INVALIDX")),
        ("AUTH_TOKEN_INVALIDX", Some("AUTH_TOKEN_INVALIDX")),
        ("AUTH_TOKEN_INVALIDA", None),
        ("AUTH_KEY_UNREGISTERED", None),
        ("FLOOD_WAIT_42", None),
    ];
    for (message, schema_name) in cases {
        let e = error_of(&rpc_result(MSG_ID, &rpc_error(400, message)));
        assert_eq!(e.schema_name(), schema_name, "{message}");
        assert_eq!(e.rpc_error().message, message, "nothing is lost");
        assert_eq!(e.rpc_error().code, 400);
    }
    let e = error_of(&rpc_result(MSG_ID, &rpc_error(400, "AUTH_TOKEN_EXPIRED")));
    assert!(matches!(e, AcceptErrors::AuthTokenExpired(_)));
    let e = error_of(&rpc_result(MSG_ID, &rpc_error(400, "AUTH_TOKEN_INVALID2")));
    assert!(matches!(
        e,
        AcceptErrors::AuthTokenInvalid {
            number: Some(2),
            ..
        }
    ));
    assert_eq!(e.rpc_error().name(), "AUTH_TOKEN_INVALID");
    assert_eq!(e.rpc_error().argument(), Some(2));
    let e = error_of(&rpc_result(MSG_ID, &rpc_error(400, "AUTH_TOKEN_INVALID")));
    assert!(matches!(
        e,
        AcceptErrors::AuthTokenInvalid { number: None, .. }
    ));
}

#[test]
fn flood_waits_and_unknown_errors_keep_their_data() {
    let e = error_of(&rpc_result(MSG_ID, &rpc_error(420, "FLOOD_WAIT_42")));
    let AcceptErrors::Other(e) = e else {
        panic!("not a listed error");
    };
    assert_eq!((e.name().as_ref(), e.argument()), ("FLOOD_WAIT", Some(42)));
    assert_eq!(e.class(), ErrorClass::Flood);
    let e = error_of(&rpc_result(MSG_ID, &rpc_error(-503, "Timeout")));
    assert_eq!(e.rpc_error().class(), ErrorClass::Internal);
    assert_eq!(e.schema_name(), None);
}

#[test]
#[cfg(feature = "gzip")]
fn a_gzip_packed_error_is_typed_too() {
    let bytes = rpc_result(MSG_ID, &gzip_packed(&rpc_error(400, "AUTH_TOKEN_EXPIRED")));
    assert!(matches!(
        error_of(&bytes),
        AcceptErrors::AuthTokenExpired(_)
    ));
}

#[test]
fn a_msg_id_mismatch_is_an_error() {
    let bytes = rpc_result(MSG_ID + 4, sample::AUTHORIZATION);
    assert_eq!(
        answer(&bytes).unwrap_err(),
        ResponseError::MsgIdMismatch {
            expected: MSG_ID,
            found: MSG_ID + 4
        }
    );
}

#[test]
fn not_an_rpc_result_and_trailing_bytes_are_errors() {
    let ResponseError::Decode(e) = answer(sample::AUTHORIZATION).unwrap_err() else {
        panic!("expected a decode error");
    };
    assert_eq!(
        e.kind(),
        DecodeErrorKind::UnknownConstructor {
            id: 0xad01_d61d,
            expected: "RpcResult"
        }
    );
    let mut bytes = rpc_result(MSG_ID, sample::AUTHORIZATION);
    bytes.push(0);
    let ResponseError::Decode(e) = answer(&bytes).unwrap_err() else {
        panic!("expected a decode error");
    };
    assert_eq!(e.kind(), DecodeErrorKind::TrailingBytes { left: 1 });
}

#[test]
#[cfg(feature = "gzip")]
fn errors_inside_inflated_data_name_the_layers_outermost_first() {
    let bytes = rpc_result(MSG_ID, &gzip_packed(&sample::AUTHORIZATION[..31]));
    let ResponseError::Decode(e) = answer(&bytes).unwrap_err() else {
        panic!("expected a decode error");
    };
    assert_eq!(e.offset(), 28, "relative to the inflated bytes");
    assert_eq!(
        e.to_string(),
        "unexpected end of input at byte 28 in rpc_result#f35c6d01 field result > \
         gzip_packed#3072cfa1 field packed_data > inflated > \
         authorization#ad01d61d field platform: need 8 bytes, 3 left"
    );
}

#[test]
#[cfg(feature = "gzip")]
fn invalid_gzip_is_a_typed_error() {
    let packed = answers::gzip_packed_as_is(b"definitely not gzip");
    let ResponseError::Decode(e) = answer(&rpc_result(MSG_ID, &packed)).unwrap_err() else {
        panic!("expected a decode error");
    };
    assert_eq!(e.kind(), DecodeErrorKind::InvalidGzip);
    assert_eq!(e.offset(), 16, "where packed_data starts");
}

#[test]
#[cfg(feature = "gzip")]
fn packing_nests_up_to_the_limit() {
    let twice = gzip_packed(&gzip_packed(sample::AUTHORIZATION));
    assert!(matches!(
        answer(&rpc_result(MSG_ID, &twice)).unwrap(),
        Body::Owned(_)
    ));
    // Strict mode takes one layer only.
    let err = decode_response::<AcceptLoginToken<'_>>(
        &rpc_result(MSG_ID, &twice),
        arena(),
        MSG_ID,
        DecodeOptions::strict(),
    )
    .unwrap_err();
    let ResponseError::Decode(e) = err else {
        panic!("expected a decode error")
    };
    assert!(
        matches!(e.kind(), DecodeErrorKind::NonCanonicalGzip(_)),
        "{e}"
    );
    let thrice = gzip_packed(&twice);
    let ResponseError::Decode(e) = answer(&rpc_result(MSG_ID, &thrice)).unwrap_err() else {
        panic!("expected a decode error");
    };
    assert_eq!(
        e.kind(),
        DecodeErrorKind::LimitExceeded {
            limit: tlwire::Limit::PackedDepth(2)
        }
    );
}

#[test]
#[cfg(feature = "gzip")]
fn a_gzip_bomb_is_refused_at_the_budget_or_the_cap() {
    // 48 MiB of zeros compress to about 48 KiB.
    let bomb = gzip_packed(&vec![0u8; 48 << 20]);
    assert!(bomb.len() < 100_000);
    let bytes = rpc_result(MSG_ID, &bomb);
    // By default the decode's allocation budget stops it first.
    let ResponseError::Decode(e) = answer(&bytes).unwrap_err() else {
        panic!("expected a decode error");
    };
    let budget = DecodeOptions::default().alloc_budget(bytes.len());
    assert!(budget < 16 << 20);
    assert_eq!(
        e.kind(),
        DecodeErrorKind::LimitExceeded {
            limit: tlwire::Limit::Allocation(budget)
        }
    );
    // With a budget beyond it, the inflated-size cap holds.
    let options = DecodeOptions::default().with_max_alloc(usize::MAX);
    let err =
        decode_response::<AcceptLoginToken<'_>>(&bytes, arena(), MSG_ID, options).unwrap_err();
    let ResponseError::Decode(e) = err else {
        panic!("expected a decode error")
    };
    assert_eq!(
        e.kind(),
        DecodeErrorKind::LimitExceeded {
            limit: tlwire::Limit::InflatedSize(16 << 20)
        }
    );
    // A configured cap holds the same way.
    let small = gzip_packed(&vec![0u8; 4096]);
    let options = DecodeOptions::default().with_max_inflated_len(4095);
    let bytes = rpc_result(MSG_ID, &small);
    let err =
        decode_response::<AcceptLoginToken<'_>>(&bytes, arena(), MSG_ID, options).unwrap_err();
    let ResponseError::Decode(e) = err else {
        panic!("expected a decode error")
    };
    assert_eq!(
        e.kind(),
        DecodeErrorKind::LimitExceeded {
            limit: tlwire::Limit::InflatedSize(4095)
        }
    );
}

#[test]
fn the_method_knows_who_may_call_it() {
    assert_eq!(
        <AcceptLoginToken<'_> as Function>::CALLERS,
        Some(Callers::Users)
    );
}

#[test]
fn the_request_debug_never_shows_the_token() {
    let request = AcceptLoginToken {
        token: &[0xde, 0xad, 0xbe, 0xef],
    };
    let debug = format!("{request:?}");
    assert_eq!(debug, "AcceptLoginToken { token: <4 bytes> }");
}

#[test]
#[cfg(not(feature = "gzip"))]
fn without_the_gzip_feature_a_packed_body_is_unsupported() {
    let bytes = rpc_result(MSG_ID, &gzip_packed(sample::AUTHORIZATION));
    let ResponseError::Decode(e) = answer(&bytes).unwrap_err() else {
        panic!("expected a decode error");
    };
    assert!(matches!(e.kind(), DecodeErrorKind::Unsupported(_)), "{e}");
}

#[test]
fn an_error_message_is_paid_for_from_the_budget() {
    let bytes = rpc_result(MSG_ID, &rpc_error(400, "AUTH_TOKEN_EXPIRED"));
    // The message's copy, charged before it is made.
    let tight = DecodeOptions::default().with_max_alloc(18 - 1);
    let err = decode_response::<AcceptLoginToken<'_>>(&bytes, arena(), MSG_ID, tight).unwrap_err();
    let ResponseError::Decode(e) = err else {
        panic!("expected a decode error")
    };
    assert_eq!(
        e.kind(),
        DecodeErrorKind::LimitExceeded {
            limit: tlwire::Limit::Allocation(18 - 1)
        }
    );
    let enough = DecodeOptions::default().with_max_alloc(18);
    let outcome = decode_response::<AcceptLoginToken<'_>>(&bytes, arena(), MSG_ID, enough);
    assert!(
        matches!(outcome, Err(ResponseError::Rpc(_))),
        "the method's error"
    );
    // A message that is not UTF-8 is kept as it came and shown readable
    // beside it: up to four bytes a message byte.
    let bytes = rpc_result(MSG_ID, &rpc_error(400, b"BAD\xff"));
    let tight = DecodeOptions::default().with_max_alloc(4 * 4 - 1);
    let outcome = decode_response::<AcceptLoginToken<'_>>(&bytes, arena(), MSG_ID, tight);
    assert!(
        matches!(outcome, Err(ResponseError::Decode(_))),
        "{outcome:?}"
    );
    let enough = DecodeOptions::default().with_max_alloc(4 * 4);
    let outcome = decode_response::<AcceptLoginToken<'_>>(&bytes, arena(), MSG_ID, enough);
    let Err(ResponseError::Rpc(error)) = outcome else {
        panic!("the method's error: {outcome:?}")
    };
    assert_eq!(error.rpc_error().message_bytes(), b"BAD\xff");
}

#[test]
#[cfg(feature = "gzip")]
fn inside_gzip_packed_the_budget_is_the_whole_decodes() {
    let error = rpc_error(400, "AUTH_TOKEN_EXPIRED");
    let bytes = rpc_result(MSG_ID, &gzip_packed(&error));
    // Room for the inflated bytes, not for them and the message's copy too.
    let budget = error.len() + 18 - 1;
    let options = DecodeOptions::default().with_max_alloc(budget);
    let err =
        decode_response::<AcceptLoginToken<'_>>(&bytes, arena(), MSG_ID, options).unwrap_err();
    let ResponseError::Decode(e) = err else {
        panic!("expected a decode error")
    };
    // The limit named is the budget of the whole input, not what was left
    // of it inside.
    assert_eq!(
        e.kind(),
        DecodeErrorKind::LimitExceeded {
            limit: tlwire::Limit::Allocation(budget)
        },
        "{e}"
    );
    let options = DecodeOptions::default().with_max_alloc(budget + 1);
    let outcome = decode_response::<AcceptLoginToken<'_>>(&bytes, arena(), MSG_ID, options);
    assert!(
        matches!(outcome, Err(ResponseError::Rpc(_))),
        "the method's error"
    );
}

/// Every way an answer can fail goes through one `?` into a boxed error
/// (what `anyhow` takes too: `Error + Send + Sync + 'static`), reads as a
/// person would want, and is still the typed error underneath.
#[test]
fn every_failure_goes_through_one_question_mark() {
    type Boxed = Box<dyn std::error::Error + Send + Sync + 'static>;
    fn device_model(bytes: &[u8]) -> Result<String, Boxed> {
        let arena = Arena::new();
        let body =
            decode_response::<AcceptLoginToken<'_>>(bytes, &arena, MSG_ID, Default::default())?;
        let enums::Authorization::Authorization(auth) = body.get();
        Ok(auth.device_model.to_string())
    }
    assert_eq!(
        device_model(&rpc_result(MSG_ID, sample::AUTHORIZATION)).unwrap(),
        "Pixel 8 Pro"
    );
    #[cfg(feature = "gzip")]
    assert_eq!(
        device_model(&rpc_result(MSG_ID, &gzip_packed(sample::AUTHORIZATION))).unwrap(),
        "Pixel 8 Pro"
    );

    let expired = device_model(&rpc_result(MSG_ID, &rpc_error(400, "AUTH_TOKEN_EXPIRED")));
    let expired = expired.unwrap_err();
    assert_eq!(
        expired.to_string(),
        "rpc error 400 AUTH_TOKEN_EXPIRED: The login token expired; a fresh QR code must be scanned."
    );
    let typed = expired
        .downcast_ref::<ResponseError<AcceptErrors>>()
        .expect("the typed error underneath");
    assert!(matches!(
        typed,
        ResponseError::Rpc(AcceptErrors::AuthTokenExpired(_))
    ));
    assert_eq!(typed.rpc_error().map(|e| e.code), Some(400));

    let unlisted = device_model(&rpc_result(MSG_ID, &rpc_error(420, "FLOOD_WAIT_7"))).unwrap_err();
    assert_eq!(unlisted.to_string(), "rpc error 420 FLOOD_WAIT_7");

    let other_request = device_model(&rpc_result(MSG_ID + 1, sample::AUTHORIZATION)).unwrap_err();
    assert!(
        other_request.to_string().contains("answers message"),
        "{other_request}"
    );
    let malformed = device_model(&[1, 2, 3]).unwrap_err();
    let typed = malformed
        .downcast_ref::<ResponseError<AcceptErrors>>()
        .unwrap();
    assert!(matches!(typed, ResponseError::Decode(_)), "{typed}");
    assert_eq!(typed.rpc_error(), None);
}
