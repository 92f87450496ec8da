"""Which Sanic worker of a Rasa server holds a TCP socket (Linux /proc).

With RASA_WORKERS > 1 every worker listens on a socket of its own on the
server's port once it has loaded the model (clinic_assistant/worker_sockets.py),
and a connection stays with the worker that accepted it. Stack uses this to
wait until every worker listens, the tests to send turns to a chosen worker
on a kept-alive connection.
"""
from __future__ import annotations

import socket
import time
from pathlib import Path
from typing import List, Optional, Set


def _children(pid: int) -> List[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def worker_pids(server_pid: int) -> List[int]:
    """The server's Sanic workers (its child processes), or the server itself when it has none."""
    return _children(server_pid) or [server_pid]


def server_processes(server_pid: int) -> List[int]:
    """The server and its child processes: whichever of them serves a connection."""
    return [server_pid, *_children(server_pid)]


LISTEN = "0A"  # the TCP state in /proc/net/tcp


def _socket_inodes(server_port: int, client_port: Optional[int]) -> List[str]:
    """The inodes of the server's listening sockets on `server_port` (client_port None), or of its end
    of the loopback connection from `client_port`."""
    inodes = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local, remote, state, inode = fields[1], fields[2], fields[3], fields[9]
            if int(local.rsplit(":", 1)[1], 16) != server_port:
                continue
            if (state == LISTEN) if client_port is None else int(remote.rsplit(":", 1)[1], 16) == client_port:
                inodes.append(inode)
    return inodes


def _holders(server_pid: int, inodes: List[str]) -> Set[int]:
    """The server's processes holding any of these sockets."""
    targets = {f"socket:[{inode}]" for inode in inodes}
    holders = set()
    for pid in server_processes(server_pid):
        try:
            fds = list(Path(f"/proc/{pid}/fd").iterdir())
        except OSError:
            continue  # exited meanwhile
        for fd in fds:
            try:
                if fd.readlink().as_posix() in targets:
                    holders.add(pid)
            except OSError:
                continue  # closed meanwhile
    return holders


def connection_owner(server_pid: int, server_port: int, client: socket.socket, timeout: float = 5) -> Optional[int]:
    """The worker that accepted `client`'s connection to `server_port`, once one has (None: none within `timeout`)."""
    client_port = client.getsockname()[1]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        inodes = _socket_inodes(server_port, client_port)
        holders = _holders(server_pid, inodes) if inodes else set()
        if holders:
            return holders.pop()
        time.sleep(0.02)
    return None


def listening_processes(server_pid: int, port: int) -> Set[int]:
    """The server's processes with a listening socket on `port`: each worker once it has loaded the model."""
    return _holders(server_pid, _socket_inodes(port, None))


def wait_until_all_listen(server_pid: int, port: int, workers: int, timeout: float) -> None:
    """Until `workers` of the server's processes listen on `port` (each has loaded the model)."""
    deadline = time.monotonic() + timeout
    while True:
        listening = listening_processes(server_pid, port)
        if len(listening) >= workers:
            return
        if time.monotonic() >= deadline:
            raise TimeoutError(f"{len(listening)} of the Rasa server's {workers} workers listened within {timeout:.0f}s")
        time.sleep(0.1)
