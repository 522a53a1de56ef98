//! `tlwire`: encode, decode and check MTProto TL from the command line.
//!
//! ```text
//! tlwire                                      demo: a QR login, end to end
//! tlwire request accept-login-token (--token-hex <HEX|-> | --qr-url <URL|->)
//! tlwire response accept-login-token --msg-id N [--strict] <HEX|->
//! tlwire qr decode <URL|->
//! tlwire qr encode <HEX|->
//! tlwire decode [--json] [--strict] [--type TYPE] <HEX|->
//! tlwire encode --json <FILE|->
//! tlwire schema check FILE...
//! ```
//!
//! - With no arguments the tool walks a QR login on the built-in samples:
//!   the QR-login URL, the token parsed from it, the `auth.acceptLoginToken`
//!   request, an `rpc_result` answer (plain and `gzip_packed`) decoded to the
//!   typed `authorization`, and an `rpc_error` answer decoded to the method's
//!   typed error. The token is a credential: the demo shows its length and
//!   never its bytes, not even inside the request.
//! - `request accept-login-token` prints the boxed request as one line of
//!   lowercase hex, the token given as hex or as a `tg://login?token=…` URL.
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
//!   name, case-sensitive) refuses constructors of any other type.
//! - `encode --json` turns that JSON back into bytes, printed as lowercase
//!   hex: `decode --json` then `encode --json` gives back canonical input
//!   byte for byte.
//! - `schema check` parses schema files, verifies every written constructor
//!   id against its line, and prints the counts and one `file:line:` line per
//!   mismatch or parse error.
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

use std::fmt;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::builder::PossibleValuesParser;
use clap::{ArgGroup, Parser, Subcommand};
use flate2::{write::GzEncoder, Compression};
use serde::de::DeserializeSeed;
use tlwire::qr::{login_url, LoginToken, QrError};
use tlwire::rpc::{decode_response, Body, MethodError, ResponseError, RpcError};
use tlwire::{
    enums, functions, sample, types, DecodeError, DecodeOptions, Encode, EncodeError, Identifiable,
};

// ---------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------

/// Encode, decode and check MTProto TL (run without arguments for a demo).
#[derive(Debug, Parser)]
#[command(
    name = "tlwire",
    version,
    after_help = "Hex input: `-` reads standard input; white space is ignored; either case.\n\
                  Exit status: 0 success, 1 input rejected, 2 an RPC error answer (`response`),\n\
                  64 usage error."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Encode a request as one line of lowercase hex.
    Request {
        #[command(subcommand)]
        request: Request,
    },
    /// Decode the `rpc_result` that answers a request: its typed result or RPC error.
    Response {
        #[command(subcommand)]
        response: Response,
    },
    /// Convert QR-login URLs (`tg://login?token=…`) to tokens and back.
    Qr {
        #[command(subcommand)]
        command: QrCommand,
    },
    /// Decode one boxed object of any known constructor or function.
    Decode(DecodeArgs),
    /// Encode a JSON object (as `decode --json` prints it) as lowercase hex.
    Encode {
        /// The JSON file to read, or `-` for standard input.
        #[arg(long, value_name = "FILE|-")]
        json: PathBuf,
    },
    /// Work with TL schema files.
    Schema {
        #[command(subcommand)]
        command: SchemaCommand,
    },
}

#[derive(Debug, Subcommand)]
enum Request {
    /// `auth.acceptLoginToken token:bytes = Authorization`.
    ///
    /// The token comes as hex (`--token-hex`) or inside the QR-login URL that
    /// carries it (`--qr-url`); exactly one of the two is required.
    #[command(group(ArgGroup::new("token").required(true).args(["token_hex", "qr_url"])))]
    AcceptLoginToken {
        /// The login token as hex, or `-` to read it from standard input.
        #[arg(long, value_name = "HEX|-")]
        token_hex: Option<String>,
        /// The QR-login URL (`tg://login?token=…`), or `-` to read it from standard input.
        #[arg(long, value_name = "URL|-")]
        qr_url: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum Response {
    /// The answer to `auth.acceptLoginToken`: an `authorization` or an RPC error.
    ///
    /// The input is an `rpc_result` whose result is the `authorization`, an
    /// `rpc_error`, or a `gzip_packed` holding either. The authorization is
    /// printed as one line of JSON (as `decode --json` prints it).
    #[command(after_help = RESPONSE_HELP)]
    AcceptLoginToken(ResponseArgs),
}

/// The exit statuses of `response`, and the JSON of an RPC error.
const RESPONSE_HELP: &str = concat!(
    "Exit status:\n",
    "  0   the authorization, one line of JSON on standard output\n",
    "  2   an RPC error: one line of JSON on standard output (nothing on standard error),\n",
    "      {\"_\":\"rpc_error\",\"error_code\":420,\"error_message\":\"FLOOD_WAIT_42\",\n",
    "       \"name\":\"FLOOD_WAIT\",\"argument\":42,\"method_error\":null}\n",
    "      where method_error is the schema name of the method's error it matched\n",
    "      (such as \"AUTH_TOKEN_INVALIDX\" for AUTH_TOKEN_INVALID2), or null\n",
    "  1   input rejected: an answer to another msg id (msg_id_mismatch), malformed\n",
    "      bytes, or a limit (inflated size, gzip_packed nesting)\n",
    "  64  usage error",
);

#[derive(Debug, clap::Args)]
struct ResponseArgs {
    /// The msg_id the request was sent with (decimal, signed 64-bit); the
    /// answer's req_msg_id must be the same.
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    msg_id: i64,
    /// Reject non-canonical input (long length form, non-zero padding, invalid UTF-8).
    #[arg(long)]
    strict: bool,
    /// The `rpc_result` as hex, or `-` to read it from standard input.
    #[arg(value_name = "HEX|-")]
    input: String,
}

#[derive(Debug, Subcommand)]
enum QrCommand {
    /// Print the token of a `tg://login?token=…` URL as one line of lowercase hex.
    ///
    /// Scheme and host in any case, base64url with or without `=` padding
    /// (also written `%3D`).
    Decode {
        /// The URL, or `-` to read it from standard input.
        #[arg(value_name = "URL|-")]
        url: String,
    },
    /// Print the `tg://login?token=…` URL of a token (base64url, no padding).
    Encode {
        /// The token as hex, or `-` to read it from standard input.
        #[arg(value_name = "HEX|-")]
        token_hex: String,
    },
}

#[derive(Debug, clap::Args)]
struct DecodeArgs {
    /// Print one line of JSON instead of the readable form.
    #[arg(long)]
    json: bool,
    /// Reject non-canonical input (long length form, non-zero padding, invalid UTF-8).
    #[arg(long)]
    strict: bool,
    /// Accept only constructors of this boxed type (`Object` accepts any).
    #[arg(long = "type", value_name = "TYPE", value_parser = PossibleValuesParser::new(boxed_type_names()))]
    ty: Option<String>,
    /// The object as hex, or `-` to read it from standard input.
    #[arg(value_name = "HEX|-")]
    input: String,
}

#[derive(Debug, Subcommand)]
enum SchemaCommand {
    /// Parse schema files and verify every written constructor id.
    Check {
        /// The schema files.
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
    },
    /// Print the Rust code generated for schema files (`*.tl`, plus
    /// `errors.tsv`/`methods.tsv` metadata). The output compiles at the root
    /// of any crate that depends on tlwire (`include!` it). An explicit id
    /// that does not match its line is kept, and a line the generator cannot
    /// use (it does not parse, or names a type the files lack) is skipped,
    /// each with a warning on stderr.
    Generate {
        /// Emit serde `Serialize`/`Deserialize` (the depending crate enables
        /// tlwire's `serde` feature).
        #[arg(long)]
        serde: bool,
        /// Also emit `samples`: a value of every combinator, for round-trip tests.
        #[arg(long)]
        samples: bool,
        /// Also derive `Eq` and `Hash` (they cost a whole layer about a
        /// quarter of its compile time).
        #[arg(long)]
        eq_hash: bool,
        /// Also emit `enums::Object`, which decodes any boxed object (it
        /// costs a whole layer about a fifth of its compile time; `--samples`
        /// and fields of type `Object` bring it anyway).
        #[arg(long)]
        object: bool,
        /// Also decode functions (requests), for servers, proxies and
        /// fuzzers; `--object` brings it anyway.
        #[arg(long)]
        decode_functions: bool,
        /// Generate only this constructor or function (full TL name, such as
        /// `auth.acceptLoginToken`) and the types it needs; repeatable.
        #[arg(long = "item", value_name = "NAME")]
        items: Vec<String>,
        /// The schema files, in order.
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
    },
}

// ---------------------------------------------------------------------------
// Failures and exit codes
// ---------------------------------------------------------------------------

/// Exit code for input the tool rejects.
const EXIT_REJECTED: u8 = 1;
/// Exit code for an answer that is an RPC error (`response`).
const EXIT_RPC_ERROR: u8 = 2;
/// Exit code for a usage error (`EX_USAGE` of sysexits.h).
const EXIT_USAGE: u8 = 64;

/// Why a command did not succeed.
#[derive(Debug)]
enum Failure {
    /// The hex input is malformed.
    InvalidHex(String),
    /// The bytes do not decode.
    Decode(DecodeError),
    /// The `rpc_result` answers another request.
    MsgIdMismatch { expected: i64, found: i64 },
    /// Any other reason the response pipeline gives (it may grow new ones).
    Response(ResponseError),
    /// The answer decoded fine and is an RPC error, already printed as JSON
    /// on standard output: exit 2, nothing on standard error.
    RpcAnswer,
    /// The QR-login URL is malformed.
    Qr(QrError),
    /// `qr encode` of an empty token: its URL would not parse back.
    EmptyToken,
    /// The object decodes, but is not of the type asked for with `--type`.
    TypeMismatch {
        expected: &'static str,
        found: &'static str,
        id: u32,
    },
    /// The JSON input does not describe a known object.
    InvalidJson(serde_json::Error),
    /// The value has no TL encoding.
    Encode(EncodeError),
    /// An input file or standard input could not be read.
    Unreadable { what: String, error: io::Error },
    /// `schema check` found problems (already listed on standard output).
    SchemaCheck { kind: &'static str, summary: String },
    /// Writing to standard output failed.
    Output(io::Error),
    /// Arguments that clap accepted but the tool cannot use.
    Usage(String),
    /// The demo's samples did not decode as they should (a bug).
    Demo(String),
}

impl Failure {
    /// A short, stable, snake_case name for the failure.
    fn kind(&self) -> &'static str {
        match self {
            Self::InvalidHex(_) => "invalid_hex",
            Self::Decode(e) => e.kind().name(),
            Self::MsgIdMismatch { .. } => "msg_id_mismatch",
            Self::Response(_) => "invalid_response",
            Self::RpcAnswer => "rpc_error",
            Self::Qr(e) => qr_kind(e),
            Self::EmptyToken => "qr_empty_token",
            Self::TypeMismatch { .. } => "type_mismatch",
            Self::InvalidJson(_) => "invalid_json",
            Self::Encode(e) => e.kind().name(),
            Self::Unreadable { .. } => "unreadable",
            Self::SchemaCheck { kind, .. } => kind,
            Self::Output(_) => "output",
            Self::Usage(_) => "usage",
            Self::Demo(_) => "demo",
        }
    }

    fn exit_code(&self) -> u8 {
        match self {
            Self::Usage(_) => EXIT_USAGE,
            Self::RpcAnswer => EXIT_RPC_ERROR,
            _ => EXIT_REJECTED,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidHex(message) => f.write_str(message),
            Self::Decode(e) => write!(f, "{e}"),
            Self::MsgIdMismatch { expected, found } => write!(
                f,
                "the rpc_result answers msg_id {found}, not {expected} (--msg-id)"
            ),
            Self::Response(e) => write!(f, "{e}"),
            Self::RpcAnswer => f.write_str("the answer is an RPC error"),
            Self::Qr(e) => write!(f, "invalid QR-login URL: {e}"),
            Self::EmptyToken => f.write_str("an empty token has no QR-login URL"),
            Self::TypeMismatch {
                expected,
                found,
                id,
            } => write!(f, "expected {expected}, found {found}#{id:08x}"),
            Self::InvalidJson(e) => write!(f, "{e}"),
            Self::Encode(e) => write!(f, "{e}"),
            Self::Unreadable { what, error } => write!(f, "cannot read {what}: {error}"),
            Self::SchemaCheck { summary, .. } => f.write_str(summary),
            Self::Output(e) => write!(f, "cannot write the output: {e}"),
            Self::Usage(message) => f.write_str(message),
            Self::Demo(message) => write!(f, "the demo went wrong: {message}"),
        }
    }
}

impl From<DecodeError> for Failure {
    fn from(e: DecodeError) -> Self {
        Self::Decode(e)
    }
}

impl From<ResponseError> for Failure {
    fn from(e: ResponseError) -> Self {
        match e {
            ResponseError::MsgIdMismatch { expected, found } => {
                Self::MsgIdMismatch { expected, found }
            }
            ResponseError::Decode(e) => Self::Decode(e),
            other => Self::Response(other),
        }
    }
}

impl From<QrError> for Failure {
    fn from(e: QrError) -> Self {
        Self::Qr(e)
    }
}

/// A stable snake_case name for each way a QR-login URL can be malformed.
fn qr_kind(e: &QrError) -> &'static str {
    match e {
        QrError::Scheme => "qr_scheme",
        QrError::Host => "qr_host",
        QrError::Fragment { .. } => "qr_fragment",
        QrError::MissingToken => "qr_missing_token",
        QrError::DuplicateToken { .. } => "qr_duplicate_token",
        QrError::EmptyToken { .. } => "qr_empty_token",
        QrError::PercentEscape { .. } => "qr_percent_escape",
        QrError::InvalidCharacter { .. } => "qr_invalid_character",
        QrError::InvalidPadding { .. } => "qr_invalid_padding",
        QrError::InvalidLength { .. } => "qr_invalid_length",
        QrError::TrailingBits { .. } => "qr_trailing_bits",
        _ => "qr_invalid_url",
    }
}

impl From<EncodeError> for Failure {
    fn from(e: EncodeError) -> Self {
        Self::Encode(e)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Self::Output(e)
    }
}

type Outcome = Result<(), Failure>;

// ---------------------------------------------------------------------------
// main
// ---------------------------------------------------------------------------

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
            request: Request::AcceptLoginToken { token_hex, qr_url },
        }) => request_accept_login_token(token_hex.as_deref(), qr_url.as_deref(), out),
        Some(Command::Response {
            response: Response::AcceptLoginToken(args),
        }) => response_accept_login_token(&args, out),
        Some(Command::Qr { command }) => qr(&command, out),
        Some(Command::Decode(args)) => decode(&args, out),
        Some(Command::Encode { json }) => encode_json(&json, out),
        Some(Command::Schema {
            command: SchemaCommand::Check { files },
        }) => schema_check(&files, out),
        Some(Command::Schema {
            command:
                SchemaCommand::Generate {
                    serde,
                    samples,
                    eq_hash,
                    object,
                    decode_functions,
                    items,
                    files,
                },
        }) => {
            let options = tlwire::codegen::Options {
                serde: if serde {
                    tlwire::codegen::Serde::On
                } else {
                    tlwire::codegen::Serde::Off
                },
                // Real layers carry a few ids that do not follow the CRC
                // rule, and other clients' files lines of their own.
                keep_mismatched_ids: true,
                skip_unusable: true,
                samples,
                items,
                eq_hash,
                object,
                decode_functions,
            };
            schema_generate(&files, &options, out)
        }
    }
}

// ---------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------

/// The `req_msg_id` of the demo's answers: a client msg_id (unix time
/// 1714500000 in the high half, a multiple of 4).
const DEMO_MSG_ID: i64 = (1_714_500_000 << 32) | 4;

/// The demo: a QR login, from the URL to the typed answer.
///
/// The sample token stands for a credential: only its length is printed,
/// and the request is shown with the token left out.
fn demo(out: &mut impl Write) -> Outcome {
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
        Ok(Body::Borrowed(authorization)) => authorization,
        Ok(Body::Owned(_)) => return Err(demo_failure("a plain answer came back inflated")),
        Err(e) => return Err(demo_failure(&format!("unexpected {}", e.rpc_error()))),
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
        Ok(Body::Owned(inflated)) if *inflated.get() == plain => {}
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
    )? {
        Err(e) => e,
        Ok(_) => return Err(demo_failure("an rpc_error came back as a result")),
    };
    let rpc = error.rpc_error();
    writeln!(
        out,
        "   The typed error, tlwire::errors::auth::AcceptLoginToken:"
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
fn demo_failure(what: &str) -> Failure {
    Failure::Demo(what.to_owned())
}

/// `rpc_result req_msg_id result`, encoded.
fn rpc_result(req_msg_id: i64, result: enums::Object<'_>) -> Result<Vec<u8>, Failure> {
    let answer = types::RpcResult {
        req_msg_id,
        result: &result,
    };
    Ok(answer.to_vec()?)
}

/// `data` compressed as a `gzip_packed` carries it.
fn gzip(data: &[u8]) -> Result<Vec<u8>, Failure> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(data)?;
    Ok(encoder.finish()?)
}

/// An `auth.acceptLoginToken` request with the token left out:
/// `4dad94e8 | 20 | <32 token bytes> | 000000`.
fn redacted_request(wire: &[u8], token_len: usize) -> String {
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
fn variant_name(error: &impl fmt::Debug) -> String {
    let debug = format!("{error:?}");
    debug
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// `request accept-login-token (--token-hex <HEX|-> | --qr-url <URL|->)`.
fn request_accept_login_token(
    token_hex: Option<&str>,
    qr_url: Option<&str>,
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
    writeln!(out, "{}", hex::encode(token.request().to_vec()?))?;
    Ok(())
}

/// `response accept-login-token --msg-id N [--strict] <HEX|->`.
fn response_accept_login_token(args: &ResponseArgs, out: &mut impl Write) -> Outcome {
    let bytes = parse_hex(&read_arg(&args.input)?)?;
    let arena = tlwire::Arena::new();
    let outcome = decode_response::<functions::auth::AcceptLoginToken<'_>>(
        &bytes,
        &arena,
        args.msg_id,
        decode_options(args.strict),
    )?;
    match outcome {
        Ok(Body::Borrowed(authorization)) => write_json_line(out, &authorization),
        Ok(Body::Owned(authorization)) => write_json_line(out, authorization.get()),
        Err(error) => match write_json_line(out, &RpcErrorJson::of(&error)) {
            // Exit 2 even when nobody reads the JSON.
            Ok(()) => Err(Failure::RpcAnswer),
            Err(Failure::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => {
                Err(Failure::RpcAnswer)
            }
            Err(failure) => Err(failure),
        },
    }
}

/// An RPC error as `response` prints it: the error as sent, its name and
/// argument, and the schema name of the method error it matched.
struct RpcErrorJson<'a> {
    error: &'a RpcError,
    method_error: Option<&'static str>,
}

impl<'a> RpcErrorJson<'a> {
    fn of(error: &'a impl MethodError) -> Self {
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
        map.serialize_field("error_message", &self.error.message)?;
        map.serialize_field("name", &self.error.name())?;
        map.serialize_field("argument", &self.error.argument())?;
        map.serialize_field("method_error", &self.method_error)?;
        map.end()
    }
}

/// `qr decode <URL|->` and `qr encode <HEX|->`.
fn qr(command: &QrCommand, out: &mut impl Write) -> Outcome {
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

fn decode_options(strict: bool) -> DecodeOptions {
    if strict {
        DecodeOptions::strict()
    } else {
        DecodeOptions::default()
    }
}

/// One line of compact JSON.
fn write_json_line(out: &mut impl Write, value: &impl serde::Serialize) -> Outcome {
    serde_json::to_writer(&mut *out, value).map_err(json_output_error)?;
    writeln!(out)?;
    Ok(())
}

/// `decode [--json] [--strict] [--type TYPE] <HEX|->`.
fn decode(args: &DecodeArgs, out: &mut impl Write) -> Outcome {
    let bytes = parse_hex(&read_arg(&args.input)?)?;
    let arena = tlwire::Arena::new();
    let object = tlwire::decode_any(&bytes, &arena, decode_options(args.strict))?;
    if let Some(name) = &args.ty {
        check_type(name, &object)?;
    }
    if args.json {
        write_json_line(out, &object)?;
    } else {
        print_readable(&object, bytes.len(), out)?;
    }
    Ok(())
}

/// `encode --json <FILE|->`.
fn encode_json(path: &Path, out: &mut impl Write) -> Outcome {
    let text = read_text(path)?;
    let arena = tlwire::Arena::new();
    let mut json = serde_json::Deserializer::from_str(&text);
    let object: enums::Object<'_> = tlwire::json::Seed::new(&arena)
        .deserialize(&mut json)
        .and_then(|object| json.end().map(|()| object))
        .map_err(Failure::InvalidJson)?;
    writeln!(out, "{}", hex::encode(object.to_vec()?))?;
    Ok(())
}

/// Serializing a decoded object can fail only while writing.
fn json_output_error(e: serde_json::Error) -> Failure {
    match e.io_error_kind() {
        Some(kind) => Failure::Output(io::Error::from(kind)),
        None => Failure::Output(io::Error::other(e)),
    }
}

// ---------------------------------------------------------------------------
// --type: the boxed types an object can be asked to have
// ---------------------------------------------------------------------------

/// `Object` (any constructor) and every boxed type of the shipped schema.
fn boxed_type_names() -> Vec<&'static str> {
    let mut names = vec!["Object"];
    names.extend_from_slice(enums::Object::BOXED_TYPES);
    names
}

/// Refuses `object` unless it is a constructor of the boxed type `name`.
fn check_type(name: &str, object: &enums::Object<'_>) -> Outcome {
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

// ---------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------

/// The argument itself, or standard input for `-`.
fn read_arg(arg: &str) -> Result<String, Failure> {
    if arg == "-" {
        read_stdin()
    } else {
        Ok(arg.to_owned())
    }
}

/// The URL argument itself, or standard input's text for `-` without the
/// white space around it (the newline of `echo URL |`).
fn read_url(arg: &str) -> Result<String, Failure> {
    if arg == "-" {
        Ok(read_stdin()?.trim().to_owned())
    } else {
        Ok(arg.to_owned())
    }
}

/// A file's text, or standard input's for `-`.
fn read_text(path: &Path) -> Result<String, Failure> {
    if path.as_os_str() == "-" {
        return read_stdin();
    }
    fs::read_to_string(path).map_err(|error| Failure::Unreadable {
        what: path.display().to_string(),
        error,
    })
}

fn read_stdin() -> Result<String, Failure> {
    let mut text = String::new();
    io::stdin()
        .lock()
        .read_to_string(&mut text)
        .map_err(|error| Failure::Unreadable {
            what: "standard input".into(),
            error,
        })?;
    Ok(text)
}

/// Hex digits to bytes: white space anywhere is ignored, either case works.
fn parse_hex(text: &str) -> Result<Vec<u8>, Failure> {
    let mut nibbles = Vec::with_capacity(text.len());
    for (position, c) in text.chars().enumerate() {
        if c.is_whitespace() {
            continue;
        }
        match c.to_digit(16) {
            // A hex digit is below 16, so it fits in a byte.
            Some(digit) => nibbles.push(digit as u8),
            None => {
                return Err(Failure::InvalidHex(format!(
                    "{c:?} at character {position} is not a hex digit"
                )))
            }
        }
    }
    if !nibbles.len().is_multiple_of(2) {
        return Err(Failure::InvalidHex(format!(
            "odd number of hex digits ({})",
            nibbles.len()
        )));
    }
    Ok(nibbles
        .chunks_exact(2)
        .map(|pair| match *pair {
            [high, low] => high << 4 | low,
            _ => 0,
        })
        .collect())
}

// ---------------------------------------------------------------------------
// The readable form
// ---------------------------------------------------------------------------

/// Fields whose value is a credential: only their length is shown.
const SECRET_FIELDS: &[&str] = &["token"];

/// Prints `name#id (N bytes)` and then every field, one per line.
///
/// The fields come from the object's JSON form (the library's serde
/// implementation), so every constructor the crate knows prints the same
/// way: `string` quoted, `bytes` as hex, nested objects indented.
fn print_readable(object: &enums::Object<'_>, len: usize, out: &mut impl Write) -> Outcome {
    print_tree(
        object.tl_name(),
        object.constructor_id(),
        len,
        object,
        0,
        out,
    )
}

/// Prints `name#id (N bytes)` indented by `indent`, then the fields of
/// `value`'s JSON form, one per line, indented two more.
fn print_tree(
    name: &str,
    id: u32,
    len: usize,
    value: &impl serde::Serialize,
    indent: usize,
    out: &mut impl Write,
) -> Outcome {
    let json = serde_json::to_string(value).map_err(json_output_error)?;
    let tree: Node = serde_json::from_str(&json).map_err(json_output_error)?;
    writeln!(out, "{:indent$}{name}#{id:08x} ({len} bytes)", "")?;
    if let Node::Map(fields) = &tree {
        write_fields(out, indent + 2, fields)?;
    }
    Ok(())
}

/// A JSON value with the keys in the order they were written.
#[derive(Debug)]
enum Node {
    /// Numbers, booleans and `null`, as JSON writes them.
    Scalar(String),
    Text(String),
    List(Vec<Node>),
    Map(Vec<(String, Node)>),
}

impl<'de> serde::Deserialize<'de> for Node {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> serde::de::Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }

    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Text(v.to_owned()))
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Scalar("null".into()))
    }

    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Scalar("null".into()))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::List(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Node::Map(entries))
    }
}

/// The `"_"` of an object.
fn tag(fields: &[(String, Node)]) -> Option<&str> {
    match fields.first() {
        Some((key, Node::Text(name))) if key == "_" => Some(name),
        _ => None,
    }
}

fn write_fields(out: &mut impl Write, indent: usize, fields: &[(String, Node)]) -> io::Result<()> {
    for (key, value) in fields.iter().filter(|(key, _)| key != "_") {
        match value {
            Node::Text(hex) if SECRET_FIELDS.contains(&key.as_str()) => writeln!(
                out,
                "{:indent$}{key}: {} bytes (a credential: not shown)",
                "",
                hex.len() / 2
            )?,
            _ => write_value(out, indent, key, value)?,
        }
    }
    Ok(())
}

fn write_value(out: &mut impl Write, indent: usize, label: &str, value: &Node) -> io::Result<()> {
    match value {
        Node::Map(fields) => match tag(fields) {
            Some(name) => {
                writeln!(out, "{:indent$}{label}: {name}", "")?;
                write_fields(out, indent + 2, fields)
            }
            None => writeln!(out, "{:indent$}{label}: {}", "", inline(value)),
        },
        Node::List(items) if !items.is_empty() => {
            writeln!(out, "{:indent$}{label}: {} items", "", items.len())?;
            for (i, item) in items.iter().enumerate() {
                write_value(out, indent + 2, &format!("[{i}]"), item)?;
            }
            Ok(())
        }
        _ => writeln!(out, "{:indent$}{label}: {}", "", inline(value)),
    }
}

/// A value on one line: text quoted with escapes, anything else as is.
fn inline(value: &Node) -> String {
    match value {
        Node::Scalar(s) => s.clone(),
        Node::Text(s) => format!("{s:?}"),
        Node::List(items) => {
            let items: Vec<String> = items.iter().map(inline).collect();
            format!("[{}]", items.join(", "))
        }
        Node::Map(fields) => match fields.as_slice() {
            [(key, Node::Text(hex))] if key == tlwire::json::INVALID_UTF8_KEY => {
                format!("not UTF-8, hex {hex}")
            }
            _ => {
                let fields: Vec<String> = fields
                    .iter()
                    .map(|(k, v)| format!("{k}: {}", inline(v)))
                    .collect();
                format!("{{{}}}", fields.join(", "))
            }
        },
    }
}

// ---------------------------------------------------------------------------
// schema check
// ---------------------------------------------------------------------------

/// Counts for one file or for all of them.
#[derive(Debug, Default)]
struct Tally {
    combinators: usize,
    ids_verified: usize,
    mismatches: usize,
    without_id: usize,
    core_lines: usize,
    parse_errors: usize,
}

impl Tally {
    fn add(&mut self, other: &Self) {
        self.combinators += other.combinators;
        self.ids_verified += other.ids_verified;
        self.mismatches += other.mismatches;
        self.without_id += other.without_id;
        self.core_lines += other.core_lines;
        self.parse_errors += other.parse_errors;
    }
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} combinators, {} ids verified, {} mismatches, {} without id, {} core lines, {} parse errors",
            self.combinators,
            self.ids_verified,
            self.mismatches,
            self.without_id,
            self.core_lines,
            self.parse_errors
        )
    }
}

/// `schema check FILE...`: every file is checked, whatever the others give.
/// `schema generate`: the generated Rust on stdout, kept-id warnings on stderr.
fn schema_generate(
    files: &[PathBuf],
    options: &tlwire::codegen::Options,
    out: &mut impl Write,
) -> Outcome {
    use tlwire::codegen::{generate_sources, Source, SourceKind};
    let texts = files
        .iter()
        .map(|path| Ok((path.display().to_string(), read_text(path)?)))
        .collect::<Result<Vec<(String, String)>, Failure>>()?;
    let sources: Vec<Source<'_>> = texts
        .iter()
        .map(|(name, text)| Source {
            name,
            text,
            kind: SourceKind::of_file(name).unwrap_or(SourceKind::Schema),
        })
        .collect();
    let generated = generate_sources(&sources, options).map_err(|e| Failure::SchemaCheck {
        kind: "schema_generate",
        summary: e.to_string().replace('\n', "; "),
    })?;
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
    }
    out.write_all(generated.code.as_bytes())?;
    Ok(())
}

fn schema_check(files: &[PathBuf], out: &mut impl Write) -> Outcome {
    let mut total = Tally::default();
    let mut unreadable = 0usize;
    for path in files {
        let name = path.display().to_string();
        match fs::read_to_string(path) {
            Ok(text) => total.add(&check_schema_file(&name, &text, out)?),
            Err(error) => {
                unreadable += 1;
                writeln!(out, "{name}: cannot read: {error}")?;
            }
        }
    }
    if files.len() > 1 {
        writeln!(out, "total: {total}")?;
    }
    schema_verdict(&total, unreadable)
}

fn check_schema_file(name: &str, text: &str, out: &mut impl Write) -> Result<Tally, Failure> {
    let (schema, errors) = tlwire::schema::parse_lossy(text);
    let verification = tlwire::schema::verify(&schema);
    for error in &errors {
        let combinator = statement_name(text, parse_error_line(error), error.column)
            .map(|n| format!(" in {n}"))
            .unwrap_or_default();
        writeln!(
            out,
            "{name}:{}:{}: parse error{combinator}: {}",
            error.line, error.column, error.kind
        )?;
    }
    for check in verification.mismatches() {
        writeln!(out, "{name}:{}: {check}", check.line)?;
    }
    let tally = Tally {
        combinators: verification.combinators,
        ids_verified: verification.ids_verified,
        mismatches: verification.mismatch_count(),
        without_id: verification.without_id,
        core_lines: verification.core_lines,
        parse_errors: errors.len(),
    };
    let layer = schema
        .layer
        .map(|l| format!(" (layer {l})"))
        .unwrap_or_default();
    writeln!(out, "{name}{layer}: {tally}")?;
    Ok(tally)
}

/// The exit status of a `schema check`: the most serious problem names it.
fn schema_verdict(total: &Tally, unreadable: usize) -> Outcome {
    let kind = if unreadable > 0 {
        "unreadable"
    } else if total.parse_errors > 0 {
        "schema_parse_error"
    } else if total.mismatches > 0 {
        "id_mismatch"
    } else {
        return Ok(());
    };
    Err(Failure::SchemaCheck {
        kind,
        summary: format!(
            "{} mismatches, {} parse errors, {unreadable} unreadable files",
            total.mismatches, total.parse_errors
        ),
    })
}

/// The line where the statement a parse error belongs to is looked up:
/// for a missing `;`, the line the unterminated definition started on.
fn parse_error_line(error: &tlwire::schema::ParseError) -> usize {
    match error.kind {
        tlwire::schema::ParseErrorKind::MissingSemicolon { started } => started,
        _ => error.line,
    }
}

/// The first word (the combinator's name) of the statement that covers
/// `line`:`column` (1-based, in characters), if any.
///
/// Statements end at `;`; `//` comments and `---section---` lines are
/// skipped. Used to name the combinator of a parse error, which the
/// library reports by position only.
fn statement_name(text: &str, line: usize, column: usize) -> Option<String> {
    let mut current: Option<String> = None;
    for (number, raw) in text.lines().enumerate().map(|(i, l)| (i + 1, l)) {
        if raw.trim_start().starts_with("---") {
            current = None;
            continue;
        }
        let code = raw.find("//").map_or(raw, |i| raw.get(..i).unwrap_or(raw));
        let chars: Vec<char> = code.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            if current.is_none() && !c.is_whitespace() {
                let rest = chars.get(i..).unwrap_or_default();
                current = Some(first_word(rest));
            }
            if number == line && i + 1 >= column {
                return current;
            }
            if c == ';' {
                current = None;
            }
        }
        if number == line {
            return current;
        }
    }
    None
}

/// The name at the start of a statement: up to white space, `#`, `:`, `;` or `=`.
fn first_word(chars: &[char]) -> String {
    chars
        .iter()
        .take_while(|c| !c.is_whitespace() && !matches!(c, '#' | ':' | ';' | '=' | '{'))
        .collect()
}
