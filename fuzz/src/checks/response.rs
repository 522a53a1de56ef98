//! The `response` target: the response pipeline for `auth.acceptLoginToken`
//! under several option sets, and how their answers relate.

use tlwire::errors::auth::AcceptLoginTokenError;
use tlwire::functions::auth::AcceptLoginToken;
use tlwire::rpc::{decode_response, Body, MethodError, ResponseError};
use tlwire::{decode_with, enums, Arena, DecodeOptions, Encode, Owned};

use super::strict_only;

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
