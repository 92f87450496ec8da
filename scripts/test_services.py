"""Runs a command (the test suite) with a PostgreSQL and a Redis server to test against.

    scripts/test_services.py -- .venv/bin/python -m pytest tests

The tests use the PostgreSQL server at TEST_POSTGRES_URL (default
postgresql://root@127.0.0.1:$TEST_POSTGRES_PORT/postgres, port 5432) and the
Redis server at TEST_REDIS_URL (default redis://127.0.0.1:$TEST_REDIS_PORT/1,
port 6379); see testkit/databases.py. For each of the two:

* if a server answers at that address (a PostgreSQL or Redis reply, not just
  an open port), it is used as it is (on a
  development machine: the machine's own servers, shared with other runs);
* if nothing answers and the address is on this machine, a throwaway server is
  started on that port for the command's run: a fresh data directory in /tmp,
  trust authentication, loopback only, nothing kept on disk (PostgreSQL with
  fsync off, Redis without snapshots). It is stopped and its directory removed
  when the command ends, however it ends. Debian's `postgresql` and
  `redis-server` packages are installed with apt-get when their programs are
  missing (root needed, as for Chromium); the packages' own services are not
  started by that installation (a policy-rc.d for its duration);
* if nothing answers at an address on another machine, it stops with a message.

The command gets TEST_POSTGRES_URL and TEST_REDIS_URL in its environment and
its exit status is returned. Try the throwaway path on a machine whose servers
are running with other ports: TEST_POSTGRES_PORT=55432 TEST_REDIS_PORT=56379.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Dict, Iterator, List, Optional
from urllib.parse import urlsplit

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
POLICY_RC_D = Path("/usr/sbin/policy-rc.d")


def say(message: str) -> None:
    print(f"test services: {message}", file=sys.stderr, flush=True)


def test_urls(environ: Dict[str, str]) -> Dict[str, str]:
    """TEST_POSTGRES_URL and TEST_REDIS_URL, from the environment or the ports."""
    postgres_port = environ.get("TEST_POSTGRES_PORT") or "5432"
    redis_port = environ.get("TEST_REDIS_PORT") or "6379"
    return {
        "TEST_POSTGRES_URL": environ.get("TEST_POSTGRES_URL") or f"postgresql://root@127.0.0.1:{postgres_port}/postgres",
        "TEST_REDIS_URL": environ.get("TEST_REDIS_URL") or f"redis://127.0.0.1:{redis_port}/1",
    }


def _reply(host: str, port: int, request: bytes, timeout: float = 2.0) -> bytes:
    try:
        with socket.create_connection((host, port), timeout=timeout) as connection:
            connection.sendall(request)
            return connection.recv(16)
    except OSError:
        return b""


def postgres_answers(host: str, port: int) -> bool:
    """A PostgreSQL server answers an SSLRequest with one byte, S or N."""
    return _reply(host, port, struct.pack("!ii", 8, 80877103))[:1] in (b"S", b"N")


def redis_answers(host: str, port: int) -> bool:
    """A Redis server answers PING with +PONG (or an error, when it wants a password)."""
    return _reply(host, port, b"PING\r\n")[:1] in (b"+", b"-")


def wait_until(ready, what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not come up within {timeout:.0f} s")


# -- Debian packages -----------------------------------------------------------


@contextmanager
def services_not_started() -> Iterator[None]:
    """While installing: Debian's maintainer scripts start no service."""
    if POLICY_RC_D.exists():
        yield
        return
    POLICY_RC_D.write_text("#!/bin/sh\n# scripts/test_services.py: no service starts while it installs packages\nexit 101\n")
    POLICY_RC_D.chmod(0o755)
    try:
        yield
    finally:
        POLICY_RC_D.unlink(missing_ok=True)


def apt_install(package: str) -> None:
    if os.geteuid() != 0:
        raise RuntimeError(f"{package} is missing and installing it needs root: apt-get install {package}")
    say(f"installing Debian's {package} package")
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    with services_not_started():
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=environment)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", package], check=True, env=environment)


def postgres_bin() -> Path:
    def newest() -> Optional[Path]:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
        return Path(found[-1]).parent if found else None

    directory = newest()
    if directory is None:
        apt_install("postgresql")
        directory = newest()
    if directory is None:
        raise RuntimeError("no initdb under /usr/lib/postgresql/*/bin after installing postgresql")
    return directory


def redis_server() -> str:
    found = shutil.which("redis-server")
    if found is None:
        apt_install("redis-server")
        found = shutil.which("redis-server")
    if found is None:
        raise RuntimeError("no redis-server after installing redis-server")
    return found


# -- throwaway servers -----------------------------------------------------------


def _as_postgres_user(command: List[str]) -> List[str]:
    """PostgreSQL refuses to run as root: as root, run it as Debian's `postgres` user."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@contextmanager
def throwaway_postgres(port: int, user: str) -> Iterator[None]:
    binaries = postgres_bin()
    directory = Path(tempfile.mkdtemp(prefix="clinic-test-postgres-"))
    data, log = directory / "data", directory / "server.log"
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(directory, owner.pw_uid, owner.pw_gid)
    pg_ctl = [str(binaries / "pg_ctl"), "-D", str(data), "-l", str(log)]
    try:
        say(f"no PostgreSQL server answers on 127.0.0.1:{port}; starting a throwaway one ({directory})")
        subprocess.run(
            _as_postgres_user([str(binaries / "initdb"), "-D", str(data), "-U", user, "--auth=trust", "-E", "UTF8", "--no-locale"]),
            check=True, stdout=subprocess.DEVNULL,
        )
        options = f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={directory} -c fsync=off -c full_page_writes=off"
        subprocess.run(_as_postgres_user([*pg_ctl, "-w", "-t", "60", "-o", options, "start"]), check=True, stdout=subprocess.DEVNULL)
        wait_until(lambda: postgres_answers("127.0.0.1", port), f"PostgreSQL on port {port}")
        yield
    except subprocess.CalledProcessError:
        if log.exists():
            sys.stderr.write(log.read_text(errors="replace")[-2000:])
        raise
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(_as_postgres_user([*pg_ctl, "-w", "-m", "fast", "stop"]), stdout=subprocess.DEVNULL)
            say(f"stopped the throwaway PostgreSQL on port {port}")
        shutil.rmtree(directory, ignore_errors=True)


@contextmanager
def throwaway_redis(port: int) -> Iterator[None]:
    program = redis_server()
    directory = Path(tempfile.mkdtemp(prefix="clinic-test-redis-"))
    say(f"no Redis server answers on 127.0.0.1:{port}; starting a throwaway one ({directory})")
    server = subprocess.Popen(
        [program, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(directory), "--daemonize", "no", "--logfile", str(directory / "server.log")],
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: redis_answers("127.0.0.1", port) or server.poll() is not None, f"Redis on port {port}")
        if server.poll() is not None:
            raise RuntimeError(f"redis-server ended at start: {(directory / 'server.log').read_text(errors='replace')[-2000:]}")
        yield
    finally:
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            say(f"stopped the throwaway Redis on port {port}")
        shutil.rmtree(directory, ignore_errors=True)


def provide(stack: ExitStack, urls: Dict[str, str]) -> None:
    """Uses the servers that answer; starts throwaway ones for those that do not."""
    postgres = urlsplit(urls["TEST_POSTGRES_URL"])
    host, port = postgres.hostname or "127.0.0.1", postgres.port or 5432
    if postgres_answers(host, port):
        say(f"using the PostgreSQL server on {host}:{port}")
    elif host in LOCAL_HOSTS:
        stack.enter_context(throwaway_postgres(port, postgres.username or "root"))
    else:
        raise RuntimeError(f"no PostgreSQL server answers at {host}:{port} (TEST_POSTGRES_URL)")

    redis = urlsplit(urls["TEST_REDIS_URL"])
    host, port = redis.hostname or "127.0.0.1", redis.port or 6379
    if redis_answers(host, port):
        say(f"using the Redis server on {host}:{port}")
    elif host in LOCAL_HOSTS:
        stack.enter_context(throwaway_redis(port))
    else:
        raise RuntimeError(f"no Redis server answers at {host}:{port} (TEST_REDIS_URL)")


class Stopped(Exception):
    """A stop signal arrived before the command started."""


def main(argv: List[str]) -> int:
    command = argv[1:] if argv and argv[0] == "--" else argv
    if not command:
        print(__doc__, file=sys.stderr)
        return 2
    urls = test_urls(dict(os.environ))
    child: Optional[subprocess.Popen] = None

    def forward(signum, _frame) -> None:
        # SIGTERM or SIGHUP: the command gets it and ends its own way, then the
        # servers are stopped. Ctrl-C already reaches the command (same group).
        if child is None:
            raise Stopped(signal.Signals(signum).name)
        if signum != signal.SIGINT and child.poll() is None:
            child.send_signal(signum)

    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(signum, forward)
    with ExitStack() as stack:
        try:
            provide(stack, urls)
        except (RuntimeError, OSError, subprocess.CalledProcessError, KeyError, Stopped) as error:
            say(f"cannot provide the test servers: {error}")
            return 1
        child = subprocess.Popen(command, env={**os.environ, **urls})
        return child.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
