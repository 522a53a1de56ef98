#!/usr/bin/env bash
# Compile time of a whole layer (issue 6): tlwire's generated layer against
# grammers-tl-types 0.11 building its own, debug, from clean, on this
# machine, alternated so that both see the same machine.
#
#   bash benches/compile-time/run.sh [ROUNDS]      (default 3)
#
# Two throwaway crates are made under $CT_DIR (default: a temp dir):
#   grammers/  depends on grammers-tl-types 0.11 (its build script
#              generates layer 230 from the schema it ships);
#   tlwire/    depends on tlwire (this checkout, default features off but
#              `std`) and `include!`s what `tlwire schema generate` prints
#              for ../shared/schema/api.tl and mtproto.tl.
# Each round builds each crate from clean (`rm -rf target`), first with
# CARGO_INCREMENTAL=0 (how cargo builds a registry dependency such as
# grammers-tl-types), then with cargo's default for a workspace member
# (incremental on, which is how a crate that includes the layer builds).
# Every build includes its dependencies. The VM this project runs on
# changes speed over seconds, so the table gives the minimum and the median
# of the rounds; compare figures of one run only.
set -euo pipefail

rounds=${1:-3}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
schema=${TLWIRE_SCHEMA_DIR:-$repo/../shared/schema}
if [ ! -f "$schema/api.tl" ] || [ ! -f "$schema/mtproto.tl" ]; then
    echo "compile-time: no api.tl/mtproto.tl in $schema (set TLWIRE_SCHEMA_DIR)" >&2
    exit 2
fi
dir=${CT_DIR:-$(mktemp -d)}
echo "compile-time: crates in $dir, $rounds round(s)" >&2

cargo build --release --features cli --manifest-path "$repo/Cargo.toml" -q
mkdir -p "$dir/grammers/src" "$dir/tlwire/src"
cat >"$dir/grammers/Cargo.toml" <<TOML
[package]
name = "ct-grammers"
version = "0.0.0"
edition = "2021"
publish = false
[workspace]
[dependencies]
grammers-tl-types = "0.11"
TOML
echo 'pub use grammers_tl_types::*;' >"$dir/grammers/src/lib.rs"
cat >"$dir/tlwire/Cargo.toml" <<TOML
[package]
name = "ct-tlwire"
version = "0.0.0"
edition = "2021"
publish = false
[workspace]
[dependencies]
tlwire = { path = "$repo", default-features = false, features = ["std"] }
TOML
printf '%s\n' '#![allow(dead_code)]' 'include!("layer.rs");' >"$dir/tlwire/src/lib.rs"
"$repo/target/release/tlwire" schema generate "$schema/api.tl" "$schema/mtproto.tl" \
    >"$dir/tlwire/src/layer.rs" 2>"$dir/generate.log"
echo "compile-time: layer.rs $(wc -l <"$dir/tlwire/src/layer.rs") lines" >&2
# Fetch everything once, so no build below waits on the network.
for c in grammers tlwire; do
    cargo fetch -q --manifest-path "$dir/$c/Cargo.toml"
done

# build CRATE MODE -> seconds, appended to $dir/times
build() {
    local crate=$1 mode=$2 start end
    rm -rf "$dir/$crate/target"
    start=$(date +%s.%N)
    if [ "$mode" = non-incremental ]; then
        CARGO_INCREMENTAL=0 cargo build -q --manifest-path "$dir/$crate/Cargo.toml"
    else
        cargo build -q --manifest-path "$dir/$crate/Cargo.toml"
    fi
    end=$(date +%s.%N)
    echo "$crate $mode $(python3 -c "print(f'{$end - $start:.1f}')")" | tee -a "$dir/times" >&2
}

: >"$dir/times"
for _ in $(seq "$rounds"); do
    for mode in non-incremental incremental; do
        build grammers "$mode"
        build tlwire "$mode"
    done
done

python3 - "$dir/times" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    crate, mode, secs = line.split()
    rows.setdefault((mode, crate), []).append(float(secs))
print("| build (debug, from clean, dependencies included) | grammers-tl-types 0.11 | tlwire layer | ratio of minimums |")
print("|---|--:|--:|--:|")
for mode in ("non-incremental", "incremental"):
    g, t = rows[(mode, "grammers")], rows[(mode, "tlwire")]
    show = lambda v: f"min {min(v):.1f} s, median {statistics.median(v):.1f} s"
    print(f"| {mode} ({len(g)} rounds) | {show(g)} | {show(t)} | {min(t) / min(g):.2f}× |")
PY
