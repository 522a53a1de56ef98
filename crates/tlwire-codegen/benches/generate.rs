//! How long generation takes as the schema grows: the official layer
//! copied 1, 2 and 8 times under fresh names (skipped, saying so, without
//! the official files beside the repository), a made-up layer of 250 to
//! 2,000 types, and the hostile shapes: 4,000 lines it must skip, a layer
//! pasted twice, and one constructor of 100,000 flags words. Throughput is
//! in input bytes, so a linear generator shows the same MB/s at every size.

#[path = "../tests/shapes/mod.rs"]
mod shapes;

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

fn bench_shape(c: &mut Criterion, group: &str, cases: Vec<(String, String)>) {
    let mut group = c.benchmark_group(group);
    group.sample_size(10);
    for (id, text) in cases {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(id), &text, |b, text| {
            b.iter(|| shapes::generate(black_box(text)))
        });
    }
    group.finish();
}

fn official_copies(c: &mut Criterion) {
    let Some(api) = shapes::official() else {
        return;
    };
    let cases = [1, 2, 8]
        .into_iter()
        .map(|n| (format!("x{n}"), shapes::copies_of(&api, n)))
        .collect();
    bench_shape(c, "generate_official", cases);
}

fn made_up_layers(c: &mut Criterion) {
    let cases = [250, 500, 2000]
        .into_iter()
        .map(|n| (format!("{n}_types"), shapes::layer(n)))
        .collect();
    bench_shape(c, "generate_layer", cases);
}

fn hostile(c: &mut Criterion) {
    let layer = shapes::layer(1000);
    let cases = vec![
        (
            "4000_unusable_lines".to_string(),
            shapes::unusable(4000) + "ok = Ok;\n",
        ),
        (
            "layer_pasted_twice".to_string(),
            format!("{layer}\n---types---\n{layer}"),
        ),
        (
            "100000_flags_words".to_string(),
            shapes::flags_words(100_000),
        ),
    ];
    bench_shape(c, "generate_hostile", cases);
}

criterion_group!(benches, official_copies, made_up_layers, hostile);
criterion_main!(benches);
