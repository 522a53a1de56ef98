#!/usr/bin/env bash
# What a program that reads one answer pays for a whole layer: a crate with
# a `main` that decodes one `messages.Messages`, its debug build from clean
# and its stripped release binary, beside grammers-tl-types 0.11 (default
# features) doing the same.
#
#   bash benches/compile-time/answer.sh [ROUNDS]      (default 2)
#
# Crates, made under $CT_DIR (default: a temp dir):
#   grammers/   grammers-tl-types' own layer;
#   tlwire/     this checkout's runtime and the layer its `tlwire schema
#               generate` prints for the official api.tl and mtproto.tl
#               ($TLWIRE_SCHEMA_DIR);
#   before/     with TLWIRE_BEFORE=DIR (another checkout, say the commit
#               before a change): DIR's runtime and DIR's generator's
#               output, so that a change is measured before and after in
#               the same run. TLWIRE_BEFORE="DIR DIR2 ..." adds one crate
#               per checkout: before/, before2/, ...
# Each round builds every crate in debug from clean with
# CARGO_INCREMENTAL=0 and --timings, alternated; then one release build of
# each, whose binary is stripped and measured. Each debug build reports
# its time and when the program's own crate started: what its
# dependencies (the runtime and everything the runtime waits for) cost
# before the layer is compiled.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
setup answer 2 "$@"

# crate NAME DEPENDENCY MAIN: a binary crate depending on DEPENDENCY whose
# `main` is MAIN.
crate() {
    manifest "$1" "$2"
    printf '%s\n' "$3" >"$dir/$1/src/main.rs"
}

# The file to decode is the first argument; the exit status says whether
# it decoded, so nothing of the value is printed (no `Debug` code).
grammers_main='use grammers_tl_types::{enums::messages::Messages, Deserializable};
fn main() {
    let bytes = std::env::args().nth(1).and_then(|p| std::fs::read(p).ok()).unwrap_or_default();
    std::process::exit(i32::from(Messages::from_bytes(&bytes).is_err()));
}'
crate grammers 'grammers-tl-types = "0.11"' "$grammers_main"

# tlwire_layer NAME CHECKOUT: the crate of CHECKOUT's runtime and layer.
# A runtime with an arena decodes into one; a runtime without, as its
# API allows.
tlwire_layer() {
    local decode
    if grep -q "pub fn decode_in" "$2/src/wire/decode.rs"; then
        decode='let arena = tlwire::Arena::new();
    let answer = tlwire::decode_in::<enums::messages::Messages>(&bytes, &arena, Default::default());'
    else
        decode='let answer = tlwire::decode::<enums::messages::Messages>(&bytes);'
    fi
    crate "$1" "tlwire = { path = \"$2\", default-features = false, features = [\"std\"] }" \
        "#![allow(dead_code)]
include!(\"layer.rs\");
fn main() {
    let bytes = std::env::args().nth(1).and_then(|p| std::fs::read(p).ok()).unwrap_or_default();
    $decode
    std::process::exit(i32::from(answer.is_err()));
}"
    generate "$(tool "$2")" "$dir/$1/src/layer.rs" "$schema/api.tl" "$schema/mtproto.tl"
}
# crate_start NAME: when the program's own crate (ct-NAME) started, in
# seconds, from the last build's --timings report.
crate_start() {
    python3 - "$dir/$1/target/cargo-timings/cargo-timing.html" "ct-$1" <<'PY'
import json, re, sys
units = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);\n", open(sys.argv[1]).read(), re.S).group(1))
print(next(f"{u['start']:.1f}" for u in units if u["name"] == sys.argv[2]))
PY
}

crates="grammers tlwire"
tlwire_layer tlwire "$repo"
n=0
for checkout in ${TLWIRE_BEFORE:-}; do
    n=$((n + 1))
    name=before$([ "$n" -eq 1 ] || echo "$n")
    tlwire_layer "$name" "$(cd "$checkout" && pwd)"
    crates="$crates $name"
done
for c in $crates; do
    cargo fetch -q --manifest-path "$dir/$c/Cargo.toml"
done

: >"$dir/times"
for _ in $(seq "$rounds"); do
    for c in $crates; do
        rm -rf "$dir/$c/target"
        start=$(date +%s.%N)
        CARGO_INCREMENTAL=0 cargo build -q --timings --manifest-path "$dir/$c/Cargo.toml"
        end=$(date +%s.%N)
        echo "$c $(python3 -c "print(f'{$end - $start:.1f}')") $(crate_start "$c")" |
            tee -a "$dir/times" >&2
    done
done
for c in $crates; do
    cargo build -q --release --manifest-path "$dir/$c/Cargo.toml"
    strip -o "$dir/$c.stripped" "$dir/$c/target/release/ct-$c"
done

echo
echo "| | $(echo "$crates" | sed 's/ / | /g') |"
echo "|---|$(for _ in $crates; do printf -- '--:|'; done)"
for round in $(seq "$rounds"); do
    printf '| debug build from clean, round %s (the program crate starts at) |' "$round"
    for c in $crates; do
        printf ' %s s (%s s) |' $(awk -v c="$c" -v r="$round" '$1 == c && ++n == r { print $2, $3 }' "$dir/times")
    done
    echo
done
printf '| stripped release binary |'
for c in $crates; do
    printf " %'d B |" "$(stat -c %s "$dir/$c.stripped")"
done
echo
