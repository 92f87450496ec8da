"""Unit tests of console/client_address.py: whose address the sign-in guard sees."""
from __future__ import annotations

import pytest

from console.client_address import TrustedProxies, client_address

NGINX = "172.18.0.5"


@pytest.mark.parametrize(
    "peer, forwarded, expected",
    [
        (NGINX, ["198.51.100.7"], "198.51.100.7"),  # nginx names the visitor
        (NGINX, [], NGINX),  # nothing forwarded
        (NGINX, ["203.0.113.1, 198.51.100.7"], "198.51.100.7"),  # the client's own claim is left of the proxy's
        (NGINX, ["198.51.100.7, 172.18.0.9"], "198.51.100.7"),  # two trusted hops
        (NGINX, ["203.0.113.1", "198.51.100.7"], "198.51.100.7"),  # header repeated
        (NGINX, ["not-an-address, 198.51.100.7"], "198.51.100.7"),
        (NGINX, ["198.51.100.7, garbage"], NGINX),  # a malformed hop: only the proxy is known
        (NGINX, ["[2001:db8::1]:443"], "2001:db8::1"),
        (NGINX, ["198.51.100.7:5123"], "198.51.100.7"),
        ("198.51.100.66", ["203.0.113.1"], "198.51.100.66"),  # not from a trusted proxy: header ignored
        ("", [], "unknown"),
    ],
)
def test_the_client_is_the_right_most_untrusted_address(peer, forwarded, expected):
    assert client_address(peer, forwarded, TrustedProxies("172.18.0.0/16")) == expected


def test_without_trusted_proxies_the_header_is_never_read():
    assert client_address("127.0.0.1", ["198.51.100.7"], TrustedProxies("")) == "127.0.0.1"


def test_proxies_by_host_name_are_looked_up_again_now_and_then():
    answers = {"proxy": "172.18.0.5"}
    clock = [0.0]
    proxies = TrustedProxies("proxy", resolve=lambda host, port: [(None, None, None, None, (answers[host], 0))], clock=lambda: clock[0])
    assert proxies.trusts("172.18.0.5") and not proxies.trusts("172.18.0.6")
    answers["proxy"] = "172.18.0.6"  # the proxy container restarted with a new address
    clock[0] += 61
    assert proxies.trusts("172.18.0.6") and not proxies.trusts("172.18.0.5")


def test_an_unresolvable_host_trusts_nobody():
    def fail(host, port):
        raise OSError("no such host")

    proxies = TrustedProxies("proxy", resolve=fail)
    assert not proxies.trusts("172.18.0.5")
    assert client_address("172.18.0.5", ["198.51.100.7"], proxies) == "172.18.0.5"
