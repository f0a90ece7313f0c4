"""Builders shared by the scan detector tests: a settable clock and firewall lines."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from custom_components.netwatch.engine.addr import NetworkSet, parse_addr
from custom_components.netwatch.engine.records import Direction, FirewallEvent, Verdict
from custom_components.netwatch.engine.scan import ScanDetector, ScanSettings
from tests.helpers import T0, FakeClock  # noqa: F401 - shared clock, re-exported

HOME = NetworkSet.from_cidrs(["192.168.1.0/24", "fd00::/8"])
WAN = "203.0.113.10"
"""The router's public address: not a home network, the usual destination of denied lines."""


def deny(
    src: str,
    dport: int,
    dst: str = WAN,
    *,
    protocol: int = 6,
    sport: int = 40000,
    action: Verdict = Verdict.DENY,
    direction: Direction = Direction.UNKNOWN,
    icmp_type: int = -1,
    kind: str = "firewall",
) -> FirewallEvent:
    """Build a firewall line as a parser would produce it."""
    version, src_addr = parse_addr(src)
    _, dst_addr = parse_addr(dst)
    return FirewallEvent(
        timestamp=0.0,
        sender="192.168.1.1",
        vendor="netfilter",
        action=action,
        direction=direction,
        protocol=protocol,
        ip_version=version,
        src_addr=src_addr,
        src_port=sport,
        dst_addr=dst_addr,
        dst_port=dport,
        icmp_type=icmp_type,
        kind=kind,
    )


def detector(
    clock: FakeClock, country_fn: Callable[[int, int], str | None] | None = None, **options: Any
) -> ScanDetector:
    """Return a detector on the fake clock with the home networks above."""
    return ScanDetector(
        is_home=HOME.contains, clock=clock, settings=ScanSettings(**options), country_fn=country_fn
    )
