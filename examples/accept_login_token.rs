//! A QR login's request and its three kinds of answer, end to end on
//! bytes: the `auth.acceptLoginToken` request a logged-in device sends, and
//! the `rpc_result` that answers it — plain, `gzip_packed`, or an RPC error.
//!
//! ```sh
//! cargo run --example accept_login_token
//! ```

use std::error::Error;
use std::io::Write;

use tlwire::errors::auth::AcceptLoginTokenError;
use tlwire::functions::auth::AcceptLoginToken;
use tlwire::rpc::{decode_response, ResponseError};
use tlwire::{enums, sample, types, Arena, DecodeOptions, Encode};

/// The message id the request went out with (a client's ids are even).
const MSG_ID: i64 = (1_714_500_000 << 32) | 4;

fn main() -> Result<(), Box<dyn Error>> {
    // The request: the token from the QR code, in one exact-length buffer.
    let request = AcceptLoginToken {
        token: sample::LOGIN_TOKEN,
    };
    let bytes = request.to_vec()?;
    println!(
        "request: {} bytes, {request:?} (the token is a credential: never shown)",
        bytes.len()
    );

    // The answers a server may send for it.
    let authorization: types::Authorization<'_> = tlwire::decode(sample::AUTHORIZATION)?;
    let plain = rpc_result(enums::Object::Authorization(&authorization))?;
    let packed_data = gzip(sample::AUTHORIZATION)?;
    let packed = rpc_result(enums::Object::GzipPacked(types::GzipPacked {
        packed_data: &packed_data,
    }))?;
    let expired = rpc_result(enums::Object::RpcError(types::RpcError {
        error_code: 400,
        error_message: "AUTH_TOKEN_EXPIRED".into(),
    }))?;

    let arena = Arena::new();
    for (what, answer) in [
        ("plain", &plain),
        ("gzip_packed", &packed),
        ("error", &expired),
    ] {
        match decode_response::<AcceptLoginToken<'_>>(
            answer,
            &arena,
            MSG_ID,
            DecodeOptions::strict(),
        ) {
            // Borrowed from `answer`, or owning the inflated bytes: read alike.
            Ok(body) => {
                let enums::Authorization::Authorization(auth) = body.get();
                println!(
                    "{what}: logged in on {} ({})",
                    auth.device_model, auth.app_name
                );
            }
            // The method's own errors, typed.
            Err(ResponseError::Rpc(AcceptLoginTokenError::AuthTokenExpired(error))) => {
                println!("{what}: {error}: show a fresh QR code");
            }
            // Anything else fails the request: one `?` for every kind.
            Err(other) => return Err(other.into()),
        }
    }
    Ok(())
}

/// An `rpc_result` answering `MSG_ID` with `result`.
fn rpc_result(result: enums::Object<'_>) -> Result<Vec<u8>, tlwire::EncodeError> {
    types::RpcResult {
        req_msg_id: MSG_ID,
        result: &result,
    }
    .to_vec()
}

/// `data` compressed as `gzip_packed` carries it.
fn gzip(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data)?;
    encoder.finish()
}
