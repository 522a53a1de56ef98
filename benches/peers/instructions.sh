#!/usr/bin/env bash
# Instructions per call of benchmarks of the goal table, counted by
# cachegrind, which the machine's speed cannot move: the same build and
# input count the same every time. For each benchmark, `paired --run BENCH 0`
# and `paired --run BENCH N` run under cachegrind; the difference over N is
# one call of the benchmark's body in its timing loop, as criterion and
# `paired` time it (x86_64 instructions, this toolchain).
#
#   bash benches/peers/instructions.sh [BENCH...]
#
# BENCH is criterion's name of a benchmark: `group/id`, or `group/id/len`
# for an encode (`decode_messages/tlwire_borrowed`,
# `encode_accept_login_token/floor/32`). The default is the decodes the
# goals are stated on. N is 1,000 for a real answer, 100,000 otherwise:
# the setup before the loop (the fixtures, hashed with random seeds) varies
# by some thousands of instructions from run to run, which N calls make a
# fraction of one instruction per call. Needs valgrind; about a minute.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
if ! command -v valgrind >/dev/null; then
    echo "instructions: valgrind is not installed" >&2
    exit 2
fi
if [ $# -eq 0 ]; then
    set -- \
        decode_authorization/tlwire_borrowed decode_authorization/floor_no_utf8 \
        decode_authorization_long/tlwire_borrowed decode_authorization_long/floor_no_utf8 \
        decode_authorization_text/tlwire_borrowed \
        decode_messages/tlwire_borrowed decode_messages/grammers \
        decode_updates/tlwire_borrowed decode_updates/grammers
fi

cargo build -q --release --manifest-path "$here/Cargo.toml" --bin paired
paired=${CARGO_TARGET_DIR:-$here/target}/release/paired

# count BENCH N: the instructions of `paired --run BENCH N`. It may start
# itself again with a memcpy setting (`without_rep_movsb` in
# src/contenders.rs), so the count follows it into the new program. A run
# that fails shows what it printed (an unknown benchmark, say) and stops
# the script.
count() {
    local out
    if ! out=$(valgrind --tool=cachegrind --cache-sim=no --trace-children=yes \
        --cachegrind-out-file=/dev/null "$paired" --run "$1" "$2" 2>&1 >/dev/null); then
        printf '%s\n' "$out" | grep -v '^[=-][=-]' >&2
        echo "instructions: \`paired --run $1 $2\` failed" >&2
        return 1
    fi
    printf '%s\n' "$out" | awk '/I *refs:/ { gsub(",", "", $NF); print $NF }'
}

echo "| benchmark | calls | instructions per call |"
echo "|---|--:|--:|"
for bench in "$@"; do
    case $bench in
    decode_messages/* | decode_updates/*) n=1000 ;;
    *) n=100000 ;;
    esac
    none=$(count "$bench" 0)
    some=$(count "$bench" "$n")
    if [ -z "$none" ] || [ -z "$some" ]; then
        echo "instructions: no instruction count from cachegrind for $bench" >&2
        exit 1
    fi
    echo "| \`$bench\` | $n | $(((some - none) / n)) |"
done
