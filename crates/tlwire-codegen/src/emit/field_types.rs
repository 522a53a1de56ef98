//! How a field's type is written in generated code: its Rust type, the
//! reader calls that decode it, the length expression that measures it and
//! the writes that encode it.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::super::layout::{self, Expr};
use super::super::model::Ty;
use super::{closure, object_path, Emitter, Scope};

impl Emitter<'_> {
    /// The Rust type of a field value. `lt` names the input's lifetime in
    /// scope (`'a`, or `'r` for responses).
    pub fn rust_ty(&self, ty: &Ty, scope: Scope, lt: &str) -> String {
        let args = |generic: bool| {
            if generic {
                format!("<{lt}>")
            } else {
                String::new()
            }
        };
        match ty {
            Ty::Int => "i32".into(),
            Ty::Long => "i64".into(),
            Ty::Double => "f64".into(),
            Ty::Int128 => "[u8; 16]".into(),
            Ty::Int256 => "[u8; 32]".into(),
            Ty::Bytes => format!("&{lt} [u8]"),
            Ty::Str => format!("TlStr<{lt}>"),
            Ty::Bool => "bool".into(),
            Ty::Object => format!(
                "&{lt} {}{}",
                scope.path("enums", &object_path()),
                args(self.model.object_generic)
            ),
            Ty::Vector { elem, .. } => format!("&{lt} [{}]", self.rust_ty(elem, scope, lt)),
            Ty::Generic(name) => name.clone(),
            Ty::Enum { path, boxed } | Ty::Struct { path, boxed } => {
                let root = if matches!(ty, Ty::Enum { .. }) {
                    "enums"
                } else {
                    "types"
                };
                let t = format!(
                    "{}{}",
                    scope.path(root, path),
                    args(self.model.ty_generic(ty))
                );
                if *boxed {
                    format!("&{lt} {t}")
                } else {
                    t
                }
            }
        }
    }

    /// The chain reading one value of `ty` from `r`: its root and links.
    pub(super) fn decode_chain(&self, ty: &Ty, scope: Scope) -> (String, Vec<String>) {
        let read = |method: &str| (String::from("r"), alloc::vec![format!(".{method}()")]);
        // `read` is a path to a decoding function; a boxed value is decoded
        // straight into its box, with the allocation charged first.
        let boxed = |read: String, boxed: bool| {
            if boxed {
                (
                    String::from("r"),
                    alloc::vec![format!(".read_boxed({read})")],
                )
            } else {
                (format!("{read}(r)"), Vec::new())
            }
        };
        match ty {
            Ty::Int => read("read_int"),
            Ty::Long => read("read_long"),
            Ty::Double => read("read_double"),
            Ty::Int128 => read("read_int128"),
            Ty::Int256 => read("read_int256"),
            Ty::Bytes => read("read_bytes"),
            Ty::Str => read("read_string"),
            Ty::Bool => read("read_bool"),
            Ty::Object => boxed(
                format!("{}::decode", scope.path("enums", &object_path())),
                true,
            ),
            Ty::Vector { bare, elem } => {
                let method = if *bare {
                    "read_bare_vector"
                } else {
                    "read_vector"
                };
                let min = elem.min_len(self.model);
                let inner = self.decode_flat(elem, scope);
                (
                    String::from("r"),
                    alloc::vec![format!(".{method}({min}, {})", closure("r", &inner))],
                )
            }
            Ty::Generic(name) => (format!("{name}::decode(r)"), Vec::new()),
            Ty::Enum { path, boxed: b } => {
                boxed(format!("{}::decode", scope.path("enums", path)), *b)
            }
            Ty::Struct { path, boxed: b } => {
                boxed(format!("{}::decode_bare", scope.path("types", path)), *b)
            }
        }
    }

    /// [`Self::decode_chain`] on one line.
    pub(super) fn decode_flat(&self, ty: &Ty, scope: Scope) -> String {
        let (root, links) = self.decode_chain(ty, scope);
        root + &links.concat()
    }

    /// The chain computing the encoded length of `v`, a reference to a
    /// value of `ty` (`Result<usize, EncodeError>`): its root and links.
    pub(super) fn len_chain(&self, ty: &Ty, v: &str) -> (String, Vec<String>) {
        if let Some(n) = ty.fixed_len() {
            return (format!("Ok({n})"), Vec::new());
        }
        // `v` is `&self.field` or a reference binding; method calls take the place.
        let place = v.trim_start_matches('&');
        match ty {
            Ty::Bytes | Ty::Str => (format!("wire::bytes_len({v})"), Vec::new()),
            Ty::Struct { .. } => (
                String::from(place),
                alloc::vec![String::from(".bare_len()")],
            ),
            Ty::Vector { bare, elem } => {
                let f = if *bare {
                    "bare_vector_len"
                } else {
                    "vector_len"
                };
                let (root, links) = self.len_chain(elem, "x");
                let element = if elem.fixed_len().is_some() {
                    format!("|_| {root}")
                } else {
                    closure("x", &format!("{root}{}", links.concat()))
                };
                // A vector field is a slice already: the place itself.
                (format!("wire::{f}({place}, {element})"), Vec::new())
            }
            _ => (
                String::from(place),
                alloc::vec![String::from(".encoded_len()")],
            ),
        }
    }

    /// A statement writing `v` of type `ty`; `by_ref` says whether `v` is
    /// a reference (`x`) or a place (`self.hash`).
    pub(super) fn put_expr(&self, ty: &Ty, v: &str, by_ref: bool) -> Expr {
        let deref = if by_ref { "*" } else { "" };
        let addr = if by_ref { "" } else { "&" };
        let atom = |s: String| Expr::Atom(s);
        match ty {
            Ty::Int => atom(format!("buf.put_i32_le({deref}{v})")),
            Ty::Long => atom(format!("buf.put_i64_le({deref}{v})")),
            Ty::Double => atom(format!("buf.put_f64_le({deref}{v})")),
            Ty::Int128 | Ty::Int256 => atom(format!("buf.put_slice({addr}{v})")),
            Ty::Bytes | Ty::Str => Expr::call(
                "wire::put_bytes",
                &["buf", &format!("{addr}{v}"), "checked"],
                "",
            ),
            Ty::Struct { .. } => Expr::Chain {
                root: String::from(v),
                links: alloc::vec![String::from(".encode_bare(buf, checked)")],
            },
            Ty::Vector { bare, elem } => Expr::call(
                if *bare {
                    "wire::put_bare_vector"
                } else {
                    "wire::put_vector"
                },
                &[
                    "buf",
                    v,
                    &format!("|buf, x| {}", self.put_expr(elem, "x", true).flat()),
                ],
                "",
            ),
            Ty::Bool | Ty::Object | Ty::Enum { .. } | Ty::Generic(_) => Expr::Chain {
                root: String::from(v),
                links: alloc::vec![String::from(".encode_raw(buf, checked)")],
            },
        }
    }

    /// `<target><read>.at::<Self>("field")?;`, where `target` is
    /// `let local = `, `value.field = ` or `len += `: a read or a length
    /// whose error names the field.
    pub(super) fn field_statement(
        &mut self,
        target: &str,
        chain: (String, Vec<String>),
        field: &str,
    ) {
        let (root, mut links) = chain;
        links.push(format!(".at::<Self>(\"{field}\")?"));
        let expr = Expr::Chain { root, links };
        layout::write(&mut self.w, target, &expr, ";", true);
    }
}
