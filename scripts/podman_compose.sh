#!/usr/bin/env bash
# podman-compose for docker-compose.yml, as the make targets run it:
#   scripts/podman_compose.sh ENV_FILE [podman-compose arguments...]
# - CONTAINERS_CONF: the project's Podman settings (docker/containers.conf);
# - ENV_FILE's values exported (Debian's podman-compose 1.0.3 has no --env-file).
set -euo pipefail
cd "$(dirname "$0")/.."
export CONTAINERS_CONF="${CONTAINERS_CONF:-$PWD/docker/containers.conf}"
env_file=$1
shift
if [ -n "$env_file" ]; then
  set -a
  # shellcheck disable=SC1090
  . "./$env_file"
  set +a
fi
exec podman-compose "$@"
