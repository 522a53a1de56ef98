//! Generation does work in proportion to its input: counted in allocations
//! (deterministic, unlike time on a shared machine), eight times the input
//! may cost at most 1.5 × 8 times the allocations, on a made-up layer and on
//! the shapes that once made the generator quadratic: many lines it must
//! skip (each skip rebuilt the model), a chain of lines each skipped for
//! the one before (each link took a round), a layer pasted twice (every line of
//! the copy is skipped) and a chain of types each named before it is made
//! (what a type borrows travelled back one link per pass over the layer),
//! and types whose names come out the same in Rust (each new name was
//! found by trying every earlier one). The time of the same shapes, and of the official
//! layer copied 1, 2 and 8 times, is in the `generate` benchmark.
//!
//! One test, so no other test's allocations run beside it.

mod shapes;

#[path = "../../../tests/support/counting_alloc.rs"]
mod counting_alloc;

#[global_allocator]
static ALLOCATOR: counting_alloc::Counting = counting_alloc::Counting;

fn allocations_of(text: &str) -> usize {
    let (code, counts) = counting_alloc::counted(|| shapes::generate(text));
    assert!(!code.is_empty());
    counts.allocations
}

/// A schema of size `n`.
type Shape = fn(usize) -> String;

#[test]
fn eight_times_the_input_costs_at_most_twelve_times_the_work() {
    let shapes: [(&str, Shape); 6] = [
        ("types whose Rust names clash", shapes::clashing_types),
        (
            "a chain of types each named before it is made",
            shapes::chain_named_ahead,
        ),
        ("a layer of n types", shapes::layer),
        ("a layer and n unusable lines", |n| {
            shapes::layer(n) + &shapes::unusable(n)
        }),
        (
            "a layer and a chain of n lines each skipped for the one before",
            |n| shapes::layer(n) + &shapes::chain_of_skips(n),
        ),
        ("a layer pasted twice", |n| {
            let layer = shapes::layer(n);
            format!("{layer}\n---types---\n{layer}")
        }),
    ];
    let mut report = String::new();
    let mut over = Vec::new();
    for (name, make) in shapes {
        let (small, large) = (make(100), make(800));
        let ratio_in = large.len() as f64 / small.len() as f64;
        let ratio = allocations_of(&large) as f64 / allocations_of(&small) as f64;
        report.push_str(&format!(
            "{name}: input ×{ratio_in:.2}, allocations ×{ratio:.2}\n"
        ));
        if ratio > 1.5 * ratio_in {
            over.push(name);
        }
    }
    eprint!("{report}");
    assert!(over.is_empty(), "not linear: {over:?}\n{report}");
}
