//! The demo the tool runs with no arguments: a QR login on the built-in
//! samples, from the URL to the typed answer.

use std::fmt;
use std::io::Write;

use flate2::{write::GzEncoder, Compression};
use tlwire::qr::{login_url, LoginToken};
use tlwire::rpc::{decode_response, Body, MethodError, ResponseError};
use tlwire::{enums, functions, sample, types, DecodeOptions, Encode, Identifiable};

use crate::failure::{Failure, Outcome};
use crate::output::{write_json_line, RpcErrorJson};
use crate::readable::print_tree;

/// The `req_msg_id` of the demo's answers: a client msg_id (unix time
/// 1714500000 in the high half, a multiple of 4).
pub(crate) const DEMO_MSG_ID: i64 = (1_714_500_000 << 32) | 4;

/// The demo: a QR login, from the URL to the typed answer.
///
/// The sample token stands for a credential: only its length is printed,
/// and the request is shown with the token left out.
pub(crate) fn demo(out: &mut impl Write) -> Outcome {
    writeln!(
        out,
        "tlwire {} demo (schema layer {}): accepting a QR login",
        env!("CARGO_PKG_VERSION"),
        tlwire::LAYER
    )?;

    writeln!(out)?;
    let url = login_url(sample::LOGIN_TOKEN);
    writeln!(out, "1. The new device shows a QR code of this URL:")?;
    writeln!(out, "     {url}")?;
    let token = LoginToken::from_qr_url(&url)?;
    writeln!(
        out,
        "   Parsed: a login token of {} bytes (a credential: not shown).",
        token.len()
    )?;

    writeln!(out)?;
    let request = token.request();
    let wire = request.to_vec()?;
    writeln!(
        out,
        "2. The logged-in device sends {}#{:08x} ({} bytes):",
        functions::auth::AcceptLoginToken::TL_NAME,
        functions::auth::AcceptLoginToken::CONSTRUCTOR_ID,
        wire.len()
    )?;
    writeln!(out, "     {}", redacted_request(&wire, token.len()))?;
    writeln!(out, "     (constructor id | length | token | padding)")?;

    writeln!(out)?;
    let options = DecodeOptions::strict();
    let arena = tlwire::Arena::new();
    let authorization: types::Authorization<'_> =
        tlwire::decode_with(sample::AUTHORIZATION, options)?;
    let answer = rpc_result(DEMO_MSG_ID, enums::Object::Authorization(&authorization))?;
    writeln!(
        out,
        "3. The answer: rpc_result#{:08x} ({} bytes), req_msg_id {DEMO_MSG_ID}.",
        types::RpcResult::CONSTRUCTOR_ID,
        answer.len()
    )?;
    let plain = match decode_response::<functions::auth::AcceptLoginToken<'_>>(
        &answer,
        &arena,
        DEMO_MSG_ID,
        options,
    )? {
        Body::Borrowed(authorization) => authorization,
        Body::Owned(_) => return Err(demo_failure("a plain answer came back inflated")),
    };
    writeln!(
        out,
        "   decode_response::<auth.acceptLoginToken> checks the msg_id and gives the typed result,"
    )?;
    writeln!(out, "   borrowed from the answer:")?;
    print_tree(
        plain.tl_name(),
        plain.constructor_id(),
        plain.encoded_len()?,
        &plain,
        3,
        out,
    )?;
    let gzip = gzip(sample::AUTHORIZATION)?;
    let packed = types::GzipPacked { packed_data: &gzip };
    let packed = rpc_result(DEMO_MSG_ID, enums::Object::GzipPacked(packed))?;
    match decode_response::<functions::auth::AcceptLoginToken<'_>>(
        &packed,
        &arena,
        DEMO_MSG_ID,
        options,
    )? {
        Body::Owned(inflated) if *inflated.get() == plain => {}
        _ => return Err(demo_failure("the gzip_packed answer decoded differently")),
    }
    writeln!(
        out,
        "   The same answer gzip_packed ({} bytes) decodes to the same authorization,",
        packed.len()
    )?;
    writeln!(out, "   owning the inflated buffer.")?;

    writeln!(out)?;
    let message = "AUTH_TOKEN_EXPIRED";
    let error = types::RpcError {
        error_code: 400,
        error_message: message.into(),
    };
    let answer = rpc_result(DEMO_MSG_ID, enums::Object::RpcError(error))?;
    writeln!(
        out,
        "4. Or an error answer: rpc_result ({} bytes) holding rpc_error 400 \"{message}\".",
        answer.len()
    )?;
    let error = match decode_response::<functions::auth::AcceptLoginToken<'_>>(
        &answer,
        &arena,
        DEMO_MSG_ID,
        options,
    ) {
        Err(ResponseError::Rpc(e)) => e,
        Err(other) => return Err(other.into()),
        Ok(_) => return Err(demo_failure("an rpc_error came back as a result")),
    };
    let rpc = error.rpc_error();
    writeln!(
        out,
        "   The typed error, tlwire::errors::auth::AcceptLoginTokenError:"
    )?;
    writeln!(out, "     variant: {}", variant_name(&error))?;
    writeln!(
        out,
        "     schema name: {}",
        error.schema_name().unwrap_or("(none: not a listed error)")
    )?;
    writeln!(out, "     class: {}", rpc.class())?;
    writeln!(
        out,
        "     name: {}, argument: {}",
        rpc.name(),
        rpc.argument()
            .map_or_else(|| "none".to_owned(), |n| n.to_string())
    )?;
    writeln!(
        out,
        "   `tlwire response accept-login-token` prints it and exits 2:"
    )?;
    write!(out, "     ")?;
    write_json_line(out, &RpcErrorJson::of(&error))?;

    writeln!(out)?;
    writeln!(
        out,
        "Next: tlwire qr decode URL, tlwire request accept-login-token --qr-url URL,"
    )?;
    writeln!(
        out,
        "      tlwire response accept-login-token --msg-id N HEX, tlwire --help"
    )?;
    Ok(())
}

/// The demo went wrong: the library disagrees with the samples.
pub(crate) fn demo_failure(what: &str) -> Failure {
    Failure::Demo(what.to_owned())
}

/// `rpc_result req_msg_id result`, encoded.
pub(crate) fn rpc_result(req_msg_id: i64, result: enums::Object<'_>) -> Result<Vec<u8>, Failure> {
    let answer = types::RpcResult {
        req_msg_id,
        result: &result,
    };
    Ok(answer.to_vec()?)
}

/// `data` compressed as a `gzip_packed` carries it.
pub(crate) fn gzip(data: &[u8]) -> Result<Vec<u8>, Failure> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(data)?;
    Ok(encoder.finish()?)
}

/// An `auth.acceptLoginToken` request with the token left out:
/// `4dad94e8 | 20 | <32 token bytes> | 000000`.
pub(crate) fn redacted_request(wire: &[u8], token_len: usize) -> String {
    let header = if token_len <= 253 { 1 } else { 4 };
    let part = |from: usize, to: usize| hex::encode(wire.get(from..to).unwrap_or_default());
    let padding = part(4 + header + token_len, wire.len());
    format!(
        "{} | {} | <{token_len} token bytes> | {}",
        part(0, 4),
        part(4, 4 + header),
        if padding.is_empty() {
            "(none)"
        } else {
            &padding
        }
    )
}

/// The variant of a typed error, as its `Debug` names it (`AuthTokenExpired`).
pub(crate) fn variant_name(error: &impl fmt::Debug) -> String {
    let debug = format!("{error:?}");
    debug
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .next()
        .unwrap_or_default()
        .to_owned()
}
