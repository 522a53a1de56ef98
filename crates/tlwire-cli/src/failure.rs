//! Why a command failed, how that is shown, and the exit code it gives.

use std::fmt;
use std::io;

use tlwire::envelope::EnvelopeError;
use tlwire::qr::QrError;
use tlwire::rpc::ResponseError;
use tlwire::{DecodeError, EncodeError};

/// Exit code for input the tool rejects.
pub(crate) const EXIT_REJECTED: u8 = 1;
/// Exit code for an answer that is an RPC error (`response`).
pub(crate) const EXIT_RPC_ERROR: u8 = 2;
/// Exit code for a usage error (`EX_USAGE` of sysexits.h).
pub(crate) const EXIT_USAGE: u8 = 64;

/// Why a command did not succeed.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The hex input is malformed.
    InvalidHex(String),
    /// The bytes do not decode.
    Decode(DecodeError),
    /// A container's or message's lengths do not add up.
    Envelope(EnvelopeError),
    /// The `rpc_result` answers another request.
    MsgIdMismatch { expected: i64, found: i64 },
    /// Any other reason the response pipeline gives (it may grow new ones),
    /// as it words it.
    Response(String),
    /// The answer decoded fine and is an RPC error, already printed as JSON
    /// on standard output: exit 2, nothing on standard error.
    RpcAnswer,
    /// The QR-login URL is malformed.
    Qr(QrError),
    /// An empty login token (`request`, `qr encode`): the server never
    /// issues one, and its URL would not parse back.
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
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Self::InvalidHex(_) => "invalid_hex",
            // A constructor the layer has, where another type was due, is
            // the same case as `decode --type` refusing it.
            Self::Decode(e) => match e.kind() {
                tlwire::DecodeErrorKind::UnknownConstructor { id, .. }
                    if tlwire::name_for_id(id).is_some() =>
                {
                    "type_mismatch"
                }
                kind => kind.name(),
            },
            Self::Envelope(_) => "invalid_envelope",
            Self::MsgIdMismatch { .. } => "msg_id_mismatch",
            Self::Response(_) => "invalid_response",
            Self::RpcAnswer => "rpc_error",
            Self::Qr(e) => qr_kind(e),
            Self::EmptyToken => "empty_token",
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

    pub(crate) fn exit_code(&self) -> u8 {
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
            Self::Decode(e) => {
                // In `decode --type`'s words: what was due, what came.
                if let tlwire::DecodeErrorKind::UnknownConstructor { id, expected } = e.kind() {
                    if let Some(name) = tlwire::name_for_id(id) {
                        write!(
                            f,
                            "expected {expected}, found {name}#{id:08x} at byte {}",
                            e.offset()
                        )?;
                        for (n, segment) in e.path().enumerate() {
                            f.write_str(if n == 0 { " in " } else { " > " })?;
                            write!(f, "{segment}")?;
                        }
                        return Ok(());
                    }
                }
                write!(f, "{e}")?;
                // Name an id the layer has (a function where a constructor
                // was due), or say it is not in this layer.
                if let tlwire::DecodeErrorKind::UnknownConstructor { id, .. } = e.kind() {
                    match tlwire::name_for_id(id) {
                        Some(name) => write!(f, " ({name}#{id:08x})")?,
                        None => write!(f, " (not in layer {})", tlwire::LAYER)?,
                    }
                }
                Ok(())
            }
            Self::Envelope(e) => write!(f, "{e}"),
            Self::MsgIdMismatch { expected, found } => write!(
                f,
                "the rpc_result answers msg_id {found}, not {expected} (--msg-id)"
            ),
            Self::Response(message) => f.write_str(message),
            Self::RpcAnswer => f.write_str("the answer is an RPC error"),
            Self::Qr(e) => write!(f, "invalid QR-login URL: {e}"),
            Self::EmptyToken => f.write_str(
                "an empty login token: the server never issues one, and it has no QR-login URL",
            ),
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

impl<E: fmt::Display> From<ResponseError<E>> for Failure {
    fn from(e: ResponseError<E>) -> Self {
        match e {
            ResponseError::MsgIdMismatch { expected, found } => {
                Self::MsgIdMismatch { expected, found }
            }
            ResponseError::Decode(e) => Self::Decode(e),
            other => Self::Response(other.to_string()),
        }
    }
}

impl From<QrError> for Failure {
    fn from(e: QrError) -> Self {
        Self::Qr(e)
    }
}

/// A stable snake_case name for each way a QR-login URL can be malformed.
pub(crate) fn qr_kind(e: &QrError) -> &'static str {
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

pub(crate) type Outcome = Result<(), Failure>;
