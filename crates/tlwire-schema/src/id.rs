//! Constructor ids: the CRC32 rule and the check of written ids.
//!
//! An id is the CRC32 (IEEE) of the normalised combinator line: no `#id` and
//! no `;`, no `name:flags.N?true` fields, `bytes` written `string` where it
//! follows `:` or `?`, `<`/`>` as spaces, no `{`/`}`, white space collapsed.
//! [`Definition::computed_id`] applies the rule to the parsed definition (by
//! printing it in the id style); [`normalized_line`] applies it to raw text,
//! so tests can check one against the other.
//!
//! `bytes` inside a generic argument (`Vector<bytes>`) is NOT rewritten:
//! the official ids of `inputMediaPoll`, `messages.sendVote` and six more
//! only verify that way.

use super::ast::{Definition, Schema};
use super::display::{write_definition, Style};
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

impl Definition {
    /// The normalised line the id is the CRC32 of, e.g.
    /// `auth.acceptLoginToken token:string = Authorization`.
    #[must_use]
    pub fn id_line(&self) -> String {
        let mut line = String::new();
        // Writing into a String cannot fail; the Result only serves fmt::Write.
        let _ = write_definition(&mut line, self, Style::Id);
        line
    }

    /// The id the CRC32 rule gives this definition, whatever id is written.
    #[must_use]
    pub fn computed_id(&self) -> u32 {
        crc32fast::hash(self.id_line().as_bytes())
    }

    /// The written id if there is one, else the computed one.
    #[must_use]
    pub fn id_or_computed(&self) -> u32 {
        self.id.unwrap_or_else(|| self.computed_id())
    }
}

/// Applies the id rule to one raw schema line (a trailing `// comment` and
/// anything from the first `;` on are ignored). `crc32(normalized_line(l))`
/// is the id of line `l`.
#[must_use]
pub fn normalized_line(text: &str) -> String {
    let text = text.find("//").and_then(|i| text.get(..i)).unwrap_or(text);
    let text = text.find(';').and_then(|i| text.get(..i)).unwrap_or(text);
    let mut words: Vec<String> = Vec::new();
    for (i, word) in text.split_ascii_whitespace().enumerate() {
        if i == 0 {
            words.push(strip_id(word));
        } else if !is_true_flag_field(word) {
            words.push(bytes_as_string(word));
        }
    }
    let joined = words.join(" ");
    let mut out = String::with_capacity(joined.len());
    for c in joined.chars() {
        match c {
            '<' | '>' => out.push(' '),
            '{' | '}' => {}
            other => out.push(other),
        }
    }
    let collapsed: Vec<&str> = out.split_ascii_whitespace().collect();
    collapsed.join(" ")
}

/// `name#1cb5c415` → `name` (anything after the hex digits is kept).
fn strip_id(word: &str) -> String {
    match word.split_once('#') {
        Some((name, rest)) => {
            let tail = rest.trim_start_matches(|c: char| c.is_ascii_hexdigit());
            let mut s = String::from(name);
            s.push_str(tail);
            s
        }
        None => String::from(word),
    }
}

/// True for `name:flags.N?true` (any name, any flags field).
fn is_true_flag_field(word: &str) -> bool {
    let Some((name, rest)) = word.split_once(':') else {
        return false;
    };
    let Some(flag) = rest.strip_suffix("?true") else {
        return false;
    };
    let Some((field, bit)) = flag.rsplit_once('.') else {
        return false;
    };
    !name.is_empty()
        && !field.is_empty()
        && !bit.is_empty()
        && bit.bytes().all(|b| b.is_ascii_digit())
}

/// `x:bytes` → `x:string`, `x:flags.0?bytes` → `x:flags.0?string`; any other word as is.
fn bytes_as_string(word: &str) -> String {
    match word.strip_suffix("bytes") {
        Some(prefix) if prefix.ends_with(':') || prefix.ends_with('?') => {
            let mut s = String::from(prefix);
            s.push_str("string");
            s
        }
        _ => String::from(word),
    }
}

/// The check of one written id against the CRC32 rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdCheck {
    /// The definition's full name (`help.configSimple`).
    pub name: String,
    /// 1-based line of the definition.
    pub line: usize,
    /// The id the rule computes.
    pub expected: u32,
    /// The id written in the schema.
    pub found: u32,
}

impl IdCheck {
    /// True when the written id equals the computed one.
    #[must_use]
    pub fn is_match(&self) -> bool {
        self.expected == self.found
    }
}

/// `name#found: ok` or `name#found: computed #expected` (no line: callers
/// print `file:line:` in front).
impl fmt::Display for IdCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_match() {
            write!(f, "{}#{:08x}: ok", self.name, self.found)
        } else {
            write!(
                f,
                "{}#{:08x}: id does not match the computed #{:08x}",
                self.name, self.found, self.expected
            )
        }
    }
}

/// The result of checking every written id of a schema.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Verification {
    /// One check per definition with a written id, in file order.
    pub checks: Vec<IdCheck>,
    /// All definitions (combinators), with or without id.
    pub combinators: usize,
    /// Written ids that equal the computed id.
    pub ids_verified: usize,
    /// Definitions without a written id.
    pub without_id: usize,
    /// Built-in lines (`int ? = Int`), which have no id to check.
    pub core_lines: usize,
}

impl Verification {
    /// The checks whose written id differs from the computed one.
    pub fn mismatches(&self) -> impl Iterator<Item = &IdCheck> {
        self.checks.iter().filter(|c| !c.is_match())
    }

    /// How many written ids differ from the computed one.
    #[must_use]
    pub fn mismatch_count(&self) -> usize {
        self.mismatches().count()
    }

    /// True when every written id follows the rule.
    #[must_use]
    pub fn is_ok(&self) -> bool {
        self.mismatches().next().is_none()
    }
}

/// Checks every written id of `schema` against the CRC32 rule.
///
/// ```
/// let schema = tlwire_schema::parse(
///     "auth.acceptLoginToken#e894ad4d token:bytes = Authorization;\n\
///      authorization#1 hash:long = Authorization;",
/// )?;
/// let verification = tlwire_schema::verify(&schema);
/// assert_eq!(verification.ids_verified, 1);
/// let wrong: Vec<_> = verification.mismatches().map(|c| c.name.as_str()).collect();
/// assert_eq!(wrong, ["authorization"]);
/// # Ok::<(), tlwire_schema::ParseError>(())
/// ```
#[must_use]
pub fn verify(schema: &Schema) -> Verification {
    let mut v = Verification {
        core_lines: schema.core_lines.len(),
        ..Verification::default()
    };
    for def in &schema.definitions {
        v.combinators = v.combinators.saturating_add(1);
        match def.id {
            None => v.without_id = v.without_id.saturating_add(1),
            Some(found) => {
                let check = IdCheck {
                    name: def.full_name(),
                    line: def.line,
                    expected: def.computed_id(),
                    found,
                };
                if check.is_match() {
                    v.ids_verified = v.ids_verified.saturating_add(1);
                }
                v.checks.push(check);
            }
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::super::{parse, parse_definition};
    use super::*;
    use alloc::string::ToString;

    fn crc(s: &str) -> u32 {
        crc32fast::hash(s.as_bytes())
    }

    #[test]
    fn documented_id_examples() {
        assert_eq!(
            crc("auth.acceptLoginToken token:string = Authorization"),
            0xe894ad4d
        );
        assert_eq!(crc("vector t:Type # [ t ] = Vector t"), 0x1cb5c415);
        assert_eq!(
            crc("auth.exportLoginToken api_id:int api_hash:string except_ids:Vector long = auth.LoginToken"),
            0xb7e085fe
        );
    }

    #[test]
    fn bytes_fields_hash_as_string() {
        let line = "auth.acceptLoginToken#e894ad4d token:bytes = Authorization;";
        let def = parse_definition(line).unwrap();
        assert_eq!(def.computed_id(), 0xe894ad4d);
        assert_eq!(crc(&normalized_line(line)), 0xe894ad4d);
        // The known wrong rule replaces `":bytes "` with `": string"` (one
        // space moved), which hashes to b53b5216.
        let wrong =
            "auth.acceptLoginToken token:bytes = Authorization".replace(":bytes ", ": string");
        assert_eq!(wrong, "auth.acceptLoginToken token: string= Authorization");
        assert_eq!(crc(&wrong), 0xb53b5216);
        assert_eq!(
            def.id_line(),
            "auth.acceptLoginToken token:string = Authorization"
        );

        for line in [
            "inputPhoto#3bb3b94a id:long access_hash:long file_reference:bytes = InputPhoto;",
            "inputMediaPoll#f94e5f1 flags:# poll:Poll correct_answers:flags.0?Vector<bytes> solution:flags.1?string solution_entities:flags.1?Vector<MessageEntity> = InputMedia;",
            "messages.sendVote#10ea6184 peer:InputPeer msg_id:int options:Vector<bytes> = Updates;",
            "auth.loginTokenMigrateTo#68e9916 dc_id:int token:bytes = auth.LoginToken;",
            "inputMediaInvoice#405fef0d flags:# title:string description:string photo:flags.0?InputWebDocument invoice:Invoice payload:bytes provider:flags.3?string provider_data:DataJSON start_param:flags.1?string extended_media:flags.2?InputMedia = InputMedia;",
            "msg_detailed_info#276d3ec6 msg_id:long answer_msg_id:long bytes:int status:int = MsgDetailedInfo;",
        ] {
            let def = parse_definition(line).unwrap();
            assert_eq!(Some(def.computed_id()), def.id, "{line}");
            assert_eq!(crc(&normalized_line(line)), def.computed_id(), "{line}");
            assert_eq!(normalized_line(line), def.id_line(), "{line}");
        }
    }

    #[test]
    fn true_flags_do_not_enter_the_id() {
        let old = "authorization#ad01d61d flags:# current:flags.0?true official_app:flags.1?true password_pending:flags.2?true hash:long device_model:string platform:string system_version:string api_id:int app_name:string app_version:string date_created:int date_active:int ip:string country:string region:string = Authorization";
        let new = "authorization#ad01d61d flags:# current:flags.0?true official_app:flags.1?true password_pending:flags.2?true encrypted_requests_disabled:flags.3?true call_requests_disabled:flags.4?true unconfirmed:flags.5?true hash:long device_model:string platform:string system_version:string api_id:int app_name:string app_version:string date_created:int date_active:int ip:string country:string region:string = Authorization";
        for line in [old, new] {
            assert_eq!(parse_definition(line).unwrap().computed_id(), 0xad01d61d);
            assert_eq!(crc(&normalized_line(line)), 0xad01d61d);
        }
        // Any flags field name counts, not just `flags`.
        assert_eq!(
            normalized_line("a#1 flags:# flags2:# x:flags2.3?true y:flags2.4?True = A;"),
            "a flags:# flags2:# y:flags2.4?True = A"
        );
    }

    #[test]
    fn raw_normalisation() {
        assert_eq!(
            normalized_line("vector#1cb5c415 {t:Type} # [ t ] = Vector t; // builtin"),
            "vector t:Type # [ t ] = Vector t"
        );
        assert_eq!(
            normalized_line("  a#1   x:Vector<Vector<bytes>>\t=  A ;"),
            "a x:Vector Vector bytes = A"
        );
        assert_eq!(normalized_line(""), "");
        // Garbage goes through without panicking; only `#` + hex digits is dropped.
        assert_eq!(normalized_line("é#abzz x:é"), "ézz x:é");
    }

    #[test]
    fn id_or_computed() {
        let with = parse_definition("boolTrue#997275b5 = Bool").unwrap();
        let without = parse_definition("boolTrue = Bool").unwrap();
        assert_eq!(with.id_or_computed(), 0x997275b5);
        assert_eq!(without.id_or_computed(), 0x997275b5);
        let wrong = parse_definition("boolTrue#1 = Bool").unwrap();
        assert_eq!(wrong.id_or_computed(), 1);
    }

    #[test]
    fn verification_counts() {
        let s = parse(
            "int ? = Int;\nboolTrue#997275b5 = Bool;\nboolFalse#1 = Bool;\ntlsBlockZero length:int = TlsBlock;\n",
        )
        .unwrap();
        let v = verify(&s);
        assert_eq!(v.combinators, 3);
        assert_eq!(v.ids_verified, 1);
        assert_eq!(v.without_id, 1);
        assert_eq!(v.core_lines, 1);
        assert_eq!(v.mismatch_count(), 1);
        assert!(!v.is_ok());
        let bad: alloc::vec::Vec<_> = v.mismatches().collect();
        assert_eq!(bad.len(), 1);
        let Some(bad) = bad.first() else { return };
        assert_eq!(
            (bad.name.as_str(), bad.line, bad.found, bad.expected),
            ("boolFalse", 3, 1, 0xbc799737)
        );
        assert_eq!(
            bad.to_string(),
            "boolFalse#00000001: id does not match the computed #bc799737"
        );
        assert_eq!(
            v.checks.first().map(|c| c.to_string()),
            Some("boolTrue#997275b5: ok".to_string())
        );
    }
}
