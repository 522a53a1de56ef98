//! The subcommands: `request`, `response`, `qr`, `decode` (a container's
//! messages in their own module) and `encode`, and the `--type` check of
//! `decode`.

use std::io::{self, Write};
use std::path::Path;

use serde::de::DeserializeSeed;
use tlwire::qr::LoginToken;
use tlwire::rpc::{decode_response, MethodError, ResponseError, RpcError};
use tlwire::{enums, functions, DecodeOptions, Encode};

use crate::cli::{DecodeArgs, QrCommand, ResponseArgs, Wrap};
use crate::container::decode_container;
use crate::failure::{Failure, Outcome};
use crate::input::{parse_hex, read_arg, read_text, read_url};
use crate::readable::print_readable;

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

/// `response accept-login-token --msg-id N [--strict] <HEX|->`.
pub(crate) fn response_accept_login_token(args: &ResponseArgs, out: &mut impl Write) -> Outcome {
    let bytes = parse_hex(&read_arg(&args.input)?)?;
    let arena = tlwire::Arena::new();
    let answer = decode_response::<functions::auth::AcceptLoginToken<'_>>(
        &bytes,
        &arena,
        args.msg_id,
        decode_options(args.strict),
    );
    match answer {
        Ok(body) => write_json_line(out, body.get()),
        Err(ResponseError::Rpc(error)) => match write_json_line(out, &RpcErrorJson::of(&error)) {
            // Exit 2 even when nobody reads the JSON.
            Ok(()) => Err(Failure::RpcAnswer),
            Err(Failure::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => {
                Err(Failure::RpcAnswer)
            }
            Err(failure) => Err(failure),
        },
        Err(other) => Err(other.into()),
    }
}

/// An RPC error as `response` prints it: the error as sent, its name and
/// argument, and the schema name of the method error it matched.
pub(crate) struct RpcErrorJson<'a> {
    pub(crate) error: &'a RpcError,
    pub(crate) method_error: Option<&'static str>,
}

impl<'a> RpcErrorJson<'a> {
    pub(crate) fn of(error: &'a impl MethodError) -> Self {
        Self {
            error: error.rpc_error(),
            method_error: error.schema_name(),
        }
    }
}

impl serde::Serialize for RpcErrorJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut map = s.serialize_struct("rpc_error", 6)?;
        map.serialize_field("_", "rpc_error")?;
        map.serialize_field("error_code", &self.error.code)?;
        // As `decode --json` writes a `string`: text, or the hex of bytes
        // that are not UTF-8.
        let message = tlwire::TlStr::new(self.error.message_bytes());
        map.serialize_field("error_message", &message)?;
        map.serialize_field("name", &self.error.name())?;
        map.serialize_field("argument", &self.error.argument())?;
        map.serialize_field("method_error", &self.method_error)?;
        map.end()
    }
}

/// `qr decode <URL|->` and `qr encode <HEX|->`.
pub(crate) fn qr(command: &QrCommand, out: &mut impl Write) -> Outcome {
    match command {
        QrCommand::Decode { url } => {
            let token = LoginToken::from_qr_url(&read_url(url)?)?;
            writeln!(out, "{}", hex::encode(token.as_bytes()))?;
        }
        QrCommand::Encode { token_hex } => {
            let token = LoginToken::new(parse_hex(&read_arg(token_hex)?)?);
            if token.is_empty() {
                return Err(Failure::EmptyToken);
            }
            writeln!(out, "{}", token.to_qr_url())?;
        }
    }
    Ok(())
}

pub(crate) fn decode_options(strict: bool) -> DecodeOptions {
    if strict {
        DecodeOptions::strict()
    } else {
        DecodeOptions::default()
    }
}

/// One line of compact JSON.
pub(crate) fn write_json_line(out: &mut impl Write, value: &impl serde::Serialize) -> Outcome {
    serde_json::to_writer(&mut *out, value).map_err(json_output_error)?;
    writeln!(out)?;
    Ok(())
}

/// `decode [--json] [--strict] [--type TYPE] <HEX|->`.
pub(crate) fn decode(args: &DecodeArgs, out: &mut impl Write) -> Outcome {
    let bytes = parse_hex(&read_arg(&args.input)?)?;
    if bytes.get(..4) == Some(&tlwire::ids::MSG_CONTAINER.to_le_bytes()[..]) {
        return decode_container(&bytes, args, decode_options(args.strict), out);
    }
    let arena = tlwire::Arena::new();
    let object = tlwire::decode_any(&bytes, &arena, decode_options(args.strict))?;
    if let Some(name) = &args.ty {
        check_type(name, &object)?;
    }
    if args.json {
        write_json_line(out, &object)?;
    } else {
        print_readable(&object, bytes.len(), 0, out)?;
    }
    Ok(())
}

/// `encode --json <FILE|->`.
pub(crate) fn encode_json(path: &Path, out: &mut impl Write) -> Outcome {
    let text = read_text(path)?;
    let arena = tlwire::Arena::new();
    let mut json = serde_json::Deserializer::from_str(&text);
    let object: enums::Object<'_> = tlwire::json::Seed::new(&arena)
        .deserialize(&mut json)
        .and_then(|object| json.end().map(|()| object))
        .map_err(Failure::InvalidJson)?;
    let bytes = object.to_vec()?;
    // What `decode` would refuse (a nest past its depth limit) is refused
    // here too, with decode's words: the tool writes nothing it cannot read.
    tlwire::decode_any(&bytes, &arena, DecodeOptions::default())?;
    writeln!(out, "{}", hex::encode(bytes))?;
    Ok(())
}

/// Serializing a decoded object can fail only while writing.
pub(crate) fn json_output_error(e: serde_json::Error) -> Failure {
    match e.io_error_kind() {
        Some(kind) => Failure::Output(io::Error::from(kind)),
        None => Failure::Output(io::Error::other(e)),
    }
}

/// `Object` (any constructor) and every boxed type of the shipped schema.
pub(crate) fn boxed_type_names() -> Vec<&'static str> {
    let mut names = vec!["Object"];
    names.extend_from_slice(enums::Object::BOXED_TYPES);
    names
}

/// Refuses `object` unless it is a constructor of the boxed type `name`.
pub(crate) fn check_type(name: &str, object: &enums::Object<'_>) -> Outcome {
    if name == "Object" || object.type_name() == Some(name) {
        return Ok(());
    }
    let expected = boxed_type_names()
        .into_iter()
        .find(|n| *n == name)
        .ok_or_else(|| Failure::Usage(format!("unknown type {name}")))?;
    Err(Failure::TypeMismatch {
        expected,
        found: object.tl_name(),
        id: object.constructor_id(),
    })
}
