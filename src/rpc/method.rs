//! What the generated code says about a method beyond its TL line: its
//! typed RPC errors ([`MethodError`]) and who may call it ([`Callers`]).

use core::fmt;

use super::error::RpcError;

/// A method's RPC errors: generated per method from `errors.tsv`, each a
/// variant holding the [`RpcError`] it matched, plus `Other` for the rest,
/// so nothing is lost.
pub trait MethodError: Sized {
    /// Sorts `error` into its variant (by name; codes drift).
    fn from_rpc_error(error: RpcError) -> Self;
    /// The error as it arrived.
    fn rpc_error(&self) -> &RpcError;
    /// The schema name of the variant matched (`AUTH_TOKEN_INVALIDX`), or
    /// `None` for an error the method does not list.
    fn schema_name(&self) -> Option<&'static str>;
    /// What the method's error list says the error means, or `None` for an
    /// error it does not list.
    fn description(&self) -> Option<&'static str> {
        None
    }
}

/// How a method error reads (`rpc error 400 AUTH_TOKEN_EXPIRED: The login
/// token expired; …`): the generated `Display` of every method error,
/// which reaches it through `for_generated_code`.
pub fn describe(error: &impl MethodError, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    fmt::Display::fmt(error.rpc_error(), f)?;
    match error.description() {
        Some(description) => write!(f, ": {description}"),
        None => Ok(()),
    }
}

/// Methods whose errors are not listed answer with the plain [`RpcError`].
impl MethodError for RpcError {
    fn from_rpc_error(error: RpcError) -> Self {
        error
    }
    fn rpc_error(&self) -> &RpcError {
        self
    }
    fn schema_name(&self) -> Option<&'static str> {
        None
    }
}

/// Who may call a method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Callers {
    /// Users only: bots may not call it.
    Users,
    /// Bots only.
    Bots,
    /// Users and bots.
    Both,
}
