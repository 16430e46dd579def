#!/usr/bin/env bash
# Makes sure the offline deployment checks can run (tests/deploy): `docker-compose` validates
# docker-compose.yml with `config -q` (no Docker engine needed), `kubectl kustomize` builds the
# k8s/ overlays and `promtool` (Debian's `prometheus` package, without its recommended exporters)
# checks and unit-tests the alert rules in monitoring/. Installs Debian's docker-compose / kubernetes-client only when the command is
# missing, so an existing kubectl (e.g. from the Google Cloud SDK package, which owns
# /usr/bin/kubectl and would make kubernetes-client fail to unpack) is left alone. Idempotent.
set -euo pipefail

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "ensure-deploy-tools: need root (or sudo) to run: $*" >&2; return 1; fi
}

missing=()
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)

if [ "${#missing[@]}" -gt 0 ]; then
  echo "ensure-deploy-tools: installing ${missing[*]}" >&2
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

docker-compose version --short >/dev/null
kubectl kustomize --help >/dev/null
promtool --version >/dev/null
echo "ensure-deploy-tools: docker-compose, kubectl kustomize and promtool are available" >&2
