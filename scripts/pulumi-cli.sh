#!/usr/bin/env bash
# Prints the path of a working `pulumi` CLI on stdout; progress goes to stderr.
#
# Order: a `pulumi` on PATH (how users run it), else a cached build keyed by version,
# else a build from the Go module proxy (the Pulumi installer site is not reachable on
# our machines). The Node.js language plugin `pulumi-resource-pulumi-nodejs` ships inside
# the @pulumi/pulumi npm package; it is copied next to the binary so the engine finds it
# instead of trying to download it (it resolves @pulumi/pulumi from the program's folder,
# so one copy serves every checkout).
set -euo pipefail

PULUMI_CLI_VERSION="${PULUMI_CLI_VERSION:-v3.274.1}"
CACHE_ROOT="${PULUMI_OPENSOLAR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-opensolar}"
BIN_DIR="$CACHE_ROOT/pulumi-cli/$PULUMI_CLI_VERSION/bin"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

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

log "building pulumi $PULUMI_CLI_VERSION from the Go module proxy (once; takes a few minutes)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
export GOFLAGS="${GOFLAGS:-} -mod=mod"
go mod init pulumi-cli-build >/dev/null 2>&1
log "resolving modules"
go get -tool "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@$PULUMI_CLI_VERSION" >&2
go get "github.com/pulumi/pulumi/sdk/v3@$PULUMI_CLI_VERSION" >&2

# `go install pkg@version` refuses modules with replace directives, so carry the
# non-relative ones from pkg/go.mod into this wrapper module.
PKG_DIR="$(go list -m -f '{{.Dir}}' "github.com/pulumi/pulumi/pkg/v3")"
awk '
  /^replace \(/ { inblock=1; next }
  inblock && /^\)/ { inblock=0; next }
  inblock { print; next }
  /^replace / { sub(/^replace /, ""); print }
' "$PKG_DIR/go.mod" | grep -v '=> \.' | while read -r line; do
  [ -n "$line" ] || continue
  old="$(echo "$line" | awk -F' => ' '{print $1}' | awk '{ if (NF==2) print $1"@"$2; else print $1 }')"
  new="$(echo "$line" | awk -F' => ' '{print $2}' | awk '{ if (NF==2) print $1"@"$2; else print $1 }')"
  log "replace $old => $new"
  go mod edit -replace "$old=$new"
done
log "go mod tidy"
go mod tidy >&2
log "compiling (this is the slow part)"
mkdir -p "$BIN_DIR"
CGO_ENABLED=0 go build -trimpath -tags osusergo,grpcnotrace \
  -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_CLI_VERSION" \
  -o "$BIN_DIR/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
mv "$BIN_DIR/pulumi.tmp" "$BIN_DIR/pulumi"
link_nodejs_plugin "$BIN_DIR"
log "built $("$BIN_DIR/pulumi" version)"
echo "$BIN_DIR/pulumi"
