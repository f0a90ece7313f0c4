"""Shared helpers: endpoints, protocols, ports, the prefix-verdict map and the event builder."""

from __future__ import annotations

from typing import Any

import pytest

from custom_components.netwatch.engine.addr import parse_addr
from custom_components.netwatch.engine.errors import SyslogParseError
from custom_components.netwatch.engine.records import Direction, FirewallEvent, Verdict
from custom_components.netwatch.engine.syslog.common import (
    ParseContext,
    VerdictMap,
    endpoint,
    firewall_event,
    port,
    protocol_number,
    remember,
)
from custom_components.netwatch.engine.syslog.header import HeaderParser, SyslogMessage


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


def test_event_builder_takes_time_sender_host_and_text_from_the_line() -> None:
    headers = HeaderParser()
    ctx = ParseContext("192.0.2.254", 1_781_481_600.0, VerdictMap())
    stamped = headers.parse(b"<13>1 2026-06-14T10:00:00Z fw1 app - - x\xff", ctx.received)
    bare = headers.parse(b"no header at all", ctx.received)

    def build(msg: SyslogMessage, **kwargs: Any) -> FirewallEvent:
        return firewall_event(
            msg, ctx, "test", Verdict.DENY, Direction.IN, protocol=6, ip_version=4, src_addr=1,
            src_port=2, dst_addr=3, dst_port=4, **kwargs,
        )  # fmt: skip

    ev = build(stamped)
    assert (ev.timestamp, ev.sender, ev.host, ev.vendor) == (
        1_781_431_200.0, "192.0.2.254", "fw1", "test",
    )  # fmt: skip
    assert ev.raw == "<13>1 2026-06-14T10:00:00Z fw1 app - - x\ufffd"  # bad UTF-8 replaced
    assert (ev.icmp_type, ev.kind, ev.extra) == (-1, "firewall", None)
    # No header time: the arrival; the line's own time and device name win over the header's.
    assert build(bare).timestamp == ctx.received
    ev = build(stamped, timestamp=5.0, host="device", kind="url", extra={"k": "v"})
    assert (ev.timestamp, ev.host, ev.kind, ev.extra) == (5.0, "device", "url", {"k": "v"})


def test_remember_keeps_a_cache_within_its_cap() -> None:
    """A parser cache never holds more than its cap: when full it is emptied, then stored into."""
    cache: dict[int, str] = {}
    sizes = []
    for key in range(10):
        assert remember(cache, 4, key, str(key)) == str(key)
        sizes.append(len(cache))
    assert sizes == [1, 2, 3, 4, 1, 2, 3, 4, 1, 2]
    assert cache == {8: "8", 9: "9"}
