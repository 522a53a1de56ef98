//! Rust names for TL names: `rpc_result` → `RpcResult`, `auth.LoginToken` →
//! `auth::LoginToken`, field `type` → `r#type`.

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
/// two TL names that come out the same in Rust are told apart.
pub fn unique(mut name: String, reserved: &[&str], taken: impl Fn(&str) -> bool) -> String {
    while reserved.contains(&name.as_str()) || taken(&name) {
        name.push('_');
    }
    name
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
    fn ids() {
        assert_eq!(hex_id(0xad01d61d), "0xad01_d61d");
        assert_eq!(hex_id(0x068e_9916), "0x068e_9916");
    }
}
