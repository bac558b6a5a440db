#!/usr/bin/env bash
# The cache follows the code: in a scratch copy of the tree, a change to the
# shared CSV parser (plugins/io/csv, linked by io/csv_read and ingest/tmrc)
# changes the code identity of both plugins and nothing else's, and the
# cached result of a stage of one of them goes stale with the cause named.
#   run_test.sh BUILD_DIR SOURCE_DIR
# Builds three plugins in the copy (the host is this build's; the copy's
# plugin folder is searched first), so it takes a minute or two.
set -euo pipefail
build=$(cd "$1" && pwd); src=$(cd "$2" && pwd)
chorus="$build/bin/chorus"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
tree="$work/tree"
mkdir -p "$tree/plugins/ingest"
cp -r "$src/CMakeLists.txt" "$src/cmake" "$src/framework" "$src/schemas" "$tree/"
cp "$src/plugins/CMakeLists.txt" "$src/plugins/pch_anchor.cpp" "$tree/plugins/"
cp -r "$src/plugins/io" "$src/plugins/table" "$tree/plugins/"
cp -r "$src/plugins/ingest/common" "$src/plugins/ingest/tmrc" "$tree/plugins/ingest/"
export CCACHE_BASEDIR="$tree"
# Debug: the identity is what is checked, not speed, and -O0 builds fastest.
cmake -S "$tree" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCHORUS_BUILD_TESTS=OFF -DCHORUS_BENCH=OFF \
  "-DCHORUS_PLUGINS=io/*;table/*;ingest/common;ingest/tmrc" >/dev/null
targets=(io_csv ingest_tmrc table_filter)
cmake --build "$work/build" --target "${targets[@]}" >/dev/null
plugins="$work/build/lib/chorus/plugins"
identity() { "$chorus" --plugin-path "$plugins" inspect "$1" | sed -n 's/^  code identity //p'; }

mkdir -p "$work/p"
printf 'account,n\na,1\nb,2\n' > "$work/p/in.csv"
cat > "$work/p/pipeline.yaml" <<'YAML'
name: identity
stages:
  read:
    uses: io/csv_read
    with: {path: in.csv, columns: [{name: account, type: utf8}, {name: n, type: int64}]}
  big:
    uses: table/filter
    inputs: {in: read}
    with:
      where:
        - {column: n, op: ">", value: 1}
YAML
"$chorus" --plugin-path "$plugins" run "$work/p/pipeline.yaml" >/dev/null
before_csv=$(identity io/csv_read); before_tmrc=$(identity ingest/tmrc); before_filter=$(identity table/filter)
fresh=$("$chorus" --plugin-path "$plugins" explain "$work/p/pipeline.yaml")
echo "$fresh" | grep -Eq '^read +fresh' || { echo "FAIL: read not fresh after its run:"; echo "$fresh"; exit 1; }

# A parser "fix" in the shared target (a comment is enough: the bytes changed).
echo "// a change to the shared parser" >> "$tree/plugins/io/csv/csv_parser.hpp"
cmake --build "$work/build" --target "${targets[@]}" >/dev/null
after_csv=$(identity io/csv_read); after_tmrc=$(identity ingest/tmrc); after_filter=$(identity table/filter)
[ -n "$before_csv" ] && [ -n "$before_tmrc" ] || { echo "FAIL: plugins report no code identity"; exit 1; }
[ "$before_csv" != "$after_csv" ] || { echo "FAIL: io.csv's identity did not change with its parser"; exit 1; }
[ "$before_tmrc" != "$after_tmrc" ] || { echo "FAIL: ingest.tmrc's identity did not change with the parser it links"; exit 1; }
[ "$before_filter" = "$after_filter" ] || { echo "FAIL: table.filter's identity changed though it does not link the parser"; exit 1; }
stale=$("$chorus" --plugin-path "$plugins" explain "$work/p/pipeline.yaml")
echo "$stale" | grep -Eq '^read +stale +code: plugin library changed' || { echo "FAIL: read is not stale by code:"; echo "$stale"; exit 1; }
echo "$stale" | grep -Eq "^big +stale +upstream 'read' is stale" || { echo "FAIL: big is not stale by its upstream:"; echo "$stale"; exit 1; }
echo "PASS: a change to the shared CSV parser made io/csv_read and ingest/tmrc stale, not table/filter"
