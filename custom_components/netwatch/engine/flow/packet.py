"""Sampled packet headers (sFlow): Ethernet, VLAN tags, LLC/SNAP, MPLS, IPv4, IPv6, TCP/UDP/ICMP.

An sFlow agent copies the first bytes of a packet (128 by default): the header may end anywhere,
so every field is read only when its bytes are there, and what is missing stays 0. At most
MAX_HEADER bytes are looked at, at most MAX_TAGS VLAN tags, MAX_LABELS MPLS labels and
MAX_EXTENSIONS IPv6 extension headers are walked: the cost of one header is bounded whatever it
holds.

Deliberate differences from sflowtool/nfdump (which share one decoder): ICMPv6 gets its type and
code (nfdump leaves them 0), non-first IPv6 fragments get no ports (nfdump reads the fragment's
payload as ports), the IPv6 AH header length is counted in 4-octet units (RFC 4302) and TCP ports
need 4 bytes rather than a whole 20-byte header. None of these occurs in the peer tests' traffic.
"""

from __future__ import annotations

import struct
from typing import Final, NamedTuple

MAX_HEADER: Final = 256
"""Bytes of a sampled header that are parsed (agents send 128 by default)."""
MAX_TAGS: Final = 8
MAX_LABELS: Final = 8
MAX_EXTENSIONS: Final = 8

HEADER_ETHERNET: Final = 1
HEADER_IPV4: Final = 11
HEADER_IPV6: Final = 12
"""sFlow header_protocol values this module decodes (sFlow v5 `sampled_header`)."""

_VLAN_TYPES: Final = frozenset((0x8100, 0x88A8, 0x9100, 0x9200, 0x9300))
_MPLS_TYPES: Final = frozenset((0x8847, 0x8848))
_IPV4: Final = 0x0800
_IPV6: Final = 0x86DD
_IPV6_EXTENSIONS: Final = frozenset((0, 43, 44, 51, 60))
"""Hop-by-hop, routing, fragment, authentication, destination options."""
_PORTS: Final = frozenset((6, 17, 132, 136))
"""TCP, UDP, SCTP, UDP-Lite: source and destination port in the first four bytes."""
_ICMP: Final = frozenset((1, 58))
_V4: Final = struct.Struct("!BBHHHBB2x4s4s")
_V6: Final = struct.Struct("!IHBB16s16s")
_PORT_PAIR: Final = struct.Struct("!HH")
_FROM = int.from_bytes


class Packet(NamedTuple):
    """Layer 3/4 facts of one sampled packet."""

    ip_version: int
    src_addr: int
    dst_addr: int
    protocol: int
    src_port: int
    dst_port: int
    tcp_flags: int
    tos: int
    icmp_type: int
    """-1 when not ICMP/ICMPv6 or not in the header."""
    icmp_code: int


class Frame(NamedTuple):
    """An Ethernet frame header and the IP packet inside it (None when it is not IP)."""

    src_mac: int
    dst_mac: int
    vlan: int
    """Innermost 802.1Q VLAN id, 0 when untagged."""
    packet: Packet | None


def parse_header(protocol: int, data: bytes | memoryview) -> Frame | None:
    """Decode a sampled header of an sFlow header_protocol; None when the protocol is not known."""
    data = data[:MAX_HEADER]
    if protocol == HEADER_ETHERNET:
        return parse_ethernet(data)
    if protocol == HEADER_IPV4:
        return Frame(0, 0, 0, parse_ipv4(data, 0))
    if protocol == HEADER_IPV6:
        return Frame(0, 0, 0, parse_ipv6(data, 0))
    return None


def parse_ethernet(data: bytes | memoryview) -> Frame:
    """Decode an Ethernet II / 802.3 frame header and what it carries."""
    end = len(data)
    if end < 14:
        return Frame(0, 0, 0, None)
    dst_mac, src_mac = _FROM(data[0:6]), _FROM(data[6:12])
    kind, pos, vlan = (data[12] << 8) | data[13], 14, 0
    for _ in range(MAX_TAGS):
        if kind not in _VLAN_TYPES or end - pos < 4:
            break
        vlan = ((data[pos] << 8) | data[pos + 1]) & 0x0FFF
        kind, pos = (data[pos + 2] << 8) | data[pos + 3], pos + 4
    if kind <= 1500:  # an 802.3 length: IP only behind LLC/SNAP with OUI 0, or LLC SAP 6
        kind, pos = _llc(data, pos)
    if kind in _MPLS_TYPES:
        kind, pos = _mpls(data, pos)
    if kind == _IPV4:
        return Frame(src_mac, dst_mac, vlan, parse_ipv4(data, pos))
    if kind == _IPV6:
        return Frame(src_mac, dst_mac, vlan, parse_ipv6(data, pos))
    return Frame(src_mac, dst_mac, vlan, None)


def _llc(data: bytes | memoryview, pos: int) -> tuple[int, int]:
    """Return (ethertype, offset) behind an 802.2 LLC header; ethertype 0 when not IP."""
    head = bytes(data[pos : pos + 8])
    if head[:3] == b"\xaa\xaa\x03" and head[3:6] == b"\0\0\0" and len(head) == 8:
        return (head[6] << 8) | head[7], pos + 8  # SNAP, RFC 1042
    if head[:2] == b"\x06\x06" and len(head) >= 3 and head[2] & 1:
        return _IPV4, pos + 3  # IP over 802.2 (RFC 1042's SAP 6, unnumbered)
    return 0, pos


def _mpls(data: bytes | memoryview, pos: int) -> tuple[int, int]:
    """Skip an MPLS label stack; guess the payload from its first nibble (RFC 3032)."""
    end = len(data)
    for _ in range(MAX_LABELS):
        if end - pos < 4:
            return 0, pos
        bottom = data[pos + 2] & 1
        pos += 4
        if bottom:
            break
    else:
        return 0, pos
    if pos >= end:
        return 0, pos
    nibble = data[pos] >> 4
    return (_IPV4 if nibble == 4 else _IPV6 if nibble == 6 else 0), pos


def parse_ipv4(data: bytes | memoryview, pos: int) -> Packet | None:
    """Decode an IPv4 header at `pos` and the transport header behind it."""
    if len(data) - pos < 20:
        return None
    vihl, tos, _total, _ident, frag, _ttl, proto, src, dst = _V4.unpack_from(data, pos)
    if vihl >> 4 != 4 or vihl & 15 < 5:
        return None
    if frag & 0x1FFF:  # a later fragment: no transport header in it
        return Packet(4, _FROM(src), _FROM(dst), proto, 0, 0, 0, tos, -1, -1)
    sport, dport, flags, itype, icode = _transport(data, pos + (vihl & 15) * 4, proto)
    return Packet(4, _FROM(src), _FROM(dst), proto, sport, dport, flags, tos, itype, icode)


def parse_ipv6(data: bytes | memoryview, pos: int) -> Packet | None:
    """Decode an IPv6 header at `pos`, skip extension headers, decode the transport header."""
    end = len(data)
    if end - pos < 40:
        return None
    word, _length, proto, _hops, src, dst = _V6.unpack_from(data, pos)
    if word >> 28 != 6:
        return None
    tos = (word >> 20) & 0xFF
    pos += 40
    later_fragment = False
    for _ in range(MAX_EXTENSIONS):
        if proto not in _IPV6_EXTENSIONS or end - pos < 8:
            break
        if proto == 44:
            later_fragment = bool(((data[pos + 2] << 8) | data[pos + 3]) & 0xFFF8)
            size = 8
        elif proto == 51:
            size = (data[pos + 1] + 2) * 4  # AH counts 4-octet units (RFC 4302 section 2.2)
        else:
            size = (data[pos + 1] + 1) * 8
        proto, pos = data[pos], pos + size
    if proto in _IPV6_EXTENSIONS or later_fragment:
        return Packet(6, _FROM(src), _FROM(dst), proto, 0, 0, 0, tos, -1, -1)
    sport, dport, flags, itype, icode = _transport(data, pos, proto)
    return Packet(6, _FROM(src), _FROM(dst), proto, sport, dport, flags, tos, itype, icode)


def _transport(data: bytes | memoryview, pos: int, proto: int) -> tuple[int, int, int, int, int]:
    """Return (src port, dst port, TCP flags, ICMP type, ICMP code) of the header at `pos`."""
    left = len(data) - pos
    if proto in _PORTS and left >= 4:
        sport, dport = _PORT_PAIR.unpack_from(data, pos)
        flags = data[pos + 13] if proto == 6 and left >= 14 else 0
        return sport, dport, flags, -1, -1
    if proto in _ICMP and left >= 2:
        return 0, 0, 0, data[pos], data[pos + 1]
    return 0, 0, 0, -1, -1
