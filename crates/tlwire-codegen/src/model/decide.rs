//! The facts the emitter needs, decided once over the whole model: that
//! every type has a finite value, which fields are held by reference,
//! which combinators can contain themselves, which types derive `Eq` and
//! which borrow from the input.

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::format;
use alloc::vec::Vec;

use super::super::GenerateError;
use super::cycles::{components, on_cycles};
use super::{Combinator, Failure, Field, FieldKind, Model, Node, Path, Ty};

pub(super) fn field_borrows(f: &Field, generic: &BTreeSet<Node>) -> bool {
    match &f.kind {
        FieldKind::Value { ty, .. } => ty_borrows(ty, generic),
        _ => false,
    }
}

pub(super) fn ty_borrows(ty: &Ty, generic: &BTreeSet<Node>) -> bool {
    match ty {
        // Borrowed from the input, or made in the decode's arena.
        Ty::Bytes | Ty::Str | Ty::Object | Ty::Vector { .. } => true,
        Ty::Enum { boxed: true, .. } | Ty::Struct { boxed: true, .. } => true,
        Ty::Enum { path, .. } => generic.contains(&Node::Enum(path.clone())),
        Ty::Struct { path, .. } => generic.contains(&Node::Struct(path.clone())),
        _ => false,
    }
}

pub(super) fn field_has_double(f: &Field, no_eq: &BTreeSet<Node>) -> bool {
    match &f.kind {
        FieldKind::Value { ty, .. } => ty_has_double(ty, no_eq),
        _ => false,
    }
}

pub(super) fn ty_has_double(ty: &Ty, no_eq: &BTreeSet<Node>) -> bool {
    match ty {
        Ty::Double => true,
        Ty::Vector { elem, .. } => ty_has_double(elem, no_eq),
        Ty::Enum { path, .. } => no_eq.contains(&Node::Enum(path.clone())),
        Ty::Struct { path, .. } => no_eq.contains(&Node::Struct(path.clone())),
        // Object's Eq is decided separately; a field of it follows Object.
        Ty::Object => !no_eq.is_empty(),
        _ => false,
    }
}

/// Adds to `out` the nodes a field of type `ty` decodes.
pub(super) fn nests(
    ty: &Ty,
    structs: &BTreeMap<&Path, usize>,
    enums: &BTreeMap<&Path, usize>,
    object: usize,
    out: &mut Vec<usize>,
) {
    match ty {
        Ty::Vector { elem, .. } => nests(elem, structs, enums, object, out),
        Ty::Enum { path, .. } => out.extend(enums.get(path)),
        Ty::Struct { path, .. } => out.extend(structs.get(path)),
        Ty::Object | Ty::Generic(_) => out.push(object),
        _ => {}
    }
}

impl Model {
    /// Fails on the first combinator no finite value of which exists: one
    /// that always holds, through fields that are neither optional nor
    /// vectors, another of its own kind (`foo x:%Foo = Foo`, or a type whose
    /// every constructor does so). Its type could be written down but never
    /// built, and the generator's own walks over it would not end.
    pub(super) fn check_finite(&self) -> Result<(), Vec<Failure>> {
        let mut finite: BTreeSet<Node> = BTreeSet::new();
        // An `Object` is any constructor: finite once one is. A generic
        // query is finite: the caller brings it, from any schema.
        let ty_finite = |ty: &Ty, finite: &BTreeSet<Node>| match ty {
            Ty::Enum { path, .. } => finite.contains(&Node::Enum(path.clone())),
            Ty::Struct { path, .. } => finite.contains(&Node::Struct(path.clone())),
            Ty::Object => finite.iter().any(|n| matches!(n, Node::Struct(_))),
            _ => true,
        };
        // The first field of `c` that needs what is not (yet) known finite.
        let blocker = |c: &Combinator, finite: &BTreeSet<Node>| {
            c.fields
                .iter()
                .find(|f| {
                    matches!(&f.kind, FieldKind::Value { ty, flag: None } if !ty_finite(ty, finite))
                })
                .map(|f| f.tl_text.clone())
        };
        self.close_over(&mut finite, self.structs.iter(), |c, finite| {
            blocker(c, finite).is_none()
        });
        // All of them at once: taking one out makes no other finite.
        let failures: Vec<Failure> = self
            .combinators()
            .filter_map(|c| Some((c, blocker(c, &finite)?)))
            .map(|(c, field)| Failure {
                index: Some(c.index),
                earlier: None,
                waits: false,
                table: None,
                error: GenerateError {
                    line: c.line,
                    combinator: c.tl_name.clone(),
                    message: format!(
                        "field {field} has no finite value: every value of its type holds another"
                    ),
                },
            })
            .collect();
        if failures.is_empty() {
            Ok(())
        } else {
            Err(failures)
        }
    }

    /// Boxes every by-value field whose type can contain, by value, the
    /// struct the field is in: without it the struct would have infinite
    /// size. The field is an edge from its struct to its type, so its type
    /// reaches back exactly when both are in one strongly connected
    /// component: one pass over the graph, not a search per field.
    pub(super) fn decide_boxing(&mut self) {
        let graph = self.value_edges();
        let at: BTreeMap<&Node, usize> = graph.keys().enumerate().map(|(i, n)| (n, i)).collect();
        let edges: Vec<Vec<usize>> = graph
            .values()
            .map(|next| next.iter().filter_map(|n| at.get(n).copied()).collect())
            .collect();
        let component = components(&edges);
        let component_of = |n: &Node| at.get(n).map(|&i| component[i]);
        let mut boxed_fields = Vec::new();
        for (ci, c) in self.structs.iter().enumerate() {
            let me = component_of(&Node::Struct(c.path.clone()));
            for (fi, f) in c.fields.iter().enumerate() {
                let target = match &f.kind {
                    FieldKind::Value {
                        ty: Ty::Enum { path, .. },
                        ..
                    } => Node::Enum(path.clone()),
                    FieldKind::Value {
                        ty: Ty::Struct { path, .. },
                        ..
                    } => Node::Struct(path.clone()),
                    _ => continue,
                };
                let loops = me.is_some() && component_of(&target) == me;
                boxed_fields.push((ci, fi, loops));
            }
        }
        for (ci, fi, loops) in boxed_fields {
            let field = self.structs.get_mut(ci).and_then(|c| c.fields.get_mut(fi));
            if let Some(FieldKind::Value {
                ty: Ty::Enum { boxed, .. } | Ty::Struct { boxed, .. },
                ..
            }) = field.map(|f| &mut f.kind)
            {
                *boxed = loops;
            }
        }
    }

    pub(super) fn value_edges(&self) -> BTreeMap<Node, Vec<Node>> {
        let mut graph: BTreeMap<Node, Vec<Node>> = BTreeMap::new();
        for c in &self.structs {
            let out = graph.entry(Node::Struct(c.path.clone())).or_default();
            for f in &c.fields {
                if let FieldKind::Value { ty, .. } = &f.kind {
                    match ty {
                        Ty::Enum { path, .. } => out.push(Node::Enum(path.clone())),
                        Ty::Struct { path, .. } => out.push(Node::Struct(path.clone())),
                        _ => {}
                    }
                }
            }
        }
        for e in &self.enums {
            let out = graph.entry(Node::Enum(e.path.clone())).or_default();
            for (_, p, _) in &e.variants {
                out.push(Node::Struct(p.clone()));
            }
        }
        graph
    }

    /// Marks the combinators that lie on a cycle of the nesting graph: an
    /// edge from a combinator to every type its fields decode (through
    /// vectors; `Object` and generic parameters lead to every combinator),
    /// and from a boxed type to its constructors.
    pub(super) fn decide_recursion(&mut self) {
        let (s, f) = (self.structs.len(), self.functions.len());
        let object = s + f + self.enums.len();
        let structs: BTreeMap<&Path, usize> = self
            .structs
            .iter()
            .enumerate()
            .map(|(i, c)| (&c.path, i))
            .collect();
        let enums: BTreeMap<&Path, usize> = self
            .enums
            .iter()
            .enumerate()
            .map(|(i, e)| (&e.path, s + f + i))
            .collect();
        let mut graph: Vec<Vec<usize>> = alloc::vec![Vec::new(); object + 1];
        for (node, c) in self.structs.iter().chain(&self.functions).enumerate() {
            for field in &c.fields {
                if let FieldKind::Value { ty, .. } = &field.kind {
                    nests(ty, &structs, &enums, object, &mut graph[node]);
                }
            }
        }
        for (i, e) in self.enums.iter().enumerate() {
            graph[s + f + i] = e
                .variants
                .iter()
                .filter_map(|(_, p, _)| structs.get(p).copied())
                .collect();
        }
        graph[object] = (0..s + f).collect();
        let on_cycle = on_cycles(&graph);
        for (i, c) in self
            .structs
            .iter_mut()
            .chain(&mut self.functions)
            .enumerate()
        {
            c.recursive = on_cycle[i];
        }
    }

    /// Grows `set` until nothing more joins: a combinator of `combinators`
    /// joins when `holds` says so, given the set so far; a boxed type joins
    /// when one of its constructors has. `holds` may look only at the
    /// nodes of the combinator's field types (and, for `Object` and generic
    /// fields, at whether anything has joined): a combinator is looked at
    /// again only when one of those joins, so the work follows the edges,
    /// not rounds over the whole layer.
    pub(super) fn close_over<'c>(
        &self,
        set: &mut BTreeSet<Node>,
        combinators: impl Iterator<Item = &'c Combinator>,
        holds: impl Fn(&Combinator, &BTreeSet<Node>) -> bool,
    ) {
        let list: Vec<&Combinator> = combinators.collect();
        // Who reads each node, and who reads any (an `Object` or a generic field).
        let mut readers: BTreeMap<Node, Vec<usize>> = BTreeMap::new();
        let mut reads_any: Vec<usize> = Vec::new();
        for (i, c) in list.iter().enumerate() {
            for f in &c.fields {
                if let FieldKind::Value { ty, .. } = &f.kind {
                    let mut ty = ty;
                    while let Ty::Vector { elem, .. } = ty {
                        ty = elem;
                    }
                    match ty {
                        Ty::Enum { path, .. } => {
                            readers.entry(Node::Enum(path.clone())).or_default().push(i)
                        }
                        Ty::Struct { path, .. } => readers
                            .entry(Node::Struct(path.clone()))
                            .or_default()
                            .push(i),
                        Ty::Object | Ty::Generic(_) => reads_any.push(i),
                        _ => {}
                    }
                }
            }
        }
        // The boxed types each constructor is a variant of.
        let mut enums_of: BTreeMap<&Path, Vec<&Path>> = BTreeMap::new();
        for e in &self.enums {
            for (_, p, _) in &e.variants {
                enums_of.entry(p).or_default().push(&e.path);
            }
        }
        let mut queued = alloc::vec![true; list.len()];
        let mut queue: Vec<usize> = (0..list.len()).rev().collect();
        let wake = |node: &Node, queue: &mut Vec<usize>, queued: &mut Vec<bool>| {
            for &r in readers.get(node).map(Vec::as_slice).unwrap_or_default() {
                if !core::mem::replace(&mut queued[r], true) {
                    queue.push(r);
                }
            }
        };
        while let Some(i) = queue.pop() {
            queued[i] = false;
            let c = list[i];
            let node = Node::Struct(c.path.clone());
            if set.contains(&node) || !holds(c, set) {
                continue;
            }
            if set.is_empty() {
                for &r in &reads_any {
                    if !core::mem::replace(&mut queued[r], true) {
                        queue.push(r);
                    }
                }
            }
            set.insert(node.clone());
            wake(&node, &mut queue, &mut queued);
            for e in enums_of.get(&c.path).map(Vec::as_slice).unwrap_or_default() {
                let node = Node::Enum((*e).clone());
                if set.insert(node.clone()) {
                    wake(&node, &mut queue, &mut queued);
                }
            }
        }
    }

    /// A type derives `Eq` and `Hash` unless a `double` is inside it.
    pub(super) fn decide_eq(&mut self) {
        let mut no_eq: BTreeSet<Node> = BTreeSet::new();
        self.close_over(
            &mut no_eq,
            self.structs.iter().chain(&self.functions),
            |c, no_eq| c.fields.iter().any(|f| field_has_double(f, no_eq)),
        );
        // Object holds every combinator, so any double anywhere rules it out.
        self.object_eq = no_eq.is_empty();
        // A function path may equal a constructor path in another module;
        // functions are looked up in their own pass to keep them apart.
        let fn_no_eq: BTreeSet<Path> = self
            .functions
            .iter()
            .filter(|c| c.fields.iter().any(|f| field_has_double(f, &no_eq)))
            .map(|c| c.path.clone())
            .collect();
        for c in &mut self.structs {
            c.eq = !no_eq.contains(&Node::Struct(c.path.clone()));
        }
        for c in &mut self.functions {
            c.eq = !fn_no_eq.contains(&c.path);
        }
        for e in &mut self.enums {
            e.eq = !no_eq.contains(&Node::Enum(e.path.clone()));
        }
    }

    /// A type takes the input's lifetime only if something borrowed is
    /// inside it (a `bytes` or `string` from the input; a vector or a boxed
    /// value from the arena); otherwise the lifetime would be unused.
    pub(super) fn decide_generic(&mut self) {
        let mut generic: BTreeSet<Node> = BTreeSet::new();
        // `Object` holds its large constructors, and generic queries, by
        // reference.
        let mut object = self
            .combinators()
            .any(|c| c.boxed_in_object() || !c.type_params.is_empty());
        // A boxed type with a constructor held by reference borrows the arena.
        for e in &self.enums {
            let boxed = e
                .variants
                .iter()
                .any(|(_, p, _)| self.struct_at(p).is_some_and(|c| c.boxed));
            if boxed {
                generic.insert(Node::Enum(e.path.clone()));
            }
        }
        self.close_over(&mut generic, self.structs.iter(), |c, generic| {
            c.fields.iter().any(|f| field_borrows(f, generic))
        });
        object |= generic.iter().any(|n| matches!(n, Node::Struct(_)))
            || self
                .functions
                .iter()
                .any(|c| c.fields.iter().any(|f| field_borrows(f, &generic)));
        self.object_generic = object;
        for c in &mut self.structs {
            c.generic = generic.contains(&Node::Struct(c.path.clone()));
        }
        let fns: Vec<bool> = self
            .functions
            .iter()
            .map(|c| c.fields.iter().any(|f| field_borrows(f, &generic)))
            .collect();
        for (c, g) in self.functions.iter_mut().zip(fns) {
            c.generic = g;
        }
        for e in &mut self.enums {
            e.generic = generic.contains(&Node::Enum(e.path.clone()));
        }
    }
}
