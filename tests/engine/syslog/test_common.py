"""Shared helpers: endpoints, protocols, ports and the prefix-verdict map."""

from __future__ import annotations

import pytest

from custom_components.netwatch.engine.addr import parse_addr
from custom_components.netwatch.engine.errors import SyslogParseError
from custom_components.netwatch.engine.records import Verdict
from custom_components.netwatch.engine.syslog.common import (
    VerdictMap,
    endpoint,
    port,
    protocol_number,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b"192.0.2.1", (4, "192.0.2.1", -1)),
        (b"192.0.2.1:443", (4, "192.0.2.1", 443)),
        (b"[2001:db8::1]:443", (6, "2001:db8::1", 443)),
        (b"[2001:db8::1]", (6, "2001:db8::1", -1)),
        (b"2001:db8::1", (6, "2001:db8::1", -1)),  # bare IPv6: a port would be bracketed
        (b"fe80::1%eth0", (6, "fe80::1", -1)),
    ],
)
def test_endpoint(text: bytes, expected: tuple[int, str, int]) -> None:
    version, address, port_number = expected
    assert endpoint(text) == (version, parse_addr(address)[1], port_number)


@pytest.mark.parametrize(
    "text",
    [b"", b"192.0.2.1:", b"192.0.2.1:99999", b"[2001:db8::1", b"[::1]x", b"host:80", b"\xff"],
)
def test_bad_endpoints_raise_a_counted_error(text: bytes) -> None:
    with pytest.raises(SyslogParseError):
        endpoint(text)


def test_ports_and_protocols() -> None:
    assert port(b"0") == 0
    assert port(b"65535") == 65535
    for bad in (b"65536", b"-1", b"", b"1e3", b"0x10", b"9" * 30):
        with pytest.raises(SyslogParseError):
            port(bad)
    assert [protocol_number(n) for n in (b"TCP", b"udp", b"ICMPv6", b"ipv6-icmp", b"47")] == [
        6, 17, 58, 58, 47
    ]  # fmt: skip
    assert protocol_number(b"256") == -1
    assert protocol_number(b"foo") == -1


def test_verdict_map_prefers_the_longest_key() -> None:
    verdicts = VerdictMap({"drop": "deny", "no-drop": "allow"})
    assert verdicts.match("FW-NO-DROP-IN") is Verdict.ALLOW
    assert verdicts.match("fw-drop") is Verdict.DENY
    assert verdicts.match("other") is Verdict.UNKNOWN


def test_verdict_map_cache_is_bounded() -> None:
    verdicts = VerdictMap()
    for i in range(1000):
        verdicts.match(f"prefix-{i}")
    assert len(verdicts._cache) <= 256
