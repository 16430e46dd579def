#!/usr/bin/env bash
# Makes sure the real-browser tests (tests/console, tests/browser) can run: Debian's `chromium`,
# which playwright-core drives at /usr/bin/chromium (no browser is ever downloaded by npm).
# Installs it from apt only when the command is missing. Idempotent.
set -euo pipefail

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "ensure-browser: need root (or sudo) to run: $*" >&2; return 1; fi
}

if ! command -v chromium >/dev/null 2>&1; then
  echo "ensure-browser: installing chromium" >&2
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >&2
fi

chromium --version >&2
