"""Compare decoded FlowRecords with nfdump's JSON output (`nfdump -o json`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from custom_components.netwatch.engine.addr import addr_to_str
from custom_components.netwatch.engine.records import FlowRecord

_FLAG_ORDER = "CEUAPRSF"  # nfdump prints CWR ECE URG ACK PSH RST SYN FIN, '.' when unset
ICMP = (1, 58)


def flags_from_text(text: str) -> int:
    """Turn nfdump's flag string ("...AP.S.") into the TCP flag byte."""
    return sum(1 << (7 - i) for i, char in enumerate(text) if char != ".")


def nfdump_time(text: str) -> int:
    """Parse nfdump's "2023-11-14T22:13:19.988" (printed in UTC here) as epoch milliseconds."""
    return round(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp() * 1000)


def nfdump_flow(obj: Mapping[str, Any]) -> dict[str, Any]:
    """Normalise one nfdump JSON flow."""
    proto = obj["proto"]
    src = obj.get("src6_addr") or obj.get("src4_addr") or "0.0.0.0"
    dst = obj.get("dst6_addr") or obj.get("dst4_addr") or "0.0.0.0"
    if obj.get("src6_addr") == "::" and obj.get("dst6_addr") == "::":  # both families present
        src, dst = obj.get("src4_addr", src), obj.get("dst4_addr", dst)
    return {
        "src": src,
        "dst": dst,
        "src_port": obj.get("src_port", 0) if proto not in ICMP else 0,
        "dst_port": obj.get("dst_port", 0) if proto not in ICMP else 0,
        "protocol": proto,
        "bytes": obj["in_bytes"],
        "packets": obj["in_packets"],
        "tcp_flags": flags_from_text(obj.get("tcp_flags", "........")) if proto not in ICMP else 0,
        "icmp": (obj.get("icmp_type"), obj.get("icmp_code")) if proto in ICMP else None,
        "reverse_bytes": obj.get("out_bytes", 0),
        "reverse_packets": obj.get("out_packets", 0),
        "first": nfdump_time(obj["first"]),
        "last": nfdump_time(obj["last"]),
    }


def our_flow(rec: FlowRecord) -> dict[str, Any]:
    """Normalise one of our records the same way."""
    icmp = rec.protocol in ICMP
    return {
        "src": addr_to_str(rec.ip_version, rec.src_addr),
        "dst": addr_to_str(rec.ip_version, rec.dst_addr),
        "src_port": rec.src_port,
        "dst_port": rec.dst_port,
        "protocol": rec.protocol,
        "bytes": rec.bytes,
        "packets": rec.packets,
        "tcp_flags": rec.tcp_flags & 0xFF if not icmp else 0,
        "icmp": (rec.icmp_type, rec.icmp_code) if icmp else None,
        "reverse_bytes": rec.reverse_bytes,
        "reverse_packets": rec.reverse_packets,
        "first": rec.first,
        "last": rec.last,
    }


def _identity(flow: Mapping[str, Any], ignore: Iterable[str]) -> tuple[Any, ...]:
    skip = {"first", "last", *ignore}
    return tuple(v for k, v in sorted(flow.items()) if k not in skip)


def unmatched(
    ours: Iterable[Mapping[str, Any]],
    theirs: Iterable[Mapping[str, Any]],
    *,
    tolerance_ms: int = 1,
    ignore: Iterable[str] = (),
    compare_times: bool = True,
) -> tuple[list[Mapping[str, Any]], list[Mapping[str, Any]]]:
    """Pair flows equal in every field (times within the tolerance); return the leftovers."""
    ignore = tuple(ignore)
    pool: dict[tuple[Any, ...], list[Mapping[str, Any]]] = defaultdict(list)
    for flow in theirs:
        pool[_identity(flow, ignore)].append(flow)
    left: list[Mapping[str, Any]] = []
    for flow in ours:
        candidates = pool.get(_identity(flow, ignore), [])
        match = next(
            (
                c
                for c in candidates
                if not compare_times
                or (
                    abs(c["first"] - flow["first"]) <= tolerance_ms
                    and abs(c["last"] - flow["last"]) <= tolerance_ms
                )
            ),
            None,
        )
        if match is None:
            left.append(flow)
        else:
            candidates.remove(match)
    return left, [f for group in pool.values() for f in group]


def cli_flow(obj: Mapping[str, Any]) -> dict[str, Any]:
    """Read one printed line back into the shape nfdump_flow() gives."""
    icmp = obj["protocol"] in (1, 58)
    return {
        "src": obj["src_addr"],
        "dst": obj["dst_addr"],
        "src_port": obj["src_port"],
        "dst_port": obj["dst_port"],
        "protocol": obj["protocol"],
        "bytes": obj["bytes"],
        "packets": obj["packets"],
        "tcp_flags": 0 if icmp else obj["tcp_flags"],
        "icmp": (obj["icmp_type"], obj["icmp_code"]) if icmp else None,
        "reverse_bytes": obj["reverse_bytes"],
        "reverse_packets": obj["reverse_packets"],
        "first": nfdump_time(str(obj["first"]).removesuffix("Z")),
        "last": nfdump_time(str(obj["last"]).removesuffix("Z")),
    }


def nfdump_route(obj: Mapping[str, Any]) -> tuple[Any, ...]:
    """The VLAN, next hop and prefix facts nfdump printed for a flow, keyed by its addresses.

    nfdump keeps IE 58/59 (src_vlan/dst_vlan) apart from the 802.1Q IEs 243/254
    (vlanID/post_vlanID); FlowRecord takes the second pair when the first is absent. A next hop of
    0.0.0.0 nfdump leaves out; when both families are printed, the flow's own family counts.
    """
    src = obj.get("src6_addr") or obj.get("src4_addr") or "0.0.0.0"
    dst = obj.get("dst6_addr") or obj.get("dst4_addr") or "0.0.0.0"
    own, other = ("ip6_next_hop", "ip4_next_hop") if "src6_addr" in obj else (
        "ip4_next_hop", "ip6_next_hop")  # fmt: skip
    hop = obj.get(own) or obj.get(other)
    src_vlan = obj.get("src_vlan") or obj.get("vlanID", 0)
    dst_vlan = obj.get("dst_vlan") or obj.get("post_vlanID", 0)
    hop = None if hop in ("0.0.0.0", "::") else hop
    return (src, dst, obj["proto"], src_vlan, dst_vlan, hop, obj.get("src_mask", 0),
            obj.get("dst_mask", 0))  # fmt: skip


def our_route(rec: FlowRecord) -> tuple[Any, ...]:
    """The same facts of one of our records."""
    hop = addr_to_str(rec.next_hop_version, rec.next_hop) if rec.next_hop else None
    return (
        addr_to_str(rec.ip_version, rec.src_addr), addr_to_str(rec.ip_version, rec.dst_addr),
        rec.protocol, rec.src_vlan, rec.dst_vlan, hop, rec.src_mask, rec.dst_mask,
    )  # fmt: skip
