//! The nesting graph of a model: which combinators each field can hold
//! (through vectors, `Object` and generic queries), and the shortest cycle
//! from a combinator back to itself.

use alloc::collections::{BTreeMap, VecDeque};
use alloc::vec::Vec;

use super::super::model::{Combinator, FieldKind, Model, Path, Ty};
use super::Hop;

/// Which combinators each field of each combinator can hold.
pub(super) struct Graph<'m> {
    nodes: Vec<&'m Combinator>,
    /// For each node, (field index, target, whether entered with its id).
    /// A target of [`ANY`] is every combinator, entered with its id: a
    /// field of `Object` or a generic query.
    edges: Vec<Vec<(usize, usize, bool)>>,
}

/// The target of an `Object` field: any combinator. One edge, not one per
/// combinator, keeps the search linear in the schema.
pub(super) const ANY: usize = usize::MAX;

impl<'m> Graph<'m> {
    pub(super) fn new(model: &'m Model) -> Self {
        let nodes: Vec<&Combinator> = model.combinators().collect();
        let structs: BTreeMap<&Path, usize> = model
            .structs
            .iter()
            .enumerate()
            .map(|(i, c)| (&c.path, i))
            .collect();
        let enums: BTreeMap<&Path, Vec<usize>> = model
            .enums
            .iter()
            .map(|e| {
                let ctors = e
                    .variants
                    .iter()
                    .filter_map(|(_, p, _)| structs.get(p).copied())
                    .collect();
                (&e.path, ctors)
            })
            .collect();
        let edges = nodes
            .iter()
            .map(|c| {
                let mut out = Vec::new();
                for (field, f) in c.fields.iter().enumerate() {
                    if let FieldKind::Value { ty, .. } = &f.kind {
                        let (targets, boxed) = targets(ty, &structs, &enums);
                        out.extend(targets.into_iter().map(|t| (field, t, boxed)));
                    }
                }
                out
            })
            .collect();
        Self { nodes, edges }
    }

    pub(super) fn node(&self, hop: &Hop) -> Option<&'m Combinator> {
        self.nodes.get(hop.node).copied()
    }

    /// The fewest hops from `start` back to itself, breadth first. `None`
    /// when there is no such cycle.
    pub(super) fn shortest_cycle(&self, start: usize) -> Option<Vec<Hop>> {
        // For each node reached: the hop that reached it.
        let mut came_from: Vec<Option<Hop>> = alloc::vec![None; self.nodes.len()];
        let mut queue = VecDeque::from([start]);
        let mut seen = alloc::vec![false; self.nodes.len()];
        *seen.get_mut(start)? = true;
        while let Some(node) = queue.pop_front() {
            for &(field, target, boxed) in self.edges.get(node)? {
                let hop = Hop { node, field, boxed };
                // `ANY` reaches `start` at once; nothing else is reached
                // through it sooner than through the edge that led there.
                if target == start || target == ANY {
                    let mut hops = alloc::vec![hop];
                    let mut at = node;
                    while at != start {
                        let back = (*came_from.get(at)?)?;
                        hops.push(back);
                        at = back.node;
                    }
                    hops.reverse();
                    // Each hop enters the next node; the last one enters
                    // the first, as every level but the outermost does.
                    let entered: Vec<bool> = core::iter::once(boxed)
                        .chain(hops.iter().map(|h| h.boxed))
                        .collect();
                    for (hop, boxed) in hops.iter_mut().zip(entered) {
                        hop.boxed = boxed;
                    }
                    return Some(hops);
                }
                if let Some(slot @ false) = seen.get_mut(target) {
                    *slot = true;
                    *came_from.get_mut(target)? = Some(hop);
                    queue.push_back(target);
                }
            }
        }
        None
    }
}

/// The nodes a value of `ty` can be, and whether they are entered with
/// their id. `Object` and generic queries can be any combinator.
pub(super) fn targets(
    ty: &Ty,
    structs: &BTreeMap<&Path, usize>,
    enums: &BTreeMap<&Path, Vec<usize>>,
) -> (Vec<usize>, bool) {
    match ty {
        Ty::Vector { elem, .. } => targets(elem, structs, enums),
        Ty::Enum { path, .. } => (enums.get(path).cloned().unwrap_or_default(), true),
        Ty::Struct { path, .. } => (structs.get(path).copied().into_iter().collect(), false),
        Ty::Object | Ty::Generic(_) => (alloc::vec![ANY], true),
        _ => (Vec::new(), true),
    }
}
