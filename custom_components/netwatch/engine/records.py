"""The two normalised record types every engine stage speaks.

`FlowRecord` is a NamedTuple (a plain tuple underneath: cheap to build in the decode hot path, no
dict, no `ipaddress` object). Addresses are integers with their IP version; times are UTC epoch
milliseconds; counters are already multiplied by the sampling interval.

`FirewallEvent` is one firewall verdict parsed from syslog.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import NamedTuple


def iso_time(epoch: float) -> str:
    """Format epoch seconds as ISO 8601 UTC to the second, e.g. 2026-11-27T20:00:00+00:00."""
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds")


class Verdict(StrEnum):
    """What the firewall did with the packet or connection."""

    ALLOW = "allow"
    DENY = "deny"
    REJECT = "reject"
    UNKNOWN = "unknown"


class Direction(StrEnum):
    """Direction as the firewall or the home-network classification sees it."""

    IN = "in"
    OUT = "out"
    INTERNAL = "internal"
    UNKNOWN = "unknown"


class FlowRecord(NamedTuple):
    """One flow record decoded from NetFlow v5, v9, IPFIX, or one sampled packet of sFlow v5."""

    exporter: str
    """Address of the exporter that sent the datagram (text, as seen on the socket)."""
    version: int
    """5, 9 or 10 (IPFIX); 0x85 (133) for sFlow v5 (nfdump's mark: 0x80 | sFlow version)."""
    template_id: int
    """Template the record was decoded with (0 for v5 and sFlow)."""
    ip_version: int
    """4 or 6."""
    src_addr: int
    dst_addr: int
    src_port: int
    dst_port: int
    protocol: int
    """IANA protocol number (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6)."""
    tcp_flags: int
    tos: int
    bytes: int
    """Octets, multiplied by `sampling_interval`."""
    packets: int
    """Packets, multiplied by `sampling_interval`."""
    first: int
    """Flow start, UTC epoch milliseconds."""
    last: int
    """Flow end, UTC epoch milliseconds."""
    sampling_interval: int
    """1 when unsampled."""
    reverse_bytes: int
    """Return-direction octets of a bidirectional record (IE 23 / RFC 5103), else 0."""
    reverse_packets: int
    in_if: int
    out_if: int
    icmp_type: int
    """ICMP type, -1 when not ICMP or unknown."""
    icmp_code: int
    src_mac: int
    """MAC as an integer, 0 when absent."""
    dst_mac: int
    direction: int
    """IE 61 flowDirection (0 ingress, 1 egress), -1 when absent."""
    forwarding_status: int
    """IE 89 forwardingStatus byte, -1 when absent (0x80-0xBF mean dropped)."""
    times_estimated: bool = False
    """True when `first`/`last` are netwatch's estimate, not the exporter's: uptime-relative IPFIX
    times without systemInitTimeMilliseconds, or a record without any time field."""
    # Fields below were added after the ones above; classify.py and count_flows.py read records by
    # index, so new fields only ever go at the end.
    src_vlan: int = 0
    """VLAN the packet arrived on (IE 58 vlanId, else 243 dot1qVlanId; sFlow extended_switch or
    the sampled header's 802.1Q tag), 0 when absent."""
    dst_vlan: int = 0
    """VLAN the packet left on (IE 59 postVlanId, else 254 postDot1qVlanId; sFlow extended_switch),
    0 when absent."""
    next_hop_version: int = 0
    """4 or 6: the IP version of `next_hop` (it may differ from the flow's); 0 when the export
    carries no next hop field."""
    next_hop: int = 0
    """IP next hop (IE 15 / 62, sFlow extended_router) as an integer; 0 (0.0.0.0 or ::, what v5
    and many templates send for "none") means no next hop."""
    src_mask: int = 0
    """Source prefix length the router matched (IE 9 / 29, sFlow extended_router), 0 when absent."""
    dst_mask: int = 0
    """Destination prefix length (IE 13 / 30, sFlow extended_router), 0 when absent."""


@dataclass(slots=True)
class FirewallEvent:
    """One firewall log line, normalised across vendors."""

    timestamp: float
    """UTC epoch seconds from the line, else the time it was received."""
    sender: str
    """Address the syslog datagram or connection came from."""
    vendor: str
    """NAME of the parser that understood the line: meraki, filterlog, netfilter, mikrotik …"""
    action: Verdict
    direction: Direction
    protocol: int
    """IANA protocol number, -1 when unknown."""
    ip_version: int
    """4 or 6; 0 when the line carries no addresses."""
    src_addr: int
    src_port: int
    """-1 when absent (ICMP, or not logged)."""
    dst_addr: int
    dst_port: int
    icmp_type: int = -1
    icmp_code: int = -1
    interface: str = ""
    rule: str = ""
    mac: str = ""
    host: str = ""
    """Host name from the syslog header or the device name in the line."""
    kind: str = "firewall"
    """Line type: firewall, flow_start, flow_end, url, ids, event …"""
    raw: str = ""
    extra: dict[str, str] | None = None
    """Vendor fields worth keeping (URL, IDS signature, message) — small, optional."""
