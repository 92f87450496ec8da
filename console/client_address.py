"""The address of the person at the browser, also behind a reverse proxy.

Behind nginx every request comes from nginx's address, so a sign-in throttle
keyed on the connection's address would treat all staff as one client. The
address in ``X-Forwarded-For`` is believed only when the connection comes
from a trusted proxy, listed in ``CONSOLE_TRUSTED_PROXIES`` (comma-separated
addresses, networks such as ``10.0.0.0/8``, or host names such as the compose
service ``proxy``, looked up again at most once a minute). The header's
addresses are read from the right, skipping trusted proxies; the first other
one is the client. Anything a client could have written (the left part of the
chain) is never used past an untrusted hop, and a malformed entry ends the
walk at the last trusted hop's word.
"""
from __future__ import annotations

import ipaddress
import socket
import time
from typing import Iterable, List, Optional, Union

Network = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]
RESOLVE_SECONDS = 60.0


def _address(text: str) -> Optional[Union[ipaddress.IPv4Address, ipaddress.IPv6Address]]:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1:text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.split(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    return address.ipv4_mapped or address if isinstance(address, ipaddress.IPv6Address) else address


class TrustedProxies:
    def __init__(self, spec: str = "", resolve=socket.getaddrinfo, clock=time.monotonic) -> None:
        self.networks: List[Network] = []
        self.hosts: List[str] = []
        for entry in (part.strip() for part in (spec or "").split(",")):
            if not entry:
                continue
            try:
                self.networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                self.hosts.append(entry)
        self._resolve = resolve
        self._clock = clock
        self._resolved: List[Network] = []
        self._resolved_at = float("-inf")

    def __bool__(self) -> bool:
        return bool(self.networks or self.hosts)

    def _host_networks(self) -> Iterable[Network]:
        if self.hosts and self._clock() - self._resolved_at > RESOLVE_SECONDS:
            resolved = []
            for host in self.hosts:
                try:
                    for *_, sockaddr in self._resolve(host, None):
                        resolved.append(ipaddress.ip_network(sockaddr[0]))
                except (OSError, ValueError):
                    continue
            self._resolved, self._resolved_at = resolved, self._clock()
        return self._resolved

    def trusts(self, text: str) -> bool:
        address = _address(text)
        if address is None:
            return False
        return any(address in network for network in [*self.networks, *self._host_networks()])


def client_address(peer: str, forwarded_for: Iterable[str], proxies: TrustedProxies) -> str:
    """The client's address: the connection's `peer`, or, when that is a
    trusted proxy, the right-most untrusted address of X-Forwarded-For."""
    peer = peer or "unknown"
    if not proxies or not proxies.trusts(peer):
        return peer
    chain = [part.strip() for header in forwarded_for for part in (header or "").split(",") if part.strip()]
    client = peer
    for entry in reversed(chain):
        address = _address(entry)
        if address is None:
            break
        client = str(address)
        if not proxies.trusts(client):
            break
    return client
