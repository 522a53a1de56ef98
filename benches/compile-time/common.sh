# Shared by the compile-time scripts (sourced, not run): building a
# checkout's `tlwire` tool and generating a layer with it.

# tool CHECKOUT: builds CHECKOUT's `tlwire` tool (release) and prints its
# path. A checkout from before the tool had a crate of its own builds it
# from the root crate's `cli` feature.
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
