//! Where each TL name lands in Rust: the names generated code relies on
//! and keeps for itself, and the path of every combinator and type, made
//! unique per module and namespace.

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::super::names::{camel, ident, unique, Names};
use super::Path;

/// What generated code names unqualified in every module, from Rust's
/// prelude and tlwire's (`use ::tlwire::for_generated_code::*`): a generated item of
/// the same name would shadow it, so a TL name that comes out as one of
/// these gets an underscore (`result` → `Result_`). `Self` is a keyword.
pub(super) const RESERVED_NAMES: &[&str] = &[
    "Self",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Box",
    "String",
    "Vec",
    "Borrowing",
    "BufMut",
    "Checked",
    "Decode",
    "DecodeError",
    "Encode",
    "EncodeError",
    "EncodeErrorKind",
    "FieldContext",
    "Identifiable",
    "Reader",
    "TlStr",
];

/// What the `enums` module names besides: its `From` impls and the enum of
/// every combinator.
pub(super) const RESERVED_IN_ENUMS: &[&str] = &["From", "Object"];

/// What the `functions` module and the `errors` module (whose enums take
/// the functions' names) name besides.
pub(super) const RESERVED_IN_FUNCTIONS: &[&str] =
    &["Function", "RpcError", "Callers", "MethodError"];

/// Modules of `tlwire::for_generated_code` that generated code names
/// unqualified: a namespace of the same name gets an underscore.
pub(super) const RESERVED_MODULES: &[&str] = &["json", "wire"];

/// A generic parameter's Rust name (`X`, `type` → `r#type`).
pub(super) fn type_param(name: &str) -> String {
    unique(ident(name), RESERVED_NAMES, |_| false)
}

/// The Rust paths of one generated module's items (`types`, `enums` or
/// `functions`): distinct TL names that come out the same in Rust
/// (`a_b`, `aB`), or as a name generated code relies on, get underscores,
/// first come first served.
pub(super) struct Paths {
    /// What this module's code names unqualified: [`RESERVED_NAMES`] and
    /// the module's own.
    reserved: Vec<&'static str>,
    by_tl_name: BTreeMap<String, Path>,
    /// The names given in each namespace.
    taken: BTreeMap<Vec<String>, Names>,
}

impl Paths {
    pub(super) fn new(reserved: &'static [&'static str]) -> Self {
        Self {
            reserved: RESERVED_NAMES.iter().chain(reserved).copied().collect(),
            by_tl_name: BTreeMap::new(),
            taken: BTreeMap::new(),
        }
    }

    pub(super) fn assign(&mut self, full_name: &str) -> Path {
        if let Some(path) = self.by_tl_name.get(full_name) {
            return path.clone();
        }
        let (namespace, name) = split_full(full_name);
        let namespace: Vec<String> = namespace
            .iter()
            .map(|n| unique(ident(n), RESERVED_MODULES, |_| false))
            .collect();
        let names = self.taken.entry(namespace.clone()).or_default();
        let name = names.claim(camel(&name), &self.reserved);
        let path = Path { namespace, name };
        self.by_tl_name.insert(full_name.into(), path.clone());
        path
    }

    pub(super) fn get(&self, full_name: &str) -> Option<&Path> {
        self.by_tl_name.get(full_name)
    }
}

/// `a.b.name` as its namespace (`[a, b]`) and its name.
pub(super) fn split_full(full: &str) -> (Vec<String>, String) {
    let mut parts: Vec<String> = full.split('.').map(ToString::to_string).collect();
    let name = parts.pop().unwrap_or_default();
    (parts, name)
}
