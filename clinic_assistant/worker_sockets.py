"""A listening socket per Sanic worker (SO_REUSEPORT), so the kernel shares
new connections evenly between a Rasa server's workers.

Sanic 21.12 binds one listening socket before it forks its workers, and they
all accept from it: uvloop accepts a whole burst of new connections in
whichever worker wakes first, and a kept-alive connection stays there, so
one worker could serve two thirds of the load while the other idled
(docs/performance.md). With a socket of its own per worker, the kernel picks
the worker for each new connection by a hash of its addresses.

`install()` changes two names in `sanic.server.runners`, which its
`serve_multiple` looks up when it runs:
- `bind_socket`: the master binds the port with SO_REUSEPORT but does not
  listen, so it reserves the port (a port in use fails at once, as before)
  and is never given a connection it would not accept;
- `serve`: each worker closes its inherited copy of that reservation and
  binds a socket of its own on the same address, which Sanic starts
  listening on only after the worker's start-up listeners (Rasa loads the
  model there), so a loading worker is never given a connection.

`serve_single` (one worker) is unchanged: it is given no reservation.
"""
from __future__ import annotations

import socket
from functools import partial
from typing import Any, Callable


def reserve_port(host: str, port: int, *, backlog: int = 100) -> socket.socket:
    """The master's socket: bound with SO_REUSEPORT, not listening (`backlog` is for the workers)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    reservation = socket.socket(family, socket.SOCK_STREAM)
    reservation.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    reservation.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    reservation.bind((host, port))
    return reservation


def is_reservation(sock: socket.socket | None) -> bool:
    return sock is not None and sock.type == socket.SOCK_STREAM and not sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN)


def own_socket(reservation: socket.socket) -> socket.socket:
    """A worker's socket on the reservation's address, bound, not yet listening (Sanic listens when it starts serving)."""
    sock = socket.socket(reservation.family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(reservation.getsockname()[:2])
    return sock


def serve_on_own_socket(serve: Callable[..., Any], **settings: Any) -> Any:
    if is_reservation(settings.get("sock")):
        reservation = settings["sock"]
        settings["sock"] = own_socket(reservation)
        reservation.close()  # the worker's inherited copy; the master keeps the port reserved
    return serve(**settings)


def install() -> None:
    from sanic.server import runners

    if isinstance(runners.serve, partial):
        return  # installed already
    runners.bind_socket = reserve_port
    runners.serve = partial(serve_on_own_socket, runners.serve)
