#!/usr/bin/env bash
# Prints the path of a working `pulumi` CLI on stdout; progress goes to stderr.
#
# Order: a `pulumi` on PATH (how users run it), else a cached build keyed by version,
# else a build from the Go module proxy (the Pulumi installer site is not reachable on
# our machines). The Node.js language plugin `pulumi-resource-pulumi-nodejs` ships inside
# the @pulumi/pulumi npm package; it is copied next to the binary so the engine finds it
# instead of trying to download it (it resolves @pulumi/pulumi from the program's folder,
# so one copy serves every checkout). The Node.js language host, which runs a
# `runtime: nodejs` project for `pulumi up`, comes from scripts/language-hosts.sh.
#
# A build prints a few lines (phase, seconds since the start); everything Go prints goes
# to a log file beside the cached binary, named again when the build fails.
set -euo pipefail

PULUMI_CLI_VERSION="${PULUMI_CLI_VERSION:-v3.274.1}"
CACHE_ROOT="${PULUMI_OPENSOLAR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-opensolar}"
VERSION_DIR="$CACHE_ROOT/pulumi-cli/$PULUMI_CLI_VERSION"
BIN_DIR="$VERSION_DIR/bin"
BUILD_LOG="$VERSION_DIR/build.log"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Seconds between "still ..." lines, so a quiet CI step is visibly alive.
HEARTBEAT_SECONDS=60

log() { printf '[pulumi-cli] %s\n' "$*" >&2; }

link_nodejs_plugin() {
  local dir="$1"
  local plugin="$REPO_ROOT/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
  if [ -f "$plugin" ] && [ -w "$dir" ] && { [ -L "$dir/pulumi-resource-pulumi-nodejs" ] || ! cmp -s "$plugin" "$dir/pulumi-resource-pulumi-nodejs"; }; then
    rm -f "$dir/pulumi-resource-pulumi-nodejs"
    cp "$plugin" "$dir/pulumi-resource-pulumi-nodejs"
    chmod +x "$dir/pulumi-resource-pulumi-nodejs"
  fi
}

if [ -z "${PULUMI_OPENSOLAR_FORCE_BUILD:-}" ] && command -v pulumi >/dev/null 2>&1; then
  command -v pulumi
  exit 0
fi

if [ -x "$BIN_DIR/pulumi" ] && "$BIN_DIR/pulumi" version >/dev/null 2>&1; then
  link_nodejs_plugin "$BIN_DIR"
  echo "$BIN_DIR/pulumi"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  log "No pulumi CLI found and Go is not installed to build one."
  log "Install Pulumi (https://www.pulumi.com/docs/install/) and put it on PATH, or install Go >= 1.23."
  exit 1
fi

STARTED=$SECONDS
elapsed() { echo "$((SECONDS - STARTED)) s"; }

# Runs one phase with all its output in the build log; a heartbeat line while it lasts.
# On failure: the phase, the last lines of the log, and the log's path.
step_pid=""
phase() {
  local label="$1"
  shift
  log "$(elapsed): $label"
  printf '\n== %s: %s\n' "$label" "$*" >>"$BUILD_LOG"
  "$@" >>"$BUILD_LOG" 2>&1 &
  step_pid=$!
  local next=$((SECONDS + HEARTBEAT_SECONDS))
  while kill -0 "$step_pid" 2>/dev/null; do
    sleep 1
    if [ "$SECONDS" -ge "$next" ]; then
      log "$(elapsed): still $label"
      next=$((SECONDS + HEARTBEAT_SECONDS))
    fi
  done
  local status=0
  wait "$step_pid" || status=$?
  step_pid=""
  if [ "$status" -ne 0 ]; then
    log "FAILED after $(elapsed): $label (exit status $status). Last lines of the build log:"
    grep -v "^$" "$BUILD_LOG" | tail -n 12 | sed 's/^/    /' >&2
    log "Full build log: $BUILD_LOG"
    log "Check PULUMI_CLI_VERSION ($PULUMI_CLI_VERSION) and that the Go module proxy is reachable, or install Pulumi and put it on PATH."
    exit 1
  fi
}

# `go install pkg@version` refuses modules with replace directives, so carry the
# non-relative ones from pkg/go.mod into the wrapper module.
carry_replaces() {
  local pkg_dir line old new
  pkg_dir="$(go list -m -f '{{.Dir}}' "github.com/pulumi/pulumi/pkg/v3")"
  awk '
    /^replace \(/ { inblock=1; next }
    inblock && /^\)/ { inblock=0; next }
    inblock { print; next }
    /^replace / { sub(/^replace /, ""); print }
  ' "$pkg_dir/go.mod" | grep -v '=> \.' | while read -r line; do
    [ -n "$line" ] || continue
    old="$(echo "$line" | awk -F' => ' '{print $1}' | awk '{ if (NF==2) print $1"@"$2; else print $1 }')"
    new="$(echo "$line" | awk -F' => ' '{print $2}' | awk '{ if (NF==2) print $1"@"$2; else print $1 }')"
    echo "replace $old => $new"
    go mod edit -replace "$old=$new"
  done
}

mkdir -p "$VERSION_DIR"
: >"$BUILD_LOG"
log "building pulumi $PULUMI_CLI_VERSION from the Go module proxy (once per machine; a few minutes)"
log "log: $BUILD_LOG"
WORK="$(mktemp -d)"
trap '[ -z "$step_pid" ] || kill "$step_pid" 2>/dev/null || true; rm -rf "$WORK"' EXIT
cd "$WORK"
export GOFLAGS="${GOFLAGS:-} -mod=mod"
phase "creating the wrapper module" go mod init pulumi-cli-build
phase "downloading modules" go get -tool "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@$PULUMI_CLI_VERSION"
phase "downloading the SDK module" go get "github.com/pulumi/pulumi/sdk/v3@$PULUMI_CLI_VERSION"
phase "carrying pkg/go.mod's replace directives" carry_replaces
phase "tidying the module graph" go mod tidy
mkdir -p "$BIN_DIR"
phase "compiling (the slow part)" env CGO_ENABLED=0 go build -trimpath -tags osusergo,grpcnotrace \
  -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_CLI_VERSION" \
  -o "$BIN_DIR/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
mv "$BIN_DIR/pulumi.tmp" "$BIN_DIR/pulumi"
link_nodejs_plugin "$BIN_DIR"
log "$(elapsed): built $("$BIN_DIR/pulumi" version) at $BIN_DIR/pulumi"
echo "$BIN_DIR/pulumi"
