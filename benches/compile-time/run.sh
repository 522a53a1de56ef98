#!/usr/bin/env bash
# Compile time of a whole layer: tlwire's generated layer against
# grammers-tl-types 0.11 building its own, debug, from clean, on this
# machine, alternated so that all see the same machine.
#
#   bash benches/compile-time/run.sh [ROUNDS]      (default 3)
#
# Throwaway crates are made under $CT_DIR (default: a temp dir):
#   grammers/          depends on grammers-tl-types 0.11 with its default
#                      features: its build script generates its own copy of
#                      api.tl (layer 230, 2,554 combinators) only;
#   grammers-mtproto/  the same with `tl-mtproto` on too (its api.tl and
#                      mtproto.tl, 2,611 combinators);
#   tlwire/            depends on tlwire ($TLWIRE_PATH, default this
#                      checkout; default features off but `std`) and
#                      `include!`s what `tlwire schema generate` prints for
#                      the official api.tl (layer 214) and mtproto.tl in
#                      $TLWIRE_SCHEMA_DIR, 2,262 combinators: the official
#                      layer;
#   tlwire-same/       the same, generated from grammers-tl-types' own two
#                      files (found in cargo's registry sources), so that it
#                      compiles exactly what grammers-mtproto/ compiles;
#   tlwire-items/      the official files again, generated with `--item` for
#                      the methods a client calls ($TLWIRE_ITEMS, default
#                      eleven: sign-in, updates, dialogs, history, sending,
#                      users, files) and the types they need: what a crate
#                      that uses `Options::items` compiles. TLWIRE_ITEMS=""
#                      leaves this crate out.
# With TLWIRE_ALT=DIR (another tlwire checkout, say a branch worktree) one
# more crate, tlwire-alt/, builds the official layer.rs against DIR, so that
# a change to the runtime is measured beside HEAD in one run.
# Each round builds each crate from clean (`rm -rf target`), first with
# CARGO_INCREMENTAL=0 (how cargo builds a registry dependency such as
# grammers-tl-types), then with cargo's default for a workspace member
# (incremental on, which is how a crate that includes the layer builds).
# Every build includes its dependencies, and runs with `--timings`, from
# which the second table takes the crate that compiles the layer (for
# grammers, grammers-tl-types; for tlwire, the crate that includes it):
# when it starts (everything before is its dependencies and build scripts)
# and how long it takes itself. The VM this project runs on changes speed
# over seconds, so the tables give the minimum and the median of the
# rounds; compare figures of one run only.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
setup run 3 "$@"
tlwire_path=$(cd "${TLWIRE_PATH:-$repo}" && pwd)
tlwire=$(tool "$repo")
crates="grammers grammers-mtproto tlwire tlwire-same"
items=${TLWIRE_ITEMS-auth.sendCode auth.signIn help.getConfig updates.getState
updates.getDifference messages.getDialogs messages.getHistory messages.sendMessage
contacts.resolveUsername users.getFullUser upload.getFile}
[ -z "$items" ] || crates="$crates tlwire-items"
# tlwire_crate DIR TLWIRE-PATH
tlwire_crate() {
    manifest "$1" "tlwire = { path = \"$2\", default-features = false, features = [\"std\"] }"
    printf '%s\n' '#![allow(dead_code)]' 'include!("layer.rs");' >"$dir/$1/src/lib.rs"
}
# grammers_crate DIR FEATURES
grammers_crate() {
    manifest "$1" "grammers-tl-types = { version = \"0.11\", features = [$2] }"
    echo 'pub use grammers_tl_types::*;' >"$dir/$1/src/lib.rs"
}
grammers_crate grammers ""
grammers_crate grammers-mtproto '"tl-mtproto"'
tlwire_crate tlwire "$tlwire_path"
tlwire_crate tlwire-same "$tlwire_path"
[ -z "$items" ] || tlwire_crate tlwire-items "$tlwire_path"
if [ -n "${TLWIRE_ALT:-}" ]; then
    tlwire_crate tlwire-alt "$(cd "$TLWIRE_ALT" && pwd)"
    crates="$crates tlwire-alt"
fi
# Fetch everything once, so no build below waits on the network.
for c in $crates; do
    cargo fetch -q --manifest-path "$dir/$c/Cargo.toml"
done
generate "$tlwire" "$dir/tlwire/src/layer.rs" "$schema/api.tl" "$schema/mtproto.tl"
[ ! -d "$dir/tlwire-alt" ] || cp "$dir/tlwire/src/layer.rs" "$dir/tlwire-alt/src/layer.rs"
# grammers-tl-types' own schema files, where cargo unpacked the crate.
grammers_tl=$(cargo metadata -q --format-version 1 --manifest-path "$dir/grammers-mtproto/Cargo.toml" |
    python3 -c 'import json, os, sys
print(next(os.path.join(os.path.dirname(p["manifest_path"]), "tl")
           for p in json.load(sys.stdin)["packages"] if p["name"] == "grammers-tl-types"))')
generate "$tlwire" "$dir/tlwire-same/src/layer.rs" "$grammers_tl/api.tl" "$grammers_tl/mtproto.tl"
if [ -n "$items" ]; then
    item_args=()
    for item in $items; do item_args+=(--item "$item"); done
    generate "$tlwire" "$dir/tlwire-items/src/layer.rs" "${item_args[@]}" "$schema/api.tl" \
        "$schema/mtproto.tl"
fi
for c in tlwire tlwire-same ${items:+tlwire-items}; do
    echo "compile-time: $c/src/layer.rs $(wc -l <"$dir/$c/src/layer.rs") lines" >&2
done

# build CRATE MODE: appends "CRATE MODE TOTAL START OWN RSS" to $dir/times:
# seconds, START and OWN being the layer crate's from cargo's timings, and
# the peak resident memory of any one process of the build in MB (GNU time
# reports the largest child; 0 where /usr/bin/time is missing).
build() {
    local crate=$1 mode=$2 start end layer
    # Non-incremental forces CARGO_INCREMENTAL=0; incremental leaves cargo's
    # defaults (a registry crate is never built incrementally).
    local run=(env)
    [ "$mode" = incremental ] || run+=(CARGO_INCREMENTAL=0)
    [ ! -x /usr/bin/time ] || run+=(/usr/bin/time -f %M -o "$dir/rss")
    echo 0 >"$dir/rss"
    rm -rf "$dir/$crate/target"
    start=$(date +%s.%N)
    "${run[@]}" cargo build -q --timings --manifest-path "$dir/$crate/Cargo.toml"
    end=$(date +%s.%N)
    case $crate in
        tlwire*) layer=ct-$crate ;;
        *) layer=grammers-tl-types ;;
    esac
    python3 - "$crate" "$mode" "$start" "$end" "$layer" "$(tail -1 "$dir/rss")" \
        "$dir/$crate/target/cargo-timings/cargo-timing.html" <<'PY' | tee -a "$dir/times" >&2
import json, re, sys
crate, mode, start, end, layer, rss_kb, html = sys.argv[1:]
units = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);\n", open(html).read(), re.S).group(1))
unit = next(u for u in units if u["name"] == layer and not u["target"].strip())
print(f"{crate} {mode} {float(end) - float(start):.1f} {unit['start']:.1f} {unit['duration']:.1f} {int(rss_kb) // 1024}")
PY
}

: >"$dir/times"
for _ in $(seq "$rounds"); do
    for mode in non-incremental incremental; do
        for c in $crates; do
            build "$c" "$mode"
        done
    done
done

python3 - "$dir/times" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    crate, mode, *secs = line.split()
    rows.setdefault((mode, crate), []).append([float(x) for x in secs])
crates = (("grammers", "grammers-tl-types 0.11, its api.tl"),
          ("grammers-mtproto", "grammers-tl-types 0.11, its api.tl + mtproto.tl"),
          ("tlwire", "tlwire, official api.tl + mtproto.tl"),
          ("tlwire-same", "tlwire, grammers' api.tl + mtproto.tl"),
          ("tlwire-items", "tlwire, official files, a client's methods (--item)"),
          ("tlwire-alt", "tlwire-alt, official api.tl + mtproto.tl"))
crates = tuple(c for c in crates if ("non-incremental", c[0]) in rows)
names = [c for c, _ in crates]
# The ratios of minimums: the same files on both sides, the official layer
# and a client's subset of it against grammers' own default build, and the
# alternative runtime.
ratios = [("tlwire-same", "grammers-mtproto", "tlwire ÷ grammers, the same files"),
          ("tlwire", "grammers", "tlwire official ÷ grammers default"),
          ("tlwire-items", "grammers", "a client's methods ÷ grammers default"),
          ("tlwire-alt", "tlwire", "alt ÷ tlwire")]
ratios = [r for r in ratios if r[0] in names and r[1] in names]
def show(v):
    return f"{min(v):.1f} / {statistics.median(v):.1f}"
for column, title in ((0, "whole build (dependencies included)"),
                      (2, "the layer crate itself")):
    print(f"\n{title}, debug, from clean; seconds, min / median\n")
    print("| build | " + " | ".join(name for _, name in crates) + " | "
          + " | ".join(title for _, _, title in ratios) + " |")
    print("|---|" + "--:|" * (len(crates) + len(ratios)))
    for mode in ("non-incremental", "incremental"):
        cols = {c: [r[column] for r in rows[(mode, c)]] for c in names}
        n = len(cols[names[0]])
        print(f"| {mode} ({n} rounds) | " + " | ".join(show(cols[c]) for c in names) + " | "
              + " | ".join(f"{min(cols[a]) / min(cols[b]):.2f}×" for a, b, _ in ratios) + " |")
print("\npeak memory of one process of the build (the layer's rustc), median MB:")
for mode in ("non-incremental", "incremental"):
    print(f"  {mode}: " + ", ".join(
        f"{c} {statistics.median(r[3] for r in rows[(mode, c)]):.0f}" for c, _ in crates))
print("\nwhen the layer crate starts (its dependencies and build scripts before it), median seconds:")
for mode in ("non-incremental", "incremental"):
    print(f"  {mode}: " + ", ".join(
        f"{c} {statistics.median(r[1] for r in rows[(mode, c)]):.1f}" for c, _ in crates))
PY
