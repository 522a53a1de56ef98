//! The `errors` tree: for each method with known RPC errors, an enum of
//! them (`…Error`) with `Display`, `core::error::Error` and the
//! `MethodError` link.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::super::layout::{self, Expr};
use super::super::model::Combinator;
use super::super::names::Names;
use super::{Emitter, Scope};

impl Emitter<'_> {
    /// `errors::…`: an enum of each method's RPC errors, from `errors.tsv`.
    pub(super) fn errors_tree(&mut self) {
        let model = self.model;
        let mut by_ns: BTreeMap<Vec<String>, Vec<&Combinator>> = BTreeMap::new();
        for f in model.functions.iter().filter(|f| !f.errors.is_empty()) {
            by_ns.entry(f.path.namespace.clone()).or_default().push(f);
        }
        self.w
            .doc("RPC errors: for each method with known errors, an enum of them.");
        self.w.open("pub mod errors {");
        let mut first = true;
        for (ns, methods) in &by_ns {
            if !first {
                self.w.line("");
            }
            first = false;
            for n in ns {
                self.w
                    .doc(&format!("The `{}` namespace.", n.trim_start_matches("r#")));
                self.w.open(&format!("pub mod {n} {{"));
            }
            // Runtime names in full: an enum here may be `RpcErrorError` or
            // `MethodErrorError`, and a namespace may be called `core`.
            let scope = Scope {
                depth: ns.len() + 1,
            };
            for m in methods {
                self.w.line("");
                self.method_errors(m, scope);
            }
            for _ in ns {
                self.w.close("}");
            }
        }
        self.w.close("}");
    }

    pub(super) fn method_errors(&mut self, f: &Combinator, scope: Scope) {
        let name = error_enum(&f.path.name);
        // `FOO_BAR` and `FOO__BAR` are both `FooBar`: the later one gets an
        // underscore.
        let mut names = Names::default();
        let variants: Vec<(Variant, &super::super::metadata::ErrorSpec)> = f
            .errors
            .iter()
            .map(|e| {
                let (base, number) = error_variant(&e.name);
                // `Self` is a keyword; `Other` is the enum's own variant.
                let name = names.claim(base, &["Self", "Other"]);
                (Variant { name, number }, e)
            })
            .collect();
        self.w.doc(&format!(
            "The RPC errors of [`{}`]({}), from `errors.tsv`.",
            f.tl_name,
            scope.path("functions", &f.path)
        ));
        self.w.doc("");
        self.w.doc(
            "Matched by name only (codes drift); any other error is `Other`. \
             Every variant keeps the error as it arrived; the number in a name \
             (the schema's `X`) is `number`. Non-exhaustive: `errors.tsv` grows \
             between layers.",
        );
        self.w.line("#[derive(Clone, Debug, PartialEq, Eq, Hash)]");
        self.w.line("#[non_exhaustive]");
        self.w.open(&format!("pub enum {name} {{"));
        for (v, e) in &variants {
            self.w
                .doc(&format!("`{} {}`: {}", e.code, e.name, e.description));
            match v.number {
                Number::None => self.w.line(&format!("{}({RPC_ERROR}),", v.name)),
                Number::Required | Number::Optional => {
                    let ty = if v.number == Number::Required {
                        "u64"
                    } else {
                        "Option<u64>"
                    };
                    self.w.open(&format!("{} {{", v.name));
                    self.w.doc("The number the name carries.");
                    self.w.line(&format!("number: {ty},"));
                    self.w.doc("The error as it arrived.");
                    self.w.line(&format!("error: {RPC_ERROR},"));
                    self.w.close("},");
                }
            }
        }
        self.w.doc("An error not listed for this method.");
        self.w.line(&format!("Other({RPC_ERROR}),"));
        self.w.close("}");
        self.w.line("");
        self.w
            .open(&format!("impl ::tlwire::rpc::MethodError for {name} {{"));
        self.w
            .open(&format!("fn from_rpc_error(error: {RPC_ERROR}) -> Self {{"));
        for (n, (v, e)) in variants.iter().enumerate() {
            let open = format!("if error.is(\"{}\") {{", e.name);
            if n == 0 {
                self.w.open(&open);
            } else {
                self.w.close(&format!("}} else {open}"));
                self.w.push_indent();
            }
            let number = match v.number {
                Number::None => {
                    self.w.line(&format!("Self::{}(error)", v.name));
                    continue;
                }
                // The pattern matched digits: only a number past `u64`
                // has none.
                Number::Required => "error.argument().unwrap_or_default()",
                Number::Optional => "error.argument()",
            };
            self.w.open(&format!("Self::{} {{", v.name));
            self.w.line(&format!("number: {number},"));
            self.w.line("error,");
            self.w.close("}");
        }
        self.w.close("} else {");
        self.w.push_indent();
        self.w.line("Self::Other(error)");
        self.w.close("}");
        self.w.close("}");
        self.w.line("");
        self.w
            .open(&format!("fn rpc_error(&self) -> &{RPC_ERROR} {{"));
        self.w.open("match self {");
        for (v, _) in &variants {
            self.w.line(&format!("{} => error,", v.pattern("error")));
        }
        self.w.line("Self::Other(error) => error,");
        self.w.close("}");
        self.w.close("}");
        for (method, what) in [("schema_name", "name"), ("description", "description")] {
            self.w.line("");
            self.w
                .open(&format!("fn {method}(&self) -> Option<&'static str> {{"));
            self.w.open("match self {");
            for (v, e) in &variants {
                let text = if what == "name" {
                    &e.name
                } else {
                    &e.description
                };
                layout::arm(
                    &mut self.w,
                    &v.pattern("_"),
                    &Expr::Atom(format!("Some({text:?})")),
                );
            }
            self.w.line("Self::Other(_) => None,");
            self.w.close("}");
            self.w.close("}");
        }
        self.w.close("}");
        self.w.line("");
        self.w
            .open(&format!("impl ::core::fmt::Display for {name} {{"));
        self.w
            .open("fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {");
        self.w
            .line("::tlwire::for_generated_code::describe(self, f)");
        self.w.close("}");
        self.w.close("}");
        self.w.line("");
        self.w
            .line(&format!("impl ::core::error::Error for {name} {{}}"));
    }
}

/// The runtime's `RpcError`, named in full.
const RPC_ERROR: &str = "::tlwire::rpc::RpcError";

/// A method's error enum: `AcceptLoginToken` → `AcceptLoginTokenError`, a
/// name no function or type of its namespace has.
pub(super) fn error_enum(function: &str) -> String {
    // A function renamed with underscores (`RpcError_`) keeps them at the
    // end (`RpcErrorError_`): still one name per function, and camel case.
    let name = function.trim_start_matches("r#");
    let base = name.trim_end_matches('_');
    format!("{base}Error{}", &name[base.len()..])
}

/// One variant of a method's error enum.
struct Variant {
    name: String,
    number: Number,
}

impl Variant {
    /// The variant's pattern, binding its error to `error` (or `_`).
    fn pattern(&self, error: &str) -> String {
        match self.number {
            Number::None => format!("Self::{}({error})", self.name),
            _ if error == "_" => format!("Self::{} {{ .. }}", self.name),
            _ => format!("Self::{} {{ {error}, .. }}", self.name),
        }
    }
}

/// Whether an error name carries a number, the schema's `X`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Number {
    /// No `X`.
    None,
    /// A part that is `X` (`FLOOD_WAIT_X`): always digits.
    Required,
    /// A last part ending in `X` (`AUTH_TOKEN_INVALIDX`): digits or none.
    Optional,
}

/// A variant name for an error name as a Rust programmer spells it, and
/// its number: `AUTH_TOKEN_INVALIDX` → `AuthTokenInvalid` (optional
/// number), `FLOOD_WAIT_X` → `FloodWait`, `FILE_PART_X_MISSING` →
/// `FilePartMissing`; a leading digit gets `E`.
pub(super) fn error_variant(name: &str) -> (String, Number) {
    let parts: Vec<&str> = name.split('_').filter(|p| !p.is_empty()).collect();
    let mut number = Number::None;
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        let part = if *part == "X" {
            number = Number::Required;
            continue;
        } else if i + 1 == parts.len() && part.len() > 1 && part.ends_with('X') {
            number = Number::Optional;
            part.strip_suffix('X').unwrap_or(part)
        } else {
            part
        };
        let lower = part.to_ascii_lowercase();
        let mut chars = lower.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.push_str(chars.as_str());
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) || out == "Other" {
        out.insert(0, 'E');
    }
    (out, number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_are_spelled_as_rust_and_keep_their_number() {
        for (name, variant, number) in [
            ("AUTH_TOKEN_EXPIRED", "AuthTokenExpired", Number::None),
            ("AUTH_TOKEN_INVALIDX", "AuthTokenInvalid", Number::Optional),
            ("FLOOD_WAIT_X", "FloodWait", Number::Required),
            ("FILE_PART_X_MISSING", "FilePartMissing", Number::Required),
            ("2FA_CONFIRM_WAIT_X", "E2faConfirmWait", Number::Required),
            ("X", "E", Number::Required),
            ("OTHER", "EOther", Number::None),
            ("PREFIX_X_TAIL", "PrefixTail", Number::Required),
            ("TAXX", "Tax", Number::Optional),
        ] {
            assert_eq!(error_variant(name), (variant.to_string(), number), "{name}");
        }
    }

    #[test]
    fn enums_are_named_after_their_functions_in_camel_case() {
        assert_eq!(error_enum("AcceptLoginToken"), "AcceptLoginTokenError");
        assert_eq!(error_enum("RpcError_"), "RpcErrorError_");
        assert_eq!(error_enum("Foo__"), "FooError__");
        assert_eq!(error_enum("r#Match"), "MatchError");
    }
}
