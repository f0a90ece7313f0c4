"""Build synthetic FlowRecords and FirewallEvents for bound and time tests."""

from __future__ import annotations

from custom_components.netwatch.engine.addr import NetworkSet, parse_addr
from custom_components.netwatch.engine.records import Direction, FirewallEvent, FlowRecord, Verdict

LAN = NetworkSet.from_cidrs(["192.168.0.0/16", "fd00::/8"])
LAPTOP = "192.168.1.10"


def ip(text: str) -> int:
    return parse_addr(text)[1]


def flow(
    src: str | int,
    dst: str | int,
    *,
    sport: int = 50000,
    dport: int = 443,
    proto: int = 6,
    nbytes: int = 100,
    packets: int = 1,
    version: int = 4,
    src_mac: int = 0,
    reverse_bytes: int = 0,
) -> FlowRecord:
    """One unidirectional flow record (addresses as text or int)."""
    if isinstance(src, str):
        version, src = parse_addr(src)
    if isinstance(dst, str):
        version, dst = parse_addr(dst)
    return FlowRecord(
        "192.168.1.1", 10, 256, version, src, dst, sport, dport, proto, 0, 0, nbytes, packets,
        0, 0, 1, reverse_bytes, 1 if reverse_bytes else 0, 0, 0, -1, -1, src_mac, 0, -1, -1,
    )  # fmt: skip


def event(
    action: Verdict,
    src: str | int,
    dst: str | int,
    *,
    sport: int = 40000,
    dport: int = 23,
    proto: int = 6,
    version: int = 4,
    direction: Direction = Direction.UNKNOWN,
    mac: str = "",
) -> FirewallEvent:
    """One firewall verdict (addresses as text or int)."""
    if isinstance(src, str):
        version, src = parse_addr(src)
    if isinstance(dst, str):
        version, dst = parse_addr(dst)
    return FirewallEvent(
        timestamp=0.0, sender="192.168.1.1", vendor="test", action=action, direction=direction,
        protocol=proto, ip_version=version, src_addr=src, src_port=sport, dst_addr=dst,
        dst_port=dport, mac=mac,
    )  # fmt: skip
