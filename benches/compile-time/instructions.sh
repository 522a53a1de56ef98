#!/usr/bin/env bash
# The other half of the compile-time comparison: how much work the
# compiler does, counted in instructions, which this VM cannot disturb
# (its wall clock swings by 1.5x within a run; the same rustc command
# counts the same to 0.01%). Needs valgrind; takes 10-20 minutes per crate.
#
#   CT_DIR=DIR bash benches/compile-time/instructions.sh [CRATE...]
#
# DIR is a directory that `run.sh` filled (its crates and their builds are
# reused; default crates: grammers-mtproto tlwire tlwire-same, and
# tlwire-items where run.sh made it). For each crate it runs `cargo check`
# once to learn the exact rustc command of the crate that compiles the
# layer (for grammers, grammers-tl-types), then runs that one command under
# callgrind and prints the instructions it took. This is `cargo check`'s work (parsing, macros, type and borrow
# checking, metadata): the frontend, which runs on one core. It says
# nothing about code generation, which grammers-tl-types does and tlwire's
# layer, `#[inline]` throughout, leaves to the crates that call it; the
# wall-clock tables of run.sh cover that.
set -euo pipefail

dir=${CT_DIR:?set CT_DIR to a directory run.sh filled}
if [ $# -eq 0 ]; then
    set -- grammers-mtproto tlwire tlwire-same
    [ ! -d "$dir/tlwire-items" ] || set -- "$@" tlwire-items
fi
if ! command -v valgrind >/dev/null; then
    echo "instructions: valgrind is not installed" >&2
    exit 2
fi

for crate in "$@"; do
    # The package that compiles the layer, named as run.sh names it, and
    # its crate name as rustc sees it.
    case $crate in
        tlwire*) package=ct-$crate ;;
        *) package=grammers-tl-types ;;
    esac
    layer=${package//-/_}
    manifest=$dir/$crate/Cargo.toml
    # A check of the crate's dependencies first, then one of the layer
    # crate alone, with -vv: cargo prints the command and its environment.
    # (Its warnings are the layer's own business; only a failure is shown.)
    if ! out=$(CARGO_INCREMENTAL=0 cargo check -q --manifest-path "$manifest" 2>&1); then
        printf '%s\n' "$out" >&2
        exit 1
    fi
    rm -rf "$dir/$crate/target/debug/.fingerprint/$package-"*
    command=$(CARGO_INCREMENTAL=0 cargo check -vv --manifest-path "$manifest" 2>&1 |
        python3 -c 'import re, sys
layer = sys.argv[1]
for m in re.finditer(r"Running `(.*?)`\n", sys.stdin.read(), re.S):
    if f"--crate-name {layer} " in m.group(1) and "build_script" not in m.group(1):
        # Plain diagnostics; cargo asked for JSON.
        print(re.sub(r"--error-format=json --json=\S+ ", "", m.group(1)))' "$layer")
    if [ -z "$command" ]; then
        echo "instructions: no rustc command for $layer in $crate" >&2
        exit 1
    fi
    # The command starts with its environment (VAR=value ...), then rustc:
    # valgrind goes between the two.
    instructions=$(cd "$dir/$crate" && python3 - "$command" <<'PY'
import re, shlex, subprocess, sys
words = shlex.split(sys.argv[1])
split = next(i for i, w in enumerate(words) if not re.match(r"^[A-Z_][A-Z0-9_]*=", w))
env = dict(w.split("=", 1) for w in words[:split])
run = subprocess.run(["env", *(f"{k}={v}" for k, v in env.items()),
                      "valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                      *words[split:]], capture_output=True, text=True)
found = re.search(r"Collected : (\d+)", run.stderr)
if run.returncode != 0 or not found:
    sys.exit(run.stderr[-2000:])
print(found.group(1))
PY
)
    printf '%s: %s instructions (%.1f G), cargo check of %s\n' "$crate" "$instructions" \
        "$(python3 -c "print($instructions / 1e9)")" "$layer"
done
