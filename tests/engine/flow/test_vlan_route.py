"""VLANs, next hop and prefix lengths: from v5, v9, IPFIX and sFlow, read against the wire bytes."""

from __future__ import annotations

import io
import json
import socket
import struct
from pathlib import Path

import orjson

from custom_components.netwatch.engine.flow import FlowDecoder
from custom_components.netwatch.engine.forward.documents import flow_document
from custom_components.netwatch.engine.records import FlowRecord
from custom_components.netwatch.engine.tools.decode_flows import record_json, run
from tests.helpers import FakeClock, testdata

from .capture import pcap, udp_ipv4_frame
from .frames import (
    ethernet,
    extended_router,
    extended_switch,
    flow_sample,
    icmp,
    ipv4,
    ipv6,
    raw_header,
    record,
    sflow,
    udp,
)
from .wire import V4_FIELDS, flowset, ipfix, ipfix_template, v4_record, v9, v9_template

V6_FIELDS = ((27, 16), (28, 16), (7, 2), (11, 2), (4, 1), (1, 4), (2, 4), (152, 8), (153, 8))


def _v6_record(src: str, dst: str, proto: int = 17) -> bytes:
    return (socket.inet_pton(socket.AF_INET6, src) + socket.inet_pton(socket.AF_INET6, dst)
            + struct.pack("!HHBIIQQ", 5353, 53, proto, 100, 1, 1_700_000_000_000,
                          1_700_000_001_000))  # fmt: skip


def _ip6(text: str) -> int:
    return int.from_bytes(socket.inet_pton(socket.AF_INET6, text))


def _ip4(text: str) -> int:
    return int.from_bytes(socket.inet_aton(text))


def _route(rec: FlowRecord) -> tuple[int, int, int, int, int, int]:
    return (rec.src_vlan, rec.dst_vlan, rec.next_hop_version, rec.next_hop, rec.src_mask,
            rec.dst_mask)  # fmt: skip


def _decode(*datagrams: bytes) -> list[FlowRecord]:
    decoder = FlowDecoder(clock=FakeClock())
    out = [r for data in datagrams for r in decoder.decode(data, "192.0.2.1")]
    assert decoder.last_reject is None
    return out


def test_v9_vlans_next_hop_and_masks() -> None:
    fields = (*V4_FIELDS, (58, 2), (59, 2), (15, 4), (9, 1), (13, 1))
    body = v4_record() + struct.pack("!HH4sBB", 10, 20, socket.inet_aton("192.0.2.254"), 24, 16)
    (rec,) = _decode(v9([flowset(0, v9_template(300, fields)), flowset(300, body)]))
    assert _route(rec) == (10, 20, 4, _ip4("192.0.2.254"), 24, 16)
    # The fields before them are read as before.
    assert (rec.src_port, rec.dst_port, rec.bytes, rec.packets) == (1234, 443, 1000, 10)


def test_ipfix_dot1q_vlans_and_ipv6_route() -> None:
    fields = (*V6_FIELDS, (243, 2), (254, 2), (62, 16), (29, 1), (30, 1))
    body = (_v6_record("2001:db8::1", "2001:db8::2") + struct.pack("!HH", 100, 200)
            + socket.inet_pton(socket.AF_INET6, "fe80::1") + bytes([48, 64]))  # fmt: skip
    (rec,) = _decode(ipfix([flowset(2, ipfix_template(400, fields)), flowset(400, body)]))
    assert _route(rec) == (100, 200, 6, _ip6("fe80::1"), 48, 64)


def test_vlan_ie_58_wins_over_dot1q_243() -> None:
    fields = (*V4_FIELDS, (243, 2), (58, 2))
    body = v4_record() + struct.pack("!HH", 60, 50)
    (rec,) = _decode(ipfix([flowset(2, ipfix_template(401, fields)), flowset(401, body)]))
    assert (rec.src_vlan, rec.dst_vlan) == (50, 0)


def test_both_next_hop_families_take_the_flows_own() -> None:
    """nprobe-style templates may carry IE 15 and IE 62 together."""
    hops = socket.inet_aton("10.0.0.1") + socket.inet_pton(socket.AF_INET6, "fe80::2")
    tpl4 = v9_template(302, (*V4_FIELDS, (15, 4), (62, 16)))
    tpl6 = v9_template(303, (*V6_FIELDS, (15, 4), (62, 16)))
    rec4, rec6 = _decode(v9([
        flowset(0, tpl4 + tpl6),
        flowset(302, v4_record() + hops),
        flowset(303, _v6_record("2001:db8::1", "2001:db8::2") + hops),
    ]))  # fmt: skip
    assert (rec4.next_hop_version, rec4.next_hop) == (4, _ip4("10.0.0.1"))
    assert (rec6.next_hop_version, rec6.next_hop) == (6, _ip6("fe80::2"))


def test_template_without_the_fields_gives_zeros() -> None:
    (rec,) = _decode(v9([flowset(0, v9_template(304, V4_FIELDS)), flowset(304, v4_record())]))
    assert _route(rec) == (0, 0, 0, 0, 0, 0)


def test_icmp_fix_up_keeps_the_route() -> None:
    fields = (*V4_FIELDS, (58, 2), (15, 4))
    body = v4_record(proto=1, dport=0x0303) + struct.pack("!H4s", 7, socket.inet_aton("10.1.1.1"))
    (rec,) = _decode(v9([flowset(0, v9_template(305, fields)), flowset(305, body)]))
    assert (rec.icmp_type, rec.icmp_code, rec.dst_port) == (3, 3, 0)
    assert (rec.src_vlan, rec.next_hop) == (7, _ip4("10.1.1.1"))


def test_v5_next_hop_and_masks_from_the_wire() -> None:
    """Juniper MX80's v5 records: next hop at bytes 8-11, masks at 44/45 (Cisco's v5 layout)."""
    data = testdata("netflow", "vendor", "netflow5_test_juniper_mx80.dat").read_bytes()
    records = _decode(data)
    assert len(records) == 29
    for index, rec in enumerate(records):
        raw = data[24 + 48 * index : 72 + 48 * index]
        hop, (src_mask, dst_mask) = int.from_bytes(raw[8:12]), raw[44:46]
        assert _route(rec) == (0, 0, 4, hop, src_mask, dst_mask)
    assert {rec.src_mask for rec in records} >= {10, 14, 15}


def _sflow_one(*records: bytes) -> FlowRecord:
    (rec,) = _decode(sflow([flow_sample(records)]))
    return rec


_FRAME = ethernet(ipv4("203.0.113.9", "192.168.1.20", 17, udp(123, 123)), 0x0800)
_TAGGED = ethernet(ipv4("203.0.113.9", "192.168.1.20", 17, udp(123, 123)), 0x0800,
                   tags=[(0x88A8, 200), (0x8100, 300)])  # fmt: skip


def test_sflow_extended_switch_and_router() -> None:
    rec = _sflow_one(raw_header(_FRAME), extended_switch(10, 20),
                     extended_router("192.0.2.254", 24, 16))  # fmt: skip
    assert _route(rec) == (10, 20, 4, _ip4("192.0.2.254"), 24, 16)


def test_sflow_ipv6_and_unknown_next_hop() -> None:
    v6 = record(1002, struct.pack("!I16sII", 2, socket.inet_pton(socket.AF_INET6, "fe80::1"), 48,
                                  64))  # fmt: skip
    frame = ethernet(ipv6("2001:218::1", "2001:db8::10", 58, icmp(128, 0)), 0x86DD)
    assert _route(_sflow_one(raw_header(frame), v6)) == (0, 0, 6, _ip6("fe80::1"), 48, 64)
    # Address type 0 (UNKNOWN) carries no address bytes: the masks follow the type directly.
    unknown = record(1002, struct.pack("!III", 0, 8, 9))
    assert _route(_sflow_one(raw_header(_FRAME), unknown)) == (0, 0, 0, 0, 8, 9)


def test_sflow_header_tag_and_switch_record_last_one_wins() -> None:
    """sfcapd (sflowtool's decoder) lets a later record overwrite the source VLAN."""
    assert _sflow_one(raw_header(_TAGGED)).src_vlan == 300  # the innermost tag
    assert (_sflow_one(raw_header(_TAGGED), extended_switch(7, 8)).src_vlan) == 7
    rec = _sflow_one(extended_switch(7, 8), raw_header(_TAGGED))
    assert (rec.src_vlan, rec.dst_vlan) == (300, 8)
    assert _sflow_one(extended_switch(7, 8), raw_header(_FRAME)).src_vlan == 7


def test_sflow_broken_router_record_costs_its_sample() -> None:
    decoder = FlowDecoder(clock=FakeClock())
    bad_type = record(1002, struct.pack("!I4sII", 3, b"\0" * 4, 1, 2))
    short = record(1002, struct.pack("!I4sI", 1, b"\0" * 4, 1))
    good = flow_sample([raw_header(_FRAME), extended_router("10.0.0.1", 1, 2)], seq=3)
    datagram = sflow([flow_sample([raw_header(_FRAME), bad_type], seq=1),
                      flow_sample([raw_header(_FRAME), short], seq=2), good])  # fmt: skip
    (rec,) = decoder.decode(datagram, "192.0.2.1")
    assert _route(rec) == (0, 0, 4, _ip4("10.0.0.1"), 1, 2)
    assert decoder.stats.malformed["bad_sample"] == 2


def test_documents_carry_vlans_next_hop_and_masks() -> None:
    rec = _sflow_one(raw_header(_FRAME), extended_switch(10, 20),
                     extended_router("192.0.2.254", 24, 16))  # fmt: skip
    doc = orjson.loads(orjson.dumps(flow_document(rec)))
    assert doc["observer"]["ingress"] == {"vlan": {"id": "10"}}
    assert doc["observer"]["egress"] == {"vlan": {"id": "20"}}
    assert doc["network"]["vlan"] == {"id": "10"}
    assert doc["observer"]["ip"] == "192.0.2.1"
    assert (doc["netflow"]["next_hop"], doc["netflow"]["src_mask"], doc["netflow"]["dst_mask"]) == (
        "192.0.2.254", 24, 16,
    )  # fmt: skip
    # The observer object is shared between documents: the VLANs went into a copy.
    plain = flow_document(_sflow_one(raw_header(_FRAME)))
    assert "ingress" not in plain["observer"] and "vlan" not in plain["network"]
    assert not {"next_hop", "src_mask", "dst_mask"} & plain["netflow"].keys()


def test_documents_leave_out_a_zero_next_hop() -> None:
    data = testdata("netflow", "vendor", "netflow5.dat").read_bytes()
    rec = FlowDecoder().decode(data, "192.0.2.1")[0]
    assert (rec.next_hop_version, rec.next_hop) == (4, 0)  # v5 always has the field
    assert "next_hop" not in flow_document(rec)["netflow"]
    assert record_json(rec)["next_hop"] is None


def test_cli_prints_the_route_and_reads_sflow_from_captures(tmp_path: Path) -> None:
    datagram = sflow([flow_sample([raw_header(_FRAME), extended_switch(10, 20),
                                   extended_router("192.0.2.254", 24, 16)])])  # fmt: skip
    target = tmp_path / "sflow.pcap"
    target.write_bytes(pcap([udp_ipv4_frame("10.9.8.7", "10.0.0.1", 40000, 6343, datagram)]))
    out, err = io.StringIO(), io.StringIO()
    assert run([target], None, out, err) == 0
    (line,) = [json.loads(text) for text in out.getvalue().splitlines()]
    assert (line["exporter"], line["version"]) == ("10.9.8.7", 0x85)
    assert (line["src_vlan"], line["dst_vlan"], line["next_hop"]) == (10, 20, "192.0.2.254")
    assert (line["src_mask"], line["dst_mask"]) == (24, 16)
    assert "next_hop_version" not in line
    assert line["src_addr"] == "203.0.113.9"
