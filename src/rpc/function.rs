//! A TL function: a request whose answer has a type known at compile time,
//! and [`Answer`], that type borrowing from the input it was read from.

use super::{Callers, MethodError};
use crate::wire::{Borrowing, Encode, Identifiable};

/// A TL function: a request whose answer has a type known at compile time.
///
/// ```
/// use tlwire::{enums, functions::auth::AcceptLoginToken, Function};
/// fn answer_type<F: Function>() -> &'static str {
///     core::any::type_name::<tlwire::Answer<'static, F>>()
/// }
/// assert!(answer_type::<AcceptLoginToken<'_>>().contains("enums::Authorization"));
/// ```
pub trait Function: Identifiable + Encode {
    /// The answer's type, named at `'static` as a [`Borrowing`] type
    /// (`enums::Authorization<'static>`); [`Answer<'r, Self>`](Answer) is
    /// the answer borrowing from an input that lives for `'r`.
    type Response: Borrowing;
    /// Its RPC errors: a generated enum when `errors.tsv` lists them, else
    /// [`RpcError`](crate::rpc::RpcError).
    type Error: MethodError;
    /// Who may call it, when known (`methods.tsv`).
    const CALLERS: Option<Callers> = None;
}

/// The answer of function `F`, borrowing from an input that lives for `'r`.
pub type Answer<'r, F> = <<F as Function>::Response as Borrowing>::Of<'r>;
