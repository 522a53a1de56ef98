# Shared by the compile-time scripts (sourced, not run, after `here` is
# set to their directory): the setup every script starts with, the
# throwaway crates' manifests, building a checkout's `tlwire` tool and
# generating a layer with it.

# setup NAME DEFAULT-ROUNDS [ROUNDS]: sets `rounds` (at least 1), `repo`,
# `schema` (the official api.tl and mtproto.tl, $TLWIRE_SCHEMA_DIR) and
# `dir` (the throwaway crates, $CT_DIR or a temp dir); NAME prefixes what
# it prints.
setup() {
    rounds=${3:-$2}
    if ! [ "$rounds" -ge 1 ] 2>/dev/null; then
        echo "$1: ROUNDS must be a whole number of at least 1" >&2
        exit 2
    fi
    repo=$(cd "$here/../.." && pwd)
    schema=${TLWIRE_SCHEMA_DIR:-$repo/../shared/schema}
    if [ ! -f "$schema/api.tl" ] || [ ! -f "$schema/mtproto.tl" ]; then
        echo "$1: no api.tl/mtproto.tl in $schema (set TLWIRE_SCHEMA_DIR)" >&2
        exit 2
    fi
    dir=${CT_DIR:-$(mktemp -d)}
    echo "$1: crates in $dir, $rounds round(s)" >&2
}

# manifest NAME DEPENDENCY: $dir/NAME, a crate `ct-NAME` outside any
# workspace with the one dependency line DEPENDENCY (its source is the
# caller's to write).
manifest() {
    mkdir -p "$dir/$1/src"
    cat >"$dir/$1/Cargo.toml" <<TOML
[package]
name = "ct-$1"
version = "0.0.0"
edition = "2021"
publish = false
[workspace]
[dependencies]
$2
TOML
}

# tool CHECKOUT: builds CHECKOUT's `tlwire` tool (release) and prints its
# path: from its own crate, or, in a checkout without one, from the root
# crate's `cli` feature.
tool() {
    if [ -d "$1/crates/tlwire-cli" ]; then
        cargo build -q --release -p tlwire-cli --manifest-path "$1/Cargo.toml"
    else
        cargo build -q --release --features cli --manifest-path "$1/Cargo.toml"
    fi
    echo "$1/target/release/tlwire"
}

# generate TOOL OUT FILE...: the layer TOOL generates from FILE... (default
# options) into OUT, warnings appended to OUT.log. The official mtproto.tl
# has three lines whose ids do not match their text (ipPortSecret,
# accessPointRule, help.configSimple); a tool that checks ids is told they
# are known.
generate() {
    local tool=$1 out=$2
    shift 2
    local allow=()
    if "$tool" schema generate --help 2>&1 | grep -q -- --allow-mismatch; then
        for name in ipPortSecret accessPointRule help.configSimple; do
            allow+=(--allow-mismatch "$name")
        done
    fi
    "$tool" schema generate "${allow[@]}" "$@" >"$out" 2>>"$out.log"
}
