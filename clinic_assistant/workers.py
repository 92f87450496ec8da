"""Which Sanic worker of a Rasa server holds a TCP connection (Linux /proc).

With RASA_WORKERS > 1 the workers share one listening socket and the kernel
gives each new connection to whichever accepts first; a connection then
stays with that worker. Stack uses this to wait until every worker has
loaded the model (a loading worker accepts nothing), the tests to send
turns to a chosen worker on a kept-alive connection.
"""
from __future__ import annotations

import socket
import time
from pathlib import Path
from typing import List, Optional


def _children(pid: int) -> List[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def worker_pids(server_pid: int) -> List[int]:
    """The server's Sanic workers (its child processes), or the server itself when it has none."""
    return _children(server_pid) or [server_pid]


def server_processes(server_pid: int) -> List[int]:
    """The server and its child processes: whichever of them serves a connection."""
    return [server_pid, *_children(server_pid)]


def _socket_inode(server_port: int, client_port: int) -> Optional[str]:
    """The inode of the server's end of the loopback connection from `client_port`."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local, remote, inode = fields[1], fields[2], fields[9]
            if int(local.rsplit(":", 1)[1], 16) == server_port and int(remote.rsplit(":", 1)[1], 16) == client_port:
                return inode
    return None


def connection_owner(server_pid: int, server_port: int, client: socket.socket, timeout: float = 5) -> Optional[int]:
    """The worker that accepted `client`'s connection to `server_port`, once one has (None: none within `timeout`)."""
    client_port = client.getsockname()[1]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        inode = _socket_inode(server_port, client_port)
        if inode is not None:
            target = f"socket:[{inode}]"
            for pid in server_processes(server_pid):
                for fd in Path(f"/proc/{pid}/fd").iterdir():
                    try:
                        if fd.readlink().as_posix() == target:
                            return pid
                    except OSError:
                        continue  # closed meanwhile
        time.sleep(0.02)
    return None


def wait_until_all_accept(server_pid: int, port: int, workers: int, timeout: float) -> None:
    """Until `workers` different workers have each accepted a connection (each has loaded the model)."""
    deadline = time.monotonic() + timeout
    serving = set()
    while time.monotonic() < deadline:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as probe:
            owner = connection_owner(server_pid, port, probe, timeout=0.5)
        if owner is not None:
            serving.add(owner)
            if len(serving) >= workers:
                return
    raise TimeoutError(f"{len(serving)} of the Rasa server's {workers} workers accepted connections within {timeout:.0f}s")
