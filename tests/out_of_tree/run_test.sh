#!/usr/bin/env bash
# Installs Chorus into a temporary prefix, builds the out-of-tree plugin
# against it with find_package(Chorus), and runs a pipeline that mixes it
# with installed plugins. Usage: run_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(cd "$1" && pwd); src=$(cd "$2" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S "$src/tests/out_of_tree" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/build" >/dev/null
exported=$(nm -D --defined-only "$work/build/libchorus_fizzbuzz.so" | awk '{print $3}')
if [ "$exported" != "chorus_plugin_entry_v1" ]; then
  echo "FAIL: the plugin exports more than its entry point: $exported"; exit 1
fi
mkdir -p "$work/pipeline"
cp "$src/tests/out_of_tree/pipeline.yaml" "$work/pipeline/"
# The installed chorus finds io/csv_write and table/filter under its prefix, the new plugin via --plugin-path.
"$work/prefix/bin/chorus" --plugin-path "$work/build" run "$work/pipeline/pipeline.yaml"
if ! diff -u "$src/tests/out_of_tree/expected_words.csv" "$work/pipeline/out/words.csv"; then
  echo "FAIL: output differs from the FizzBuzz words computed by hand"; exit 1
fi
# The installed chorus_add_plugin stamps the library with its code identity.
if ! "$work/prefix/bin/chorus" --plugin-path "$work/build" inspect example/fizzbuzz | grep -q "code identity sha256:"; then
  echo "FAIL: the out-of-tree plugin reports no code identity"; exit 1
fi
echo "PASS: out-of-tree plugin built against the installed SDK and ran"
