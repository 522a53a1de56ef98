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
//!
//! Here: the nests and the `NESTS` table they are written as; [`graph`]
//! finds each cycle, [`cheapest`] writes out the values around it.

mod cheapest;
mod graph;
#[cfg(test)]
mod tests;

use alloc::string::String;
use alloc::vec::Vec;

use super::emit::Emitter;
use super::model::{Combinator, Model};
use super::samples::Choices;

use cheapest::{put, Cheapest};
use graph::Graph;

/// The most bytes one nest's level and bottom may take, and the most
/// cheapest values one nest may build: a schema whose cycles are thousands
/// of types long, or whose cheapest values double at every level, gets no
/// nest for those combinators rather than megabytes of source.
const MAX_NEST_BYTES: usize = 16 << 10;
const MAX_NEST_STEPS: usize = 1 << 16;
/// The most bytes all nests together may take.
const MAX_ALL_NESTS_BYTES: usize = 1 << 20;

/// One recursive combinator's nest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Nest {
    /// The combinator's TL name.
    pub tl_name: String,
    /// Recursive combinators one level passes, each counted against the
    /// depth limit.
    pub per_level: usize,
    /// How much deeper than its levels a nest goes: the bottom value and
    /// the fields off the cycle may hold recursive combinators too. A nest
    /// of `n` levels is `n * per_level + extra_depth` deep.
    pub extra_depth: usize,
    /// The bytes before the first level: the combinator's id when the cycle
    /// enters it bare, so that the nest is a boxed object.
    pub head: Vec<u8>,
    /// One level's bytes before the nested value.
    pub prefix: Vec<u8>,
    /// The value at the bottom of the nest.
    pub inner: Vec<u8>,
    /// One level's bytes after the nested value.
    pub suffix: Vec<u8>,
}

impl Nest {
    fn len(&self) -> usize {
        self.head.len() + self.prefix.len() + self.inner.len() + self.suffix.len()
    }
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

/// The nest of every recursive combinator whose cycle can be written out
/// within the byte bounds, in [`Model::combinators`] order.
pub(super) fn all(model: &Model, choices: &Choices) -> Vec<Nest> {
    let graph = Graph::new(model);
    let mut total = 0usize;
    let mut nests = Vec::new();
    for (start, c) in model.combinators().enumerate() {
        if !c.recursive {
            continue;
        }
        let cheapest = Cheapest {
            model,
            choices,
            steps: core::cell::Cell::new(MAX_NEST_STEPS),
        };
        let Some(nest) = graph
            .shortest_cycle(start)
            .and_then(|hops| nest_of(c, &graph, &cheapest, &hops))
        else {
            continue;
        };
        total = total.saturating_add(nest.len());
        if total > MAX_ALL_NESTS_BYTES {
            break;
        }
        nests.push(nest);
    }
    nests
}

/// The nest of `c` along the cycle `hops`.
fn nest_of(
    c: &Combinator,
    graph: &Graph<'_>,
    cheapest: &Cheapest<'_>,
    hops: &[Hop],
) -> Option<Nest> {
    let last = hops.last()?;
    let (inner, bottom_depth) = cheapest.of_field_value(graph.node(last)?, last.field)?;
    let (mut prefix, mut afters) = (Vec::new(), Vec::new());
    let mut len = inner.len();
    // The deepest an off-cycle value reaches, counted from the level's
    // start: hop `i` is entered at `i + 1`.
    let mut off_cycle = 0;
    for (i, hop) in hops.iter().enumerate() {
        let around = cheapest.around(graph.node(hop)?, *hop)?;
        len += around.before.len() + around.after.len();
        if len > MAX_NEST_BYTES {
            return None;
        }
        prefix.extend(around.before);
        afters.push(around.after);
        if around.depth > 0 {
            off_cycle = off_cycle.max(i + 1 + around.depth);
        }
    }
    // The innermost hop's bytes after come first.
    let suffix: Vec<u8> = afters.into_iter().rev().flatten().collect();
    let first = hops.first()?;
    let mut head = Vec::new();
    if !first.boxed {
        put(&mut head, c.id);
    }
    Some(Nest {
        tl_name: c.tl_name.clone(),
        per_level: hops.len(),
        extra_depth: bottom_depth.max(off_cycle.saturating_sub(hops.len())),
        head,
        prefix,
        inner,
        suffix,
    })
}

impl Emitter<'_> {
    /// Writes the `Nest` type and `NESTS`, each recursive combinator's nest,
    /// and `RECURSIVE`, how many there are.
    pub(super) fn nests(&mut self, choices: &Choices) {
        let nests = all(self.model, choices);
        let recursive = self.model.combinators().filter(|c| c.recursive).count();
        for line in NEST_TYPE.lines() {
            self.w.line(line);
        }
        self.w.line("");
        self.w.doc(
            "The shortest nest of every combinator that can contain itself, in bytes.\n\
             Every recursive combinator has one unless its cycle is too long to write\n\
             out (`RECURSIVE` counts them all).",
        );
        if nests.is_empty() {
            self.w.line("pub const NESTS: &[Nest] = &[];");
        } else {
            // The bytes are grouped in the wire's 32-bit words, four a
            // line, which rustfmt would pack to the width instead.
            self.w.line("#[rustfmt::skip]");
            self.w.open("pub const NESTS: &[Nest] = &[");
        }
        for nest in &nests {
            self.w.open("Nest {");
            self.w.line(&alloc::format!("name: \"{}\",", nest.tl_name));
            self.w
                .line(&alloc::format!("per_level: {},", nest.per_level));
            self.w
                .line(&alloc::format!("extra_depth: {},", nest.extra_depth));
            for (field, bytes) in [
                ("head", &nest.head),
                ("before", &nest.prefix),
                ("bottom", &nest.inner),
                ("after", &nest.suffix),
            ] {
                self.byte_slice(field, bytes);
            }
            self.w.close("},");
        }
        if !nests.is_empty() {
            self.w.close("];");
        }
        self.w.line("");
        self.w.doc(
            "How many combinators can contain themselves (and count against the depth limit).",
        );
        self.w
            .line(&alloc::format!("pub const RECURSIVE: usize = {recursive};"));
    }

    /// `field: &[…],` with the bytes in hex, one 32-bit word of the wire a
    /// group, four words a line.
    fn byte_slice(&mut self, field: &str, bytes: &[u8]) {
        if bytes.is_empty() {
            self.w.line(&alloc::format!("{field}: &[],"));
            return;
        }
        self.w.open(&alloc::format!("{field}: &["));
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

/// The generated `Nest` type, written once before `NESTS`.
const NEST_TYPE: &str = "
/// One recursive combinator's nest: `levels` levels are `head`, `before`
/// `levels` times, `bottom`, then `after` `levels` times, a boxed object
/// `levels * per_level + extra_depth` deep.
#[derive(Clone, Copy, Debug)]
pub struct Nest {
    /// The combinator's TL name.
    pub name: &'static str,
    /// The recursive combinators one level passes, each counted against the
    /// depth limit.
    pub per_level: usize,
    /// How much deeper than its levels the nest goes (recursive values at
    /// the bottom and beside the cycle).
    pub extra_depth: usize,
    /// The bytes before the first level.
    pub head: &'static [u8],
    /// One level's bytes before the nested value.
    pub before: &'static [u8],
    /// The value at the bottom.
    pub bottom: &'static [u8],
    /// One level's bytes after the nested value.
    pub after: &'static [u8],
}

impl Nest {
    /// The nest of `levels` levels.
    pub fn bytes(&self, levels: usize) -> Vec<u8> {
        let mut out = self.head.to_vec();
        for _ in 0..levels {
            out.extend_from_slice(self.before);
        }
        out.extend_from_slice(self.bottom);
        for _ in 0..levels {
            out.extend_from_slice(self.after);
        }
        out
    }

    /// How deep the nest of `levels` levels is, in recursive combinators.
    pub fn depth(&self, levels: usize) -> usize {
        levels * self.per_level + self.extra_depth
    }
}";
