"""sFlow v5 datagrams (sflow.org, sflow_version_5.txt) to FlowRecords and interface counters.

An sFlow datagram starts with a 32-bit version (00 00 00 05); NetFlow and IPFIX start with a
16-bit one, so FlowDecoder tells them apart on any port. Each flow sample is one sampled packet:
it becomes one FlowRecord whose counters are scaled by the sampling rate (packets = rate, bytes =
frame length x rate, as sfcapd/nfdump count them) and whose first = last = arrival time (sFlow
carries no packet times; collectors use the arrival). extended_switch and extended_router records
give the VLANs, next hop and prefix lengths (priorities are not kept). Counter samples update the
agent's interface counters (sflow_stats). Everything is bounded: at most MAX_SAMPLES samples per
datagram, at most MAX_RECORDS records per sample, at most packet.MAX_HEADER header bytes parsed.

A broken sample costs only itself when the sample's length is intact; a length that does not fit
ends the datagram (the samples before it are kept).
"""

from __future__ import annotations

import socket
import struct
from collections.abc import Callable
from typing import Final

from ..errors import DecodeError
from ..records import FlowRecord
from .packet import Frame, Packet, parse_header
from .sequence import track_sequence
from .sflow_stats import AgentCounters, InterfaceCounters, SflowStats
from .state import ExporterState
from .stats import FlowStats

SFLOW_MAGIC: Final = b"\0\0\0\x05"
SFLOW_VERSION: Final = 0x85
"""FlowRecord.version of sFlow v5 records (nfdump marks sFlow records 0x80 | datagram version)."""
MAX_SAMPLES: Final = 256
MAX_RECORDS: Final = 32

_U32: Final = struct.Struct("!I")
_PAIR: Final = struct.Struct("!II")
_HEAD: Final = struct.Struct("!IIII")  # sub-agent id, sequence, uptime, sample count
_FLOW: Final = struct.Struct("!IIIIIIII")  # seq, source, rate, pool, drops, input, output, n
_FLOW_X: Final = struct.Struct("!IIIIIIIIIII")  # expanded: source type/index, in/out format+value
_COUNTERS: Final = struct.Struct("!III")  # seq, source, n
_COUNTERS_X: Final = struct.Struct("!IIII")
_RAW: Final = struct.Struct("!IIII")  # header protocol, frame length, stripped, header length
_ETH: Final = struct.Struct("!I6s2x6s2xI")
_IP4: Final = struct.Struct("!II4s4sIIII")
_IP6: Final = struct.Struct("!II16s16sIIII")
_IF: Final = struct.Struct("!IIQIIQIIIIIIQIIIIII")
_SWITCH: Final = struct.Struct("!IIII")  # src VLAN, src priority, dst VLAN, dst priority
_ADDRESS_WIDTH: Final = {0: 0, 1: 4, 2: 16}
_FROM = int.from_bytes
_NEW = tuple.__new__

# sFlow discard reasons (output format 1) as IPFIX forwardingStatus "dropped" codes (IANA
# registry for IE 89): ICMP unreachable codes first, then sFlow's own codes 256-262.
_DROP_REASONS: Final = {
    0: 131, 1: 131, 6: 131, 7: 131, 4: 133, 9: 129, 10: 129, 13: 129,
    257: 137, 258: 129, 260: 139, 261: 138, 262: 133,
}  # fmt: skip
_DROP_UNKNOWN: Final = 128

Route = tuple[int, int, int, int]
"""extended_router: (next hop IP version, next hop, src mask, dst mask); version 0 when absent."""
_NO_ROUTE: Final[Route] = (0, 0, 0, 0)
_NO_VLANS: Final = (0, 0)
Reject = Callable[[ExporterState, str, str, str], None]
"""(exporter state, exporter, reason, detail): count and log one rejection."""


def _address(view: memoryview, pos: int) -> tuple[str, int]:
    """Read an sFlow `address` (type, then 4 or 16 bytes); return (text, next offset)."""
    if len(view) - pos < 8:
        raise DecodeError("too_short", "agent address")
    kind = _U32.unpack_from(view, pos)[0]
    if kind == 1:
        return socket.inet_ntop(socket.AF_INET, view[pos + 4 : pos + 8]), pos + 8
    if kind == 2 and len(view) - pos >= 20:
        return socket.inet_ntop(socket.AF_INET6, view[pos + 4 : pos + 20]), pos + 20
    raise DecodeError("bad_sample", f"address type {kind}")


class SflowDecoder:
    """Decode sFlow v5 datagrams; rejections go through `reject` into FlowStats."""

    def __init__(self, stats: FlowStats, reject: Reject) -> None:
        self.stats = stats
        self.sflow: SflowStats = stats.sflow
        self._reject = reject

    def decode(
        self,
        view: memoryview,
        exporter: str,
        state: ExporterState,
        now: float,
        out: list[FlowRecord],
    ) -> None:
        """Decode one datagram, appending its flows to `out`; DecodeError ends the datagram."""
        agent, pos = _address(view, 4)
        if len(view) - pos < _HEAD.size:
            raise DecodeError("too_short", f"{len(view)} bytes, sFlow header incomplete")
        sub_agent, sequence, uptime, count = _HEAD.unpack_from(view, pos)
        pos += _HEAD.size
        self.sflow.datagrams += 1
        state.stats.version = SFLOW_VERSION
        track_sequence(self.stats, state, (SFLOW_VERSION, sub_agent), sequence, (1, 1))
        if count > MAX_SAMPLES:
            self.sflow.over_limit += 1
        arrival = int(now * 1000)
        end = len(view)
        for index in range(min(count, MAX_SAMPLES)):
            if end - pos < 8:
                raise DecodeError("bad_sample", f"sample {index + 1} of {count} missing")
            tag, length = _PAIR.unpack_from(view, pos)
            start, pos = pos + 8, pos + 8 + length
            if pos > end:
                raise DecodeError("bad_sample", f"sample length {length} beyond the datagram")
            try:
                if tag in (1, 3):
                    record = self._flow(view[start:pos], tag == 3, exporter, arrival)
                    if record is not None:
                        out.append(record)
                        state.stats.sampling_interval = record.sampling_interval
                elif tag in (2, 4):
                    entry = self.sflow.agent(f"{agent}/{sub_agent}", exporter, now)
                    entry.uptime_ms = uptime
                    self._counters(view[start:pos], tag == 4, entry, now)
                else:
                    self.sflow.other_samples += 1
            except DecodeError as err:
                self._reject(state, exporter, err.reason, str(err).removeprefix(f"{err.reason}: "))

    def _flow(
        self, body: memoryview, expanded: bool, exporter: str, arrival: int
    ) -> FlowRecord | None:
        """Decode one flow sample into a record (None when the packet is not IP)."""
        self.sflow.flow_samples += 1
        if expanded:
            if len(body) < _FLOW_X.size:
                raise DecodeError("bad_sample", "expanded flow sample too short")
            _s, _t, _i, rate, _p, _d, in_fmt, in_if, out_fmt, out_if, n = _FLOW_X.unpack_from(body)
            pos = _FLOW_X.size
        else:
            if len(body) < _FLOW.size:
                raise DecodeError("bad_sample", "flow sample too short")
            _s, _src, rate, _p, _d, inp, outp, n = _FLOW.unpack_from(body)
            in_fmt, in_if = inp >> 30, inp & 0x3FFFFFFF
            out_fmt, out_if = outp >> 30, outp & 0x3FFFFFFF
            pos = _FLOW.size
        frame, packet, length, vlans, route = self._records(body, pos, n)
        if packet is None:
            self.sflow.non_ip += 1
            return None
        status = -1
        if out_fmt == 1:  # the agent discarded the packet; the value is the reason
            self.sflow.discarded += 1
            status, out_if = _DROP_REASONS.get(out_if, _DROP_UNKNOWN), 0
        rate = rate or 1  # rate 0 is invalid; count the sample once rather than not at all
        src_mac, dst_mac = (frame[0], frame[1]) if frame is not None else (0, 0)
        return _NEW(FlowRecord, (
            exporter, SFLOW_VERSION, 0, packet[0], packet[1], packet[2], packet[4], packet[5],
            packet[3], packet[6], packet[7], length * rate, rate, arrival, arrival, rate, 0, 0,
            in_if if in_fmt == 0 else 0, out_if if out_fmt == 0 else 0, packet[8], packet[9],
            src_mac, dst_mac, -1, status, False, vlans[0], vlans[1], route[0], route[1], route[2],
            route[3],
        ))  # fmt: skip

    def _records(
        self, body: memoryview, pos: int, count: int
    ) -> tuple[Frame | None, Packet | None, int, tuple[int, int], Route]:
        """Walk a flow sample's records.

        Return (frame, IP packet, packet length, (src VLAN, dst VLAN), route). Later records
        overwrite earlier ones, as in sfcapd: a tagged header after an extended_switch record sets
        the source VLAN again.
        """
        frame: Frame | None = None
        packet: Packet | None = None
        length = 0
        vlans = _NO_VLANS
        route = _NO_ROUTE
        end = len(body)
        for _ in range(min(count, MAX_RECORDS)):
            if end - pos < 8:
                raise DecodeError("bad_sample", "flow record missing")
            tag, size = _PAIR.unpack_from(body, pos)
            data, pos = body[pos + 8 : pos + 8 + size], pos + 8 + size
            if pos > end:
                raise DecodeError("bad_sample", f"flow record length {size} beyond the sample")
            if tag == 1:  # sampled_header: the raw packet header
                if size < _RAW.size:
                    raise DecodeError("bad_sample", "sampled header record too short")
                protocol, length, _stripped, header_length = _RAW.unpack_from(data)
                if _RAW.size + header_length > size:
                    raise DecodeError("bad_sample", f"header length {header_length} > record")
                parsed = parse_header(protocol, data[_RAW.size : _RAW.size + header_length])
                if parsed is not None:
                    frame, packet = parsed, parsed.packet
                    if parsed.vlan:
                        vlans = (parsed.vlan, vlans[1])
            elif tag == 2 and size >= _ETH.size and frame is None:  # sampled_ethernet
                _len, src, dst, _type = _ETH.unpack_from(data)
                frame = Frame(_FROM(src), _FROM(dst), 0, None)
            elif tag in (3, 4) and packet is None:
                packet, length = _sampled_ip(data, tag == 4)
            elif tag == 1001 and size >= _SWITCH.size:  # extended_switch
                src_vlan, _src_priority, dst_vlan, _dst_priority = _SWITCH.unpack_from(data)
                vlans = (src_vlan, dst_vlan)
            elif tag == 1002:  # extended_router
                route = _router(data)
        return frame, packet, length, vlans, route

    def _counters(self, body: memoryview, expanded: bool, agent: AgentCounters, now: float) -> None:
        """Read a counter sample's generic interface counters into the agent's table."""
        self.sflow.counter_samples += 1
        head = _COUNTERS_X if expanded else _COUNTERS
        if len(body) < head.size:
            raise DecodeError("bad_sample", "counter sample too short")
        count = head.unpack_from(body)[-1]
        pos, end = head.size, len(body)
        for _ in range(min(count, MAX_RECORDS)):
            if end - pos < 8:
                raise DecodeError("bad_sample", "counter record missing")
            tag, size = _PAIR.unpack_from(body, pos)
            start, pos = pos + 8, pos + 8 + size
            if pos > end:
                raise DecodeError("bad_sample", f"counter record length {size} beyond the sample")
            if tag == 1:
                if size < _IF.size:
                    raise DecodeError("bad_sample", "interface counters too short")
                self.sflow.store(agent, _interface(body, start, now))


def _sampled_ip(data: memoryview, v6: bool) -> tuple[Packet | None, int]:
    """Decode a sampled_ipv4 / sampled_ipv6 record; return (packet, IP packet length)."""
    layout = _IP6 if v6 else _IP4
    if len(data) < layout.size:
        raise DecodeError("bad_sample", "sampled IP record too short")
    length, proto, src, dst, sport, dport, flags, tos = layout.unpack_from(data)
    if proto in (1, 58):  # the ports carry type and code (sflowtool writes them so)
        packet = Packet(6 if v6 else 4, _FROM(src), _FROM(dst), proto, 0, 0, 0, tos & 0xFF,
                        sport & 0xFF, dport & 0xFF)  # fmt: skip
    else:
        packet = Packet(6 if v6 else 4, _FROM(src), _FROM(dst), proto & 0xFF, sport & 0xFFFF,
                        dport & 0xFFFF, flags & 0xFF, tos & 0xFF, -1, -1)  # fmt: skip
    return packet, length


def _router(data: memoryview) -> Route:
    """Decode an extended_router record: (next hop version, next hop, src mask, dst mask)."""
    kind = _U32.unpack_from(data)[0] if len(data) >= 4 else -1
    # sFlow `address`: type 0 UNKNOWN carries no bytes, 1 IPv4 four, 2 IPv6 sixteen.
    width = _ADDRESS_WIDTH.get(kind)
    if width is None:
        raise DecodeError("bad_sample", f"next hop address type {kind}")
    if len(data) < 12 + width:
        raise DecodeError("bad_sample", "extended_router record too short")
    src_mask, dst_mask = _PAIR.unpack_from(data, 4 + width)
    version = 0 if width == 0 else 4 if width == 4 else 6
    return version, _FROM(data[4 : 4 + width]), src_mask, dst_mask


def _interface(body: memoryview, pos: int, now: float) -> InterfaceCounters:
    """Read the 88-byte generic interface counters (sFlow v5 `if_counters`)."""
    (index, if_type, speed, direction, status, in_octets, in_ucast, in_mcast, in_bcast,
     in_discards, in_errors, _unknown, out_octets, out_ucast, out_mcast, out_bcast,
     out_discards, out_errors, _promiscuous) = _IF.unpack_from(body, pos)  # fmt: skip
    return InterfaceCounters(
        index, if_type, speed, direction, status, in_octets, in_ucast + in_mcast + in_bcast,
        in_discards, in_errors, out_octets, out_ucast + out_mcast + out_bcast, out_discards,
        out_errors, now,
    )  # fmt: skip
