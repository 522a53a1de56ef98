//! `tlwire`: encode, decode and check MTProto TL from the command line.
//!
//! ```text
//! tlwire                                      demo: a QR login, end to end
//! tlwire request accept-login-token (--token-hex <HEX|-> | --qr-url <URL|->)
//!        [--layer N [--init-connection --api-id N [--device-model …]]]
//! tlwire response accept-login-token --msg-id N [--strict] <HEX|->
//! tlwire qr decode <URL|->
//! tlwire qr encode <HEX|->
//! tlwire decode [--json] [--strict] [--type TYPE] <HEX|->
//! tlwire encode --json <FILE|->
//! tlwire sample (authorization|authorization-json|answer|container)
//! tlwire schema check [--allow-mismatch NAME]... FILE...
//! tlwire schema generate [--allow-mismatch NAME]... [OPTIONS] FILE...
//! ```
//!
//! - With no arguments the tool walks a QR login on the built-in samples:
//!   the QR-login URL, the token parsed from it, the `auth.acceptLoginToken`
//!   request, an `rpc_result` answer (plain and `gzip_packed`) decoded to the
//!   typed `authorization`, and an `rpc_error` answer decoded to the method's
//!   typed error. The token is a credential: the demo shows its length and
//!   never its bytes, not even inside the request.
//! - `request accept-login-token` prints the boxed request as one line of
//!   lowercase hex, the token given as hex or as a `tg://login?token=…` URL;
//!   `--layer` wraps it in `invokeWithLayer`, and `--init-connection` wraps
//!   it in `initConnection` inside that, as the first request of a
//!   connection goes out.
//! - `response accept-login-token` decodes the `rpc_result` that answers the
//!   request sent with msg_id N (decimal, signed 64-bit), plain or
//!   `gzip_packed`: the `authorization` as one line of JSON (the line
//!   `decode --json` prints for it), or, for an RPC error, exit 2 and one
//!   line of JSON on standard output, nothing on standard error:
//!   `{"_":"rpc_error","error_code":…,"error_message":…,"name":…,`
//!   `"argument":<number or null>,"method_error":<schema name or null>}`.
//!   An answer to another msg_id is rejected (`msg_id_mismatch`).
//! - `qr decode` prints the token of a QR-login URL as lowercase hex;
//!   `qr encode` prints the URL of a token (base64url, no padding).
//! - `decode` decodes one boxed object of any constructor or function the
//!   crate knows, field by field, or as one line of JSON with `--json`.
//!   `--strict` rejects every non-canonical form; `--type T` (a boxed type
//!   name, case-sensitive) refuses constructors of any other type. A
//!   `msg_container` is shown message by message (one JSON line each with
//!   `--json`): a body the layer cannot read is named with its error and
//!   its bytes, and the others are still shown.
//! - `encode --json` turns that JSON back into bytes, printed as lowercase
//!   hex: `decode --json` then `encode --json` gives back canonical input
//!   byte for byte.
//! - `sample` prints the inputs the README's commands read.
//! - `schema check` parses schema files, verifies every written constructor
//!   id against its line, and prints the counts on stdout and one
//!   `file:line:` line per problem on stderr; `schema generate` prints the
//!   Rust. Both refuse the same files (unreadable, not TL, a line that does
//!   not parse, an id that does not match its line and is not allowed with
//!   `--allow-mismatch NAME`) and say the same of a line the generator
//!   skips.
//!
//! Hex input: `-` reads standard input, white space anywhere is ignored,
//! either case is accepted, an odd number of digits is an error. A URL read
//! from standard input (`-`) loses the white space around it; a URL given as
//! an argument is taken as is.
//!
//! Exit codes: 0 success; 1 the input was rejected (one `error: KIND: …`
//! line on standard error, with the byte offset for wire errors); 2 the
//! answer is an RPC error (`response`: the JSON is on standard output);
//! 64 (`EX_USAGE`) a usage error.

mod cli;
mod commands;
mod failure;
mod input;
mod output;
mod readable;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command, Request, Response, SchemaCommand};
use crate::commands::decode::decode;
use crate::commands::demo::demo;
use crate::commands::encode::encode_json;
use crate::commands::qr::qr;
use crate::commands::request::request_accept_login_token;
use crate::commands::response::response_accept_login_token;
use crate::commands::sample::sample;
use crate::commands::schema::{schema_check, schema_generate};
use crate::failure::{Failure, Outcome, EXIT_USAGE};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return clap_exit(&e),
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let result = run(cli.command, &mut out);
    // Flushed whatever happened: an RPC error's JSON is output too.
    let flushed = out.flush().map_err(Failure::Output);
    match result.and(flushed) {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (`tlwire … | head`): nothing left to do.
        Err(Failure::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        // The answer itself is on standard output.
        Err(failure @ Failure::RpcAnswer) => ExitCode::from(failure.exit_code()),
        Err(failure) => report(&failure),
    }
}

/// `--help` and `--version` print and succeed; usage errors exit 64.
fn clap_exit(e: &clap::Error) -> ExitCode {
    // Printing can only fail when the stream is closed; the exit code says it all.
    let _ = e.print();
    if e.use_stderr() {
        ExitCode::from(EXIT_USAGE)
    } else {
        ExitCode::SUCCESS
    }
}

/// Writes the one `error: KIND: message` line and picks the exit code.
fn report(failure: &Failure) -> ExitCode {
    let message = failure.to_string().replace(['\n', '\r'], " ");
    let _ = writeln!(io::stderr(), "error: {}: {message}", failure.kind());
    ExitCode::from(failure.exit_code())
}

fn run(command: Option<Command>, out: &mut impl Write) -> Outcome {
    match command {
        None => demo(out),
        Some(Command::Request {
            request:
                Request::AcceptLoginToken {
                    token_hex,
                    qr_url,
                    wrap,
                },
        }) => request_accept_login_token(token_hex.as_deref(), qr_url.as_deref(), &wrap, out),
        Some(Command::Response {
            response: Response::AcceptLoginToken(args),
        }) => response_accept_login_token(&args, out),
        Some(Command::Qr { command }) => qr(&command, out),
        Some(Command::Decode(args)) => decode(&args, out),
        Some(Command::Encode { json }) => encode_json(&json, out),
        Some(Command::Sample { name }) => sample(name, out),
        Some(Command::Schema {
            command: SchemaCommand::Check { allow, files },
        }) => schema_check(&files, &allow.names, out),
        Some(Command::Schema {
            command:
                SchemaCommand::Generate {
                    allow,
                    serde,
                    samples,
                    eq_hash,
                    object,
                    decode_functions,
                    items,
                    files,
                },
        }) => {
            let options = tlwire_codegen::Options::default()
                .serde(if serde {
                    tlwire_codegen::Serde::On
                } else {
                    tlwire_codegen::Serde::Off
                })
                // The ids that differ from their lines are the ones
                // --allow-mismatch named (any other refused the files);
                // other clients' files have lines of their own.
                .keep_mismatched_ids(true)
                .skip_unusable(true)
                .samples(samples)
                .items(items)
                .eq_hash(eq_hash)
                .object(object)
                .decode_functions(decode_functions);
            schema_generate(&files, &allow.names, &options, out)
        }
    }
}
