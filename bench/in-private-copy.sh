#!/usr/bin/env bash
# Runs the benchmark from a private copy of this checkout (node_modules linked, dist/ built
# there): a long run must not have dist/ removed under it by an `npm run build` elsewhere
# in the same working tree. The figures and the README section still land here.
#   bash bench/in-private-copy.sh [bench arguments, e.g. --repeat 3 --update-readme]
set -euo pipefail
checkout="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
copy="${BENCH_COPY_DIR:-${TMPDIR:-/tmp}/pulumi-opensolar-bench-copy}"
rm -rf "$copy"
mkdir -p "$copy"
(cd "$checkout" && tar --exclude=./node_modules --exclude=./dist --exclude=./.git --exclude='./examples/*/node_modules' -cf - .) | tar -xf - -C "$copy"
ln -s "$checkout/node_modules" "$copy/node_modules"
(cd "$copy" && npm run build >"$copy/build.log" 2>&1) || { echo "bench: npm run build failed in $copy, see $copy/build.log" >&2; exit 1; }
cd "$copy"
exec node dist/bench/run.js --out "$checkout/bench/results/latest.json" --readme "$checkout/README.md" "$@"
