//! Loader benchmarks: the built-in questions.toml and generated files of 100 to 10,000
//! questions. `parse` is the TOML/serde step alone; `check` is validation alone (ids, rules,
//! graph, dominators, path counts, safety invariant) on an already parsed file; `load` is both.
//! `load_with_errors` times a file with one unknown-id error per block, the error path.

#[path = "../tests/support/generate.rs"]
mod generate;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use painpath::content::raw::RawFile;
use painpath::content::validate::{check, load};

const SIZES: [usize; 3] = [100, 1_000, 10_000];

fn builtin(c: &mut Criterion) {
    let mut group = c.benchmark_group("builtin");
    group.bench_function("load", |b| {
        b.iter(|| load("questions.toml", black_box(painpath::DEFAULT_QUESTIONS)))
    });
    group.finish();
}

fn generated(c: &mut Criterion) {
    let mut group = c.benchmark_group("generated");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(4));
    for n in SIZES {
        let text = generate::questionnaire(n);
        if let Err(e) = load("generated.toml", &text) {
            panic!("generated file of {n} questions does not load:\n{e}");
        }
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("parse", n), &text, |b, text| {
            b.iter(|| toml::from_str::<RawFile>(text).map(|raw| raw.questions.len()))
        });
        let raw: RawFile = toml::from_str(&text).expect("generated files parse");
        group.bench_with_input(BenchmarkId::new("check", n), &raw, |b, raw| {
            b.iter(|| check("generated.toml", &text, raw))
        });
        group.bench_with_input(BenchmarkId::new("load", n), &text, |b, text| {
            b.iter(|| load("generated.toml", text))
        });
        // One misspelt `goto` per block: unknown ids, suggestions and located messages.
        let broken = text.replace("goto = \"soon\"", "goto = \"sooon\"");
        group.bench_with_input(
            BenchmarkId::new("load_with_errors", n),
            &broken,
            |b, text| b.iter(|| load("generated.toml", text).map_err(|e| e.to_string())),
        );
    }
    group.finish();
}

criterion_group!(benches, builtin, generated);
criterion_main!(benches);
