"""softflowd's exports of synthetic.pcap decode to exactly the flows nfdump decoded from them."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from custom_components.netwatch.engine.flow import FlowDecoder
from custom_components.netwatch.engine.records import FlowRecord
from tests.helpers import testdata

from .oracle import nfdump_flow, our_flow, unmatched

SOFTFLOWD = ("netflow", "softflowd")


def _decode_dir(version: int) -> tuple[FlowDecoder, list[FlowRecord]]:
    decoder = FlowDecoder()
    records: list[FlowRecord] = []
    for path in sorted(testdata(*SOFTFLOWD, f"raw_v{version}").iterdir()):
        records += decoder.decode(path.read_bytes(), "127.0.0.1")
        assert decoder.last_reject is None, (path.name, decoder.last_reject)
    return decoder, records


def _oracle(version: int) -> list[dict[str, object]]:
    path: Path = testdata(*SOFTFLOWD, f"nfdump_oracle_v{version}.json")
    return [nfdump_flow(obj) for obj in json.loads(path.read_text())]


@pytest.mark.parametrize("version", [5, 9, 10])
def test_flows_equal_nfdump(version: int) -> None:
    decoder, records = _decode_dir(version)
    theirs = _oracle(version)
    ours_left, theirs_left = unmatched([our_flow(r) for r in records], theirs, tolerance_ms=1)
    assert not ours_left
    assert not theirs_left
    assert len(records) == len(theirs)
    assert decoder.stats.flows == len(theirs)
    assert decoder.stats.malformed_total == 0


@pytest.mark.parametrize("version", [5, 9, 10])
def test_export_health(version: int) -> None:
    decoder, records = _decode_dir(version)
    health = decoder.stats.exporters["127.0.0.1"]
    datagrams = len(list(testdata(*SOFTFLOWD, f"raw_v{version}").iterdir()))
    assert health.datagrams == datagrams
    assert health.flows == len(records)
    # Every export datagram arrived, in order: the sequence numbers must say so.
    assert health.sequence_gaps == 0
    assert health.sequence_resets == 0
    assert health.unknown_template == 0
    assert health.version == version
    assert {r.version for r in records} == {version}


@pytest.mark.parametrize("version", [9, 10])
def test_templates_ipv6_and_icmp(version: int) -> None:
    """raw_v9/0000.bin carries templates 1024/1025 (IPv4), 2048/2049 (IPv6) and options 256."""
    decoder, records = _decode_dir(version)
    assert decoder.stats.templates == 5
    assert Counter(r.ip_version for r in records) == Counter({4: 75, 6: 1})
    icmp = [r for r in records if r.protocol == 1]
    assert [(r.icmp_type, r.icmp_code, r.src_port, r.dst_port) for r in icmp] == [(8, 0, 0, 0)]
    # The pcap's SYN scan: 60 flows from 67.43.156.7 to ports 20-79 (scripts/gen_pcap.py).
    scan = [r for r in records if r.src_addr == 0x432B9C07]
    assert sorted(r.dst_port for r in scan) == list(range(20, 80))
    assert {r.template_id for r in records} == {1024, 1025, 2048}
    # softflowd's options record says "unsampled" and (v9, interface scope) names the interface
    # after the pcap it read: the bytes "synthetic.pcap" are in raw_v9/0000.bin.
    assert {r.sampling_interval for r in records} == {1}
    if version == 9:
        assert decoder.interface_names("127.0.0.1") == {0: "synthetic.pcap"}


def test_v5_drops_ipv6() -> None:
    _, records = _decode_dir(5)
    assert {r.ip_version for r in records} == {4}
    assert {r.template_id for r in records} == {0}
    assert {(r.direction, r.forwarding_status) for r in records} == {(-1, -1)}
