#!/usr/bin/env bash
# Puts Pulumi's Node.js and YAML language hosts next to the Pulumi CLI and prints the Node.js
# host's path on stdout (or the YAML host's, with --print-yaml); progress goes to stderr.
#
#   bash scripts/language-hosts.sh [--print-yaml] [path/to/pulumi]   (default: scripts/pulumi-cli.sh's CLI)
#
# A language host is what runs a project when you type `pulumi up`: `pulumi-language-nodejs`
# for `runtime: nodejs` (Node.js with ts-node on the program), `pulumi-language-yaml` for
# `runtime: yaml`. Installed Pulumi CLIs ship both; a CLI built from the Go module proxy does
# not. For each host, in order:
#   1. one next to the CLI: used as it is;
#   2. one on PATH: copied next to the CLI (the engine warns about a host taken from PATH);
#   3. else built once per machine and copied next to the CLI:
#      - Node.js: by build.sh in $PULUMI_LANGUAGE_NODEJS_SOURCE (default
#        ../shared/tools/pulumi-language-nodejs beside this checkout: Pulumi's own source at
#        v3.259.0, see its README), because the proxy does not serve its module;
#      - YAML: `go install github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@$PULUMI_LANGUAGE_YAML_VERSION`
#        (default v1.25.0) from the Go module proxy, cached under $CACHE_ROOT/language-hosts.
# A build prints a few lines (seconds since the start); its full output goes to a log file,
# named again when the build fails.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_ROOT="${PULUMI_OPENSOLAR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-opensolar}"
NODEJS_SOURCE_DIR="${PULUMI_LANGUAGE_NODEJS_SOURCE:-$REPO_ROOT/../shared/tools/pulumi-language-nodejs}"
YAML_VERSION="${PULUMI_LANGUAGE_YAML_VERSION:-v1.25.0}"
YAML_MODULE=github.com/pulumi/pulumi-yaml
HEARTBEAT_SECONDS=30

log() { printf '[language-hosts] %s\n' "$*" >&2; }

print=nodejs
if [ "${1:-}" = "--print-yaml" ]; then
  print=yaml
  shift
fi

cli="${1:-$(bash "$REPO_ROOT/scripts/pulumi-cli.sh")}"
if [ ! -x "$cli" ]; then
  log "No Pulumi CLI at $cli. Pass the path of the \`pulumi\` binary, or run without arguments to use scripts/pulumi-cli.sh."
  exit 1
fi
cli_dir="$(cd "$(dirname "$cli")" && pwd)"

# Copied whole under a temporary name, then renamed: a test starting meanwhile never runs half a binary.
place_next_to_cli() {
  local binary="$1" host="$2"
  if [ ! -w "$cli_dir" ]; then
    log "Cannot write next to the CLI in $cli_dir. Put $binary on PATH, or copy it there yourself."
    exit 1
  fi
  cp "$binary" "$cli_dir/$host.tmp.$$"
  chmod +x "$cli_dir/$host.tmp.$$"
  mv "$cli_dir/$host.tmp.$$" "$cli_dir/$host"
}

# Steps 1 and 2 of the order above; returns non-zero when the host must be built.
found_or_copied() {
  local host="$1" on_path
  [ ! -x "$cli_dir/$host" ] || return 0
  if on_path="$(command -v "$host" 2>/dev/null)"; then
    place_next_to_cli "$on_path" "$host"
    return 0
  fi
  return 1
}

# Runs a build command with all its output in a log, announced at once ("now") or only once
# the log fills ("on-output": build.sh's cached answer is instant and silent), a heartbeat
# while it lasts, and on failure the log's last lines.
build_pid=""
trap '[ -z "$build_pid" ] || kill "$build_pid" 2>/dev/null || true' EXIT INT TERM
quiet_build() {
  local what="$1" build_log="$2" hint="$3" announce="$4"
  shift 4
  mkdir -p "$(dirname "$build_log")"
  printf '== %s\n' "$*" >"$build_log"
  [ "$announce" = now ] || : >"$build_log"
  local started=$SECONDS announced="" next=$((SECONDS + HEARTBEAT_SECONDS)) status=0
  "$@" >>"$build_log" 2>&1 &
  build_pid=$!
  while kill -0 "$build_pid" 2>/dev/null; do
    sleep 0.2
    if [ -z "$announced" ] && [ -s "$build_log" ]; then
      log "building $what (once per machine; a minute or more)"
      log "log: $build_log"
      announced=1
    elif [ -n "$announced" ] && [ "$SECONDS" -ge "$next" ]; then
      log "$((SECONDS - started)) s: still compiling $what"
      next=$((SECONDS + HEARTBEAT_SECONDS))
    fi
  done
  wait "$build_pid" || status=$?
  build_pid=""
  if [ "$status" -ne 0 ]; then
    log "FAILED after $((SECONDS - started)) s: building $what (exit status $status). Last lines of the build log:"
    grep -v '^$' "$build_log" | tail -n 12 | sed 's/^/    /' >&2
    log "Full build log: $build_log"
    log "$hint"
    exit 1
  fi
  [ -z "$announced" ] || log "$((SECONDS - started)) s: built $what"
}

ensure_nodejs_host() {
  local host=pulumi-language-nodejs built_path binary
  found_or_copied "$host" && return 0
  [ ! -d "$NODEJS_SOURCE_DIR" ] || NODEJS_SOURCE_DIR="$(cd "$NODEJS_SOURCE_DIR" && pwd)"
  if [ ! -f "$NODEJS_SOURCE_DIR/build.sh" ]; then
    log "No $host next to $cli or on PATH, and no source to build one at $NODEJS_SOURCE_DIR."
    log "Install the Pulumi CLI from https://www.pulumi.com/docs/install/ (it ships its language hosts) and put it on PATH,"
    log "or set PULUMI_LANGUAGE_NODEJS_SOURCE to the folder that holds pulumi-language-nodejs's build.sh."
    exit 1
  fi
  built_path="$(mktemp)"
  # build.sh prints the binary's path on stdout and, when it has to build, Go's progress on stderr.
  quiet_build "$host from $NODEJS_SOURCE_DIR" "$CACHE_ROOT/language-hosts/$host-build.log" \
    "It needs Go (go.mod says which version) and the Go module proxy; or install Pulumi and put it on PATH." on-output \
    bash -c 'bash "$1" >"$2"' _ "$NODEJS_SOURCE_DIR/build.sh" "$built_path"
  binary="$(tail -n 1 "$built_path")"
  rm -f "$built_path"
  if [ ! -x "$binary" ]; then
    log "$NODEJS_SOURCE_DIR/build.sh printed no executable path. Run it by hand to see why."
    exit 1
  fi
  place_next_to_cli "$binary" "$host"
}

# `go install module/cmd@version` builds with the module's own go.mod (pulumi-yaml has no
# replace directives), so the host is what its release tag says.
ensure_yaml_host() {
  local host=pulumi-language-yaml
  local cached="$CACHE_ROOT/language-hosts/$host/$YAML_VERSION"
  found_or_copied "$host" && return 0
  if [ ! -x "$cached/$host" ]; then
    if ! command -v go >/dev/null 2>&1; then
      log "No $host next to $cli or on PATH, and Go is not installed to build one."
      log "Install the Pulumi CLI from https://www.pulumi.com/docs/install/ (it ships its language hosts), or install Go >= 1.24."
      exit 1
    fi
    mkdir -p "$cached"
    rm -rf "$cached/tmp"
    quiet_build "$host $YAML_VERSION from the Go module proxy" "$CACHE_ROOT/language-hosts/$host-build.log" \
      "Check PULUMI_LANGUAGE_YAML_VERSION ($YAML_VERSION) and that the Go module proxy is reachable; or install Pulumi and put it on PATH." now \
      env GOBIN="$cached/tmp" CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-} -mod=mod" go install -trimpath \
      -ldflags "-s -w -X $YAML_MODULE/pkg/version.Version=${YAML_VERSION#v}" \
      "$YAML_MODULE/cmd/$host@$YAML_VERSION"
    mv "$cached/tmp/$host" "$cached/$host"
    rmdir "$cached/tmp"
  fi
  place_next_to_cli "$cached/$host" "$host"
}

ensure_nodejs_host
ensure_yaml_host
if [ "$print" = yaml ]; then
  echo "$cli_dir/pulumi-language-yaml"
else
  echo "$cli_dir/pulumi-language-nodejs"
fi
