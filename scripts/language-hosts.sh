#!/usr/bin/env bash
# Puts Pulumi's Node.js language host next to the Pulumi CLI and prints its path on stdout;
# progress goes to stderr.
#
#   bash scripts/language-hosts.sh [path/to/pulumi]     (default: the CLI of scripts/pulumi-cli.sh)
#
# The language host (`pulumi-language-nodejs`) is what runs a project whose Pulumi.yaml says
# `runtime: nodejs` when you type `pulumi up`: it starts Node.js with ts-node on the
# program. Installed Pulumi CLIs ship it; a CLI built from the Go module proxy does not,
# because the proxy does not serve its module. Order:
#   1. one next to the CLI: used as it is;
#   2. one on PATH: copied next to the CLI (the engine warns about a host taken from PATH);
#   3. else built from source by build.sh in $PULUMI_LANGUAGE_NODEJS_SOURCE (default
#      ../shared/tools/pulumi-language-nodejs beside this checkout: Pulumi's own source at
#      v3.259.0, see its README), once per machine, and copied next to the CLI.
# A build prints a few lines (seconds since the start); its full output goes to a log file,
# named again when the build fails.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_ROOT="${PULUMI_OPENSOLAR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-opensolar}"
SOURCE_DIR="${PULUMI_LANGUAGE_NODEJS_SOURCE:-$REPO_ROOT/../shared/tools/pulumi-language-nodejs}"
BUILD_LOG="$CACHE_ROOT/language-hosts/pulumi-language-nodejs-build.log"
HOST=pulumi-language-nodejs
HEARTBEAT_SECONDS=30

log() { printf '[language-hosts] %s\n' "$*" >&2; }

cli="${1:-$(bash "$REPO_ROOT/scripts/pulumi-cli.sh")}"
if [ ! -x "$cli" ]; then
  log "No Pulumi CLI at $cli. Pass the path of the \`pulumi\` binary, or run without arguments to use scripts/pulumi-cli.sh."
  exit 1
fi
cli_dir="$(cd "$(dirname "$cli")" && pwd)"

if [ -x "$cli_dir/$HOST" ]; then
  echo "$cli_dir/$HOST"
  exit 0
fi

# Copied whole under a temporary name, then renamed: a test starting meanwhile never runs half a binary.
place_next_to_cli() {
  local binary="$1"
  if [ ! -w "$cli_dir" ]; then
    log "Cannot write next to the CLI in $cli_dir. Put $binary on PATH, or copy it there yourself."
    exit 1
  fi
  cp "$binary" "$cli_dir/$HOST.tmp.$$"
  chmod +x "$cli_dir/$HOST.tmp.$$"
  mv "$cli_dir/$HOST.tmp.$$" "$cli_dir/$HOST"
  echo "$cli_dir/$HOST"
}

if on_path="$(command -v "$HOST" 2>/dev/null)"; then
  place_next_to_cli "$on_path"
  exit 0
fi

[ ! -d "$SOURCE_DIR" ] || SOURCE_DIR="$(cd "$SOURCE_DIR" && pwd)"
if [ ! -f "$SOURCE_DIR/build.sh" ]; then
  log "No $HOST next to $cli or on PATH, and no source to build one at $SOURCE_DIR."
  log "Install the Pulumi CLI from https://www.pulumi.com/docs/install/ (it ships its language hosts) and put it on PATH,"
  log "or set PULUMI_LANGUAGE_NODEJS_SOURCE to the folder that holds pulumi-language-nodejs's build.sh."
  exit 1
fi

mkdir -p "$(dirname "$BUILD_LOG")"
: >"$BUILD_LOG"
built_path="$(mktemp)"
trap '[ -z "${build_pid:-}" ] || kill "$build_pid" 2>/dev/null || true; rm -f "$built_path"' EXIT INT TERM
started=$SECONDS
# build.sh prints the binary's path on stdout and, when it has to build, Go's progress on stderr.
bash "$SOURCE_DIR/build.sh" >"$built_path" 2>>"$BUILD_LOG" &
build_pid=$!
announced=""
next=$((SECONDS + HEARTBEAT_SECONDS))
while kill -0 "$build_pid" 2>/dev/null; do
  sleep 0.2
  # A cached build answers at once; only a real one is announced.
  if [ -z "$announced" ] && [ -s "$BUILD_LOG" ]; then
    log "building $HOST from $SOURCE_DIR (once per machine; about a minute)"
    log "log: $BUILD_LOG"
    announced=1
  elif [ -n "$announced" ] && [ "$SECONDS" -ge "$next" ]; then
    log "$((SECONDS - started)) s: still compiling"
    next=$((SECONDS + HEARTBEAT_SECONDS))
  fi
done
status=0
wait "$build_pid" || status=$?
build_pid=""
binary="$(tail -n 1 "$built_path")"
if [ "$status" -ne 0 ] || [ ! -x "$binary" ]; then
  log "FAILED after $((SECONDS - started)) s: $SOURCE_DIR/build.sh (exit status $status). Last lines of the build log:"
  grep -v '^$' "$BUILD_LOG" | tail -n 12 | sed 's/^/    /' >&2
  log "Full build log: $BUILD_LOG"
  log "It needs Go (go.mod says which version) and the Go module proxy; or install Pulumi and put it on PATH."
  exit 1
fi
[ -z "$announced" ] || log "$((SECONDS - started)) s: built $binary"
place_next_to_cli "$binary"
