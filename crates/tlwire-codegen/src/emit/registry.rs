//! The registry of a generated layer: every constructor and function by
//! id, so a stack can name any id it meets ("unknown constructor 0x… (not
//! in layer N)") and tell which boxed type an id makes.
//!
//! ```text
//! pub const COMBINATORS: &[(u32, &str, Option<&str>)] = &[
//!     (0x0949_d9dc, "future_salt", Some("FutureSalt")),
//!     …
//! ];
//! pub fn name_for_id(id: u32) -> Option<&'static str> { … }
//! pub fn type_for_id(id: u32) -> Option<&'static str> { … }
//! ```

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::super::layout::{self, Expr};
use super::super::model::Ty;
use super::super::names::hex_id;
use super::Emitter;
use tlwire_schema::Category;

impl Emitter<'_> {
    /// Writes `COMBINATORS`, sorted by id, and the two lookups over it.
    pub(super) fn registry(&mut self) {
        let model = self.model;
        let mut rows: Vec<(u32, Expr)> = model
            .combinators()
            .map(|c| {
                let made = match (&c.result, c.category) {
                    (Ty::Enum { path, .. }, Category::Type) => {
                        let ty = model.enum_at(path).map_or("Object", |e| e.tl_name.as_str());
                        format!("Some(\"{ty}\")")
                    }
                    _ => String::from("None"),
                };
                let name = format!("\"{}\"", c.tl_name);
                let row = Expr::call("", &[&hex_id(c.id), &name, &made], "");
                (c.id, row)
            })
            .collect();
        rows.sort_unstable_by_key(|(id, _)| *id);
        self.w.doc(
            "Every constructor and function of this layer, sorted by id: its id, its \
             schema name, and the boxed type a constructor makes (`None` for a function).",
        );
        let head = "pub const COMBINATORS: &[(u32, &str, Option<&str>)] = ";
        let flat: Vec<String> = rows.iter().map(|(_, row)| row.flat()).collect();
        if layout::narrow_array(&flat) {
            // A layer of one or two combinators.
            layout::array(&mut self.w, head, &flat, ";");
        } else {
            self.w.open(&format!("{head}&["));
            for (_, row) in &rows {
                layout::write(&mut self.w, "", row, ",", false);
            }
            self.w.close("];");
        }
        self.w.line("");
        self.w.doc(
            "The schema name of the constructor or function with this id, if this layer has one.",
        );
        self.w
            .open("pub fn name_for_id(id: u32) -> Option<&'static str> {");
        self.w.line("registry_row(id).map(|&(_, name, _)| name)");
        self.w.close("}");
        self.w.line("");
        self.w
            .doc("The boxed type the constructor with this id makes, if this layer has it.");
        self.w
            .open("pub fn type_for_id(id: u32) -> Option<&'static str> {");
        self.w
            .line("registry_row(id).and_then(|&(_, _, made)| made)");
        self.w.close("}");
        self.w.line("");
        self.w
            .open("fn registry_row(id: u32) -> Option<&'static (u32, &'static str, Option<&'static str>)> {");
        self.w
            .line("let at = COMBINATORS.binary_search_by_key(&id, |row| row.0).ok()?;");
        self.w.line("COMBINATORS.get(at)");
        self.w.close("}");
        self.w.line("");
    }
}
