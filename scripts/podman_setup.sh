#!/usr/bin/env bash
# Makes Podman usable on this machine for the project's images (docs/production.md):
#   1. installs Debian's podman, runc, debootstrap, podman-compose and iptables
#      (netavark sets up the containers' network with it) when missing;
#   2. checks that docker/containers.conf (runc, cgroupfs, ulimits) is what
#      podman reads: the make targets export CONTAINERS_CONF, /etc is left alone;
#   3. builds the base image localhost/debian:bookworm from Debian's archive
#      (debootstrap minbase + podman import) when it is missing;
#   4. packs the Python 3.10 interpreter the project uses (scripts/find_python310.sh)
#      into build/containers/python/python3.10.tar, deterministically, for
#      docker/python.Dockerfile (Debian bookworm has 3.11 only; Rasa 3.6 needs 3.10).
# Prints nothing but what it does; safe to run again (each step is skipped when done).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export CONTAINERS_CONF="${CONTAINERS_CONF:-$ROOT/docker/containers.conf}"
BASE_IMAGE=localhost/debian:bookworm

missing=()
for tool in podman:podman runc:runc debootstrap:debootstrap podman-compose:podman-compose iptables:iptables; do
  command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} (Debian's packages)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    fuse-overlayfs slirp4netns netavark aardvark-dns uidmap >/dev/null
fi

# crun refuses the host's hybrid cgroups: the project's containers.conf must be in force.
runtime=$(podman info --format '{{.Host.OCIRuntime.Name}}')
[ "$runtime" = runc ] || { echo "podman uses $runtime, not runc: is CONTAINERS_CONF=$CONTAINERS_CONF readable?" >&2; exit 1; }

# The Debian mirror apt uses here (deb822 .sources or one-line .list), for debootstrap.
debian_mirror() {
  local suite=$1
  { cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null || true; } | awk -v suite="$suite" '
    /^deb / && $3 == suite { print $2; exit }
    /^URIs:/ { uri = $2 }
    /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) { print uri; exit } }
    /^$/ { uri = "" }'
}

if ! podman image exists "$BASE_IMAGE"; then
  mirror=${DEBIAN_MIRROR:-$(debian_mirror bookworm)}
  security=${DEBIAN_SECURITY_MIRROR:-$(debian_mirror bookworm-security)}
  mirror=${mirror:-http://deb.debian.org/debian}
  security=${security:-http://deb.debian.org/debian-security}
  echo "Building $BASE_IMAGE from $mirror (debootstrap --variant=minbase)"
  rootfs=$(mktemp -d /var/tmp/clinic-rootfs.XXXXXX)
  trap 'rm -rf "$rootfs"' EXIT
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$rootfs.log" 2>&1 \
    || { tail -20 "$rootfs.log" >&2; exit 1; }
  rm -f "$rootfs.log"
  cat >"$rootfs/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb $security bookworm-security main
EOF
  # Small images: no package lists or caches in the base.
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb
  tar -C "$rootfs" --numeric-owner -c . | podman import --quiet \
    --change 'ENV LANG=C.UTF-8' --change 'CMD ["/bin/bash"]' - "$BASE_IMAGE" >/dev/null
  rm -rf "$rootfs"
  trap - EXIT
fi

# The interpreter for docker/python.Dockerfile: the one the project's .venv uses,
# without its site-packages, tests and caches (pip comes from ensurepip in the image).
python_tar=build/containers/python/python3.10.tar
python=$(scripts/find_python310.sh)
prefix=$("$python" -c 'import sys; print(sys.base_prefix)')
version=$("$python" -c 'import platform; print(platform.python_version())')
stamp="$prefix $version $(stat -c %Y "$prefix/lib/libpython3.10.so.1.0" 2>/dev/null || echo static) $(sha256sum <"$0" | cut -c1-16)"
if [ ! -f "$python_tar" ] || [ "$(cat "$python_tar.source" 2>/dev/null)" != "$stamp" ]; then
  echo "Packing Python $version from $prefix into $python_tar"
  mkdir -p "$(dirname "$python_tar")"
  # Same bytes for the same interpreter: sorted names, fixed owner and times.
  tar -C "$prefix" --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 --format=gnu \
    --exclude=__pycache__ --exclude='lib/python3.10/site-packages/*' --exclude=lib/python3.10/test \
    --exclude='lib/python3.10/*/tests' --exclude=lib/python3.10/idlelib --exclude=lib/python3.10/tkinter \
    --exclude=lib/python3.10/turtledemo --exclude='lib/python3.10/lib-dynload/_tkinter*' \
    --exclude='lib/python3.10/config-3.10-*/*.a' --exclude='lib/*.a' --exclude=share --exclude='bin/idle*' \
    --exclude='bin/pip*' --exclude='bin/2to3*' --exclude='bin/pydoc*' --exclude='bin/*-config' --exclude='bin/*-gdb.py' \
    -cf "$python_tar.tmp" bin include lib
  mv "$python_tar.tmp" "$python_tar"
  echo "$stamp" >"$python_tar.source"
fi
