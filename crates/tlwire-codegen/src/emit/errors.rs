//! The `errors` tree: for each method with known RPC errors, an enum of
//! them with `Display`, `std::error::Error` and the `MethodError` link.

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
            self.w.line("use ::tlwire::prelude::*;");
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
        let name = &f.path.name;
        // `FOO_BAR` and `FOO__BAR` are both `FooBar`: the later one gets an
        // underscore.
        let mut names = Names::default();
        let variants: Vec<(String, &super::super::metadata::ErrorSpec)> = f
            .errors
            .iter()
            .map(|e| (names.claim(error_variant(&e.name), &[]), e))
            .collect();
        self.w.doc(&format!(
            "The RPC errors of [`{}`]({}), from `errors.tsv`.",
            f.tl_name,
            scope.path("functions", &f.path)
        ));
        self.w.doc("");
        self.w
            .doc("Matched by name only (codes drift); any other error is `Other`.");
        self.w.line("#[derive(Clone, Debug, PartialEq, Eq, Hash)]");
        self.w.open(&format!("pub enum {name} {{"));
        for (v, e) in &variants {
            self.w
                .doc(&format!("`{} {}`: {}", e.code, e.name, e.description));
            self.w.line(&format!("{v}(RpcError),"));
        }
        self.w.doc("An error not listed for this method.");
        self.w.line("Other(RpcError),");
        self.w.close("}");
        self.w.line("");
        self.w.open(&format!("impl MethodError for {name} {{"));
        self.w.open("fn from_rpc_error(error: RpcError) -> Self {");
        for (n, (v, e)) in variants.iter().enumerate() {
            let open = format!("if error.is(\"{}\") {{", e.name);
            if n == 0 {
                self.w.open(&open);
            } else {
                self.w.close(&format!("}} else {open}"));
                self.w.push_indent();
            }
            self.w.line(&format!("Self::{v}(error)"));
        }
        self.w.close("} else {");
        self.w.push_indent();
        self.w.line("Self::Other(error)");
        self.w.close("}");
        self.w.close("}");
        self.w.line("");
        self.w.open("fn rpc_error(&self) -> &RpcError {");
        self.w.open("match self {");
        for (v, _) in &variants {
            self.w.line(&format!("Self::{v}(e) => e,"));
        }
        self.w.line("Self::Other(e) => e,");
        self.w.close("}");
        self.w.close("}");
        self.w.line("");
        self.w
            .open("fn schema_name(&self) -> Option<&'static str> {");
        self.w.open("match self {");
        for (v, e) in &variants {
            layout::arm(
                &mut self.w,
                &format!("Self::{v}(_)"),
                &Expr::Atom(format!("Some(\"{}\")", e.name)),
            );
        }
        self.w.line("Self::Other(_) => None,");
        self.w.close("}");
        self.w.close("}");
        self.w.close("}");
    }
}

/// `AUTH_TOKEN_INVALIDX` → `AuthTokenInvalidx`; a leading digit gets `E`.
pub(super) fn error_variant(name: &str) -> String {
    let mut out = String::new();
    for part in name.split('_').filter(|p| !p.is_empty()) {
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
    out
}
