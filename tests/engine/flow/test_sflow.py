"""sFlow v5 datagrams built byte by byte from sflow_version_5.txt: flows, counters, bounds."""

from __future__ import annotations

import socket
import struct

import pytest

from custom_components.netwatch.engine.addr import addr_to_str
from custom_components.netwatch.engine.flow import FlowDecoder
from custom_components.netwatch.engine.flow.sflow import MAX_RECORDS, MAX_SAMPLES, SFLOW_VERSION
from custom_components.netwatch.engine.flow.sflow_stats import MAX_AGENTS, MAX_INTERFACES
from custom_components.netwatch.engine.records import FlowRecord
from tests.helpers import T0, FakeClock

from .frames import (
    DST_MAC,
    SRC_MAC,
    arp,
    counter_sample,
    ethernet,
    extended_router,
    extended_switch,
    flow_sample,
    icmp,
    if_counters,
    ipv4,
    ipv6,
    mac_int,
    raw_header,
    record,
    sflow,
    snap,
    tcp,
    udp,
)

SYN, ACK, PSH = 0x02, 0x10, 0x08


def _decode(data: bytes, decoder: FlowDecoder | None = None) -> list[FlowRecord]:
    return (decoder or FlowDecoder(clock=FakeClock())).decode(data, "192.0.2.1")


def _one(frame: bytes, **kwargs: int) -> FlowRecord:
    decoder = FlowDecoder(clock=FakeClock())
    records = decoder.decode(sflow([flow_sample([raw_header(frame)], **kwargs)]), "192.0.2.1")
    assert decoder.last_reject is None
    assert len(records) == 1
    return records[0]


def test_tcp_over_vlan_scaled_by_the_rate() -> None:
    frame = ethernet(ipv4("203.0.113.9", "192.168.1.20", 6, tcp(51515, 22, SYN | ACK), tos=0xB8),
                     0x0800, tags=[(0x8100, 100)])  # fmt: skip
    rec = _one(frame, rate=512, in_if=3, out_if=7)
    assert (addr_to_str(4, rec.src_addr), addr_to_str(4, rec.dst_addr)) == (
        "203.0.113.9",
        "192.168.1.20",
    )
    assert (rec.src_port, rec.dst_port, rec.protocol, rec.tcp_flags, rec.tos) == (
        51515, 22, 6, SYN | ACK, 0xB8,
    )  # fmt: skip
    # frame_length (frame + 4 FCS bytes) times the rate, like sfcapd/nfdump.
    assert (rec.packets, rec.bytes, rec.sampling_interval) == (512, (len(frame) + 4) * 512, 512)
    assert (rec.in_if, rec.out_if, rec.src_mac, rec.dst_mac) == (
        3, 7, mac_int(SRC_MAC), mac_int(DST_MAC),
    )  # fmt: skip
    assert rec.first == rec.last == int(T0 * 1000)
    assert (rec.version, rec.template_id, rec.ip_version) == (SFLOW_VERSION, 0, 4)
    assert (rec.icmp_type, rec.icmp_code, rec.direction, rec.forwarding_status) == (-1, -1, -1, -1)
    assert rec.times_estimated is False


def test_qinq_snap_and_ipv4_options() -> None:
    inner = ipv4("198.51.100.7", "10.0.0.2", 17, udp(5353, 53), options=b"\x01\x01\x01\x00")
    rec = _one(ethernet(inner, 0x0800, tags=[(0x88A8, 200), (0x8100, 300)]))
    assert (rec.src_port, rec.dst_port, rec.protocol) == (5353, 53, 17)
    rec = _one(snap(ipv4("198.51.100.7", "10.0.0.2", 6, tcp(1, 2, PSH))))
    assert (rec.src_port, rec.dst_port, rec.tcp_flags) == (1, 2, PSH)


def test_mpls_label_stack() -> None:
    labels = struct.pack("!II", (100 << 12) | 64, (200 << 12) | (1 << 8) | 64)
    rec = _one(ethernet(labels + ipv4("198.51.100.7", "10.0.0.2", 17, udp(1, 2)), 0x8847))
    assert (rec.ip_version, rec.src_port, rec.dst_port) == (4, 1, 2)


def test_later_ipv4_fragment_has_no_ports() -> None:
    frag = ipv4("198.51.100.7", "10.0.0.2", 17, b"\x12\x34\x56\x78" * 4, frag=0x2000 | 185)
    rec = _one(ethernet(frag, 0x0800))
    assert (rec.protocol, rec.src_port, rec.dst_port) == (17, 0, 0)


def test_ipv6_extension_headers_icmpv6_and_fragments() -> None:
    hop = (0, b"\x01\x04\0\0\0\0")  # PadN
    dest = (60, b"\x01\x0c" + bytes(12))
    packet = ipv6("2001:db8::1", "2001:db8::2", 6, tcp(443, 50000, ACK), tclass=0x28,
                  extensions=[hop, dest])  # fmt: skip
    rec = _one(ethernet(packet, 0x86DD))
    assert (rec.ip_version, rec.src_port, rec.dst_port, rec.tcp_flags, rec.tos) == (
        6, 443, 50000, ACK, 0x28,
    )  # fmt: skip
    assert addr_to_str(6, rec.dst_addr) == "2001:db8::2"
    rec = _one(ethernet(ipv6("2001:db8::1", "2001:db8::2", 58, icmp(128, 0)), 0x86DD))
    assert (rec.protocol, rec.icmp_type, rec.icmp_code, rec.src_port, rec.dst_port) == (
        58, 128, 0, 0, 0,
    )  # fmt: skip
    first = (44, struct.pack("!HI", 1, 99))  # offset 0, more fragments
    later = (44, struct.pack("!HI", 100 << 3, 99))
    rec = _one(ethernet(ipv6("2001:db8::1", "2001:db8::2", 17, udp(7, 9), extensions=[first]),
                        0x86DD))  # fmt: skip
    assert (rec.protocol, rec.src_port, rec.dst_port) == (17, 7, 9)
    rec = _one(ethernet(ipv6("2001:db8::1", "2001:db8::2", 17, udp(7, 9), extensions=[later]),
                        0x86DD))  # fmt: skip
    assert (rec.protocol, rec.src_port, rec.dst_port) == (17, 0, 0)


def test_icmp_type_and_code() -> None:
    rec = _one(ethernet(ipv4("198.51.100.7", "10.0.0.2", 1, icmp(3, 3)), 0x0800))
    assert (rec.icmp_type, rec.icmp_code, rec.src_port, rec.dst_port) == (3, 3, 0, 0)


def test_ip_headers_without_ethernet() -> None:
    packet = ipv4("198.51.100.7", "10.0.0.2", 6, tcp(1, 2, SYN))
    for protocol, data in ((11, packet), (12, ipv6("::1", "::2", 17, udp(3, 4)))):
        sample = flow_sample([raw_header(data, protocol=protocol, fcs=0)], rate=2)
        (rec,) = _decode(sflow([sample]))
        assert rec.bytes == 2 * len(data)
        assert rec.src_mac == rec.dst_mac == 0


def test_non_ip_is_counted_not_recorded() -> None:
    decoder = FlowDecoder(clock=FakeClock())
    assert decoder.decode(sflow([flow_sample([raw_header(arp())])]), "a") == []
    assert decoder.stats.sflow.non_ip == 1
    assert decoder.last_reject is None
    # An unknown header protocol (token ring) is not decoded either.
    assert decoder.decode(sflow([flow_sample([raw_header(arp(), protocol=3)])]), "a") == []
    assert decoder.stats.sflow.non_ip == 2


def test_expanded_sample_and_extended_records() -> None:
    frame = ethernet(ipv4("203.0.113.9", "192.168.1.20", 17, udp(123, 123)), 0x0800)
    records = [raw_header(frame), extended_switch(10, 20), extended_router("192.0.2.254", 24, 16)]
    (rec,) = _decode(sflow([flow_sample(records, rate=100, in_if=1 << 20, expanded=True)]))
    assert (rec.in_if, rec.out_if, rec.packets) == (1 << 20, 2, 100)


def test_sampled_ipv4_and_ethernet_records() -> None:
    ip4 = struct.pack("!II4s4sIIII", 60, 6, socket.inet_aton("198.51.100.1"),
                      socket.inet_aton("10.0.0.9"), 40000, 443, SYN, 0x10)  # fmt: skip
    eth = struct.pack("!I6s2x6s2xI", 74, SRC_MAC, DST_MAC, 0x0800)
    (rec,) = _decode(sflow([flow_sample([record(2, eth), record(3, ip4)], rate=4)]))
    assert (rec.src_port, rec.dst_port, rec.tcp_flags, rec.tos, rec.bytes) == (
        40000, 443, SYN, 0x10, 240,
    )  # fmt: skip
    assert rec.src_mac == mac_int(SRC_MAC)


def test_discarded_packet_is_marked_dropped() -> None:
    frame = ethernet(ipv4("203.0.113.9", "192.168.1.20", 6, tcp(1, 23, SYN)), 0x0800)
    decoder = FlowDecoder(clock=FakeClock())
    (rec,) = decoder.decode(sflow([flow_sample([raw_header(frame)], out_if=(1 << 30) | 258)]), "a")
    assert (rec.forwarding_status, rec.out_if) == (129, 0)  # 258 ACL -> IPFIX "ACL deny"
    assert decoder.stats.sflow.discarded == 1


def test_counter_samples_keep_latest_interface_counters() -> None:
    decoder = FlowDecoder(clock=FakeClock())
    data = sflow([counter_sample([if_counters(5, 1000, 2000)]),
                  counter_sample([if_counters(5, 1500, 2500), if_counters(6, 1, 2)])])  # fmt: skip
    assert decoder.decode(data, "192.0.2.1") == []
    agent = decoder.stats.sflow.agents["192.0.2.1/0"]
    assert [(c.if_index, c.in_octets, c.out_octets) for c in agent.interfaces.values()] == [
        (5, 1500, 2500),
        (6, 1, 2),
    ]
    assert agent.interfaces[5].in_packets == 13
    assert agent.uptime_ms == 60_000
    snapshot = decoder.stats.as_dict()["sflow"]
    assert snapshot["counter_samples"] == 2
    assert snapshot["agents"]["192.0.2.1/0"]["interfaces"][0]["speed"] == 10**9


def test_agents_and_interfaces_are_bounded() -> None:
    decoder = FlowDecoder(clock=FakeClock())
    for agent in range(MAX_AGENTS + 5):
        ifs = [if_counters(i, i, i) for i in range(MAX_RECORDS)]
        for batch in range(3):  # 3 x 32 interfaces per agent: more than MAX_INTERFACES
            ifs_batch = [if_counters(batch * 100 + i, i, i) for i in range(len(ifs))]
            decoder.decode(sflow([counter_sample(ifs_batch)], agent=f"10.0.0.{agent}"), "a")
    stats = decoder.stats.sflow
    assert len(stats.agents) == MAX_AGENTS
    assert stats.agents_evicted == 5
    assert all(len(a.interfaces) == MAX_INTERFACES for a in stats.agents.values())
    assert stats.interfaces_evicted == (MAX_AGENTS + 5) * (3 * MAX_RECORDS - MAX_INTERFACES)


def test_samples_and_records_beyond_the_limits_are_not_read() -> None:
    frame = ethernet(ipv4("203.0.113.9", "192.168.1.20", 6, tcp(1, 2, SYN)), 0x0800)
    sample = flow_sample([raw_header(frame)])
    decoder = FlowDecoder(clock=FakeClock())
    records = decoder.decode(sflow([sample] * (MAX_SAMPLES + 10)), "a")
    assert len(records) == MAX_SAMPLES
    assert decoder.stats.sflow.over_limit == 1
    # A sample claiming more records than the limit: only MAX_RECORDS are walked.
    many = flow_sample([extended_switch(1, 2)] * MAX_RECORDS + [raw_header(frame)])
    assert decoder.decode(sflow([many]), "a") == []
    assert decoder.stats.sflow.non_ip == 1


def test_header_bytes_beyond_the_limit_are_not_parsed() -> None:
    """300 VLAN tags: only MAX_TAGS are walked, then the frame is not IP (no record)."""
    packet = ipv4("203.0.113.9", "192.168.1.20", 6, tcp(1, 2, SYN))
    frame = ethernet(packet, 0x0800, tags=[(0x8100, 1)] * 300)
    decoder = FlowDecoder(clock=FakeClock())
    assert decoder.decode(sflow([flow_sample([raw_header(frame, snap_len=2000)])]), "a") == []
    assert decoder.stats.sflow.non_ip == 1


def test_broken_sample_costs_only_itself() -> None:
    good = flow_sample([raw_header(ethernet(ipv4("1.1.1.1", "2.2.2.2", 17, udp(1, 2)), 0x0800))])
    head = struct.pack("!IIII", 1, 100, 4, 500) + bytes(40)  # header length 500 > record
    bad = flow_sample([record(1, head)])
    decoder = FlowDecoder(clock=FakeClock())
    records = decoder.decode(sflow([good, bad, good]), "192.0.2.1")
    assert len(records) == 2
    assert decoder.stats.malformed["bad_sample"] == 1
    # A sample length beyond the datagram ends it: the samples before it are kept.
    broken = sflow([good, struct.pack("!II", 1, 10_000) + bytes(8)])
    assert len(decoder.decode(broken, "192.0.2.1")) == 1
    assert decoder.last_reject is not None and decoder.last_reject[0] == "bad_sample"


def test_truncation_at_every_offset() -> None:
    frame = ethernet(ipv6("2001:db8::1", "2001:db8::2", 6, tcp(1, 2, SYN)), 0x86DD)
    samples = [
        flow_sample([raw_header(frame), extended_switch(1, 2)]),
        counter_sample([if_counters(1, 2, 3)]),
        flow_sample([raw_header(frame)], expanded=True),
    ]
    data = sflow(samples, agent="2001:db8::9")
    decoder = FlowDecoder(clock=FakeClock())
    assert len(decoder.decode(data, "a")) == 2
    for cut in range(len(data)):
        assert len(decoder.decode(data[:cut], "a")) <= 2
    assert decoder.stats.malformed["internal_error"] == 0


@pytest.mark.parametrize("agent_type", [0, 3, 0xFFFFFFFF])
def test_unknown_agent_address_type_is_rejected(agent_type: int) -> None:
    decoder = FlowDecoder(clock=FakeClock())
    data = struct.pack("!II", 5, agent_type) + bytes(64)
    assert decoder.decode(data, "a") == []
    assert decoder.last_reject is not None and decoder.last_reject[0] == "bad_sample"


def test_sequence_gaps_and_health() -> None:
    frame = ethernet(ipv4("1.1.1.1", "2.2.2.2", 17, udp(1, 2)), 0x0800)
    decoder = FlowDecoder(clock=FakeClock())
    for seq in (1, 2, 5):
        decoder.decode(sflow([flow_sample([raw_header(frame)], rate=64)], seq=seq), "192.0.2.1")
    health = decoder.stats.exporters["192.0.2.1"]
    assert (health.sequence_gaps, health.lost) == (1, 2)
    assert (health.version, health.sampling_interval, health.flows) == (SFLOW_VERSION, 64, 3)
    assert decoder.stats.sflow.datagrams == 3


def test_other_sample_formats_are_skipped() -> None:
    vendor = record((4413 << 12) | 5, bytes(12))  # an enterprise-specific sample
    frame = ethernet(ipv4("1.1.1.1", "2.2.2.2", 17, udp(1, 2)), 0x0800)
    decoder = FlowDecoder(clock=FakeClock())
    assert len(decoder.decode(sflow([vendor, flow_sample([raw_header(frame)])]), "a")) == 1
    assert decoder.stats.sflow.other_samples == 1


def test_netflow_v5_is_not_taken_for_sflow() -> None:
    """v5 starts 00 05 (16-bit version): never the 32-bit 00 00 00 05 of sFlow."""
    header = struct.pack("!HHIIIIBBH", 5, 1, 1000, 1_700_000_000, 0, 1, 0, 0, 0)
    body = struct.pack("!4s4s4sHHIIIIHHxBBBHHBBH", socket.inet_aton("1.1.1.1"),
                       socket.inet_aton("2.2.2.2"), bytes(4), 1, 2, 3, 300, 900, 1000, 80, 443,
                       0x12, 6, 0, 0, 0, 0, 0, 0)  # fmt: skip
    (rec,) = _decode(header + body)
    assert rec.version == 5
