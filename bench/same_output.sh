#!/usr/bin/env bash
# Builds the bundled handbook, the generated 10,000-page corpus and the shared real corpora
# with one binary into one folder, so two binaries' outputs can be compared byte for byte
# (issue 14: a structural change must not change what is built).
#   bench/same_output.sh BINARY OUTDIR      then      diff -r OUTDIR_A OUTDIR_B
set -euo pipefail
bin=$(realpath "$1"); out=$2
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
python3 -c "import sys; sys.path.insert(0, '$here/bench'); import bench; bench.generate_corpus(10000)" >/dev/null
"$bin" build --root "$here" --output "$out/bundled" --quiet
"$bin" build --root "$here/target/bench/corpus-10000" --output "$out/corpus" --quiet
for c in sourcegraph-handbook pagerduty-incident-response guidelines; do
    "$bin" build --root "$here/../shared/corpora/$c" --output "$out/$c" --broken-links warning --quiet 2>"$out/$c.log"
done
