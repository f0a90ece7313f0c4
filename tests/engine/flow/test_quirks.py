"""Vendor quirks: FortiGate's uptime wrap, YAF's TCP flags, estimated IPFIX times."""

from __future__ import annotations

import socket
import struct
from pathlib import Path

from custom_components.netwatch.engine.addr import addr_to_str
from custom_components.netwatch.engine.flow import FlowDecoder
from custom_components.netwatch.engine.flow.ies import PEN_CERT
from tests.helpers import testdata as shared

from .wire import (
    V4_FIELDS,
    flowset,
    ipfix,
    ipfix_options_template,
    ipfix_template,
    v4_record,
    v9,
    v9_template,
)

YAF = Path(__file__).parent / "fixtures" / "yaf_logstash"
WRAP = 1 << 32
DAY = 86_400_000
UPTIME = 1_000_000
SECS = 1_500_356_519  # 2017-07-18T05:41:59Z, the FortiOS 5.2.1 export (logstash-codec-netflow)
# FortiOS 5.2.1's template 257 as logstash-codec-netflow decodes it: addresses, ports, protocol,
# packets, octets, interfaces, last/first switched.
FORTI_FIELDS = [(8, 4), (12, 4), (7, 2), (11, 2), (4, 1), (2, 4), (1, 4), (10, 2), (14, 2),
                (21, 4), (22, 4)]  # fmt: skip


def forti_record(first: int, last: int, sport: int = 61910) -> bytes:
    """192.168.99.7 -> 31.13.87.36:443, 3 packets, 152 bytes (the logstash sample's flow)."""
    return struct.pack("!4s4sHHBIIHHII", socket.inet_aton("192.168.99.7"),
                       socket.inet_aton("31.13.87.36"), sport, 443, 6, 3, 152, 9, 3, last,
                       first)  # fmt: skip


def forti_datagram(records: list[bytes], secs: int = SECS) -> bytes:
    tpl = flowset(0, v9_template(257, FORTI_FIELDS))
    return v9([tpl, flowset(257, b"".join(records))], uptime=UPTIME, secs=secs)


def test_fortigate_switch_times_above_sysuptime_are_from_before_the_wrap() -> None:
    """FortiGate: first/last switched ~7 days above sysUptime; nfdump 1.7.10 subtracts 2^32."""
    boot = SECS * 1000 - UPTIME
    first, last = UPTIME + 7 * DAY, UPTIME + 7 * DAY + 9_000
    (rec,) = FlowDecoder().decode(forti_datagram([forti_record(first, last)]), "192.0.2.9")
    assert (rec.first, rec.last) == (boot + first - WRAP, boot + last - WRAP)
    assert rec.last < SECS * 1000  # before the export, not a week after it
    assert rec.times_estimated is False
    # Only the value above the header's uptime is from before the wrap.
    (rec,) = FlowDecoder().decode(forti_datagram([forti_record(first, UPTIME - 5)]), "a")
    assert (rec.first, rec.last) == (boot + first - WRAP, boot + UPTIME - 5)


def test_a_clock_that_never_wrapped_keeps_its_times() -> None:
    """An exporter clock within 2^32 ms of 1970 cannot have wrapped (nprobe's test capture)."""
    data = forti_datagram([forti_record(UPTIME + 10_000, UPTIME + 12_000)], secs=502)
    (rec,) = FlowDecoder().decode(data, "a")
    boot = 502_000 - UPTIME
    assert (rec.first, rec.last) == (boot + UPTIME + 10_000, boot + UPTIME + 12_000)


def _yaf_silk(initial: int, union: int) -> bytes:
    """YAF --silk: initialTCPFlags / unionTCPFlags (CERT IEs 14/15) in the flow record itself."""
    fields = [(152, 8), (153, 8), (85, 8), (86, 8), (8, 4), (12, 4), (7, 2), (11, 2), (4, 1),
              (14, 1, PEN_CERT), (15, 1, PEN_CERT)]  # fmt: skip
    body = struct.pack("!QQQQ4s4sHHBBB", 1_482_670_713_345, 1_482_670_714_347, 172, 4,
                       socket.inet_aton("172.16.32.100"), socket.inet_aton("172.16.32.215"),
                       63499, 9997, 6, initial, union)  # fmt: skip
    return ipfix([flowset(2, ipfix_template(45841, fields)), flowset(45841, body)])


def test_yaf_initial_and_union_flags_in_the_record() -> None:
    """The logstash YAF sample: initialTCPFlags 194, unionTCPFlags 17 -> flags 0xD3."""
    (rec,) = FlowDecoder().decode(_yaf_silk(194, 17), "172.16.32.201")
    assert rec.tcp_flags == 194 | 17
    (rec,) = FlowDecoder().decode(_yaf_silk(0x02, 0), "172.16.32.201")
    assert rec.tcp_flags == 0x02


def test_yaf_flags_in_a_subtemplate_multilist() -> None:
    """YAF's default export: the flags are in template 49155 sub-records of IE 293."""
    decoder = FlowDecoder()
    assert decoder.decode((YAF / "templates.bin").read_bytes(), "10.200.201.29") == []
    records = decoder.decode((YAF / "data45825.bin").read_bytes(), "10.200.201.29")
    assert decoder.last_reject is None
    assert len(records) == 25
    tcp = [r for r in records if r.protocol == 6]
    assert len(tcp) == 22
    # Client flows: SYN first, then FIN|PSH|ACK (02, 19); server flows SYN|ACK first (12, 19).
    for rec in tcp:
        initial = 0x02 if rec.dst_port == 80 else 0x12
        assert rec.tcp_flags == initial | 0x19, (rec.src_port, rec.dst_port)
    first = records[0]
    assert (addr_to_str(4, first.src_addr), first.src_port, first.dst_port) == (
        "10.200.201.29", 44438, 80,
    )  # fmt: skip
    assert (first.bytes, first.packets, first.last - first.first) == (1320, 8, 17)
    # ICMP and UDP flows carry an empty list: no flags.
    assert {r.tcp_flags for r in records if r.protocol != 6} == {0}


def test_yaf_list_without_its_subtemplate_gives_no_flags() -> None:
    decoder = FlowDecoder()
    templates = (YAF / "templates.bin").read_bytes()
    decoder.decode(templates, "a")
    # Withdraw template 49155 (RFC 7011 8.1): the lists now point at an unknown template.
    withdraw = ipfix([flowset(2, struct.pack("!HH", 49155, 0))])
    decoder.decode(withdraw, "a")
    records = decoder.decode((YAF / "data45825.bin").read_bytes(), "a")
    assert len(records) == 25
    assert {r.tcp_flags for r in records} == {0}


def test_ipfix_uptime_times_without_system_init_are_marked_estimated() -> None:
    tpl = flowset(2, ipfix_template(300, [(8, 4), (22, 4), (21, 4)]))
    data = flowset(300, struct.pack("!III", 1, 5_000, 7_000))
    (rec,) = FlowDecoder().decode(ipfix([tpl, data]), "10.0.0.1")
    assert rec.times_estimated is True
    boot = 1_699_000_000_000
    opts = flowset(3, ipfix_options_template(400, 1, [(143, 4), (160, 8)]))
    opts_data = flowset(400, struct.pack("!IQ", 1, boot))
    (rec,) = FlowDecoder().decode(ipfix([opts, opts_data, tpl, data]), "10.0.0.1")
    assert (rec.first, rec.times_estimated) == (boot + 5_000, False)


def test_records_without_time_fields_are_marked_estimated() -> None:
    tpl = flowset(2, ipfix_template(300, [(8, 4), (12, 4)]))
    (rec,) = FlowDecoder().decode(ipfix([tpl, flowset(300, bytes(8))]), "10.0.0.1")
    assert (rec.first, rec.times_estimated) == (1_700_000_000_000, True)


def test_exporter_times_are_not_marked() -> None:
    data = v9([flowset(0, v9_template(256, V4_FIELDS)), flowset(256, v4_record())])
    (rec,) = FlowDecoder().decode(data, "10.0.0.1")
    assert rec.times_estimated is False
    barracuda = [shared("netflow", "vendor", f"ipfix_test_barracuda_{n}.dat") for n in
                 ("tpl", "data256")]  # fmt: skip
    decoder = FlowDecoder()
    records = [r for p in barracuda for r in decoder.decode(p.read_bytes(), "10.0.0.2")]
    assert records
    assert {r.times_estimated for r in records} == {True}  # uptime times, no systemInitTime
