#!/usr/bin/env bash
# Makes sure Redis (6379) and NATS with JetStream (4222) answer on 127.0.0.1.
# Installs redis-server / nats-server from Debian when missing and starts them when nothing
# listens on their ports. Idempotent: does nothing when both already answer.
set -euo pipefail

REDIS_PORT="${REDIS_PORT:-6379}"
NATS_PORT="${NATS_PORT:-4222}"
STATE_DIR="${QUIETPAY_INFRA_DIR:-/tmp/quietpay-infra}"

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "ensure-infra: need root (or sudo) to run: $*" >&2; return 1; fi
}

apt_updated=0
install_pkg() {
  local bin="$1" pkg="$2"
  command -v "$bin" >/dev/null 2>&1 && return 0
  [ -x "/usr/sbin/$bin" ] && return 0
  echo "ensure-infra: installing $pkg" >&2
  if [ "$apt_updated" -eq 0 ]; then as_root apt-get update -qq >&2; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$pkg" >&2
}

wait_port() {
  for _ in $(seq 1 100); do listening "$1" && return 0; sleep 0.1; done
  echo "ensure-infra: nothing answers on port $1 after start" >&2; return 1
}

mkdir -p "$STATE_DIR"

if ! listening "$REDIS_PORT"; then
  install_pkg redis-server redis-server
  echo "ensure-infra: starting redis-server on $REDIS_PORT" >&2
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir "$STATE_DIR" --logfile "$STATE_DIR/redis.log" >&2
  wait_port "$REDIS_PORT"
fi

if ! listening "$NATS_PORT"; then
  install_pkg nats-server nats-server
  NATS_BIN="$(command -v nats-server || echo /usr/sbin/nats-server)"
  echo "ensure-infra: starting nats-server (JetStream) on $NATS_PORT" >&2
  mkdir -p "$STATE_DIR/nats"
  setsid nohup "$NATS_BIN" -a 127.0.0.1 -p "$NATS_PORT" -js -sd "$STATE_DIR/nats" \
    -l "$STATE_DIR/nats.log" >/dev/null 2>&1 < /dev/null &
  wait_port "$NATS_PORT"
fi
echo "ensure-infra: redis :$REDIS_PORT and nats :$NATS_PORT are up" >&2
