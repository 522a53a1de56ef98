//! The deepest nest of every recursive type, as bytes: for each combinator
//! that can contain itself, its shortest cycle back to itself written out
//! with the fewest bytes, so a test can nest it as deep as it likes and
//! check that the decode stays within a thread's stack.
//!
//! A cycle is a list of hops, each a combinator and the field that holds
//! the next one (through vectors, `Object` and generic queries too). One
//! level of the nest is each hop's bytes before that field, then the next
//! hop, then each hop's bytes after it; the innermost value is the cheapest
//! value of the last field's type. Every field off the cycle takes its
//! cheapest value: zero numbers, empty strings and vectors, flags words
//! with only the cycle's bit set, the cheapest constructor of a boxed type
//! (the one [`samples`](super::samples) builds from).

use alloc::collections::{BTreeMap, VecDeque};
use alloc::string::String;
use alloc::vec::Vec;

use super::emit::Emitter;
use super::model::{Combinator, FieldKind, Model, Path, Ty};
use super::samples::Choices;

/// `vector#1cb5c415`, the id of a boxed vector.
const VECTOR_ID: u32 = 0x1cb5_c415;
/// `boolFalse#bc799737`, the cheapest `Bool`.
const BOOL_FALSE_ID: u32 = 0xbc79_9737;
/// Deeper than any cheapest value goes: a guard, not a limit values reach.
const MAX_CHEAPEST_DEPTH: usize = 64;

/// One recursive combinator's nest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Nest {
    /// The combinator's TL name.
    pub tl_name: String,
    /// Recursive combinators one level passes, each counted against the
    /// depth limit.
    pub per_level: usize,
    /// One level's bytes before the nested value.
    pub prefix: Vec<u8>,
    /// The value at the bottom of the nest.
    pub inner: Vec<u8>,
    /// One level's bytes after the nested value.
    pub suffix: Vec<u8>,
}

/// One hop of a cycle: combinator `node` (an index into
/// [`Model::combinators`]), entered with its id when `boxed`, and the
/// field that holds the next hop.
#[derive(Clone, Copy, Debug)]
struct Hop {
    node: usize,
    field: usize,
    boxed: bool,
}

/// The nest of every recursive combinator whose cycle can be written out,
/// in [`Model::combinators`] order.
pub(super) fn all(model: &Model, choices: &Choices) -> Vec<Nest> {
    let graph = Graph::new(model);
    let cheapest = Cheapest { model, choices };
    model
        .combinators()
        .enumerate()
        .filter(|(_, c)| c.recursive)
        .filter_map(|(start, c)| {
            let hops = graph.shortest_cycle(start)?;
            let inner = cheapest.of_field_value(graph.node(hops.last()?)?, hops.last()?.field)?;
            let (mut prefix, mut suffix) = (Vec::new(), Vec::new());
            for hop in &hops {
                let (before, after) = cheapest.around(graph.node(hop)?, *hop)?;
                prefix.extend(before);
                // The innermost hop's bytes after come first.
                suffix.splice(0..0, after);
            }
            Some(Nest {
                tl_name: c.tl_name.clone(),
                per_level: hops.len(),
                prefix,
                inner,
                suffix,
            })
        })
        .collect()
}

impl Emitter<'_> {
    /// Writes `NESTS`: each recursive combinator's name, the recursive
    /// combinators one level of its nest passes, and the bytes before, at
    /// the bottom of and after the nested value.
    pub(super) fn nests(&mut self, choices: &Choices) {
        let nests = all(self.model, choices);
        self.w.line("");
        self.w.doc(
            "The shortest nest of every combinator that can contain itself: its name,\n\
             the recursive combinators one level passes (each counted against the depth\n\
             limit), one level's bytes before the nested value, the value at the bottom\n\
             and one level's bytes after. `n` levels are the bytes before `n` times,\n\
             the bottom, then the bytes after `n` times.",
        );
        let recursive = self.model.combinators().filter(|c| c.recursive).count();
        self.w.doc(
            "Every recursive combinator has one, unless a cycle cannot be written\n\
             out (`RECURSIVE` counts them all).",
        );
        self.w
            .open("pub const NESTS: &[(&str, usize, &[u8], &[u8], &[u8])] = &[");
        for nest in &nests {
            self.w.open("(");
            self.w.line(&alloc::format!("\"{}\",", nest.tl_name));
            self.w.line(&alloc::format!("{},", nest.per_level));
            for bytes in [&nest.prefix, &nest.inner, &nest.suffix] {
                self.byte_slice(bytes);
            }
            self.w.close("),");
        }
        self.w.close("];");
        self.w.line("");
        self.w.doc(
            "How many combinators can contain themselves (and count against the depth limit).",
        );
        self.w
            .line(&alloc::format!("pub const RECURSIVE: usize = {recursive};"));
    }

    /// `&[…],` with the bytes in hex, one 32-bit word of the wire a group,
    /// four words a line.
    fn byte_slice(&mut self, bytes: &[u8]) {
        if bytes.is_empty() {
            self.w.line("&[],");
            return;
        }
        self.w.open("&[");
        for line in bytes.chunks(16) {
            let words: Vec<String> = line
                .chunks(4)
                .map(|word| {
                    let hex: Vec<String> =
                        word.iter().map(|b| alloc::format!("0x{b:02x},")).collect();
                    hex.join(" ")
                })
                .collect();
            self.w.line(&words.join(" "));
        }
        self.w.close("],");
    }
}

/// Which combinators each field of each combinator can hold.
struct Graph<'m> {
    nodes: Vec<&'m Combinator>,
    /// For each node, (field index, target, whether entered with its id).
    /// A target of [`ANY`] is every combinator, entered with its id: a
    /// field of `Object` or a generic query.
    edges: Vec<Vec<(usize, usize, bool)>>,
}

/// The target of an `Object` field: any combinator. One edge, not one per
/// combinator, keeps the search linear in the schema.
const ANY: usize = usize::MAX;

impl<'m> Graph<'m> {
    fn new(model: &'m Model) -> Self {
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

    fn node(&self, hop: &Hop) -> Option<&'m Combinator> {
        self.nodes.get(hop.node).copied()
    }

    /// The fewest hops from `start` back to itself, breadth first, where
    /// the last hop enters `start` with its id (as the outermost level is
    /// entered). `None` when there is no such cycle.
    fn shortest_cycle(&self, start: usize) -> Option<Vec<Hop>> {
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
                if (target == start || target == ANY) && boxed {
                    let mut hops = alloc::vec![hop];
                    let mut at = node;
                    while at != start {
                        let back = (*came_from.get(at)?)?;
                        hops.push(back);
                        at = back.node;
                    }
                    hops.reverse();
                    // Each hop enters the next node; the first is entered
                    // boxed, like the outermost level.
                    let entered: Vec<bool> = core::iter::once(true)
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
fn targets(
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

/// Cheapest encodings: the fewest nested objects, flags words of zero.
struct Cheapest<'m> {
    model: &'m Model,
    choices: &'m Choices,
}

impl Cheapest<'_> {
    /// The bytes of `hop`'s combinator before and after the value of its
    /// field: the id when boxed, the flags words with that field's bit set,
    /// every other field at its cheapest, and the headers of the vectors
    /// around the value (each with one element).
    fn around(&self, c: &Combinator, hop: Hop) -> Option<(Vec<u8>, Vec<u8>)> {
        let mut words = alloc::vec![0u32; c.flag_words.len()];
        let field = c.fields.get(hop.field)?;
        let FieldKind::Value { ty, flag } = &field.kind else {
            return None;
        };
        if let Some((word, bit)) = flag {
            *words.get_mut(*word)? |= 1 << bit;
        }
        let mut before = Vec::new();
        if hop.boxed {
            put(&mut before, c.id);
        }
        for f in c.fields.get(..hop.field)? {
            self.field(&mut before, &f.kind, &words, 0)?;
        }
        let mut ty = ty;
        while let Ty::Vector { bare, elem } = ty {
            if !bare {
                put(&mut before, VECTOR_ID);
            }
            put(&mut before, 1);
            ty = elem;
        }
        let mut after = Vec::new();
        for f in c.fields.get(hop.field + 1..)? {
            self.field(&mut after, &f.kind, &words, 0)?;
        }
        Some((before, after))
    }

    /// The cheapest value of one element of field `field` of `c` (inside
    /// its vectors, if any).
    fn of_field_value(&self, c: &Combinator, field: usize) -> Option<Vec<u8>> {
        let FieldKind::Value { ty, .. } = &c.fields.get(field)?.kind else {
            return None;
        };
        let mut ty = ty;
        while let Ty::Vector { elem, .. } = ty {
            ty = elem;
        }
        let mut out = Vec::new();
        self.value(&mut out, ty, 0)?;
        Some(out)
    }

    /// One field, with `words` the combinator's flags words.
    fn field(
        &self,
        out: &mut Vec<u8>,
        kind: &FieldKind,
        words: &[u32],
        depth: usize,
    ) -> Option<()> {
        match kind {
            FieldKind::FlagsWord(i) => put(out, *words.get(*i)?),
            FieldKind::TrueFlag { .. } => {}
            FieldKind::Value { ty, flag: None } => self.value(out, ty, depth)?,
            FieldKind::Value {
                ty,
                flag: Some((word, bit)),
            } => {
                if words.get(*word)? & (1 << bit) != 0 {
                    self.value(out, ty, depth)?;
                }
            }
        }
        Some(())
    }

    /// The cheapest value of `ty`; `None` when it has none (a type every
    /// constructor of which holds itself).
    fn value(&self, out: &mut Vec<u8>, ty: &Ty, depth: usize) -> Option<()> {
        if depth > MAX_CHEAPEST_DEPTH {
            return None;
        }
        let model = self.model;
        match ty {
            Ty::Int => out.extend([0; 4]),
            Ty::Long | Ty::Double => out.extend([0; 8]),
            Ty::Int128 => out.extend([0; 16]),
            Ty::Int256 => out.extend([0; 32]),
            // An empty body and its three bytes of padding.
            Ty::Bytes | Ty::Str => out.extend([0; 4]),
            Ty::Bool => put(out, BOOL_FALSE_ID),
            Ty::Vector { bare, .. } => {
                if !bare {
                    put(out, VECTOR_ID);
                }
                put(out, 0);
            }
            Ty::Enum { path, .. } => {
                let c = model.structs.get(*self.choices.by_enum.get(path)?)?;
                put(out, c.id);
                self.fields(out, c, depth)?;
            }
            Ty::Struct { path, .. } => {
                let c = model.structs.iter().find(|c| &c.path == path)?;
                self.fields(out, c, depth)?;
            }
            Ty::Object | Ty::Generic(_) => {
                let c = model.structs.get(self.choices.object?)?;
                put(out, c.id);
                self.fields(out, c, depth)?;
            }
        }
        Some(())
    }

    /// Every field of `c` at its cheapest, flags words zero.
    fn fields(&self, out: &mut Vec<u8>, c: &Combinator, depth: usize) -> Option<()> {
        let words = alloc::vec![0u32; c.flag_words.len()];
        for f in &c.fields {
            self.field(out, &f.kind, &words, depth + 1)?;
        }
        Some(())
    }
}

fn put(out: &mut Vec<u8>, word: u32) {
    out.extend(word.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codegen::metadata::Metadata;

    fn nests(lines: &str) -> Vec<Nest> {
        let schema = crate::schema::parse(lines).unwrap();
        let model = Model::build(&schema, &Metadata::default()).unwrap();
        let (choices, _) = super::super::samples::choose(&model);
        all(&model, &choices)
    }

    fn le(words: &[u32]) -> Vec<u8> {
        words.iter().flat_map(|w| w.to_le_bytes()).collect()
    }

    fn id(line: &str) -> u32 {
        crate::schema::parse(line).unwrap().definitions[0].id_or_computed()
    }

    #[test]
    fn ids_are_the_runtime_ones() {
        assert_eq!(VECTOR_ID, crate::wire::ids::VECTOR);
        assert_eq!(BOOL_FALSE_ID, crate::wire::ids::BOOL_FALSE);
    }

    /// A field of the type itself: the id, the fields around it, nothing
    /// for the cheapest constructor's fields but their zero values.
    #[test]
    fn a_direct_cycle_is_one_hop() {
        let bold = "textBold text:RichText n:int = RichText;";
        let empty = "textEmpty = RichText;";
        let got = nests(&alloc::format!("{empty}\n{bold}"));
        assert_eq!(got.len(), 1, "{got:?}");
        let nest = &got[0];
        assert_eq!(nest.tl_name, "textBold");
        assert_eq!(nest.per_level, 1);
        assert_eq!(nest.prefix, le(&[id(bold)]));
        assert_eq!(nest.inner, le(&[id(empty)]));
        assert_eq!(nest.suffix, le(&[0]));
    }

    /// An optional field sets its bit (and so brings in the field that
    /// shares it); a vector holds the one nested element.
    #[test]
    fn flags_and_vectors_on_the_cycle() {
        let leaf = "leaf = Tree;";
        let node = "node flags:# a:flags.0?int kids:flags.0?Vector<Tree> b:flags.1?long = Tree;";
        let got = nests(&alloc::format!("{leaf}\n{node}"));
        assert_eq!(got.len(), 1, "{got:?}");
        let nest = &got[0];
        assert_eq!(nest.prefix, le(&[id(node), 1, 0, VECTOR_ID, 1]));
        assert_eq!(nest.inner, le(&[id(leaf)]));
        assert!(nest.suffix.is_empty());
    }

    /// A field of `Object` holds any combinator, itself included.
    #[test]
    fn a_cycle_through_object() {
        let pong = "pong ping_id:long = Pong;";
        let result = "rpc_result req_msg_id:long result:Object = RpcResult;";
        let got = nests(&alloc::format!("{pong}\n{result}"));
        assert_eq!(got.len(), 1, "{got:?}");
        let mut prefix = le(&[id(result)]);
        prefix.extend([0; 8]);
        assert_eq!(got[0].prefix, prefix);
        let mut inner = le(&[id(pong)]);
        inner.extend([0; 8]);
        assert_eq!(got[0].inner, inner);
    }

    /// A cycle through two types counts both against the depth limit, and
    /// each type's nest starts with its own id.
    #[test]
    fn a_cycle_through_two_types() {
        let a = "wrapA b:B = A;";
        let b = "wrapB a:A = B;";
        let ends = "endA = A;\nendB = B;";
        let got = nests(&alloc::format!("{ends}\n{a}\n{b}"));
        let names: Vec<&str> = got.iter().map(|n| n.tl_name.as_str()).collect();
        assert_eq!(names, ["wrapA", "wrapB"]);
        assert!(got.iter().all(|n| n.per_level == 2));
        assert_eq!(got[0].prefix, le(&[id(a), id(b)]));
        assert_eq!(got[0].inner, le(&[id("endA = A;")]));
        assert_eq!(got[1].prefix, le(&[id(b), id(a)]));
    }
}
