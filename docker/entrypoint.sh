#!/bin/sh
# Resolves the role in SERVICE to a built entry point and execs node on it (PID 1 receives
# SIGTERM directly, so the services' graceful shutdown runs).
# QUIETPAY_ENV_FILE, when set and present, is a KEY=VALUE file an operator mounts (e.g. a
# chain's mints and facilitator public key); variables already set win over it. The compose and
# k8s local setups do not need it: their seeded localnet's addresses are fixed in the files.
set -eu

if [ -n "${QUIETPAY_ENV_FILE:-}" ] && [ -f "$QUIETPAY_ENV_FILE" ]; then
  while IFS='=' read -r key value; do
    case "$key" in ''|\#*) continue ;; esac
    # Only plain variable names reach eval: the file must not be able to run code.
    case "$key" in *[!A-Z0-9_]*|[0-9]*) echo "entrypoint: bad variable name '$key' in $QUIETPAY_ENV_FILE" >&2; exit 64 ;; esac
    eval "current=\${$key:-}"
    # shellcheck disable=SC2154 # assigned by the eval above
    if [ -z "$current" ]; then export "$key=$value"; fi
  done < "$QUIETPAY_ENV_FILE"
fi

role="${SERVICE:?SERVICE must name a role: a service, localnet, or an example}"
case "$role" in
  */*|.*) echo "entrypoint: invalid role '$role'" >&2; exit 64 ;;
esac
for dir in services infra examples; do
  if [ -f "/app/$dir/$role/dist/main.js" ]; then
    exec node "/app/$dir/$role/dist/main.js" "$@"
  fi
done
echo "entrypoint: no built entry point for role '$role' (services/, infra/ or examples/)" >&2
exit 64
