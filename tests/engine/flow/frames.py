"""Build Ethernet frames (RFC 894, IEEE 802.1Q/802.1ad, RFC 1042) and sFlow v5 datagrams for tests.

The sFlow layouts follow sflow.org's sflow_version_5.txt (XDR: big-endian, 4-byte aligned).
"""

from __future__ import annotations

import socket
import struct
from collections.abc import Iterable, Sequence

SRC_MAC = bytes.fromhex("02000000000a")
DST_MAC = bytes.fromhex("02000000000b")


def mac_int(mac: bytes) -> int:
    """A MAC as the integer FlowRecord keeps."""
    return int.from_bytes(mac)


def tcp(sport: int, dport: int, flags: int, payload: bytes = b"") -> bytes:
    """A 20-byte TCP header (RFC 9293) plus payload."""
    return struct.pack("!HHIIBBHHH", sport, dport, 1, 0, 5 << 4, flags, 8192, 0, 0) + payload


def udp(sport: int, dport: int, payload: bytes = b"") -> bytes:
    """A UDP header (RFC 768) plus payload."""
    return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload


def icmp(kind: int, code: int, payload: bytes = b"\0\0\0\0") -> bytes:
    """An ICMP / ICMPv6 message header plus payload."""
    return struct.pack("!BBH", kind, code, 0) + payload


def ipv4(
    src: str, dst: str, proto: int, body: bytes, *, tos: int = 0, frag: int = 0x4000,
    options: bytes = b"",
) -> bytes:  # fmt: skip
    """An IPv4 packet (RFC 791); `options` must be a multiple of 4 bytes."""
    ihl = 5 + len(options) // 4
    total = ihl * 4 + len(body)
    head = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, tos, total, 7, frag, 64, proto, 0,
                       socket.inet_aton(src), socket.inet_aton(dst))  # fmt: skip
    return head + options + body


def ipv6(
    src: str, dst: str, proto: int, body: bytes, *, tclass: int = 0,
    extensions: Sequence[tuple[int, bytes]] = (),
) -> bytes:  # fmt: skip
    """An IPv6 packet (RFC 8200); `extensions` are (header type, bytes after the first two)."""
    chain = b""
    kinds = [kind for kind, _ in extensions] + [proto]
    for (_kind, rest), following in zip(extensions, kinds[1:], strict=True):
        units = (2 + len(rest)) // 8 - 1
        chain += bytes([following, units]) + rest
    payload = chain + body
    first = kinds[0]
    word = (6 << 28) | (tclass << 20)
    addrs = socket.inet_pton(socket.AF_INET6, src) + socket.inet_pton(socket.AF_INET6, dst)
    return struct.pack("!IHBB", word, len(payload), first, 64) + addrs + payload


def ethernet(packet: bytes, ethertype: int, *, tags: Sequence[tuple[int, int]] = ()) -> bytes:
    """An Ethernet II frame; `tags` are (TPID, VLAN id) outermost first."""
    head = DST_MAC + SRC_MAC
    for tpid, vlan in tags:
        head += struct.pack("!HH", tpid, vlan)
    return head + struct.pack("!H", ethertype) + packet


def snap(packet: bytes, ethertype: int = 0x0800) -> bytes:
    """An 802.3 frame with LLC/SNAP (RFC 1042) around an IP packet."""
    llc = b"\xaa\xaa\x03\0\0\0" + struct.pack("!H", ethertype)
    return DST_MAC + SRC_MAC + struct.pack("!H", len(llc) + len(packet)) + llc + packet


def arp() -> bytes:
    """An ARP request frame (not IP)."""
    body = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + SRC_MAC + bytes(4) + bytes(6) + bytes(4)
    return ethernet(body, 0x0806)


# sFlow v5 -----------------------------------------------------------------------------------


def _pad(body: bytes) -> bytes:
    return body + b"\0" * (-len(body) % 4)


def record(tag: int, body: bytes) -> bytes:
    """A flow/counter record or a sample: data format, then XDR opaque length and body."""
    return struct.pack("!II", tag, len(body)) + body


def raw_header(frame: bytes, *, protocol: int = 1, snap_len: int = 128, fcs: int = 4) -> bytes:
    """A sampled_header record (0:1) with the first `snap_len` bytes of `frame`."""
    head = frame[:snap_len]
    body = struct.pack("!IIII", protocol, len(frame) + fcs, fcs, len(head)) + _pad(head)
    return record(1, body)


def extended_switch(src_vlan: int, dst_vlan: int) -> bytes:
    """An extended_switch record (0:1001)."""
    return record(1001, struct.pack("!IIII", src_vlan, 0, dst_vlan, 0))


def extended_router(next_hop: str, src_mask: int, dst_mask: int) -> bytes:
    """An extended_router record (0:1002) with an IPv4 next hop."""
    return record(1002, struct.pack("!I4sII", 1, socket.inet_aton(next_hop), src_mask, dst_mask))


def flow_sample(
    records: Iterable[bytes], *, rate: int = 1, seq: int = 1, in_if: int = 1, out_if: int = 2,
    expanded: bool = False,
) -> bytes:  # fmt: skip
    """A flow_sample (0:1) or flow_sample_expanded (0:3); `out_if` may carry format bits."""
    recs = list(records)
    if expanded:
        head = struct.pack("!IIIIIIIIIII", seq, 0, 1, rate, seq * rate, 0,
                           in_if >> 30, in_if & 0x3FFFFFFF, out_if >> 30, out_if & 0x3FFFFFFF,
                           len(recs))  # fmt: skip
        return record(3, head + b"".join(recs))
    head = struct.pack("!IIIIIIII", seq, 1, rate, seq * rate, 0, in_if, out_if, len(recs))
    return record(1, head + b"".join(recs))


def if_counters(index: int, in_octets: int, out_octets: int, *, speed: int = 10**9) -> bytes:
    """A generic interface counters record (0:1), 88 bytes."""
    body = struct.pack("!IIQIIQIIIIIIQIIIIII", index, 6, speed, 1, 3, in_octets, 10, 2, 1, 0, 0,
                       0, out_octets, 20, 0, 0, 3, 4, 0)  # fmt: skip
    return record(1, body)


def counter_sample(records: Iterable[bytes], *, seq: int = 1, source: int = 1) -> bytes:
    """A counters_sample (0:2)."""
    recs = list(records)
    return record(2, struct.pack("!III", seq, source, len(recs)) + b"".join(recs))


def sflow(
    samples: Iterable[bytes], *, agent: str = "192.0.2.1", sub_agent: int = 0, seq: int = 1,
    uptime: int = 60_000, count: int | None = None,
) -> bytes:  # fmt: skip
    """An sFlow v5 datagram from an IPv4 (or IPv6) agent."""
    items = list(samples)
    if ":" in agent:
        address = struct.pack("!I", 2) + socket.inet_pton(socket.AF_INET6, agent)
    else:
        address = struct.pack("!I", 1) + socket.inet_aton(agent)
    n = len(items) if count is None else count
    head = struct.pack("!I", 5) + address + struct.pack("!IIII", sub_agent, seq, uptime, n)
    return head + b"".join(items)
