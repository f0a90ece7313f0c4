"""Write pcap (libpcap format) and pcapng (RFC draft-ietf-opsawg-pcapng) captures for tests."""

from __future__ import annotations

import socket
import struct
from collections.abc import Iterable


def udp_ipv4_frame(
    src: str, dst: str, sport: int, dport: int, payload: bytes, *, vlan: int = 0
) -> bytes:
    """An Ethernet (optionally 802.1Q-tagged) IPv4/UDP frame (RFC 791, RFC 768)."""
    udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 1, 0x4000, 64, 17, 0,
                     socket.inet_aton(src), socket.inet_aton(dst))  # fmt: skip
    tag = struct.pack("!HH", 0x8100, vlan) if vlan else b""
    return b"\x02" * 6 + b"\x04" * 6 + tag + b"\x08\x00" + ip + udp


def udp_ipv6_frame(src: str, dst: str, sport: int, dport: int, payload: bytes) -> bytes:
    """An Ethernet IPv6/UDP frame with a hop-by-hop options header (RFC 8200)."""
    udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    hop = bytes([17, 0]) + b"\x01\x04\x00\x00\x00\x00"  # next header UDP, PadN
    addrs = socket.inet_pton(socket.AF_INET6, src) + socket.inet_pton(socket.AF_INET6, dst)
    ip = struct.pack("!IHBB", 6 << 28, len(hop) + len(udp), 0, 64) + addrs
    return b"\x02" * 6 + b"\x04" * 6 + b"\x86\xdd" + ip + hop + udp


def pcap(frames: Iterable[bytes], linktype: int = 1) -> bytes:
    """A little-endian microsecond pcap file."""
    out = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, linktype)]
    for i, frame in enumerate(frames):
        out.append(struct.pack("<IIII", 1_700_000_000 + i, 0, len(frame), len(frame)) + frame)
    return b"".join(out)


def _block(block_type: int, body: bytes) -> bytes:
    body += b"\0" * (-len(body) % 4)
    length = 12 + len(body)
    return struct.pack("<II", block_type, length) + body + struct.pack("<I", length)


def pcapng(frames: Iterable[bytes], linktype: int = 1) -> bytes:
    """A little-endian pcapng file: section header, interface description, enhanced packets."""
    out = [
        _block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1)),
        _block(0x00000005, b"\0" * 8),  # an interface statistics block we must skip
        _block(0x00000001, struct.pack("<HHI", linktype, 0, 65535)),
    ]
    for frame in frames:
        out.append(_block(6, struct.pack("<IIIII", 0, 0, 0, len(frame), len(frame)) + frame))
    return b"".join(out)
