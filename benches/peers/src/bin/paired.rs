//! The goal ratios measured in pairs, for machines whose speed drifts.
//!
//! criterion times one benchmark after another, so on a shared VM whose
//! speed changes over seconds (this project's machine switches between two
//! speeds about 2x apart) two benchmarks of one ratio can run at different
//! speeds and the ratio of their medians says more about the machine than
//! about the code. This program times the two sides of each ratio in
//! alternating bursts of a few milliseconds, takes the ratio of every
//! adjacent pair, and reports the median of those ratios with the 10th and
//! 90th percentiles. A drift slower than a burst cancels out of each pair.
//!
//! It runs the same bodies as the criterion bench
//! (`tlwire_peers::contenders`) and judges the same table
//! (`tlwire_peers::goals`). It complements `ratios`, it does not replace
//! it: the goals are stated on criterion's medians.
//!
//! ```text
//! cargo run --release --manifest-path benches/peers/Cargo.toml --bin paired -- [--rounds N] [--burst-ms MS] [--only TEXT] [--check]
//! ```
//!
//! `--only TEXT` keeps the rows whose description, numerator or denominator
//! contains TEXT (`--only "encode 32 B"`, `--only tl_proto`).
//!
//! `--run BENCH N` times nothing: it runs one benchmark's loop, N calls of
//! its body, and exits. BENCH is criterion's name of it
//! (`decode_messages/tlwire_borrowed`). `benches/peers/instructions.sh`
//! counts the instructions of N calls and of none under cachegrind; their
//! difference over N is the instructions of one call.

use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use tlwire_peers::contenders::{self as run, EncodeInputs};
use tlwire_peers::goals::{
    rows, show_goal, show_time, Bench, DECODE, ENCODE, LONG, MESSAGES, TEXT, UPDATES,
};

const AUTHORIZATION: &[u8] = tlwire::sample::AUTHORIZATION;

/// Runs a benchmark body `n` times and returns how long that took.
type Timer<'f> = Box<dyn FnMut(u64) -> Duration + 'f>;

/// Times `n` calls of `body`, its result black-boxed where it is and
/// dropped inside the loop, as the criterion bench does
/// ([`run::kept`]).
#[inline]
fn time<R>(n: u64, mut body: impl FnMut() -> R) -> Duration {
    let start = Instant::now();
    for _ in 0..n {
        run::kept(body());
    }
    start.elapsed()
}

struct Inputs {
    shared: tlwire::bytes::Bytes,
    /// The string goals' `authorization`s.
    long: Vec<u8>,
    text: Vec<u8>,
    encode: Vec<(usize, EncodeInputs)>,
    /// The real answers, as bytes and as shared frames.
    messages: (Vec<u8>, tlwire::bytes::Bytes),
    updates: (Vec<u8>, tlwire::bytes::Bytes),
}

impl Inputs {
    fn new() -> Self {
        let (messages, updates) = tlwire_peers::answers::fixtures();
        Self {
            shared: run::shared_frame(AUTHORIZATION),
            long: tlwire_peers::authorization_long(),
            text: tlwire_peers::authorization_text(),
            encode: tlwire_peers::TOKEN_LENGTHS
                .iter()
                .map(|&len| (len, EncodeInputs::new(len)))
                .collect(),
            messages: (messages.clone(), run::shared_frame(&messages)),
            updates: (updates.clone(), run::shared_frame(&updates)),
        }
    }

    /// The timer of a real answer's benchmark.
    fn answer_timer(&self, bench: Bench) -> Option<Timer<'_>> {
        use run::answer_types::*;
        match bench.group {
            MESSAGES => {
                answer_timer::<TlwireMessages<'static>, GrammersMessages>(bench.id, &self.messages)
            }
            UPDATES => {
                answer_timer::<TlwireUpdates<'static>, GrammersUpdates>(bench.id, &self.updates)
            }
            _ => None,
        }
    }

    /// The timer of a benchmark of one of the `authorization` groups: the
    /// sample, the longer strings, the non-ASCII ones.
    fn authorization_timer(&self, bench: Bench) -> Option<Timer<'_>> {
        let bytes = match bench.group {
            DECODE => AUTHORIZATION,
            LONG => &self.long[..],
            TEXT => &self.text[..],
            _ => return None,
        };
        let shared = &self.shared;
        Some(match bench.id {
            "tlwire_borrowed" => {
                Box::new(move |n| time(n, || run::tlwire_borrowed(black_box(bytes))))
            }
            "tlwire_bytes" if bench.group == DECODE => {
                Box::new(move |n| time(n, || run::tlwire_bytes(black_box(shared))))
            }
            "grammers" if bench.group == DECODE => {
                Box::new(move |n| time(n, || run::grammers(black_box(bytes))))
            }
            "tl_proto" => Box::new(move |n| time(n, || run::tl_proto(black_box(bytes)))),
            "floor_no_utf8" => Box::new(move |n| time(n, || run::floor_no_utf8(black_box(bytes)))),
            "floor_utf8" => Box::new(move |n| time(n, || run::floor_utf8(black_box(bytes)))),
            _ => return None,
        })
    }

    /// The timer of `bench`, or `None` for an id this program does not know.
    fn timer(&self, bench: Bench) -> Option<Timer<'_>> {
        if matches!(bench.group, DECODE | LONG | TEXT) {
            return self.authorization_timer(bench);
        }
        if bench.group != ENCODE {
            return self.answer_timer(bench);
        }
        let len = bench.len?;
        let (_, inputs) = self.encode.iter().find(|(l, _)| *l == len)?;
        let request = inputs.tlwire();
        Some(match bench.id {
            "tlwire_reused" => {
                let mut reused = inputs.tlwire_buffer();
                Box::new(move |n| time(n, || run::tlwire_reused(black_box(&request), &mut reused)))
            }
            "tlwire_to_vec" => {
                Box::new(move |n| time(n, || run::tlwire_to_vec(black_box(&request))))
            }
            "grammers_reused" => {
                let grammers = &inputs.grammers;
                let mut reused = inputs.grammers_buffer();
                Box::new(move |n| {
                    time(n, || run::grammers_reused(black_box(grammers), &mut reused))
                })
            }
            "grammers_to_bytes" => {
                let grammers = &inputs.grammers;
                Box::new(move |n| time(n, || run::grammers_to_bytes(black_box(grammers))))
            }
            "tl_proto" => {
                let request = inputs.tl_proto();
                Box::new(move |n| time(n, || run::tl_proto_encode(black_box(&request))))
            }
            "floor" => {
                let token = &inputs.token[..];
                Box::new(move |n| time(n, || run::floor_encode(black_box(token))))
            }
            _ => return None,
        })
    }
}

/// The timer of benchmark `id` of one answer: tlwire's `T`, grammers' `G`.
fn answer_timer<'i, T: tlwire::Borrowing, G: grammers_tl_types::Deserializable>(
    id: &str,
    (bytes, shared): &'i (Vec<u8>, tlwire::bytes::Bytes),
) -> Option<Timer<'i>> {
    let bytes = &bytes[..];
    Some(match id {
        "tlwire_borrowed" => {
            let mut arena = tlwire::Arena::new();
            Box::new(move |n| time(n, || run::tlwire_answer::<T>(black_box(bytes), &mut arena)))
        }
        "tlwire_owned" => {
            Box::new(move |n| time(n, || run::tlwire_answer_owned::<T>(black_box(shared))))
        }
        "grammers" => Box::new(move |n| time(n, || run::grammers_answer::<G>(black_box(bytes)))),
        _ => return None,
    })
}

/// How many iterations make one burst last at least `burst`, after a warm-up
/// of about ten bursts.
fn calibrate(timer: &mut Timer<'_>, burst: Duration) -> u64 {
    let mut n = 1;
    while timer(n) < burst {
        n *= 2;
    }
    let warm_up = Instant::now();
    while warm_up.elapsed() < burst * 10 {
        timer(n);
    }
    n
}

/// The benchmark of the goal table that criterion calls `path`.
fn bench_named(path: &str) -> Option<Bench> {
    rows()
        .into_iter()
        .flat_map(|row| [row.num, row.den])
        .find(|bench| bench.path() == path)
}

/// `--run BENCH N`: BENCH's body `count` times, untimed.
fn run_only(inputs: &Inputs, path: &str, count: u64) -> ExitCode {
    let Some(mut timer) = bench_named(path).and_then(|bench| inputs.timer(bench)) else {
        eprintln!("paired: no benchmark {path:?} in the goal table");
        return ExitCode::from(2);
    };
    timer(count);
    ExitCode::SUCCESS
}

/// The `q` quantile (0 to 1) of sorted `values`, nearest rank.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let last = sorted.len().saturating_sub(1);
    sorted[((last as f64) * q).round() as usize]
}

struct Args {
    rounds: usize,
    burst: Duration,
    check: bool,
    /// Only the rows whose text (`encode 32 B tlwire_reused grammers_reused`)
    /// contains this.
    only: Option<String>,
    /// `--run BENCH N`: run this benchmark's body N times, time nothing.
    run: Option<(String, u64)>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        rounds: 101,
        burst: Duration::from_millis(2),
        check: false,
        only: None,
        run: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut number = |name: &str| -> Result<u64, String> {
            it.next()
                .and_then(|v| v.parse().ok())
                .filter(|&v| v > 0)
                .ok_or_else(|| format!("{name} takes a positive number"))
        };
        match arg.as_str() {
            "--rounds" => args.rounds = number("--rounds")? as usize,
            "--burst-ms" => args.burst = Duration::from_millis(number("--burst-ms")?),
            "--check" => args.check = true,
            "--only" => {
                args.only = Some(it.next().ok_or("--only takes a text to match")?);
            }
            "--run" => {
                let bench = it.next().ok_or("--run takes a benchmark and a count")?;
                let count = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or("--run takes a benchmark and a count (0 or more)")?;
                args.run = Some((bench, count));
            }
            other => return Err(format!("unexpected argument {other:?}")),
        }
    }
    Ok(args)
}

fn main() -> ExitCode {
    run::without_rep_movsb();
    let args = match parse_args() {
        Ok(args) => args,
        Err(problem) => {
            eprintln!("paired: {problem} (usage: paired [--rounds N] [--burst-ms MS] [--only TEXT] [--check] | paired --run BENCH N)");
            return ExitCode::from(2);
        }
    };
    let inputs = Inputs::new();
    if let Some((bench, count)) = &args.run {
        return run_only(&inputs, bench, *count);
    }
    let mut missed = 0;
    println!(
        "| | ratio | numerator | denominator | median of {} paired ratios | p10 – p90 | goal | result | to goal |",
        args.rounds
    );
    println!("|---|---|--:|--:|--:|:-:|:-:|:-:|--:|");
    for row in rows() {
        let text = format!("{} {} {}", row.what, row.num, row.den);
        if args
            .only
            .as_ref()
            .is_some_and(|only| !text.contains(only.as_str()))
        {
            continue;
        }
        let (Some(mut num), Some(mut den)) = (inputs.timer(row.num), inputs.timer(row.den)) else {
            eprintln!("paired: no timer for `{}` / `{}`", row.num, row.den);
            missed += 1;
            continue;
        };
        let n_num = calibrate(&mut num, args.burst);
        let n_den = calibrate(&mut den, args.burst);
        let mut ratios = Vec::with_capacity(args.rounds);
        let mut nums = Vec::with_capacity(args.rounds);
        let mut dens = Vec::with_capacity(args.rounds);
        for round in 0..args.rounds {
            // Alternate which side goes first, so a steady drift within a
            // pair does not favour one side.
            let (t_num, t_den) = if round % 2 == 0 {
                let t = num(n_num);
                (t, den(n_den))
            } else {
                let t = den(n_den);
                (num(n_num), t)
            };
            let per_num = t_num.as_nanos() as f64 / n_num as f64;
            let per_den = t_den.as_nanos() as f64 / n_den as f64;
            ratios.push(per_num / per_den);
            nums.push(per_num);
            dens.push(per_den);
        }
        for v in [&mut ratios, &mut nums, &mut dens] {
            v.sort_by(f64::total_cmp);
        }
        let ratio = quantile(&ratios, 0.5);
        let (pass, result, margin) = row.goal.judge(ratio);
        if !pass {
            missed += 1;
        }
        println!(
            "| {} | `{}` / `{}` | {} | {} | {:.2}× | {:.2}× – {:.2}× | {} | {} | {} |",
            row.what,
            row.num,
            row.den,
            show_time(quantile(&nums, 0.5)),
            show_time(quantile(&dens, 0.5)),
            ratio,
            quantile(&ratios, 0.1),
            quantile(&ratios, 0.9),
            show_goal(row.goal),
            result,
            margin
        );
    }
    println!();
    println!(
        "Bursts of at least {} ms, the two sides alternating; numerator and denominator columns are the medians of each side's bursts.",
        args.burst.as_millis()
    );
    if missed > 0 {
        eprintln!("paired: {missed} goal(s) missed");
    }
    if args.check && missed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every benchmark of the goal table has a timer here, and each runs.
    #[test]
    fn every_row_can_be_timed() {
        let inputs = Inputs::new();
        for row in rows() {
            for bench in [row.num, row.den] {
                let mut timer = inputs
                    .timer(bench)
                    .unwrap_or_else(|| panic!("no timer for {} {bench}", bench.group));
                assert!(timer(2) > Duration::ZERO, "{bench}");
            }
        }
        assert!(inputs.timer(Bench::decode("nobody")).is_none());
    }

    /// `--run` finds a benchmark by criterion's name of it, and only so.
    #[test]
    fn benchmarks_are_found_by_criterion_names() {
        for row in rows() {
            for bench in [row.num, row.den] {
                let found = bench_named(&bench.path()).expect("every benchmark has a name");
                assert_eq!(found.path(), bench.path());
            }
        }
        let messages = bench_named("decode_messages/tlwire_borrowed").expect("a benchmark");
        assert_eq!((messages.group, messages.id), (MESSAGES, "tlwire_borrowed"));
        let encode = bench_named("encode_accept_login_token/floor/253").expect("a benchmark");
        assert_eq!((encode.group, encode.len), (ENCODE, Some(253)));
        assert!(bench_named("decode_messages").is_none());
        assert!(bench_named("encode_accept_login_token/floor").is_none());
    }

    #[test]
    fn quantiles_take_the_nearest_rank() {
        let sorted = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile(&sorted, 0.5), 3.0);
        assert_eq!(quantile(&sorted, 0.1), 1.0);
        assert_eq!(quantile(&sorted, 0.9), 5.0);
        assert_eq!(quantile(&[7.0], 0.9), 7.0);
    }
}
