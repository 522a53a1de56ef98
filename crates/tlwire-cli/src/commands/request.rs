//! `request`: a request's bytes, bare or wrapped in `invokeWithLayer` and
//! `initConnection`.

use std::io::Write;

use tlwire::qr::LoginToken;
use tlwire::{functions, Encode};

use crate::cli::Wrap;
use crate::failure::{Failure, Outcome};
use crate::input::{parse_hex, read_arg, read_url};

/// `request accept-login-token (--token-hex <HEX|-> | --qr-url <URL|->)
/// [--layer N [--init-connection --api-id N …]]`.
pub(crate) fn request_accept_login_token(
    token_hex: Option<&str>,
    qr_url: Option<&str>,
    wrap: &Wrap,
    out: &mut impl Write,
) -> Outcome {
    let token = match (token_hex, qr_url) {
        (Some(hex), None) => LoginToken::new(parse_hex(&read_arg(hex)?)?),
        (None, Some(url)) => LoginToken::from_qr_url(&read_url(url)?)?,
        _ => {
            return Err(Failure::Usage(
                "give exactly one of --token-hex and --qr-url".into(),
            ))
        }
    };
    if token.is_empty() {
        return Err(Failure::EmptyToken);
    }
    let request = token.request();
    let bytes = match (wrap.layer, wrap.init_connection) {
        (None, _) => request.to_vec()?,
        (Some(layer), false) => functions::InvokeWithLayer {
            layer,
            query: request,
        }
        .to_vec()?,
        (Some(layer), true) => functions::InvokeWithLayer {
            layer,
            query: init_connection(wrap, request),
        }
        .to_vec()?,
    };
    writeln!(out, "{}", hex::encode(bytes))?;
    Ok(())
}

/// `query` inside `initConnection`, the client described by `wrap`.
fn init_connection<'w, Q>(wrap: &'w Wrap, query: Q) -> functions::InitConnection<'w, Q> {
    functions::InitConnection {
        unknown_flags: 0,
        api_id: wrap.api_id.unwrap_or_default(),
        device_model: wrap.device_model.as_str().into(),
        system_version: wrap.system_version.as_str().into(),
        app_version: wrap.app_version.as_str().into(),
        system_lang_code: wrap.system_lang_code.as_str().into(),
        lang_pack: wrap.lang_pack.as_str().into(),
        lang_code: wrap.lang_code.as_str().into(),
        proxy: None,
        params: None,
        query,
    }
}
