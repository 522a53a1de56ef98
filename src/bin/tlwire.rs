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
use clap::{Parser, Subcommand};
use tlwire::{enums, functions, sample, DecodeError, DecodeOptions, Encode, EncodeError};

// ---------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------

/// Encode, decode and check MTProto TL (run without arguments for a demo).
#[derive(Debug, Parser)]
#[command(
    name = "tlwire",
    version,
    after_help = "Hex input: `-` reads standard input; white space is ignored; either case.\n\
                  Exit status: 0 success, 1 input rejected, 64 usage error."
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
    AcceptLoginToken {
        /// The login token as hex, or `-` to read it from standard input.
        #[arg(long, value_name = "HEX|-")]
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
}

// ---------------------------------------------------------------------------
// Failures and exit codes
// ---------------------------------------------------------------------------

/// Exit code for input the tool rejects.
const EXIT_REJECTED: u8 = 1;
/// Exit code for a usage error (`EX_USAGE` of sysexits.h); 2 is reserved.
const EXIT_USAGE: u8 = 64;

/// Why a command did not succeed.
#[derive(Debug)]
enum Failure {
    /// The hex input is malformed.
    InvalidHex(String),
    /// The bytes do not decode.
    Decode(DecodeError),
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
}

impl Failure {
    /// A short, stable, snake_case name for the failure.
    fn kind(&self) -> &'static str {
        match self {
            Self::InvalidHex(_) => "invalid_hex",
            Self::Decode(e) => e.kind().name(),
            Self::TypeMismatch { .. } => "type_mismatch",
            Self::InvalidJson(_) => "invalid_json",
            Self::Encode(e) => e.kind().name(),
            Self::Unreadable { .. } => "unreadable",
            Self::SchemaCheck { kind, .. } => kind,
            Self::Output(_) => "output",
            Self::Usage(_) => "usage",
        }
    }

    fn exit_code(&self) -> u8 {
        match self {
            Self::Usage(_) => EXIT_USAGE,
            _ => EXIT_REJECTED,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidHex(message) => f.write_str(message),
            Self::Decode(e) => write!(f, "{e}"),
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
        }
    }
}

impl From<DecodeError> for Failure {
    fn from(e: DecodeError) -> Self {
        Self::Decode(e)
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
    let result = run(cli.command, &mut out).and_then(|()| out.flush().map_err(Failure::Output));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (`tlwire … | head`): nothing left to do.
        Err(Failure::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
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
            request: Request::AcceptLoginToken { token_hex },
        }) => request_accept_login_token(&token_hex, out),
        Some(Command::Decode(args)) => decode(&args, out),
        Some(Command::Encode { json }) => encode_json(&json, out),
        Some(Command::Schema {
            command: SchemaCommand::Check { files },
        }) => schema_check(&files, out),
    }
}

// ---------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------

/// The demo: a request built from the sample token, the sample answer decoded.
fn demo(out: &mut impl Write) -> Outcome {
    let request = functions::auth::AcceptLoginToken {
        token: sample::LOGIN_TOKEN,
    }
    .to_vec()?;
    writeln!(
        out,
        "tlwire {} demo (schema layer {})",
        env!("CARGO_PKG_VERSION"),
        tlwire::LAYER
    )?;
    writeln!(out)?;
    writeln!(out, "The request that accepts a QR-login token:")?;
    let object = tlwire::decode_any(&request, DecodeOptions::strict())?;
    print_readable(&object, request.len(), out)?;
    writeln!(out, "hex: {}", hex::encode(&request))?;
    writeln!(out)?;
    writeln!(out, "The answer, the new session's authorization:")?;
    let answer = sample::AUTHORIZATION;
    print_readable(
        &tlwire::decode_any(answer, DecodeOptions::strict())?,
        answer.len(),
        out,
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "Next: tlwire decode [--json] {}, tlwire --help",
        hex::encode(sample::ACCEPT_LOGIN_TOKEN)
    )?;
    Ok(())
}

/// `request accept-login-token --token-hex <HEX|->`.
fn request_accept_login_token(token_hex: &str, out: &mut impl Write) -> Outcome {
    let token = parse_hex(&read_arg(token_hex)?)?;
    let request = functions::auth::AcceptLoginToken { token: &token }.to_vec()?;
    writeln!(out, "{}", hex::encode(request))?;
    Ok(())
}

/// `decode [--json] [--strict] [--type TYPE] <HEX|->`.
fn decode(args: &DecodeArgs, out: &mut impl Write) -> Outcome {
    let bytes = parse_hex(&read_arg(&args.input)?)?;
    let options = if args.strict {
        DecodeOptions::strict()
    } else {
        DecodeOptions::default()
    };
    let object = tlwire::decode_any(&bytes, options)?;
    if let Some(name) = &args.ty {
        check_type(name, &object)?;
    }
    if args.json {
        serde_json::to_writer(&mut *out, &object).map_err(json_output_error)?;
        writeln!(out)?;
    } else {
        print_readable(&object, bytes.len(), out)?;
    }
    Ok(())
}

/// `encode --json <FILE|->`.
fn encode_json(path: &Path, out: &mut impl Write) -> Outcome {
    let text = read_text(path)?;
    let object: tlwire::shared::enums::Object =
        serde_json::from_str(&text).map_err(Failure::InvalidJson)?;
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
    let json = serde_json::to_string(object).map_err(json_output_error)?;
    let tree: Node = serde_json::from_str(&json).map_err(json_output_error)?;
    writeln!(
        out,
        "{}#{:08x} ({len} bytes)",
        object.tl_name(),
        object.constructor_id()
    )?;
    if let Node::Map(fields) = &tree {
        write_fields(out, 2, fields)?;
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
