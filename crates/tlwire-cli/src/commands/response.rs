//! `response`: an `rpc_result` read as the answer to a request, its RPC
//! error a JSON line and exit code 2.

use std::io::{self, Write};

use tlwire::functions;
use tlwire::rpc::{decode_response, ResponseError};

use crate::cli::{decode_options, ResponseArgs};
use crate::failure::{Failure, Outcome};
use crate::input::{parse_hex, read_arg};
use crate::output::{write_json_line, RpcErrorJson};

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
