//! Picking part of a schema: the combinators a caller names and everything
//! they need, so a crate that speaks a few methods compiles a few types.

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::string::String;
use alloc::vec::Vec;

use tlwire_schema::{Category, Parameter, ParameterType, Schema, Type};

/// The definitions of `schema` that `items` (full TL names of constructors
/// and functions: `auth.acceptLoginToken`, `authorization`) need: each item,
/// and for every type a chosen definition names — in a field, a vector, or
/// as a function's result — every constructor of that type. Returns the
/// indices of those definitions, in order, or the names that match nothing.
pub(super) fn select(schema: &Schema, items: &[String]) -> Result<Vec<usize>, Vec<String>> {
    let by_name: BTreeMap<String, usize> = schema
        .definitions
        .iter()
        .enumerate()
        .map(|(i, d)| (d.full_name(), i))
        .collect();
    let mut by_type: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, d) in schema.definitions.iter().enumerate() {
        if d.category == Category::Type {
            by_type.entry(d.ty.full_name()).or_default().push(i);
        }
    }
    let unknown: Vec<String> = items
        .iter()
        .filter(|item| !by_name.contains_key(*item))
        .cloned()
        .collect();
    if !unknown.is_empty() {
        return Err(unknown);
    }

    let mut chosen = BTreeSet::new();
    let mut work: Vec<usize> = items
        .iter()
        .filter_map(|i| by_name.get(i).copied())
        .collect();
    // A named type brings all its constructors; a bare constructor
    // reference (`%Point`, `point`) brings that constructor's type.
    let wants = |t: &Type, work: &mut Vec<usize>| {
        let mut stack = alloc::vec![t];
        while let Some(t) = stack.pop() {
            let name = t.full_name();
            if let Some(ctors) = by_type.get(&name) {
                work.extend(ctors);
            } else if let Some(&i) = by_name.get(&name) {
                work.push(i);
            }
            if let Some(arg) = &t.generic_arg {
                stack.push(arg);
            }
        }
    };
    while let Some(i) = work.pop() {
        if !chosen.insert(i) {
            continue;
        }
        let Some(d) = schema.definitions.get(i) else {
            continue;
        };
        wants(&d.ty, &mut work);
        for t in field_types(&d.params) {
            wants(t, &mut work);
        }
    }
    Ok(chosen.into_iter().collect())
}

/// The types of `params`, repeated groups included.
fn field_types(params: &[Parameter]) -> Vec<&Type> {
    let mut out = Vec::new();
    for p in params {
        match &p.ty {
            ParameterType::Flags => {}
            ParameterType::Normal { ty, .. } => out.push(ty),
            ParameterType::Repeat { params } => out.extend(field_types(params)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    fn names(schema: &Schema, picked: &[usize]) -> Vec<String> {
        picked
            .iter()
            .map(|&i| schema.definitions[i].full_name())
            .collect()
    }

    #[test]
    fn an_item_brings_what_it_needs_and_nothing_else() {
        let text = "\
point#1 x:int y:int = Point;
shape.circle#2 center:Point r:int = shape.Shape;
shape.square#3 corners:Vector<Point> = shape.Shape;
unrelated#4 s:string = Unrelated;
---functions---
shapes.get#5 id:int = Vector<shape.Shape>;
unrelated.get#6 = Unrelated;
";
        let schema = tlwire_schema::parse(text).unwrap();
        let picked = select(&schema, &["shapes.get".to_string()]).unwrap();
        assert_eq!(
            names(&schema, &picked),
            ["point", "shape.circle", "shape.square", "shapes.get"]
        );
        let picked = select(&schema, &["point".to_string()]).unwrap();
        assert_eq!(names(&schema, &picked), ["point"]);
        let err = select(&schema, &["nope".to_string(), "point".to_string()]).unwrap_err();
        assert_eq!(err, ["nope"]);
    }
}
