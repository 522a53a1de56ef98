//! Emits `Serialize` and `json::FromTagged` (reading, with what a value
//! borrows in an `Arena`) in the JSON shape the `tlwire` tool prints:
//! `"_"` first with the schema name, then every field under its schema name
//! in schema order.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::super::layout::{self, Expr};
use super::super::model::{Combinator, FieldKind, Ty};
use super::{closure, impl_for, unknown_bits, Emitter, Params, Variant};

fn needs_wrap(ty: &Ty) -> bool {
    match ty {
        Ty::Bytes | Ty::Str | Ty::Long | Ty::Int128 | Ty::Int256 => true,
        Ty::Vector { elem, .. } => needs_wrap(elem),
        _ => false,
    }
}

/// A `Serialize` expression for `v`, a reference to a value of `ty`.
fn ser_expr(ty: &Ty, v: &str) -> String {
    match ty {
        Ty::Bytes | Ty::Int128 | Ty::Int256 => format!("json::Hex({v})"),
        Ty::Str => format!("json::Text({v})"),
        Ty::Long => format!("json::Long({v})"),
        Ty::Vector { elem, .. } if needs_wrap(elem) => {
            // A vector is a slice already: the place itself.
            let place = v.trim_start_matches('&');
            format!("json::Seq({place}, {})", closure("x", &ser_expr(elem, "x")))
        }
        _ => String::from(v),
    }
}

fn attr(e: &mut Emitter<'_>, mode: &str) {
    if !mode.is_empty() {
        e.w.line(mode);
    }
}

/// `map.serialize_entry("name", &value)?;`, laid out as rustfmt lays it out:
/// on one line when it fits, else one argument to a line, the value broken
/// as a chain of its own where it is one.
fn entry(e: &mut Emitter<'_>, name: &str, value: &Expr) {
    let key = format!("\"{name}\"");
    let arg = match value {
        Expr::Atom(value) => value.clone(),
        chain => format!("&{}", chain.flat()),
    };
    let call = Expr::call("map.serialize_entry", &[&key, &arg], "?");
    if matches!(value, Expr::Atom(_)) || layout::stays_flat(&e.w, "", &call, ";") {
        layout::write(&mut e.w, "", &call, ";", false);
        return;
    }
    e.w.open("map.serialize_entry(");
    e.w.line(&format!("{key},"));
    // rustfmt holds an argument's chain to `chain_width` without the `&`
    // before it and the `,` after it.
    let flat = value.flat();
    if flat.len() <= layout::CHAIN_WIDTH {
        e.w.line(&format!("&{flat},"));
    } else {
        layout::write(&mut e.w, "&", value, ",", false);
    }
    e.w.close(")?;");
}

/// `Serialize` and `json::FromTagged` for one constructor or function struct.
pub(super) fn combinator(e: &mut Emitter<'_>, c: &Combinator, mode: String) {
    let name = &c.path.name;
    e.w.line("");
    attr(e, &mode);
    e.open_impl(&Params::of(c).header("json::Serialize", "json::Serialize", name));
    e.w.open("fn serialize<Z: json::Serializer>(&self, z: Z) -> Result<Z::Ok, Z::Error> {");
    e.w.line("use json::SerializeMap;");
    e.w.line(&format!(
        "let mut map = z.serialize_map(Some({}))?;",
        c.fields.len() + 1
    ));
    e.w.line("map.serialize_entry(\"_\", Self::TL_NAME)?;");
    for f in &c.fields {
        let value = match &f.kind {
            FieldKind::FlagsWord(i) => format!("&self.{}()", c.flag_words[*i].method()),
            FieldKind::TrueFlag { .. } => format!("&self.{}", f.rust_name),
            FieldKind::Value { ty, flag: None } => {
                if needs_wrap(ty) {
                    format!("&{}", ser_expr(ty, &format!("&self.{}", f.rust_name)))
                } else {
                    format!("&self.{}", f.rust_name)
                }
            }
            FieldKind::Value { ty, flag: Some(_) } if needs_wrap(ty) => {
                // A chain, which rustfmt breaks on its own lines when the
                // call's arguments are.
                let f_x = closure("x", &ser_expr(ty, "x"));
                let chain = Expr::Chain {
                    root: format!("self.{}", f.rust_name),
                    links: alloc::vec![".as_ref()".into(), format!(".map({f_x})")],
                };
                entry(e, &f.tl_name, &chain);
                continue;
            }
            FieldKind::Value { .. } => format!("&self.{}", f.rust_name),
        };
        entry(e, &f.tl_name, &Expr::Atom(value));
    }
    e.w.line("map.end()");
    e.w.close("}");
    e.w.close("}");

    // Reading: what the value borrows goes in the arena.
    let params = Params::of(c);
    let mut generics: Vec<String> = alloc::vec![String::from("'a")];
    generics.extend(params.types.iter().map(|t| format!("{t}: json::Field<'a>")));
    let generics = generics.join(", ");
    e.w.line("");
    attr(e, &mode);
    e.open_impl(&format!(
        "impl<{generics}> json::FromTagged<'a> for {name}{}",
        params.args()
    ));
    from_tagged_signature(e, "mut map");
    e.w.line("json::expect_name::<A>(name, Self::TL_NAME)?;");
    if c.recursive {
        // As the binary decode counts depth: only values that can contain
        // themselves, so JSON nests exactly as deep as a decode.
        e.w.line("let _level = json::enter::<A>(arena)?;");
    }
    // Slots are typed by the struct literal below; `json::Field` reads each.
    let slots: Vec<String> = c.fields.iter().map(|f| slot_name(&f.rust_name)).collect();
    for slot in &slots {
        e.w.line(&format!("let mut {slot} = None;"));
    }
    if c.fields.is_empty() {
        e.w.line("let _ = arena;");
        e.w.open("if let Some(key) = map.next_key::<String>()? {");
        e.w.line("return Err(json::unknown_field::<A>(&key, Self::TL_NAME));");
        e.w.close("}");
        e.w.line("Ok(Self {})");
        e.w.close("}");
        e.w.close("}");
        return;
    }
    e.w.open("while let Some(key) = map.next_key::<String>()? {");
    e.w.open("match key.as_str() {");
    for (f, slot) in c.fields.iter().zip(&slots) {
        let key = format!("\"{}\"", f.tl_name);
        let slot_ref = format!("&mut {slot}");
        let call = Expr::call("json::next", &["&mut map", &slot_ref, &key, "arena"], "?");
        layout::arm(&mut e.w, &key, &call);
    }
    e.w.line("other => return Err(json::unknown_field::<A>(other, Self::TL_NAME)),");
    e.w.close("}");
    e.w.close("}");
    // Every field must be there, flags words too; a flags word must say
    // what the fields say (the one the value writes is made from them).
    let words: Vec<(&String, String, usize)> = c
        .fields
        .iter()
        .zip(&slots)
        .filter_map(|(f, slot)| match &f.kind {
            FieldKind::FlagsWord(i) => Some((slot, format!("\"{}\"", f.tl_name), *i)),
            _ => None,
        })
        .collect();
    for (slot, key, _) in &words {
        let call = Expr::call("json::required::<A, _>", &[slot, key, "Self::TL_NAME"], "?");
        layout::write(&mut e.w, &format!("let {slot} = "), &call, ";", false);
    }
    e.w.open(if words.is_empty() {
        "Ok(Self {"
    } else {
        "let value = Self {"
    });
    for (f, slot) in c.fields.iter().zip(&slots) {
        if let FieldKind::FlagsWord(i) = &f.kind {
            let w = &c.flag_words[*i];
            e.w.line(&format!(
                "{}: {},",
                w.unknown_field,
                unknown_bits(slot, w.known)
            ));
            continue;
        }
        let key = format!("\"{}\"", f.tl_name);
        let call = Expr::call(
            "json::required::<A, _>",
            &[slot, &key, "Self::TL_NAME"],
            "?",
        );
        layout::write(&mut e.w, &format!("{}: ", f.rust_name), &call, ",", false);
    }
    if words.is_empty() {
        e.w.close("})");
    } else {
        e.w.close("};");
        for (slot, key, i) in &words {
            let made = format!("value.{}()", c.flag_words[*i].method());
            let call = Expr::call(
                "json::flags_agree::<A>",
                &[slot, &made, key, "Self::TL_NAME"],
                "?",
            );
            layout::write(&mut e.w, "", &call, ";", false);
        }
        e.w.line("Ok(value)");
    }
    e.w.close("}");
    e.w.close("}");
}

/// Opens `fn from_tagged` (its body indented), `map` bound as `map_binding`.
fn from_tagged_signature(e: &mut Emitter<'_>, map_binding: &str) {
    e.w.open("fn from_tagged<'de, A: json::MapAccess<'de>>(");
    e.w.line("name: &str,");
    e.w.line(&format!("{map_binding}: A,"));
    e.w.line("arena: &'a Arena,");
    e.w.close(") -> Result<Self, A::Error> {");
    e.w.push_indent();
}

fn slot_name(field: &str) -> String {
    match field {
        "map" | "key" | "name" | "other" | "arena" | "value" => format!("{field}_slot"),
        _ => String::from(field),
    }
}

/// `Serialize` and `json::FromTagged` for a boxed type's enum (or `Object`).
pub(super) fn boxed(
    e: &mut Emitter<'_>,
    name: &str,
    generic: bool,
    tl_name: &str,
    variants: &[Variant],
    mode: String,
) {
    e.w.line("");
    attr(e, &mode);
    e.w.open(&format!(
        "{} {{",
        impl_for(generic, "json::Serialize", name)
    ));
    e.w.open("fn serialize<Z: json::Serializer>(&self, z: Z) -> Result<Z::Ok, Z::Error> {");
    e.w.open("match self {");
    for v in variants {
        let arm = format!("Self::{}(x) => json::Serialize::serialize(x, z),", v.name);
        if e.fits(&arm) {
            e.w.line(&arm);
        } else {
            // rustfmt puts an arm too wide for its line in a block.
            e.w.open(&format!("Self::{}(x) => {{", v.name));
            e.w.line("json::Serialize::serialize(x, z)");
            e.w.close("}");
        }
    }
    e.w.close("}");
    e.w.close("}");
    e.w.close("}");

    let args = if generic { "<'a>" } else { "" };
    e.w.line("");
    attr(e, &mode);
    e.open_impl(&format!("impl<'a> json::FromTagged<'a> for {name}{args}"));
    from_tagged_signature(e, "map");
    e.w.open("match name {");
    // One call an arm, its value straight into the result: what a
    // constructor's read keeps on the stack stays in that call's frame
    // (`json::variant`), not in this match's, whose arms a debug build gives
    // a slot each.
    for v in variants {
        let wrap = format!("Self::{}", v.name);
        let read = Expr::call("json::variant", &["name", "map", "arena", &wrap], "");
        layout::arm(&mut e.w, &format!("\"{}\"", v.tl_name), &read);
    }
    let quoted = format!("\"{tl_name}\"");
    let unknown = Expr::call("json::unknown_constructor::<A>", &["name", &quoted], "");
    layout::nested_call(&mut e.w, "_ => ", "Err", &unknown, ",");
    e.w.close("}");
    e.w.close("}");
    e.w.close("}");
}
