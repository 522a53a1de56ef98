//! Prints definitions back in TL syntax, and the normalised form that
//! constructor ids are computed from.
//!
//! Both come from one writer so that they cannot drift apart: the id line is
//! the printed line with the id rule's changes applied while printing (no
//! `#id`, no `?true` fields, `bytes` fields as `string`, `Vector long` for
//! `Vector<long>`, `t:Type` for `{t:Type}`). Printing never emits the final
//! `;`, matching how a single definition is quoted in documentation.

use super::ast::{CoreLine, Definition, Flag, Parameter, ParameterType, Type};
use core::fmt::{self, Write};

/// Which of the two forms to print.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Style {
    /// TL syntax as written in schema files: `#id`, `{X:Type}`, `Vector<T>`.
    Schema,
    /// The normalised line whose CRC32 is the constructor id.
    Id,
}

/// Writes `def` in the given style, without a final `;`.
pub(super) fn write_definition<W: Write>(w: &mut W, def: &Definition, style: Style) -> fmt::Result {
    write_qualified(w, &def.namespace, &def.name)?;
    if style == Style::Schema {
        if let Some(id) = def.id {
            write!(w, "#{id:08x}")?;
        }
    }
    for g in &def.generic_params {
        match style {
            Style::Schema => write!(w, " {{{g}:Type}}")?,
            Style::Id => write!(w, " {g}:Type")?,
        }
    }
    for p in &def.params {
        // `name:flags.N?true` fields carry no data and do not enter the id,
        // which is why flags could be added to a constructor without a new id.
        if style == Style::Id && p.is_true_flag() {
            continue;
        }
        w.write_char(' ')?;
        write_param(w, p, style)?;
    }
    w.write_str(" = ")?;
    write_type(w, &def.ty, style)
}

fn write_qualified<W: Write>(
    w: &mut W,
    namespace: &[alloc::string::String],
    name: &str,
) -> fmt::Result {
    for part in namespace {
        w.write_str(part)?;
        w.write_char('.')?;
    }
    w.write_str(name)
}

fn write_param<W: Write>(w: &mut W, p: &Parameter, style: Style) -> fmt::Result {
    match &p.ty {
        ParameterType::Flags => write!(w, "{}:#", p.name),
        ParameterType::Normal { ty, flag } => {
            if !p.name.is_empty() {
                write!(w, "{}:", p.name)?;
            }
            if let Some(flag) = flag {
                write!(w, "{flag}?")?;
            }
            // The id rule rewrites `bytes` only where it directly follows `:`
            // or `?`; inside `Vector<bytes>` it stays, and the official ids
            // (e.g. inputMediaPoll#f94e5f1) depend on that.
            if style == Style::Id && !p.name.is_empty() && is_plain(ty, "bytes") {
                w.write_str("string")
            } else {
                write_type(w, ty, style)
            }
        }
        ParameterType::Repeat { params } => {
            if !p.name.is_empty() {
                write!(w, "{}:", p.name)?;
            }
            w.write_str("# [")?;
            for inner in params {
                w.write_char(' ')?;
                write_param(w, inner, style)?;
            }
            w.write_str(" ]")
        }
    }
}

/// True for the plain bare type `name`: no namespace, argument, `!` or `%`.
fn is_plain(ty: &Type, name: &str) -> bool {
    ty.name == name
        && ty.namespace.is_empty()
        && ty.generic_arg.is_none()
        && !ty.generic_ref
        && ty.bare
}

fn write_type<W: Write>(w: &mut W, ty: &Type, style: Style) -> fmt::Result {
    if ty.generic_ref {
        w.write_char('!')?;
    }
    // A bare type whose name starts with a lowercase letter is bare by its
    // name; any other bare type needs `%` to stay bare when read back.
    if ty.bare && !ty.name.starts_with(|c: char| c.is_ascii_lowercase()) {
        w.write_char('%')?;
    }
    write_qualified(w, &ty.namespace, &ty.name)?;
    if let Some(arg) = &ty.generic_arg {
        match style {
            Style::Schema => {
                w.write_char('<')?;
                write_type(w, arg, style)?;
                w.write_char('>')?;
            }
            Style::Id => {
                w.write_char(' ')?;
                write_type(w, arg, style)?;
            }
        }
    }
    Ok(())
}

/// `auth.acceptLoginToken#e894ad4d token:bytes = Authorization` (no `;`; the
/// id, if any, as 8 hex digits).
impl fmt::Display for Definition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_definition(f, self, Style::Schema)
    }
}

/// `name:Type`, `name:flags.N?Type`, `name:#` or `# [ t ]`.
impl fmt::Display for Parameter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_param(f, self, Style::Schema)
    }
}

/// `auth.LoginToken`, `Vector<long>`, `!X`, `%Message`.
impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_type(f, self, Style::Schema)
    }
}

/// `flags.3`, `flags2.0`.
impl fmt::Display for Flag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.name, self.index)
    }
}

/// The line as written, without `;`.
impl fmt::Display for CoreLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse_definition;
    use super::*;
    use alloc::string::{String, ToString};

    fn id_form(text: &str) -> String {
        let mut s = String::new();
        let def = parse_definition(text).unwrap();
        write_definition(&mut s, &def, Style::Id).unwrap();
        s
    }

    #[test]
    fn prints_schema_syntax() {
        for line in [
            "auth.acceptLoginToken#e894ad4d token:bytes = Authorization",
            "vector#1cb5c415 {t:Type} # [ t ] = Vector<t>",
            "invokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X",
            "a#00000001 flags:# b:flags.3?Vector<auth.Foo> flags2:# c:flags2.31?true = a.B",
            "a#00000001 x:%Message y:vector<%Foo> = A",
            "tlsBlockPermutation entries:Vector<Vector<TlsBlock>> = TlsBlock",
            "a n:# [ x:int y:long ] = A",
        ] {
            assert_eq!(parse_definition(line).unwrap().to_string(), line);
        }
    }

    #[test]
    fn normalises_short_ids_and_space_form() {
        let def = parse_definition(
            "auth.loginTokenMigrateTo#68e9916 dc_id:int token:bytes = auth.LoginToken;",
        )
        .unwrap();
        assert_eq!(
            def.to_string(),
            "auth.loginTokenMigrateTo#068e9916 dc_id:int token:bytes = auth.LoginToken"
        );
        let def = parse_definition("vector {t:Type} # [ t ] = Vector t").unwrap();
        assert_eq!(def.to_string(), "vector {t:Type} # [ t ] = Vector<t>");
    }

    #[test]
    fn id_style() {
        assert_eq!(
            id_form("auth.acceptLoginToken#e894ad4d token:bytes = Authorization"),
            "auth.acceptLoginToken token:string = Authorization"
        );
        assert_eq!(
            id_form("vector#1cb5c415 {t:Type} # [ t ] = Vector t"),
            "vector t:Type # [ t ] = Vector t"
        );
        assert_eq!(
            id_form("a#1 flags:# x:flags.0?true y:flags.1?bytes z:Vector<bytes> w:Vector<Vector<long>> = A"),
            "a flags:# y:flags.1?string z:Vector bytes w:Vector Vector long = A"
        );
        assert_eq!(
            id_form("bytes#1 bytes:bytes = bytes"),
            "bytes bytes:string = bytes"
        );
    }

    #[test]
    fn small_items() {
        let flag = Flag {
            name: "flags2".to_string(),
            index: 7,
        };
        assert_eq!(flag.to_string(), "flags2.7");
        let def = parse_definition("a#1 {X:Type} q:!X = X").unwrap();
        let Some(p) = def.params.first() else {
            panic!("no params")
        };
        assert_eq!(p.to_string(), "q:!X");
        assert_eq!(def.ty.to_string(), "X");
    }
}
