"""Information elements: which wire field feeds which FlowRecord attribute, and how.

One table replaces an if-chain per field type. Keys are IANA IE numbers (also NetFlow v9 field
types: the same numbers below 128, IPFIX numbers above); enterprise-specific IPFIX
fields are keyed `(PEN << 16) | id` so they can never collide with IANA numbers (< 32768) nor with
v9 vendor types (32768-65535, e.g. Cisco ASA 33000+, Palo Alto 56701+). When a template carries
several fields for one attribute, the one listed first for that attribute wins (e.g. IE 1
octetDeltaCount before IE 85 octetTotalCount).
"""

from __future__ import annotations

from enum import IntEnum
from typing import Final

PEN_REVERSE: Final = 29305
"""RFC 5103 biflow: the same IE number under this PEN is the reverse-direction counterpart."""
PEN_CERT: Final = 6871
"""CERT NetSA (YAF): IE 14 initialTCPFlags, IE 15 unionTCPFlags (first packet / later packets)."""


def pen_key(pen: int, element_id: int) -> int:
    """Return the table key of an enterprise-specific IPFIX field."""
    return (pen << 16) | element_id


class Kind(IntEnum):
    """How the raw field value becomes the attribute value."""

    UINT = 0
    """Unsigned big-endian integer of any length 1-8 (reduced-size encoding allowed)."""
    ADDR4 = 1
    ADDR6 = 2
    MAC = 3
    T_UPTIME = 4
    """Milliseconds of exporter uptime (v9 sysUptime / IPFIX systemInitTimeMilliseconds base)."""
    T_MS = 5
    T_S = 6
    T_NTP = 7
    """dateTimeMicroseconds / dateTimeNanoseconds: 64-bit NTP timestamp (RFC 7011 section 6.1.9)."""
    T_DELTA_US = 8
    """Microseconds before the message's export time (IE 158/159)."""
    LIST = 9
    """RFC 6313 structured data (sub-template lists): kept as bytes, read by lists.py."""


# attribute -> fields in order of preference: (key, kind).
_PREFERENCES: Final[dict[str, tuple[tuple[int, Kind], ...]]] = {
    "src4": ((8, Kind.ADDR4),),
    "dst4": ((12, Kind.ADDR4),),
    "src6": ((27, Kind.ADDR6),),
    "dst6": ((28, Kind.ADDR6),),
    "src_port": ((7, Kind.UINT), (180, Kind.UINT), (182, Kind.UINT)),
    "dst_port": ((11, Kind.UINT), (181, Kind.UINT), (183, Kind.UINT)),
    "protocol": ((4, Kind.UINT),),
    # YAF: initialTCPFlags here, unionTCPFlags OR-ed in (tcp_flags_more), or both in a list.
    "tcp_flags": ((6, Kind.UINT), (pen_key(PEN_CERT, 14), Kind.UINT)),
    "tcp_flags_more": ((pen_key(PEN_CERT, 15), Kind.UINT),),
    "lists": ((293, Kind.LIST), (292, Kind.LIST)),
    "tos": ((5, Kind.UINT), (55, Kind.UINT)),
    # Cisco ASA (NSEL) sends no delta counters but initiator/responder octets (231/232), plus
    # octetTotalCount (85) on older firmware; nfdump reads the same fields.
    "bytes": ((1, Kind.UINT), (85, Kind.UINT), (231, Kind.UINT)),
    "packets": ((2, Kind.UINT), (86, Kind.UINT), (298, Kind.UINT)),
    # Meraki MX sends the return direction in postOctetDeltaCount/postPacketDeltaCount (23/24);
    # RFC 5103 biflows use the reverse PEN; ASA uses responderOctets/Packets (232/299).
    "reverse_bytes": (
        (23, Kind.UINT),
        (pen_key(PEN_REVERSE, 1), Kind.UINT),
        (pen_key(PEN_REVERSE, 85), Kind.UINT),
        (232, Kind.UINT),
    ),
    "reverse_packets": (
        (24, Kind.UINT),
        (pen_key(PEN_REVERSE, 2), Kind.UINT),
        (pen_key(PEN_REVERSE, 86), Kind.UINT),
        (299, Kind.UINT),
    ),
    # observationTimeMilliseconds (323, ASA event time) is the last resort for either end.
    "first": (
        (152, Kind.T_MS),
        (150, Kind.T_S),
        (154, Kind.T_NTP),
        (156, Kind.T_NTP),
        (22, Kind.T_UPTIME),
        (158, Kind.T_DELTA_US),
        (323, Kind.T_MS),
    ),
    "last": (
        (153, Kind.T_MS),
        (151, Kind.T_S),
        (155, Kind.T_NTP),
        (157, Kind.T_NTP),
        (21, Kind.T_UPTIME),
        (159, Kind.T_DELTA_US),
        (323, Kind.T_MS),
    ),
    "in_if": ((10, Kind.UINT), (252, Kind.UINT)),
    "out_if": ((14, Kind.UINT), (253, Kind.UINT)),
    # icmpTypeCodeIPv4/IPv6 carry type * 256 + code; 176-179 carry them separately.
    "icmp": ((32, Kind.UINT), (139, Kind.UINT)),
    "icmp_type": ((176, Kind.UINT), (178, Kind.UINT)),
    "icmp_code": ((177, Kind.UINT), (179, Kind.UINT)),
    "src_mac": ((56, Kind.MAC), (81, Kind.MAC), (365, Kind.MAC)),
    "dst_mac": ((80, Kind.MAC), (57, Kind.MAC)),
    # VLANs: IE 58/59 (v9 SRC_VLAN/DST_VLAN) first, then the 802.1Q ones (243/254) nfdump keeps
    # apart as vlanID/post_vlanID; for netwatch both name the VLAN the packet came in / went out on.
    "src_vlan": ((58, Kind.UINT), (243, Kind.UINT)),
    "dst_vlan": ((59, Kind.UINT), (254, Kind.UINT)),
    "next_hop4": ((15, Kind.ADDR4),),
    "next_hop6": ((62, Kind.ADDR6),),
    "src_mask": ((9, Kind.UINT), (29, Kind.UINT)),
    "dst_mask": ((13, Kind.UINT), (30, Kind.UINT)),
    "direction": ((61, Kind.UINT),),
    "forwarding_status": ((89, Kind.UINT),),
    # Per-record sampling: an interval in the record itself, or a sampler/selector id that an
    # options record maps to an interval.
    "sampling": ((34, Kind.UINT), (50, Kind.UINT)),
    "sampler_id": ((48, Kind.UINT), (302, Kind.UINT)),
}

FIELD_TABLE: Final[dict[int, tuple[tuple[str, Kind, int], ...]]] = {}
"""IE key -> ((attribute, kind, preference rank), ...); one IE may feed several attributes (323)."""
for _attr, _choices in _PREFERENCES.items():
    for _rank, (_key, _kind) in enumerate(_choices):
        FIELD_TABLE[_key] = (*FIELD_TABLE.get(_key, ()), (_attr, _kind, _rank))

# Options records: IEs describing the exporter rather than a flow.
OPT_SAMPLING_INTERVAL: Final = (34, 50)
"""samplingInterval, samplerRandomInterval (v9 SAMPLING_INTERVAL / FLOW_SAMPLER_RANDOM_INTERVAL)."""
OPT_PACKET_INTERVAL: Final = 305
OPT_PACKET_SPACE: Final = 306
OPT_SAMPLING_SIZE: Final = 309
OPT_SAMPLING_POPULATION: Final = 310
OPT_SAMPLER_ID: Final = (48, 302)
OPT_SYSTEM_INIT_MS: Final = 160
OPT_IF_NAME: Final = (82, 83)
"""interfaceName, then interfaceDescription."""
OPT_IF_INDEX: Final = (10, 252)

V9_SCOPE_BASE: Final = 1 << 40
"""v9 options scope types (1 System, 2 Interface, 3 Line Card, 4 Cache, 5 Template) live in their
own namespace; they are keyed V9_SCOPE_BASE + type so scope 1 is never read as IE 1 (octets)."""
V9_SCOPE_INTERFACE: Final = V9_SCOPE_BASE + 2

VARIABLE_LENGTH: Final = 65535
