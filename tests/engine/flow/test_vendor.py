"""All 69 vendor datagrams: decoded (with their templates) or rejected, checked against nfdump.

nfdump 1.7.1 decoded each vendor group sent from its own exporter address (nfdump_oracle.json).
Where we differ from it, the test says why and checks our value against the wire or the RFC.
"""

from __future__ import annotations

import json
import struct
from functools import cache
from typing import Any

import pytest

from custom_components.netwatch.engine.flow import FlowDecoder
from custom_components.netwatch.engine.records import FlowRecord
from tests.helpers import testdata

from .oracle import nfdump_flow, our_flow, unmatched

VENDOR = ("netflow", "vendor")

# Records per file. Each group's total equals nfdump's (except ipfix.dat, see below); a group with
# several data files splits as its data sets do (ixia: one var-length record in the first file,
# two in the second; vmware: one data set of 1, 2 and 1+1 records).
RECORDS_PER_FILE = {
    "ipfix.dat": 12,
    "ipfix_test_barracuda_data256.dat": 8,
    "ipfix_test_barracuda_extended_uniflow_data256.dat": 2,
    "ipfix_test_ixia_tpldata256.dat": 1,
    "ipfix_test_ixia_tpldata271.dat": 2,
    "ipfix_test_netscaler_data.dat": 3,
    "ipfix_test_nokia_bras_data256.dat": 1,
    "ipfix_test_procera_data52935.dat": 8,
    "ipfix_test_viptela_data257.dat": 1,
    "ipfix_test_vmware_vds_data264.dat": 1,
    "ipfix_test_vmware_vds_data266.dat": 2,
    "ipfix_test_vmware_vds_data266_267.dat": 2,
    "netflow5.dat": 30,
    "netflow5_test_juniper_mx80.dat": 29,
    "netflow9_cisco_asr1001x_tpl259.dat": 25,
    "netflow9_test_0length_fields_tpl_data.dat": 10,
    "netflow9_test_cisco_1941K9.dat": 29,
    "netflow9_test_cisco_aci_data256.dat": 3,
    "netflow9_test_cisco_asa_1_data.dat": 14,
    "netflow9_test_cisco_asa_2_data.dat": 19,
    "netflow9_test_cisco_asr9k_data260.dat": 21,
    "netflow9_test_cisco_nbar_data262.dat": 5,
    "netflow9_test_cisco_wlc_data261.dat": 19,
    "netflow9_test_field_layer2segmentid_data.dat": 1,
    "netflow9_test_huawei_netstream_data.dat": 1,
    "netflow9_test_invalid01.dat": 2,
    "netflow9_test_iptnetflow_reduced_size_encoding_tpldata260.dat": 12,
    "netflow9_test_macaddr_data.dat": 29,
    "netflow9_test_nprobe_data.dat": 1,
    "netflow9_test_nprobe_dpi.dat": 1,
    "netflow9_test_paloalto_81_data257_1flowset_in_large_zerofilled_packet.dat": 1,
    "netflow9_test_paloalto_panos_data.dat": 8,
    "netflow9_test_softflowd_tpl_data.dat": 7,
    "netflow9_test_streamcore_tpl_data256.dat": 2,
    "netflow9_test_streamcore_tpl_data260.dat": 2,
    "netflow9_test_unknown_tpl266_292_data.dat": 2,
    "netflow9_test_valid01.dat": 7,
}
REJECTED = {
    # v5 header count larger than the records present (nfdump drops them too).
    "netflow5_test_invalid01.dat": "bad_count",
    "netflow5_test_invalid02.dat": "bad_count",
}
# Groups where nfdump found no usable time and printed 1970-01-01: no time field at all (1941K9,
# WLC, macaddr), IPFIX seconds (150/151: viptela, "unknown"), NTP microseconds (154/155:
# netscaler) or uptime without systemInitTime (barracuda), or only one end (ASA: 152 start only;
# Nokia: 152 only). We compare all other fields and check times separately.
NFDUMP_NO_TIME = {
    "ipfix_test_barracuda",
    "ipfix_test_barracuda_extended_uniflow",
    "ipfix_test_netscaler",
    "ipfix_test_nokia_bras",
    "ipfix_test_procera",
    "ipfix_test_viptela",
    "netflow9_test_cisco_1941K9",
    "netflow9_test_cisco_asa_1",
    "netflow9_test_cisco_asa_2",
    "netflow9_test_cisco_wlc",
    "netflow9_test_macaddr",
    "netflow9_test_unknown",
}
# Groups where a field differs from nfdump for a reason checked in its own test below.
IGNORED = {
    "ipfix": ("first", "last"),
    "ipfix_test_procera": ("src", "dst", "icmp"),
    "netflow9_test_cisco_nbar": ("icmp",),
    "netflow9_test_invalid01": ("bytes", "packets"),
    "netflow9_test_softflowd": ("icmp",),
    "netflow9_test_valid01": ("icmp",),
}


@cache
def _oracle() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(testdata(*VENDOR, "nfdump_oracle.json").read_text())
    return data


def _decode_group(group: str) -> tuple[FlowDecoder, dict[str, list[FlowRecord]]]:
    decoder = FlowDecoder()
    per_file: dict[str, list[FlowRecord]] = {}
    for name in _oracle()[group]["files_in_order"]:
        per_file[name] = decoder.decode(testdata(*VENDOR, name).read_bytes(), f"exporter-{group}")
        assert decoder.last_reject is None or name in REJECTED, (name, decoder.last_reject)
    return decoder, per_file


def _records(group: str) -> list[FlowRecord]:
    return [r for recs in _decode_group(group)[1].values() for r in recs]


def test_every_file_is_covered() -> None:
    files = {p.name for p in testdata(*VENDOR).iterdir() if p.suffix == ".dat"}
    in_groups = {f for g in _oracle().values() for f in g["files_in_order"]}
    assert len(files) == 69
    assert files == in_groups


@pytest.mark.parametrize("group", sorted(_oracle()))
def test_group_against_nfdump(group: str) -> None:
    decoder, per_file = _decode_group(group)
    for name, records in per_file.items():
        assert len(records) == RECORDS_PER_FILE.get(name, 0), name
    ours = [our_flow(r) for recs in per_file.values() for r in recs]
    theirs = [nfdump_flow(o) for o in _oracle()[group]["nfdump_flows"]]
    if group != "ipfix":
        assert len(ours) == len(theirs)
    ignore = IGNORED.get(group, ())
    times = group not in NFDUMP_NO_TIME and "first" not in ignore
    left, missing = unmatched(ours, theirs, ignore=ignore, compare_times=times)
    if group == "ipfix":  # nfdump read only the first of three concatenated messages
        assert len(left) == 6
        left = []
    assert not left
    assert not missing
    assert decoder.stats.flows == len(ours)


@pytest.mark.parametrize(("name", "reason"), sorted(REJECTED.items()))
def test_invalid_rejected_with_reason(name: str, reason: str) -> None:
    decoder = FlowDecoder()
    assert decoder.decode(testdata(*VENDOR, name).read_bytes(), "192.0.2.1") == []
    assert decoder.last_reject is not None
    assert decoder.last_reject[0] == reason
    assert decoder.stats.malformed[reason] == 1
    # A header that does not add up creates no exporter state (a flood of them costs nothing).
    assert "192.0.2.1" not in decoder.stats.exporters


def _export_ms(name: str) -> int:
    data = testdata(*VENDOR, name).read_bytes()
    version = struct.unpack_from("!H", data)[0]
    return int(struct.unpack_from("!I", data, 8 if version == 9 else 4)[0]) * 1000


@pytest.mark.parametrize(
    "group",
    ["netflow9_test_cisco_1941K9", "netflow9_test_cisco_wlc", "netflow9_test_macaddr"],
)
def test_no_time_fields_take_export_time(group: str) -> None:
    """Templates without any time field: the flow is stamped with the header's export time."""
    last_file = _oracle()[group]["files_in_order"][-1]
    records = _records(group)
    assert {(r.first, r.last) for r in records} == {(_export_ms(last_file),) * 2}


def test_ipfix_seconds_and_ntp_times() -> None:
    """Viptela sends flowStart/EndSeconds equal to its export second; Netscaler NTP times."""
    (viptela,) = _records("ipfix_test_viptela")
    assert viptela.first == viptela.last == _export_ms("ipfix_test_viptela_data257.dat")
    export = _export_ms("ipfix_test_netscaler_data.dat")
    for rec in _records("ipfix_test_netscaler"):
        assert abs(rec.first - export) < 10_000


def test_ipfix_uptime_without_system_init_is_anchored_at_export() -> None:
    """Barracuda sends uptime times (21/22) but no systemInitTimeMilliseconds."""
    records = _records("ipfix_test_barracuda")
    assert max(r.last for r in records) == _export_ms("ipfix_test_barracuda_data256.dat")
    assert all(0 <= r.last - r.first < 60_000 for r in records)


def test_asa_counters_and_event_time() -> None:
    """ASA NSEL: bytes from initiator/responder octets (231/232) or octetTotalCount (85)."""
    asa2 = _records("netflow9_test_cisco_asa_2")
    theirs = _oracle()["netflow9_test_cisco_asa_2"]["nfdump_flows"]
    assert sorted(r.reverse_bytes for r in asa2) == sorted(o.get("out_bytes", 0) for o in theirs)
    # nfdump leaves "last" empty; we take observationTimeMilliseconds (323), never before first.
    for rec in [*asa2, *_records("netflow9_test_cisco_asa_1")]:
        assert 0 <= rec.last - rec.first < 60_000
    icmp = _records("netflow9_test_cisco_asa_1")
    assert {r.protocol for r in icmp} == {1}
    assert all(r.icmp_type in (0, 3, 8) and r.src_port == r.dst_port == 0 for r in icmp)


def test_ipfix_concatenated_messages_and_swapped_uptimes() -> None:
    """ipfix.dat holds three IPFIX messages; nfdump read the first and swapped IE 21/22.

    RFC 7012: IE 22 is flowStartSysUpTime and IE 21 flowEndSysUpTime, relative to the
    systemInitTimeMilliseconds (IE 160) of the options record, so first <= last.
    """
    data = testdata(*VENDOR, "ipfix.dat").read_bytes()
    decoder = FlowDecoder()
    counts, pos = [], 0
    while pos < len(data):
        length = struct.unpack_from("!H", data, pos + 2)[0]
        counts.append(len(decoder.decode(data[pos : pos + length], "192.0.2.1")))
        pos += length
    # The headers' sequence numbers (6, 7, 12: records so far, softflowd-style) agree.
    assert counts == [6, 1, 5]
    assert decoder.stats.sequence_gaps == 0
    records = _records("ipfix")
    theirs = [nfdump_flow(o) for o in _oracle()["ipfix"]["nfdump_flows"]]
    swapped = [{**t, "first": t["last"], "last": t["first"]} for t in theirs]
    left, missing = unmatched([our_flow(r) for r in records[:6]], swapped)
    assert not left
    assert not missing
    assert all(r.first <= r.last for r in records)


def test_procera_mixed_address_families() -> None:
    """Procera puts IPv4 and IPv6 fields in one template; a record uses the non-zero family."""
    records = _records("ipfix_test_procera")
    theirs = _oracle()["ipfix_test_procera"]["nfdump_flows"]
    assert [r.ip_version for r in records] == [6 if o["proto"] == 58 else 4 for o in theirs]
    for rec, obj in zip(records, theirs, strict=True):
        assert rec.src_addr
        assert rec.dst_addr
        if rec.ip_version == 6:  # nfdump shows the IPv6 ones; for IPv4 it printed 0.0.0.0
            assert our_flow(rec)["src"] == obj["src6_addr"]


def test_icmp_type_from_destination_port() -> None:
    """Without IE 32/139 the type/code is the destination port (type * 256 + code).

    nbar's template also has udpDestinationPort (181) = 0, which nfdump let overwrite IE 11;
    the old softflowd v9 export puts 0x8600 (134, router advertisement) there for fe80:: ->
    ff02::1, which nfdump only decodes for IPv4.
    """
    nbar = _records("netflow9_test_cisco_nbar")
    data = testdata(*VENDOR, "netflow9_test_cisco_nbar_data262.dat").read_bytes()
    # Template 262 (netflow9_test_cisco_nbar_tpl262.dat) field lengths; IE 11 is the 7th field.
    lengths = [4, 4, 4, 4, 4, 2, 2, 1, 1, 1, 1, 1, 6, 6, 2, 2, 2, 2, 4, 4, 4, 4, 4, 4, 4, 4]
    size, offset = sum(lengths), sum(lengths[:6])
    raw_ports = [struct.unpack_from("!H", data, 24 + i * size + offset)[0] for i in range(5)]
    for rec, port in zip(nbar, raw_ports, strict=True):
        if rec.protocol == 1:
            assert (rec.icmp_type, rec.icmp_code) == divmod(port, 256) == (8, 0)
            assert rec.dst_port == 0
        else:
            assert rec.dst_port == port
    for group in ("netflow9_test_softflowd", "netflow9_test_valid01"):
        (ra,) = [r for r in _records(group) if r.protocol == 58]
        assert (ra.icmp_type, ra.icmp_code) == (134, 0)


def test_v9_options_sampling_interval_scales_counters() -> None:
    """netflow9_test_invalid01's options record (IE 34) says 1 in 100; nfdump ignored it."""
    data = testdata(*VENDOR, "netflow9_test_invalid01.dat").read_bytes()
    # Options data set at byte 162: set header, 4-byte interface scope, then IE 34.
    interval = struct.unpack_from("!I", data, 162 + 4 + 4)[0]
    assert interval == 100
    records = _records("netflow9_test_invalid01")
    theirs = _oracle()["netflow9_test_invalid01"]["nfdump_flows"]
    assert sorted(r.bytes for r in records) == sorted(o["in_bytes"] * interval for o in theirs)
    assert {r.sampling_interval for r in records} == {interval}


def test_v5_header_sampling() -> None:
    """Juniper MX80 v5 header: interval 1000 in the low 14 bits; nfdump scales the same way."""
    records = _records("netflow5_test_juniper_mx80")
    assert {r.sampling_interval for r in records} == {1000}
    assert all(r.packets % 1000 == 0 for r in records)


def test_ipfix_options_sampling_and_system_init() -> None:
    """Juniper MX240's options record: samplingInterval 1000 for observation domain 524288."""
    decoder, _ = _decode_group("ipfix_test_juniper_mx240_junos151r6s3")
    health = decoder.stats.exporters["exporter-ipfix_test_juniper_mx240_junos151r6s3"]
    assert health.sampling_interval == 1000
    assert decoder.stats.templates == 1


def test_options_interface_names() -> None:
    """ASR9k options template 256 (interface description, IE 83) names its interfaces."""
    decoder, per_file = _decode_group("netflow9_test_cisco_asr9k")
    names = decoder.interface_names("exporter-netflow9_test_cisco_asr9k")
    assert len(names) == 19
    assert names[74] == "TenGigE0_0_1_0"
    assert per_file["netflow9_test_cisco_asr9k_data256.dat"] == []  # options data only


def test_reduced_size_encoding_and_pending_sets() -> None:
    """ipt-netflow: template 260 with 2-byte interfaces; sets of templates 259/262 never defined."""
    decoder, _ = _decode_group("netflow9_test_iptnetflow_reduced_size_encoding")
    assert decoder.stats.unknown_template == 6
    assert decoder.stats.pending == 6
    assert (
        decoder.stats.exporters["exporter-netflow9_test_iptnetflow_reduced_size_encoding"].pending
        == 6
    )


def test_bidirectional_post_counters() -> None:
    """IE 23/24 (postOctet/PacketDeltaCount) are the reverse direction, as nfdump's out_bytes."""
    records = _records("netflow9_test_0length_fields")
    theirs = _oracle()["netflow9_test_0length_fields"]["nfdump_flows"]
    assert sum(r.reverse_bytes for r in records) == sum(o["out_bytes"] for o in theirs) > 0


def test_mac_addresses() -> None:
    records = _records("netflow9_test_macaddr")
    assert all(r.src_mac and r.dst_mac for r in records)
    assert all(r.src_mac < 1 << 48 for r in records)
