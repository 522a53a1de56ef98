//! The definitions a TL schema file is made of, as plain data.
//!
//! A [`Schema`] holds the combinators of one or more files in order. Each
//! [`Definition`] keeps what the generator and the id rule need: its name and
//! namespace, the explicit id (if any), its generic parameters, its fields and
//! its result type. Built-in lines that have no combinator form of their own
//! (`int ? = Int;`, `int128 4*[ int ] = Int128;`) are kept as [`CoreLine`]s so a
//! caller can count them without mistaking them for errors.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

/// Which section of a schema file a definition sits in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Category {
    /// A constructor of a type (before `---functions---`, or after `---types---`).
    Type,
    /// A function (after `---functions---`).
    Function,
}

/// One parsed schema file (or several, concatenated in order).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Schema {
    /// The combinators, in file order.
    pub definitions: Vec<Definition>,
    /// Built-in lines without a combinator form (`int ? = Int;`), in file order.
    pub core_lines: Vec<CoreLine>,
    /// The number in a `// LAYER N` comment, if the file has one.
    pub layer: Option<u32>,
}

/// A built-in line that declares a primitive rather than a combinator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoreLine {
    /// The declared name (`int`, `int128`, `vector`).
    pub name: String,
    /// The line as written, trimmed, without the final `;`.
    pub text: String,
    /// 1-based line number in its file.
    pub line: usize,
}

/// A combinator: a constructor or a function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Definition {
    /// Namespace parts before the name (`["auth"]` for `auth.acceptLoginToken`).
    pub namespace: Vec<String>,
    /// The name without its namespace (`acceptLoginToken`).
    pub name: String,
    /// The id written after `#`, if any.
    pub id: Option<u32>,
    /// Generic parameters written as `{X:Type}`, in order (`["X"]`).
    pub generic_params: Vec<String>,
    /// The fields, in order, flags words included.
    pub params: Vec<Parameter>,
    /// The result type after `=`.
    pub ty: Type,
    /// Constructor or function.
    pub category: Category,
    /// 1-based line number in its file.
    pub line: usize,
}

/// One field of a combinator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parameter {
    /// The field name as written (`device_model`, `flags2`).
    pub name: String,
    /// What the field holds.
    pub ty: ParameterType,
}

/// What a field holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParameterType {
    /// A flags word, written `name:#`.
    Flags,
    /// A value, present always or only when a flag bit is set.
    Normal {
        /// The value's type.
        ty: Type,
        /// `flags.N?` in front of the type, if any.
        flag: Option<Flag>,
    },
    /// A repetition, written `# [ t ]` in the built-in `vector` line: a count
    /// followed by that many values of the inner field types.
    Repeat {
        /// The fields repeated, as written between `[` and `]`.
        params: Vec<Parameter>,
    },
}

/// A reference to a flags bit: `flags.N?` or `flags2.N?`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Flag {
    /// The flags word's field name (`flags`, `flags2`).
    pub name: String,
    /// The bit, 0–31.
    pub index: u32,
}

/// A type reference as written in a field or after `=`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Type {
    /// Namespace parts (`["auth"]` for `auth.LoginToken`).
    pub namespace: Vec<String>,
    /// The name without namespace (`LoginToken`, `int`, `Vector`).
    pub name: String,
    /// True for bare types: a lowercase first letter (`int`, `vector`) or `%T`.
    pub bare: bool,
    /// True for a generic reference written `!X`.
    pub generic_ref: bool,
    /// The argument of a generic type: `long` in `Vector<long>` or `Vector long`.
    pub generic_arg: Option<Box<Type>>,
}

/// Joins namespace parts and a name with `.`.
fn qualified(namespace: &[String], name: &str) -> String {
    let mut out = String::new();
    for part in namespace {
        out.push_str(part);
        out.push('.');
    }
    out.push_str(name);
    out
}

impl Schema {
    /// The constructors (definitions in a types section), in file order.
    pub fn types(&self) -> impl Iterator<Item = &Definition> {
        self.definitions
            .iter()
            .filter(|d| d.category == Category::Type)
    }

    /// The functions (definitions in a functions section), in file order.
    pub fn functions(&self) -> impl Iterator<Item = &Definition> {
        self.definitions
            .iter()
            .filter(|d| d.category == Category::Function)
    }
}

impl Definition {
    /// The name with its namespace, as written: `auth.acceptLoginToken`.
    #[must_use]
    pub fn full_name(&self) -> String {
        qualified(&self.namespace, &self.name)
    }
}

impl Type {
    /// The name with its namespace, as written, without `!`, `%` or a
    /// generic argument: `auth.LoginToken`, `Vector`.
    #[must_use]
    pub fn full_name(&self) -> String {
        qualified(&self.namespace, &self.name)
    }
}

impl Parameter {
    /// True for a `name:flags.N?true` field: it is only a flag bit, never
    /// serialized, and left out of the constructor id.
    #[must_use]
    pub fn is_true_flag(&self) -> bool {
        match &self.ty {
            ParameterType::Normal { ty, flag: Some(_) } => {
                ty.name == "true"
                    && ty.namespace.is_empty()
                    && ty.generic_arg.is_none()
                    && !ty.generic_ref
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::super::parse_definition;

    #[test]
    fn full_names() {
        let def = parse_definition(
            "auth.exportLoginToken#b7e085fe api_id:int api_hash:string except_ids:Vector<long> = auth.LoginToken",
        )
        .unwrap();
        assert_eq!(def.full_name(), "auth.exportLoginToken");
        assert_eq!(def.ty.full_name(), "auth.LoginToken");
        assert_eq!(def.namespace, ["auth"]);
        assert_eq!(def.name, "exportLoginToken");
    }

    #[test]
    fn true_flags() {
        let def = parse_definition("a#1 flags:# x:flags.0?true y:flags.1?int z:true = A").unwrap();
        let flags: alloc::vec::Vec<bool> = def.params.iter().map(|p| p.is_true_flag()).collect();
        assert_eq!(flags, [false, true, false, false]);
    }

    #[test]
    fn sections() {
        let s = parse("a#1 = A;\n---functions---\nb#2 = A;\n---types---\nc#3 = A;").unwrap();
        let types: alloc::vec::Vec<_> = s.types().map(|d| d.name.as_str()).collect();
        let funcs: alloc::vec::Vec<_> = s.functions().map(|d| d.name.as_str()).collect();
        assert_eq!(types, ["a", "c"]);
        assert_eq!(funcs, ["b"]);
    }
}
