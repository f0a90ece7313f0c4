"""Compare decoded sFlow records with what sfcapd stored (`nfdump -o json`), field by field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from custom_components.netwatch.engine.addr import addr_to_str
from custom_components.netwatch.engine.records import FlowRecord

from .oracle import flags_from_text, nfdump_time


def _mac(text: str) -> int:
    return int(text.replace(":", ""), 16)


def has_address(obj: Mapping[str, Any]) -> bool:
    """Tell whether sfcapd found an IP packet in the sample (non-IP samples have no address)."""
    return "src4_addr" in obj or "src6_addr" in obj


def nfdump_sflow(obj: Mapping[str, Any]) -> dict[str, Any]:
    """Normalise one nfdump JSON record that sfcapd made from a flow sample.

    sfcapd keeps an ICMP type in the source port and the code in the destination port; its JSON
    reads ICMP type and code from the destination port (type * 256 + code), so it prints type 0
    and the real code. ICMPv6 it does not decode at all (both 0). Only the code is compared here;
    the tests check the type against the capture.
    """
    proto = obj["proto"]
    icmp = proto in (1, 58)
    return {
        "src": obj.get("src6_addr") or obj["src4_addr"],
        "dst": obj.get("dst6_addr") or obj["dst4_addr"],
        "src_port": 0 if icmp else obj.get("src_port", 0),
        "dst_port": 0 if icmp else obj.get("dst_port", 0),
        "protocol": proto,
        "bytes": obj["in_bytes"],
        "packets": obj["in_packets"],
        "tcp_flags": flags_from_text(obj.get("tcp_flags", "........")) if proto == 6 else 0,
        "tos": obj["src_tos"],
        "icmp_code": obj.get("icmp_code", 0) if proto == 1 else None,
        "in_if": obj["input_snmp"],
        "out_if": obj["output_snmp"],
        "src_mac": _mac(obj["in_src_mac"]),
        "dst_mac": _mac(obj["out_dst_mac"]),
        "src_vlan": obj.get("src_vlan", 0),
        "dst_vlan": obj.get("dst_vlan", 0),
        "src_mask": obj.get("src_mask", 0),
        "dst_mask": obj.get("dst_mask", 0),
        "first": nfdump_time(obj["first"]),
        "last": nfdump_time(obj["last"]),
    }


def our_sflow(rec: FlowRecord) -> dict[str, Any]:
    """Normalise one of our sFlow records the same way."""
    return {
        "src": addr_to_str(rec.ip_version, rec.src_addr),
        "dst": addr_to_str(rec.ip_version, rec.dst_addr),
        "src_port": rec.src_port,
        "dst_port": rec.dst_port,
        "protocol": rec.protocol,
        "bytes": rec.bytes,
        "packets": rec.packets,
        "tcp_flags": rec.tcp_flags if rec.protocol == 6 else 0,
        "tos": rec.tos,
        "icmp_code": rec.icmp_code if rec.protocol == 1 else None,
        "in_if": rec.in_if,
        "out_if": rec.out_if,
        "src_mac": rec.src_mac,
        "dst_mac": rec.dst_mac,
        "src_vlan": rec.src_vlan,
        "dst_vlan": rec.dst_vlan,
        "src_mask": rec.src_mask,
        "dst_mask": rec.dst_mask,
        "first": rec.first,
        "last": rec.last,
    }
