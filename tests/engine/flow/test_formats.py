"""Wire-format corners of RFC 3954 / 7011 / 5103, built byte by byte from the RFC layouts."""

from __future__ import annotations

import struct
from collections.abc import Sequence

import pytest

from custom_components.netwatch.engine.flow import FlowDecoder
from custom_components.netwatch.engine.flow.ies import PEN_REVERSE
from custom_components.netwatch.engine.records import FlowRecord

from .wire import (
    V4_FIELDS,
    flowset,
    ipfix,
    ipfix_options_template,
    ipfix_template,
    v4_record,
    v9,
    v9_options_template,
    v9_template,
    varlen,
)

NTP_1970 = 2_208_988_800
EXPORT = 1_700_000_000


def _ipfix_one(fields: Sequence[tuple[int, ...]], record: bytes, **kw: int) -> list[FlowRecord]:
    decoder = FlowDecoder()
    tpl = flowset(2, ipfix_template(300, fields))  # type: ignore[arg-type]
    out = decoder.decode(ipfix([tpl, flowset(300, record)], **kw), "10.0.0.1")
    assert decoder.last_reject is None
    return out


def test_v9_uptime_relative_times() -> None:
    decoder = FlowDecoder()
    data = v9(
        [flowset(0, v9_template(256, V4_FIELDS)), flowset(256, v4_record(first=1, last=99_999))],
        uptime=100_000,
        secs=EXPORT,
    )
    (rec,) = decoder.decode(data, "10.0.0.1")
    boot = EXPORT * 1000 - 100_000
    assert (rec.first, rec.last) == (boot + 1, boot + 99_999)


def test_v9_uptime_wrap() -> None:
    """sysUptime wrapped (49.7 days) after the flow started: the start is before the wrap."""
    decoder = FlowDecoder()
    record = v4_record(first=0xFFFFFF00, last=0x100)
    data = v9([flowset(0, v9_template(256, V4_FIELDS)), flowset(256, record)], uptime=0x200)
    (rec,) = decoder.decode(data, "10.0.0.1")
    assert rec.last - rec.first == 0x100 + 0x100
    assert rec.last == EXPORT * 1000 - 0x100


S0, S1 = 1_699_999_990, 1_699_999_999
MS0, MS1 = S0 * 1000, S1 * 1000
EXPORT_MS = EXPORT * 1000


@pytest.mark.parametrize(
    ("fields", "values", "expected"),
    [
        ([(152, 8), (153, 8)], (MS0 + 123, MS1 + 456), (MS0 + 123, MS1 + 456)),
        ([(150, 4), (151, 4)], (S0, S1), (MS0, MS1)),
        # NTP: seconds since 1900 in the high word, binary fraction in the low word
        ([(154, 8), (155, 8)], ((S0 + NTP_1970) << 32 | 1 << 31, (S1 + NTP_1970) << 32),
         (MS0 + 500, MS1)),
        ([(156, 8), (157, 8)], ((S0 + NTP_1970) << 32 | 1 << 30, (S1 + NTP_1970) << 32),
         (MS0 + 250, MS1)),
        ([(158, 4), (159, 4)], (3_000_000, 1_000_000), (EXPORT_MS - 3000, EXPORT_MS - 1000)),
    ],
)  # fmt: skip
def test_ipfix_time_encodings(
    fields: list[tuple[int, int]], values: tuple[int, int], expected: tuple[int, int]
) -> None:
    fmt = "!" + "".join("Q" if length == 8 else "I" for _id, length in fields)
    (rec,) = _ipfix_one([(8, 4), *fields], struct.pack("!I", 1) + struct.pack(fmt, *values))
    assert (rec.first, rec.last) == expected


def test_ipfix_uptime_relative_to_system_init_time() -> None:
    """IE 22/21 count from systemInitTimeMilliseconds (IE 160) of an options record."""
    decoder = FlowDecoder()
    boot = 1_699_000_000_000
    opts = flowset(3, ipfix_options_template(400, 1, [(143, 4), (160, 8)]))
    opts_data = flowset(400, struct.pack("!IQ", 1, boot))
    tpl = flowset(2, ipfix_template(300, [(8, 4), (22, 4), (21, 4)]))
    data = flowset(300, struct.pack("!III", 1, 5_000, 7_000))
    (rec,) = decoder.decode(ipfix([opts, opts_data, tpl, data]), "10.0.0.1")
    assert (rec.first, rec.last) == (boot + 5_000, boot + 7_000)


def test_ipv6_icmpv6_and_type_code_elements() -> None:
    src = 0x20010DB8 << 96 | 1
    fields = [(27, 16), (28, 16), (4, 1), (139, 2)]
    (rec,) = _ipfix_one(
        fields, src.to_bytes(16) + (src + 1).to_bytes(16) + bytes([58]) + b"\x87\x00"
    )
    assert (rec.ip_version, rec.src_addr, rec.dst_addr) == (6, src, src + 1)
    assert (rec.icmp_type, rec.icmp_code) == (135, 0)  # neighbour solicitation


@pytest.mark.parametrize(
    ("fields", "tail", "expected"),
    [
        ([(32, 2)], b"\x03\x03", (3, 3)),
        ([(176, 1), (177, 1)], b"\x0b\x00", (11, 0)),
        ([(7, 2), (11, 2)], b"\x00\x00\x08\x00", (8, 0)),
    ],
)
def test_icmp_type_code_sources(
    fields: list[tuple[int, int]], tail: bytes, expected: tuple[int, int]
) -> None:
    (rec,) = _ipfix_one([(8, 4), (4, 1), *fields], struct.pack("!IB", 1, 1) + tail)
    assert (rec.icmp_type, rec.icmp_code) == expected
    assert (rec.src_port, rec.dst_port) == (0, 0)


def test_icmp_fields_ignored_for_tcp() -> None:
    (rec,) = _ipfix_one([(8, 4), (4, 1), (32, 2), (11, 2)], struct.pack("!IBHH", 1, 6, 0, 443))
    assert (rec.icmp_type, rec.icmp_code, rec.dst_port) == (-1, -1, 443)


def test_variable_length_and_enterprise_fields_are_skipped() -> None:
    fields = [(8, 4), (96, 65535), (1, 4, 9999), (82, 65535), (2, 4)]
    record = struct.pack("!I", 7) + varlen(b"app") + b"\0\0\0\x05" + varlen(b"x" * 300)
    record += struct.pack("!I", 42)
    records = _ipfix_one(fields, record * 2 + b"\0\0")  # two records and padding
    assert [(r.src_addr, r.packets, r.bytes) for r in records] == [(7, 42, 0)] * 2


def test_reduced_size_encoding() -> None:
    """Counters shorter than their type (RFC 7011 6.2): 3-byte octets, 1-byte packets."""
    (rec,) = _ipfix_one(
        [(8, 4), (1, 3), (2, 1), (10, 2), (6, 2)], b"\0\0\0\1" + b"\x01\x00\x00\x05\x00\x07\x01\x12"
    )
    assert (rec.bytes, rec.packets, rec.in_if, rec.tcp_flags) == (65536, 5, 7, 0x112)


def test_rfc5103_reverse_fields() -> None:
    fields = [(8, 4), (1, 8), (2, 8), (1, 8, PEN_REVERSE), (2, 8, PEN_REVERSE)]
    (rec,) = _ipfix_one(fields, struct.pack("!IQQQQ", 1, 1000, 10, 50_000, 40))
    assert (rec.bytes, rec.packets, rec.reverse_bytes, rec.reverse_packets) == (
        1000,
        10,
        50_000,
        40,
    )


def test_meraki_post_counters_are_reverse() -> None:
    decoder = FlowDecoder()
    fields = [(8, 4), (12, 4), (1, 4), (2, 4), (23, 4), (24, 4)]
    data = v9(
        [
            flowset(0, v9_template(256, fields)),
            flowset(256, struct.pack("!IIIIII", 1, 2, 300, 3, 9000, 7)),
        ]
    )
    (rec,) = decoder.decode(data, "10.0.0.1")
    assert (rec.bytes, rec.packets, rec.reverse_bytes, rec.reverse_packets) == (300, 3, 9000, 7)


def test_asa_initiator_responder_octets() -> None:
    decoder = FlowDecoder()
    fields = [(8, 4), (12, 4), (231, 4), (232, 4), (152, 8), (323, 8)]
    record = struct.pack("!IIIIQQ", 1, 2, 81, 763, 1_700_000_000_000, 1_700_000_000_400)
    (rec,) = decoder.decode(v9([flowset(0, v9_template(256, fields)), flowset(256, record)]), "a")
    assert (rec.bytes, rec.reverse_bytes) == (81, 763)
    assert (rec.first, rec.last) == (1_700_000_000_000, 1_700_000_000_400)


def test_mac_direction_forwarding_status() -> None:
    fields = [(8, 4), (56, 6), (80, 6), (61, 1), (89, 1)]
    record = struct.pack("!I", 1) + bytes.fromhex("00112233445566778899aabb") + b"\x01\x82"
    (rec,) = _ipfix_one(fields, record)
    assert (rec.src_mac, rec.dst_mac) == (0x001122334455, 0x66778899AABB)
    assert (rec.direction, rec.forwarding_status) == (1, 0x82)


def test_absent_fields_have_documented_defaults() -> None:
    (rec,) = _ipfix_one([(8, 4)], struct.pack("!I", 1))
    assert (rec.icmp_type, rec.icmp_code, rec.direction, rec.forwarding_status) == (-1, -1, -1, -1)
    assert (rec.src_mac, rec.dst_mac, rec.reverse_bytes, rec.sampling_interval) == (0, 0, 0, 1)
    assert rec.first == rec.last == EXPORT * 1000  # no time field: the export time


def test_several_sets_and_padding() -> None:
    decoder = FlowDecoder()
    sets = [
        flowset(0, v9_template(256, V4_FIELDS) + v9_template(257, V4_FIELDS[:2])),
        flowset(256, v4_record() * 2 + b"\0\0\0"),  # padding shorter than a record
        flowset(257, struct.pack("!II", 5, 6) * 3),
        flowset(256, v4_record()),
    ]
    records = decoder.decode(v9(sets) + b"\0" * 600, "10.0.0.1")  # zero fill after the last set
    assert [r.template_id for r in records] == [256, 256, 257, 257, 257, 256]
    assert decoder.last_reject is None


def test_broken_set_keeps_earlier_flows_and_counts() -> None:
    decoder = FlowDecoder()
    good = [flowset(0, v9_template(256, V4_FIELDS)), flowset(256, v4_record())]
    broken = v9(good) + struct.pack("!HH", 256, 2000) + b"\x01" * 10
    assert len(decoder.decode(broken, "10.0.0.1")) == 1
    assert decoder.stats.malformed["bad_set"] == 1


# A variable-length field cut at the end of its set (RFC 7011 7): a 255 with no room for its
# 2-byte length, with half of it, and a length whose value runs past the set.
CUT_FIELDS = [b"\xff", b"\xff\x01", b"\xff\x01\x00abc", b"\x09abc"]


@pytest.mark.parametrize("cut", CUT_FIELDS)
def test_a_data_record_cut_in_its_variable_field_ends_the_set_and_counts(cut: bytes) -> None:
    decoder = FlowDecoder()
    fields = [(8, 4), (82, 65535)]
    whole = struct.pack("!I", 7) + varlen(b"eth0")
    sets = [
        flowset(2, ipfix_template(300, fields)),
        flowset(300, whole + struct.pack("!I", 8) + cut, pad=False),
        flowset(300, struct.pack("!I", 9) + varlen(b"x" * 300)),  # the next set is not affected
    ]
    records = decoder.decode(ipfix(sets), "10.0.0.1")
    assert [r.src_addr for r in records] == [7, 9]
    assert decoder.last_reject is not None
    assert decoder.last_reject[0] == "bad_set"
    assert decoder.stats.malformed["bad_set"] == 1
    assert decoder.stats.exporters["10.0.0.1"].malformed["bad_set"] == 1


@pytest.mark.parametrize("cut", CUT_FIELDS)
def test_an_options_record_cut_in_its_variable_field_ends_the_set_and_counts(cut: bytes) -> None:
    decoder = FlowDecoder()
    options = ipfix_options_template(301, 1, [(10, 4), (82, 65535)])  # ifIndex -> interfaceName
    cut_set = struct.pack("!I", 7) + varlen(b"wan0") + struct.pack("!I", 8) + cut
    sets = [
        flowset(3, options),
        flowset(301, cut_set, pad=False),
        flowset(301, struct.pack("!I", 9) + varlen(b"lan0")),
    ]
    assert decoder.decode(ipfix(sets), "10.0.0.1") == []
    assert decoder.interface_names("10.0.0.1") == {7: "wan0", 9: "lan0"}
    assert decoder.last_reject is not None
    assert decoder.last_reject[0] == "bad_set"
    assert decoder.stats.malformed["bad_set"] == 1
    assert decoder.stats.exporters["10.0.0.1"].malformed["bad_set"] == 1


def test_a_long_variable_field_uses_its_two_byte_length() -> None:
    """255 announces a 2-byte length; the record after a 300-byte value is read in step."""
    decoder = FlowDecoder()
    options = ipfix_options_template(301, 1, [(10, 4), (83, 65535)])  # interfaceDescription
    body = struct.pack("!I", 7) + varlen(b"d" * 300) + struct.pack("!I", 8) + varlen(b"wan1")
    sets = [flowset(3, options), flowset(301, body)]
    assert decoder.decode(ipfix(sets), "10.0.0.1") == []
    assert decoder.last_reject is None
    names = decoder.interface_names("10.0.0.1")
    assert names[8] == "wan1"
    assert names[7].startswith("ddd")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "too_short"),
        (b"\x00\x09", "too_short"),
        (struct.pack("!H", 7) + b"\0" * 30, "bad_version"),
        (v9([])[:15], "too_short"),
        (ipfix([])[:-1] + b"", "too_short"),
        (struct.pack("!HHIII", 10, 200, 0, 0, 0) + b"\0" * 20, "bad_length"),
        (v9([flowset(0, struct.pack("!HH", 12, 1) + b"\0\x08\0\x04")]), "bad_template"),
        (v9([flowset(0, struct.pack("!HH", 300, 1) + b"\0\x08\0\0")]), "template_empty"),
        (ipfix([flowset(3, struct.pack("!HHH", 300, 1, 2) + b"\0\x08\0\x04")]), "bad_template"),
        (v9([flowset(0, struct.pack("!HH", 300, 600))]), "bad_template"),
    ],
)
def test_rejections_are_counted_with_a_reason(data: bytes, reason: str) -> None:
    decoder = FlowDecoder()
    assert decoder.decode(data, "10.0.0.1") == []
    assert decoder.last_reject is not None
    assert decoder.last_reject[0] == reason
    assert decoder.stats.malformed[reason] == 1
    if reason in ("too_short", "bad_version", "bad_length"):
        # Not flow data at all: no exporter state is created for it.
        assert "10.0.0.1" not in decoder.stats.exporters
    else:
        assert decoder.stats.exporters["10.0.0.1"].malformed[reason] == 1


def test_v9_sequence_gap_and_reset() -> None:
    decoder = FlowDecoder()
    tpl = flowset(0, v9_template(256, V4_FIELDS))
    for seq in (10, 11, 15, 16, 3):
        decoder.decode(v9([tpl], seq=seq), "10.0.0.1")
    health = decoder.stats.exporters["10.0.0.1"]
    assert (health.sequence_gaps, health.lost, health.sequence_resets) == (1, 3, 1)


def test_ipfix_sequence_counts_data_records() -> None:
    decoder = FlowDecoder()
    tpl = flowset(2, ipfix_template(300, [(8, 4)]))
    decoder.decode(ipfix([tpl, flowset(300, b"\0\0\0\1" * 5)], seq=100), "a")
    decoder.decode(ipfix([flowset(300, b"\0\0\0\1" * 2)], seq=105), "a")
    decoder.decode(ipfix([flowset(300, b"\0\0\0\1")], seq=117), "a")  # 10 records lost
    health = decoder.stats.exporters["a"]
    assert (health.sequence_gaps, health.lost) == (1, 10)


def test_v9_options_sampling_scales_counters() -> None:
    decoder = FlowDecoder()
    sets = [
        flowset(1, v9_options_template(300, [(1, 4)], [(34, 4), (35, 1)])),
        flowset(300, struct.pack("!IIB", 0, 512, 2)),
        flowset(0, v9_template(256, V4_FIELDS)),
        flowset(256, v4_record(octets=100, packets=2)),
    ]
    (rec,) = decoder.decode(v9(sets), "10.0.0.1")
    assert (rec.bytes, rec.packets, rec.sampling_interval) == (51_200, 1024, 512)
    assert decoder.stats.exporters["10.0.0.1"].sampling_interval == 512


def test_ipfix_packet_interval_space_sampling() -> None:
    """RFC 5477: 1 packet taken (305), 99 skipped (306): 1 in 100."""
    decoder = FlowDecoder()
    sets = [
        flowset(3, ipfix_options_template(400, 1, [(143, 4), (305, 4), (306, 4)])),
        flowset(400, struct.pack("!III", 1, 1, 99)),
        flowset(2, ipfix_template(300, [(8, 4), (2, 4)])),
        flowset(300, struct.pack("!II", 1, 3)),
    ]
    (rec,) = decoder.decode(ipfix(sets), "10.0.0.1")
    assert (rec.packets, rec.sampling_interval) == (300, 100)


def test_sampler_id_in_records_selects_interval() -> None:
    """v9 FLOW_SAMPLER_ID (48) in data records picks the options record of that sampler."""
    decoder = FlowDecoder()
    sets = [
        flowset(1, v9_options_template(300, [(1, 4)], [(48, 1), (49, 1), (50, 4)])),
        flowset(300, struct.pack("!IBBI", 0, 1, 2, 10) + struct.pack("!IBBI", 0, 2, 2, 1000)),
        flowset(0, v9_template(256, [(8, 4), (2, 4), (48, 1)])),
        flowset(
            256,
            struct.pack("!IIB", 1, 1, 1)
            + struct.pack("!IIB", 2, 1, 2)
            + struct.pack("!IIB", 3, 1, 9),
        ),
    ]
    records = decoder.decode(v9(sets), "10.0.0.1")
    assert [(r.packets, r.sampling_interval) for r in records] == [(10, 10), (1000, 1000), (1, 1)]


def test_ipfix_interface_names() -> None:
    decoder = FlowDecoder()
    sets = [
        flowset(3, ipfix_options_template(400, 1, [(10, 4), (82, 65535)])),
        flowset(
            400, struct.pack("!I", 3) + varlen(b"wan\0") + struct.pack("!I", 4) + varlen(b"lan")
        ),
    ]
    decoder.decode(ipfix(sets), "10.0.0.1")
    assert decoder.interface_names("10.0.0.1") == {3: "wan", 4: "lan"}


def test_concatenated_messages_in_one_datagram() -> None:
    decoder = FlowDecoder()
    tpl = flowset(2, ipfix_template(300, [(8, 4)]))
    first = ipfix([tpl, flowset(300, b"\0\0\0\1")], seq=0)
    second = ipfix([flowset(300, b"\0\0\0\2")], seq=1)
    assert [r.src_addr for r in decoder.decode(first + second, "a")] == [1, 2]
    assert decoder.stats.datagrams == 1
