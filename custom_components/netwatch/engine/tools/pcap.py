"""Read UDP payloads from pcap and pcapng capture files (our own reader, struct only).

Supported link types: Ethernet (with 802.1Q/802.1ad tags), Linux cooked (SLL, SLL2), raw IP,
BSD/OpenBSD loopback. IPv4 and IPv6 (skipping hop-by-hop, routing and destination options
headers); fragments are skipped because their UDP payload is incomplete.
"""

from __future__ import annotations

import socket
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO, Final

from ..errors import NetwatchError

PCAP_MAGICS: Final = {
    b"\xd4\xc3\xb2\xa1": "<",
    b"\xa1\xb2\xc3\xd4": ">",
    b"\x4d\x3c\xb2\xa1": "<",  # nanosecond timestamps
    b"\xa1\xb2\x3c\x4d": ">",
}
PCAPNG_MAGIC: Final = b"\x0a\x0d\x0d\x0a"
_ETHERTYPE_IPV4 = 0x0800
_ETHERTYPE_IPV6 = 0x86DD
_VLAN_TAGS = (0x8100, 0x88A8, 0x9100)
_IPV6_SKIPPABLE = (0, 43, 60)  # hop-by-hop, routing, destination options
_UDP = 17


class CaptureError(NetwatchError):
    """The file is not a capture we can read."""


@dataclass(frozen=True, slots=True)
class UdpPacket:
    """One UDP datagram found in a capture."""

    index: int
    """1-based packet number in the file."""
    source: str
    payload: bytes


def is_capture(head: bytes) -> bool:
    """Tell whether the first bytes of a file look like pcap or pcapng."""
    return head[:4] in PCAP_MAGICS or head[:4] == PCAPNG_MAGIC


def read_udp(stream: BinaryIO) -> Iterator[UdpPacket]:
    """Yield the UDP datagrams of a pcap or pcapng stream; CaptureError if it is neither."""
    head = stream.read(4)
    frames = _pcap(stream, head) if head in PCAP_MAGICS else None
    if head == PCAPNG_MAGIC:
        frames = _pcapng(stream, head)
    if frames is None:
        raise CaptureError("not a pcap or pcapng file")
    for index, (linktype, frame) in enumerate(frames, 1):
        found = udp_payload(linktype, frame)
        if found is not None:
            yield UdpPacket(index, *found)


def _pcap(stream: BinaryIO, magic: bytes) -> Iterator[tuple[int, bytes]]:
    order = PCAP_MAGICS[magic]
    rest = stream.read(20)
    if len(rest) < 20:
        raise CaptureError("truncated pcap header")
    linktype = struct.unpack(order + "I", rest[16:20])[0] & 0xFFFF
    record = struct.Struct(order + "IIII")
    while len(head := stream.read(16)) == 16:
        _sec, _frac, captured, _orig = record.unpack(head)
        data = stream.read(captured)
        if len(data) < captured:
            return  # truncated last packet (capture interrupted)
        yield linktype, data


def _pcapng(stream: BinaryIO, magic: bytes) -> Iterator[tuple[int, bytes]]:
    order = "<"
    linktypes: list[int] = []
    block_type = struct.unpack("<I", magic)[0]
    while True:
        head = stream.read(4)
        if len(head) < 4:
            return
        if block_type == 0x0A0D0D0A:  # section header: byte-order magic follows the length
            bom = stream.read(4)
            order = "<" if bom == b"\x4d\x3c\x2b\x1a" else ">"
            length = struct.unpack(order + "I", head)[0]
            body = bom + stream.read(max(0, length - 12))
            linktypes = []
        else:
            length = struct.unpack(order + "I", head)[0]
            body = stream.read(max(0, length - 8))
        if length < 12 or len(body) < length - 8:
            return
        body = body[:-4]  # trailing copy of the block length
        if block_type == 1:  # interface description
            linktypes.append(struct.unpack(order + "H", body[:2])[0])
        elif block_type == 6 and len(body) >= 20:  # enhanced packet
            iface, _hi, _lo, captured, _orig = struct.unpack(order + "IIIII", body[:20])
            if iface < len(linktypes):
                yield linktypes[iface], body[20 : 20 + captured]
        elif block_type == 3 and linktypes and len(body) >= 4:  # simple packet
            yield linktypes[0], body[4:]
        raw = stream.read(4)
        if len(raw) < 4:
            return
        block_type = struct.unpack(order + "I", raw)[0]


def udp_payload(linktype: int, frame: bytes) -> tuple[str, bytes] | None:
    """Return (source address, UDP payload) of a link-layer frame, None if it is not UDP."""
    ethertype, offset = _network_layer(linktype, frame)
    if ethertype == _ETHERTYPE_IPV4:
        return _ipv4(frame, offset)
    if ethertype == _ETHERTYPE_IPV6:
        return _ipv6(frame, offset)
    return None


def _network_layer(linktype: int, frame: bytes) -> tuple[int, int]:
    """Return (ethertype, offset of the IP header) for the link types we know."""
    if linktype == 1 and len(frame) >= 14:  # Ethernet
        ethertype, offset = struct.unpack_from("!H", frame, 12)[0], 14
        while ethertype in _VLAN_TAGS and len(frame) >= offset + 4:
            ethertype, offset = struct.unpack_from("!H", frame, offset + 2)[0], offset + 4
        return ethertype, offset
    if linktype == 113 and len(frame) >= 16:  # Linux cooked v1
        return struct.unpack_from("!H", frame, 14)[0], 16
    if linktype == 276 and len(frame) >= 20:  # Linux cooked v2
        return struct.unpack_from("!H", frame, 0)[0], 20
    if linktype in (101, 12, 14) and frame:  # raw IP
        return (_ETHERTYPE_IPV6 if frame[0] >> 4 == 6 else _ETHERTYPE_IPV4), 0
    if linktype in (0, 108) and len(frame) >= 4:  # BSD loopback: address family
        family = struct.unpack_from("<I" if linktype == 0 else "!I", frame)[0]
        return (_ETHERTYPE_IPV4 if family == 2 else _ETHERTYPE_IPV6), 4
    return 0, 0


def _ipv4(frame: bytes, offset: int) -> tuple[str, bytes] | None:
    if len(frame) < offset + 20 or frame[offset] >> 4 != 4:
        return None
    header = (frame[offset] & 0x0F) * 4
    total, frag, proto = struct.unpack_from("!H2xHxB", frame, offset + 2)
    if proto != _UDP or frag & 0x3FFF:  # not UDP, or a fragment (MF set or offset > 0)
        return None
    source = socket.inet_ntop(socket.AF_INET, frame[offset + 12 : offset + 16])
    return _udp(frame, offset + header, min(len(frame), offset + total), source)


def _ipv6(frame: bytes, offset: int) -> tuple[str, bytes] | None:
    if len(frame) < offset + 40 or frame[offset] >> 4 != 6:
        return None
    source = socket.inet_ntop(socket.AF_INET6, frame[offset + 8 : offset + 24])
    payload_len = struct.unpack_from("!H", frame, offset + 4)[0]
    end = min(len(frame), offset + 40 + payload_len)
    proto, pos = frame[offset + 6], offset + 40
    while proto in _IPV6_SKIPPABLE and pos + 8 <= end:
        proto, pos = frame[pos], pos + (frame[pos + 1] + 1) * 8
    if proto != _UDP:
        return None  # includes fragments (44)
    return _udp(frame, pos, end, source)


def _udp(frame: bytes, pos: int, end: int, source: str) -> tuple[str, bytes] | None:
    if pos + 8 > end:
        return None
    length = struct.unpack_from("!H", frame, pos + 4)[0]
    return source, frame[pos + 8 : min(end, pos + max(length, 8))]
