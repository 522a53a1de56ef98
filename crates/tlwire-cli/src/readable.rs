//! The readable form `decode` prints: the object's name, id and size, then
//! one field a line.

use std::fmt;
use std::io::{self, Write};

use tlwire::enums;

use crate::failure::Outcome;
use crate::output::json_output_error;

/// Fields whose value is a credential: only their length is shown.
pub(crate) const SECRET_FIELDS: &[&str] = &["token"];

/// Prints `name#id (N bytes)` and then every field, one per line, all
/// indented by `indent`.
///
/// The fields come from the object's JSON form (the library's serde
/// implementation), so every constructor the crate knows prints the same
/// way: `string` quoted, `bytes` as hex, nested objects indented.
pub(crate) fn print_readable(
    object: &enums::Object<'_>,
    len: usize,
    indent: usize,
    out: &mut impl Write,
) -> Outcome {
    print_tree(
        object.tl_name(),
        object.constructor_id(),
        len,
        object,
        indent,
        out,
    )
}

/// Prints `name#id (N bytes)` indented by `indent`, then the fields of
/// `value`'s JSON form, one per line, indented two more.
pub(crate) fn print_tree(
    name: &str,
    id: u32,
    len: usize,
    value: &impl serde::Serialize,
    indent: usize,
    out: &mut impl Write,
) -> Outcome {
    let json = serde_json::to_string(value).map_err(json_output_error)?;
    let mut read = serde_json::Deserializer::from_str(&json);
    // The value came from a decode, whose depth limit bounds it; serde_json's
    // own limit (128 levels, arrays and objects alike) would refuse some of
    // what a decode reads.
    read.disable_recursion_limit();
    let tree = <Node as serde::Deserialize>::deserialize(&mut read).map_err(json_output_error)?;
    writeln!(out, "{:indent$}{name}#{id:08x} ({len} bytes)", "")?;
    if let Node::Map(fields) = &tree {
        write_fields(out, indent + 2, fields)?;
    }
    Ok(())
}

/// A JSON value with the keys in the order they were written.
#[derive(Debug)]
pub(crate) enum Node {
    /// Numbers, booleans and `null`, as JSON writes them.
    Scalar(String),
    Text(String),
    List(Vec<Node>),
    Map(Vec<(String, Node)>),
}

impl<'de> serde::Deserialize<'de> for Node {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

pub(crate) struct NodeVisitor;

impl<'de> serde::de::Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Scalar(v.to_string()))
    }

    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Text(v.to_owned()))
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Scalar("null".into()))
    }

    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Scalar("null".into()))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::List(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Node::Map(entries))
    }
}

/// The `"_"` of an object.
pub(crate) fn tag(fields: &[(String, Node)]) -> Option<&str> {
    match fields.first() {
        Some((key, Node::Text(name))) if key == "_" => Some(name),
        _ => None,
    }
}

pub(crate) fn write_fields(
    out: &mut impl Write,
    indent: usize,
    fields: &[(String, Node)],
) -> io::Result<()> {
    for (key, value) in fields.iter().filter(|(key, _)| key != "_") {
        match value {
            Node::Text(hex) if SECRET_FIELDS.contains(&key.as_str()) => writeln!(
                out,
                "{:indent$}{key}: {} bytes (a credential: not shown)",
                "",
                hex.len() / 2
            )?,
            _ => write_value(out, indent, key, value)?,
        }
    }
    Ok(())
}

pub(crate) fn write_value(
    out: &mut impl Write,
    indent: usize,
    label: &str,
    value: &Node,
) -> io::Result<()> {
    match value {
        Node::Map(fields) => match tag(fields) {
            Some(name) => {
                writeln!(out, "{:indent$}{label}: {name}", "")?;
                write_fields(out, indent + 2, fields)
            }
            None => writeln!(out, "{:indent$}{label}: {}", "", inline(value)),
        },
        Node::List(items) if !items.is_empty() => {
            writeln!(out, "{:indent$}{label}: {} items", "", items.len())?;
            for (i, item) in items.iter().enumerate() {
                write_value(out, indent + 2, &format!("[{i}]"), item)?;
            }
            Ok(())
        }
        _ => writeln!(out, "{:indent$}{label}: {}", "", inline(value)),
    }
}

/// A value on one line: text quoted with escapes, anything else as is.
pub(crate) fn inline(value: &Node) -> String {
    match value {
        Node::Scalar(s) => s.clone(),
        Node::Text(s) => format!("{s:?}"),
        Node::List(items) => {
            let items: Vec<String> = items.iter().map(inline).collect();
            format!("[{}]", items.join(", "))
        }
        Node::Map(fields) => match fields.as_slice() {
            [(key, Node::Text(hex))] if key == tlwire::json::INVALID_UTF8_KEY => {
                format!("not UTF-8, hex {hex}")
            }
            _ => {
                let fields: Vec<String> = fields
                    .iter()
                    .map(|(k, v)| format!("{k}: {}", inline(v)))
                    .collect();
                format!("{{{}}}", fields.join(", "))
            }
        },
    }
}
