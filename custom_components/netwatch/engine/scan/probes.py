"""Decide which firewall lines and flow records are inbound probes worth counting.

Each check returns an ignore reason (a short counter key) or "" for a probe.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeAlias

from ..records import Direction, FirewallEvent, FlowRecord, Verdict

# TypeAlias, not the `type` statement: Cython (netwatch-speedups) cannot parse that yet.
IsHome: TypeAlias = Callable[[int, int], bool]  # noqa: UP040
"""(ip_version, address) -> whether the address belongs to a home network."""

TCP, UDP, ICMP, ICMPV6 = 6, 17, 1, 58
ECHO_REQUESTS = frozenset({(ICMP, 8), (ICMPV6, 128)})
"""ICMP echo requests probe hosts (ping sweeps); every other ICMP type is an error or a reply."""

SYN, ACK = 0x02, 0x10
MAX_SYN_PACKETS = 7
"""A SYN-only flow: one SYN plus Linux's default six retransmissions (net.ipv4.tcp_syn_retries)."""
MAX_UDP_PACKETS = 3
"""A probe is a packet or two; more without an answer is a stream, not a scan."""

# Late replies: after a NAT or conntrack entry expires, a server's next packets (a TCP FIN or
# RST from 443, QUIC or DNS answers, STUN from 3478/19302) arrive from a service port at an
# ephemeral port and get denied. They look like probes of random high ports from one source.
REPLY_SOURCE_PORTS = frozenset({3478, 5349, 19302})
"""Service ports above 1023 that answer clients: STUN/TURN (RFC 8489) and Google's STUN."""
FIRST_EPHEMERAL = 1024

_DENIED = frozenset({Verdict.DENY, Verdict.REJECT})
_NOT_INBOUND = frozenset({Direction.OUT, Direction.INTERNAL})


def is_unicast(ip_version: int, address: int) -> bool:
    """Tell whether a destination is a unicast address (not multicast/broadcast/unspecified)."""
    if ip_version == 4:
        return 0 < address < 0xE0000000  # 224.0.0.0/4 multicast, 240.0.0.0/4 and broadcast
    return address != 0 and address >> 120 != 0xFF  # ff00::/8 multicast


def looks_like_reply(src_port: int, dst_port: int) -> bool:
    """Tell whether ports look like a server answering a client (service port -> ephemeral)."""
    from_service = 0 < src_port < FIRST_EPHEMERAL or src_port in REPLY_SOURCE_PORTS
    return from_service and dst_port >= FIRST_EPHEMERAL


def firewall_ignore_reason(event: FirewallEvent, src_home: bool) -> str:
    """Return why a firewall line is not an inbound probe, or "" when it is one."""
    if event.kind != "firewall":
        return "not_firewall"
    if event.action not in _DENIED:
        return "not_denied"
    # A firewall's "in" is often interface-relative (pfSense: in on LAN = from a home device),
    # so an external source is required whatever the line says; unknown direction relies on
    # that alone because the destination may be the router's own WAN address.
    if event.direction in _NOT_INBOUND:
        return "outbound"
    reason = _address_reason(event.ip_version, event.src_addr, event.dst_addr, src_home)
    if reason:
        return reason
    if event.protocol in (ICMP, ICMPV6):
        return _icmp_reason(event.protocol, event.icmp_type)
    return "reply" if looks_like_reply(event.src_port, event.dst_port) else ""


def inbound_flow_reason(record: FlowRecord, answered: set[tuple[int, ...]]) -> str:
    """Return why an inbound flow (outside source, home destination) is no probe, or ""."""
    version = record.ip_version
    if version not in (4, 6) or record.src_addr == 0:
        return "no_address"
    if not is_unicast(version, record.dst_addr):
        return "not_unicast"
    packets = record.packets // max(record.sampling_interval, 1)
    protocol = record.protocol
    if protocol == TCP:
        # SYN without ACK over the whole flow: a connection attempt that never got going.
        if record.tcp_flags & (SYN | ACK) != SYN:
            return "established"
        return "too_many_packets" if packets > MAX_SYN_PACKETS else ""
    if protocol in (ICMP, ICMPV6):
        return _icmp_reason(protocol, record.icmp_type)
    return _datagram_reason(record, packets, answered)


def _datagram_reason(record: FlowRecord, packets: int, answered: set[tuple[int, ...]]) -> str:
    if looks_like_reply(record.src_port, record.dst_port):
        return "reply"
    if packets > MAX_UDP_PACKETS:
        return "too_many_packets"
    answer = record.reverse_packets or _reverse_key(record) in answered
    return "answered" if answer else ""


def _address_reason(ip_version: int, src: int, dst: int, src_home: bool) -> str:
    if ip_version not in (4, 6) or src == 0:
        return "no_address"
    if src_home:
        return "outbound"
    return "" if is_unicast(ip_version, dst) else "not_unicast"


def _icmp_reason(protocol: int, icmp_type: int) -> str:
    return "" if (protocol, icmp_type) in ECHO_REQUESTS else "icmp_other"


def _reverse_key(record: FlowRecord) -> tuple[int, ...]:
    return (record.dst_addr, record.src_addr, record.dst_port, record.src_port, record.protocol)


def answered_keys(sent_from_home: Iterable[FlowRecord]) -> set[tuple[int, ...]]:
    """Return the non-TCP 5-tuples home devices sent in this batch (answers, not probes).

    Exporters without biflow send each direction as its own record, usually in the same
    datagram; an inbound non-TCP flow whose reverse is here was answered, so it is no probe.
    """
    return {
        (r.src_addr, r.dst_addr, r.src_port, r.dst_port, r.protocol)
        for r in sent_from_home
        if r.protocol != TCP
    }
