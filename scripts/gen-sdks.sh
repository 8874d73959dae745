#!/usr/bin/env bash
# Generates the Node.js, Python and Go SDKs of the `opensolar` package from its schema, then
# compiles each; prints "<language> <folder>" per SDK on stdout, progress on stderr.
#
#   bash scripts/gen-sdks.sh <schema.json> <out-dir>     (npm run sdks: dist/plugin/schema.json -> dist/sdk)
#
# Writes <out-dir>/nodejs (compiled package in its bin/), <out-dir>/python and <out-dir>/go
# (each replaced whole), and the steps' logs in <out-dir>/logs.
# - Node.js: `pulumi package gen-sdk --language nodejs` (offline; the CLI of scripts/pulumi-cli.sh
#   and its Node.js language host, from scripts/language-hosts.sh), compiled with this repo's
#   TypeScript against its @pulumi/pulumi, so no network install: the SDK folder gets a
#   node_modules link to the repo's.
# - Python and Go: sdk-gen/ (a small Go program over pkg/v3's codegen/python and codegen/go:
#   the CLI would need language hosts a CLI built from the Go module proxy lacks), built once
#   per machine per source version. Python is checked with `python3 -m py_compile` on every
#   .py; Go with `go build ./...` (its modules come from the Go module proxy).
# Each step prints a line; its output goes to a log, named again with its last lines when the
# step fails. A failure names the language.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_ROOT="${PULUMI_OPENSOLAR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-opensolar}"
SDK_GEN_SRC="$REPO_ROOT/sdk-gen"
HEARTBEAT_SECONDS=30
# The same flags as the CLI build, so the Go build cache it filled serves these builds too.
GO_BUILD_FLAGS=(-trimpath -tags osusergo,grpcnotrace -buildvcs=false)

log() { printf '[gen-sdks] %s\n' "$*" >&2; }

if [ "$#" -ne 2 ]; then
  log "usage: bash scripts/gen-sdks.sh <schema.json> <out-dir>"
  exit 2
fi
schema="$1"
if [ ! -f "$schema" ]; then
  log "No schema at $schema. Run \`npm run build\` (it writes dist/plugin/schema.json), or pass the path of a Pulumi package schema."
  exit 1
fi
schema="$(cd "$(dirname "$schema")" && pwd)/$(basename "$schema")"
mkdir -p "$2"
out="$(cd "$2" && pwd)"
# Logs beside the SDKs: two runs into different folders never share one.
LOG_DIR="$out/logs"
mkdir -p "$LOG_DIR"
STARTED=$SECONDS
elapsed() { echo "$((SECONDS - STARTED)) s"; }

# Runs one step with its output in a log; a heartbeat while it lasts; on failure the step,
# the log's last lines and its path, and what to check.
step_pid=""
trap '[ -z "$step_pid" ] || kill "$step_pid" 2>/dev/null || true' EXIT INT TERM
step() {
  local label="$1" step_log="$2" hint="$3"
  shift 3
  log "$(elapsed): $label"
  printf '\n== %s: %s\n' "$label" "$*" >>"$step_log"
  "$@" >>"$step_log" 2>&1 &
  step_pid=$!
  local next=$((SECONDS + HEARTBEAT_SECONDS)) status=0
  while kill -0 "$step_pid" 2>/dev/null; do
    sleep 0.2
    if [ "$SECONDS" -ge "$next" ]; then
      log "$(elapsed): still $label"
      next=$((SECONDS + HEARTBEAT_SECONDS))
    fi
  done
  wait "$step_pid" || status=$?
  step_pid=""
  if [ "$status" -ne 0 ]; then
    log "FAILED after $(elapsed): $label (exit status $status). Last lines of its log:"
    grep -v '^$' "$step_log" | tail -n 15 | sed 's/^/    /' >&2
    log "Full log: $step_log"
    log "$hint"
    exit 1
  fi
}

# sdk-gen, cached by a hash of its sources: an edit to main.go or go.mod builds a new one.
sdk_gen_binary() {
  local key dir
  if ! command -v go >/dev/null 2>&1; then
    log "Go is not installed: the Python and Go SDKs need sdk-gen, a Go program (Go >= 1.26)."
    exit 1
  fi
  key="$(cat "$SDK_GEN_SRC/go.mod" "$SDK_GEN_SRC/go.sum" "$SDK_GEN_SRC"/*.go | sha256sum | cut -c1-16)"
  dir="$CACHE_ROOT/sdk-gen/$key"
  if [ ! -x "$dir/sdk-gen" ]; then
    mkdir -p "$dir"
    local build_log="$CACHE_ROOT/sdk-gen/build.log"
    : >"$build_log"
    log "building sdk-gen (once per machine per version; a minute or more the first time); log: $build_log"
    step "compiling sdk-gen" "$build_log" \
      "sdk-gen needs Go >= 1.26 and the Go module proxy (github.com/pulumi/pulumi/pkg/v3 v3.274.1)." \
      env -C "$SDK_GEN_SRC" CGO_ENABLED=0 go build "${GO_BUILD_FLAGS[@]}" -o "$dir/sdk-gen.tmp.$$" .
    mv "$dir/sdk-gen.tmp.$$" "$dir/sdk-gen"
  fi
  echo "$dir/sdk-gen"
}

cli="$(bash "$REPO_ROOT/scripts/pulumi-cli.sh")"
# `gen-sdk --language nodejs` runs the Node.js language host's code generator.
bash "$REPO_ROOT/scripts/language-hosts.sh" "$cli" >/dev/null
generator="$(sdk_gen_binary)"
rm -rf "$out/nodejs" "$out/python" "$out/go" "$LOG_DIR"/*.log

# --- Node.js
nodejs_log="$LOG_DIR/nodejs.log"
: >"$nodejs_log"
step "generating the Node.js SDK" "$nodejs_log" \
  "The Node.js SDK could not be generated: the schema is invalid, or the CLI at $cli or its pulumi-language-nodejs is broken." \
  "$cli" package gen-sdk "$schema" --language nodejs --out "$out"
# Resolves @pulumi/pulumi and @types/node from this repo wherever the SDK is written.
[ -e "$out/nodejs/node_modules" ] || ln -s "$REPO_ROOT/node_modules" "$out/nodejs/node_modules"
step "compiling the Node.js SDK (tsc)" "$nodejs_log" \
  "The Node.js SDK does not compile with this repo's TypeScript and @pulumi/pulumi: see the errors above." \
  node "$REPO_ROOT/node_modules/typescript/bin/tsc" -p "$out/nodejs/tsconfig.json"
# bin/ is the package users install (Pulumi's providers publish it): the SDK reads its own
# version from bin/package.json at load time.
cp "$out/nodejs/package.json" "$out/nodejs/README.md" "$out/nodejs/bin/"

# --- Python
python_log="$LOG_DIR/python.log"
: >"$python_log"
step "generating the Python SDK" "$python_log" \
  "The Python SDK could not be generated: see sdk-gen's message above." \
  "$generator" python "$schema" "$out/python"
mapfile -t python_files < <(find "$out/python" -name '*.py' | sort)
if [ "${#python_files[@]}" -eq 0 ]; then
  log "FAILED: the Python SDK in $out/python has no .py files."
  exit 1
fi
# Byte code goes to a throwaway folder, so the SDK stays as generated.
step "compiling the Python SDK (py_compile, ${#python_files[@]} files)" "$python_log" \
  "The Python SDK does not compile with $(python3 --version 2>&1): see the errors above." \
  env PYTHONPYCACHEPREFIX="$(mktemp -d)" python3 -m py_compile "${python_files[@]}"

# --- Go
go_log="$LOG_DIR/go.log"
: >"$go_log"
step "generating the Go SDK" "$go_log" \
  "The Go SDK could not be generated: see sdk-gen's message above." \
  "$generator" go "$schema" "$out/go"
step "resolving the Go SDK's modules (go mod tidy)" "$go_log" \
  "The Go SDK's modules could not be resolved: check that the Go module proxy is reachable." \
  env -C "$out/go" go mod tidy
step "compiling the Go SDK (go build ./...; minutes the first time)" "$go_log" \
  "The Go SDK does not compile: see the errors above." \
  env -C "$out/go" CGO_ENABLED=0 go build "${GO_BUILD_FLAGS[@]}" ./...

log "$(elapsed): all three SDKs generated and compiled"
echo "nodejs $out/nodejs"
echo "python $out/python"
echo "go $out/go"
