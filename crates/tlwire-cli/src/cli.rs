//! The command line: what `clap` parses, one type per subcommand.

use std::path::PathBuf;

use clap::builder::PossibleValuesParser;
use clap::{ArgGroup, Parser, Subcommand};
use tlwire::{enums, DecodeOptions};

/// Encode, decode and check MTProto TL (run without arguments for a demo).
#[derive(Debug, Parser)]
#[command(
    name = "tlwire",
    version,
    after_help = "Hex input: `-` reads standard input; white space is ignored; either case.\n\
                  Exit status: 0 success, 1 input rejected, 2 an RPC error answer (`response`),\n\
                  64 usage error."
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
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
    /// Print a sample input, as the README's commands read it: hex, or
    /// JSON for `authorization-json`.
    Sample {
        /// Which sample.
        #[arg(value_enum)]
        name: SampleName,
    },
    /// Work with TL schema files.
    Schema {
        #[command(subcommand)]
        command: SchemaCommand,
    },
}

/// Ids allowed to differ from their lines.
#[derive(Debug, clap::Args)]
pub(crate) struct Allow {
    /// Accept this combinator's id although it does not match its line
    /// (repeatable). The official mtproto.tl has three such ids:
    /// `--allow-mismatch ipPortSecret --allow-mismatch accessPointRule
    /// --allow-mismatch help.configSimple`.
    #[arg(long = "allow-mismatch", value_name = "NAME")]
    pub(crate) names: Vec<String>,
}

/// The samples of `tlwire sample`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub(crate) enum SampleName {
    /// The sample `authorization`, as hex.
    Authorization,
    /// The sample `authorization` as the JSON `decode --json` prints.
    AuthorizationJson,
    /// An `rpc_result` answering the demo's request with the sample.
    Answer,
    /// A `msg_container`: that answer, an ack, a message of a later layer
    /// and a pong.
    Container,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Request {
    /// `auth.acceptLoginToken token:bytes = Authorization`.
    ///
    /// The token comes as hex (`--token-hex`) or inside the QR-login URL that
    /// carries it (`--qr-url`); exactly one of the two is required. As the
    /// first request of a connection it goes out wrapped:
    /// `--init-connection` wraps it in `initConnection` (with the client's
    /// description), and `--layer` that in `invokeWithLayer`.
    #[command(group(ArgGroup::new("token").required(true).args(["token_hex", "qr_url"])))]
    AcceptLoginToken {
        /// The login token as hex, or `-` to read it from standard input.
        #[arg(long, value_name = "HEX|-")]
        token_hex: Option<String>,
        /// The QR-login URL (`tg://login?token=…`), or `-` to read it from standard input.
        #[arg(long, value_name = "URL|-")]
        qr_url: Option<String>,
        #[command(flatten)]
        wrap: Wrap,
    },
}

/// How a request is wrapped as the first request of a connection.
#[derive(Debug, clap::Args)]
pub(crate) struct Wrap {
    /// Wrap the request in `invokeWithLayer` with this layer (the server
    /// answers in that layer).
    #[arg(long, value_name = "N")]
    pub(crate) layer: Option<i32>,
    /// Wrap the request in `initConnection` (inside `invokeWithLayer`,
    /// which it needs: give `--layer` too), describing the client with the
    /// options below.
    #[arg(long, requires_all = ["layer", "api_id"])]
    pub(crate) init_connection: bool,
    /// initConnection: the application's api_id.
    #[arg(long, value_name = "N", requires = "init_connection")]
    pub(crate) api_id: Option<i32>,
    /// initConnection: the device model.
    #[arg(
        long,
        value_name = "TEXT",
        default_value = "tlwire",
        requires = "init_connection"
    )]
    pub(crate) device_model: String,
    /// initConnection: the operating system and its version.
    #[arg(long, value_name = "TEXT", default_value = std::env::consts::OS, requires = "init_connection")]
    pub(crate) system_version: String,
    /// initConnection: the application's version.
    #[arg(long, value_name = "TEXT", default_value = env!("CARGO_PKG_VERSION"), requires = "init_connection")]
    pub(crate) app_version: String,
    /// initConnection: the system's language code.
    #[arg(
        long,
        value_name = "CODE",
        default_value = "en",
        requires = "init_connection"
    )]
    pub(crate) system_lang_code: String,
    /// initConnection: the language pack (empty for none).
    #[arg(
        long,
        value_name = "NAME",
        default_value = "",
        requires = "init_connection"
    )]
    pub(crate) lang_pack: String,
    /// initConnection: the user's language code.
    #[arg(
        long,
        value_name = "CODE",
        default_value = "en",
        requires = "init_connection"
    )]
    pub(crate) lang_code: String,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Response {
    /// The answer to `auth.acceptLoginToken`: an `authorization` or an RPC error.
    ///
    /// The input is an `rpc_result` whose result is the `authorization`, an
    /// `rpc_error`, or a `gzip_packed` holding either. The authorization is
    /// printed as one line of JSON (as `decode --json` prints it).
    #[command(after_help = RESPONSE_HELP)]
    AcceptLoginToken(ResponseArgs),
}

/// The exit statuses of `response`, and the JSON of an RPC error.
pub(crate) const RESPONSE_HELP: &str = concat!(
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
pub(crate) struct ResponseArgs {
    /// The msg_id the request was sent with (decimal, signed 64-bit); the
    /// answer's req_msg_id must be the same.
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub(crate) msg_id: i64,
    /// Reject non-canonical input (long length form, non-zero padding, invalid UTF-8).
    #[arg(long)]
    pub(crate) strict: bool,
    /// The `rpc_result` as hex, or `-` to read it from standard input.
    #[arg(value_name = "HEX|-")]
    pub(crate) input: String,
}

#[derive(Debug, Subcommand)]
pub(crate) enum QrCommand {
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
pub(crate) struct DecodeArgs {
    /// Print one line of JSON instead of the readable form.
    #[arg(long)]
    pub(crate) json: bool,
    /// Reject non-canonical input (long length form, non-zero padding, invalid UTF-8).
    #[arg(long)]
    pub(crate) strict: bool,
    /// Accept only constructors of this boxed type (`Object` accepts any).
    #[arg(long = "type", value_name = "TYPE", value_parser = PossibleValuesParser::new(boxed_type_names()))]
    pub(crate) ty: Option<String>,
    /// The object as hex, or `-` to read it from standard input.
    #[arg(value_name = "HEX|-")]
    pub(crate) input: String,
}

#[derive(Debug, Subcommand)]
pub(crate) enum SchemaCommand {
    /// Parse schema files and verify every written constructor id; print
    /// the lines `generate` would skip, in its words. `check` and `generate`
    /// refuse the same files: one that cannot be read or holds no TL, a
    /// line that does not parse, an id that does not match its line.
    Check {
        #[command(flatten)]
        allow: Allow,
        /// The schema files.
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
    },
    /// Print the Rust code generated for schema files (`*.tl`, plus
    /// `errors.tsv`/`methods.tsv` metadata). The output compiles at the root
    /// of any crate that depends on tlwire (`include!` it). Files are
    /// refused as `check` refuses them; a line the generator cannot use
    /// (it names a type the files lack, say) is skipped with a warning on
    /// stderr.
    Generate {
        #[command(flatten)]
        allow: Allow,
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

/// The options of `--strict`, or the default lenient ones.
pub(crate) fn decode_options(strict: bool) -> DecodeOptions {
    if strict {
        DecodeOptions::strict()
    } else {
        DecodeOptions::default()
    }
}

/// `Object` (any constructor) and every boxed type of the shipped schema.
pub(crate) fn boxed_type_names() -> Vec<&'static str> {
    let mut names = vec!["Object"];
    names.extend_from_slice(enums::Object::BOXED_TYPES);
    names
}
