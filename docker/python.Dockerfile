# Python 3.10 on the project's Debian bookworm base (scripts/podman_setup.sh
# builds localhost/debian:bookworm with debootstrap and packs the interpreter).
# Rasa 3.6 needs Python 3.10 and bookworm has 3.11 only; no registry with
# Python 3.10 images is reachable here, so the image takes the CPython 3.10 the
# project's .venv runs on (scripts/find_python310.sh: built on bookworm against
# bookworm's libraries) as a sorted, fixed-date tarball, and adds Debian's
# libraries it links to. Context: build/containers/python/.
ARG BASE=localhost/debian:bookworm
FROM ${BASE}

ENV LANG=C.UTF-8 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# (Each RUN drops what differs from one build to the next, ldconfig's aux-cache and
# apt's logs, so the same inputs give the same layers: see docs/production.md.)
# What the interpreter's modules link to (ssl, sqlite3, ctypes, bz2, lzma,
# readline, curses, uuid, zlib), tini as PID 1 (forwards SIGTERM, reaps).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates libssl3 libsqlite3-0 libffi8 libbz2-1.0 liblzma5 libreadline8 \
      libncursesw6 zlib1g libuuid1 tini \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log /var/cache/ldconfig/aux-cache

ADD python3.10.tar /usr/local/
RUN ldconfig && rm -f /var/cache/ldconfig/aux-cache \
 && python3.10 -m ensurepip --default-pip >/dev/null \
 && python3 -c 'import ssl, sqlite3, ctypes, bz2, lzma, uuid, zlib, sys; assert sys.version_info[:2] == (3, 10)' \
 && find /usr/local -name __pycache__ -prune -exec rm -rf {} +
