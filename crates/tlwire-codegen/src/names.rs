//! Rust names for TL names: `rpc_result` → `RpcResult`, `auth.LoginToken` →
//! `auth::LoginToken`, field `type` → `r#type`.

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::string::String;

/// `rpc_result` → `RpcResult`, `acceptLoginToken` → `AcceptLoginToken`,
/// `p_q_inner_data` → `PQInnerData`.
pub fn camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for part in name.split('_').filter(|p| !p.is_empty()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'T');
    }
    out
}

/// A namespace or field name made safe as a Rust identifier.
pub fn ident(name: &str) -> String {
    match name {
        // These cannot be raw identifiers.
        "self" | "Self" | "super" | "crate" | "_" => alloc::format!("{name}_"),
        _ if is_keyword(name) => alloc::format!("r#{name}"),
        _ => String::from(name),
    }
}

fn is_keyword(name: &str) -> bool {
    matches!(
        name,
        "as" | "break"
            | "const"
            | "continue"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "static"
            | "struct"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "async"
            | "await"
            | "dyn"
            | "abstract"
            | "become"
            | "box"
            | "do"
            | "final"
            | "macro"
            | "override"
            | "priv"
            | "typeof"
            | "unsized"
            | "virtual"
            | "yield"
            | "try"
            | "gen"
    )
}

/// `name` with underscores appended while it is reserved or `taken`: how
/// two TL names that come out the same in Rust are told apart (an
/// underscore keeps a name clear of real ones like `ab_2`, and of the
/// camel-case lints).
pub fn unique(name: String, reserved: &[&str], taken: impl Fn(&str) -> bool) -> String {
    first_free(name, 0, |n| reserved.contains(&n) || taken(n)).0
}

/// The first of `base` with `nth`, `nth + 1`, … underscores appended that
/// is not `taken`, and its count of underscores.
fn first_free(base: String, mut nth: usize, taken: impl Fn(&str) -> bool) -> (String, usize) {
    let mut candidate = base;
    for _ in 0..nth {
        candidate.push('_');
    }
    while taken(&candidate) {
        candidate.push('_');
        nth += 1;
    }
    (candidate, nth)
}

/// The names given so far in one Rust namespace (the fields of a struct,
/// the variants of an enum), each new one made unique as [`unique`] does.
/// Lookups are in a set and each base name remembers how many underscores
/// it has got to, so no candidate is tried twice.
#[derive(Debug, Default)]
pub struct Names {
    taken: BTreeSet<String>,
    next: BTreeMap<String, usize>,
}

impl Names {
    /// Gives `name`, or the next free name after it, avoiding `reserved`.
    pub fn claim(&mut self, name: String, reserved: &[&str]) -> String {
        let from = self.next.get(&name).copied().unwrap_or(0);
        let (given, nth) = first_free(name.clone(), from, |n| {
            reserved.contains(&n) || self.taken.contains(n)
        });
        self.next.insert(name, nth + 1);
        self.taken.insert(given.clone());
        given
    }

    /// Gives `first`, or the next free of `stem_2`, `stem_3`, …, avoiding
    /// `reserved`: for local bindings, where a number reads better than
    /// underscores. (A set of names uses this or [`claim`](Self::claim),
    /// not both.)
    pub fn claim_numbered(&mut self, stem: &str, first: String, reserved: &[&str]) -> String {
        let mut n = self.next.get(&first).copied().unwrap_or(0);
        loop {
            n += 1;
            let name = match n {
                1 => first.clone(),
                n => alloc::format!("{stem}_{n}"),
            };
            if !reserved.contains(&name.as_str()) && !self.taken.contains(&name) {
                self.next.insert(first, n);
                self.taken.insert(name.clone());
                return name;
            }
        }
    }

    /// Whether `name` has been given.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

/// `0xad01d61d` written the way rustfmt and clippy like it: `0xad01_d61d`.
pub fn hex_id(id: u32) -> String {
    alloc::format!("0x{:04x}_{:04x}", id >> 16, id & 0xffff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_cases() {
        assert_eq!(camel("rpc_result"), "RpcResult");
        assert_eq!(camel("acceptLoginToken"), "AcceptLoginToken");
        assert_eq!(camel("p_q_inner_data_dc"), "PQInnerDataDc");
        assert_eq!(camel("Authorization"), "Authorization");
        assert_eq!(camel("2fa"), "T2fa");
    }

    #[test]
    fn identifiers() {
        assert_eq!(ident("type"), "r#type");
        assert_eq!(ident("self"), "self_");
        assert_eq!(ident("hash"), "hash");
    }

    #[test]
    fn unique_names() {
        assert_eq!(unique("Foo".into(), &[], |_| false), "Foo");
        assert_eq!(unique("Result".into(), &["Result"], |_| false), "Result_");
        assert_eq!(
            unique("AB".into(), &[], |n| n == "AB" || n == "AB_"),
            "AB__"
        );
    }

    #[test]
    fn names_claimed_in_one_namespace() {
        let mut names = Names::default();
        let given: Vec<String> = ["a", "a", "a_", "a", "self", "a_2"]
            .iter()
            .map(|n| names.claim((*n).into(), &["self"]))
            .collect();
        assert_eq!(given, ["a", "a_", "a__", "a___", "self_", "a_2"]);
    }

    #[test]
    fn many_clashes_stay_distinct() {
        let mut names = Names::default();
        let given: BTreeSet<String> = (0..2_000).map(|_| names.claim("x".into(), &[])).collect();
        assert_eq!(given.len(), 2_000);
    }

    #[test]
    fn ids() {
        assert_eq!(hex_id(0xad01d61d), "0xad01_d61d");
        assert_eq!(hex_id(0x068e_9916), "0x068e_9916");
    }
}
