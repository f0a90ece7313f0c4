"""The SYN scan inside the softflowd exports in tests/data is found from flows alone.

scripts/gen_pcap.py (beside the exports) sends one SYN from 67.43.156.7:40000 to each port 20-79
of 192.0.2.10; the rest of the capture is ordinary traffic that must not look like a scan: four
complete TCP sessions to 443, DNS answered by 198.51.100.53, four pings, and three SYNs from
2001:218::1 to port 22 (one port: a connection attempt, not a scan).
"""

from __future__ import annotations

import json

import geoip2.database
import geoip2.errors
import pytest

from custom_components.netwatch.engine.addr import NetworkSet, addr_to_str, parse_addr
from custom_components.netwatch.engine.flow import FlowDecoder
from custom_components.netwatch.engine.records import FlowRecord
from custom_components.netwatch.engine.scan import ScanDetector, ScanEvent, ScanSettings, Severity
from tests import helpers
from tests.engine.flow.oracle import nfdump_flow

from .support import FakeClock

SCANNER = "67.43.156.7"
TARGET = "192.0.2.10"
SCANNED_PORTS = set(range(20, 80))  # gen_pcap.py: for dport in range(20, 80)
# The capture's home is the documentation network its server lives in.
HOME = NetworkSet.from_cidrs(["192.0.2.0/24", "2001:db8::/32"])


def _country_fn():
    reader = geoip2.database.Reader(str(helpers.testdata("geoip", "GeoLite2-Country-Test.mmdb")))

    def country(version: int, address: int) -> str | None:
        try:
            return reader.country(addr_to_str(version, address)).country.iso_code
        except geoip2.errors.AddressNotFoundError:
            return None

    return reader, country


def _decoded_batches(version: int) -> list[list[FlowRecord]]:
    decoder = FlowDecoder()
    folder = helpers.testdata("netflow", "softflowd", f"raw_v{version}")
    return [decoder.decode(p.read_bytes(), "127.0.0.1") for p in sorted(folder.iterdir())]


def _oracle_batch(version: int) -> list[list[FlowRecord]]:
    """Build FlowRecords from nfdump's decoding of the same export (an independent decoder)."""
    path = helpers.testdata("netflow", "softflowd", f"nfdump_oracle_v{version}.json")
    records = []
    for obj in json.loads(path.read_text()):
        flow = nfdump_flow(obj)
        ip_version, src = parse_addr(flow["src"])
        _, dst = parse_addr(flow["dst"])
        icmp_type, icmp_code = flow["icmp"] or (-1, -1)
        records.append(
            FlowRecord(
                exporter="127.0.0.1",
                version=version,
                template_id=0,
                ip_version=ip_version,
                src_addr=src,
                dst_addr=dst,
                src_port=flow["src_port"],
                dst_port=flow["dst_port"],
                protocol=flow["protocol"],
                tcp_flags=flow["tcp_flags"],
                tos=0,
                bytes=flow["bytes"],
                packets=flow["packets"],
                first=flow["first"],
                last=flow["last"],
                sampling_interval=1,
                reverse_bytes=flow["reverse_bytes"],
                reverse_packets=flow["reverse_packets"],
                in_if=0,
                out_if=0,
                icmp_type=icmp_type,
                icmp_code=icmp_code,
                src_mac=0,
                dst_mac=0,
                direction=-1,
                forwarding_status=-1,
            )
        )
    return [records]


def _detect(batches: list[list[FlowRecord]]) -> tuple[list[ScanEvent], ScanDetector]:
    reader, country = _country_fn()
    clock = FakeClock()
    det = ScanDetector(is_home=HOME.contains, country_fn=country, clock=clock)
    notices = []
    with reader:
        for batch in batches:
            notices += det.add_flows(batch)
            clock.advance(1)
        clock.advance(det.settle)
        notices += det.flush()
    assert all(isinstance(n, ScanEvent) for n in notices)
    return notices, det  # type: ignore[return-value]


def _assert_the_syn_scan(events: list[ScanEvent], det: ScanDetector) -> None:
    assert len(events) == 1, [e.source for e in events]
    event = events[0]
    assert event.source == SCANNER
    assert event.country == "BT"  # MaxMind's test database: 67.43.156.0/24 -> BT
    assert event.evidence == "flow"
    assert event.targets == (TARGET,)
    assert event.port_count == len(SCANNED_PORTS)
    assert {p.port for p in event.ports} <= SCANNED_PORTS
    assert event.attempts == len(SCANNED_PORTS)  # one SYN per port
    assert event.protocols == ("tcp",)
    # ftp, ssh, telnet, smtp and dns are among 20-79: sixty ports plus that intent.
    assert set(event.known_scanner_ports) == {"ftp", "ssh", "telnet", "smtp", "dns"}
    assert event.severity is Severity.HIGH
    stats = det.stats
    # Everything else was classified, not silently dropped: the sessions are established, the
    # DNS answers come from a service port, the pings and the IPv6 SYNs are probes.
    assert stats.ignored.get("established", 0) >= 4
    assert stats.ignored.get("reply", 0) == 3
    assert stats.probes == len(SCANNED_PORTS) + 1 + 1  # + one ping flow + one IPv6 SYN flow


@pytest.mark.parametrize("version", [9, 10])
def test_syn_scan_found_in_our_decoding_of_the_export(version: int) -> None:
    events, det = _detect(_decoded_batches(version))
    _assert_the_syn_scan(events, det)


@pytest.mark.parametrize("version", [9, 10])
def test_syn_scan_found_in_nfdumps_decoding_of_the_export(version: int) -> None:
    events, det = _detect(_oracle_batch(version))
    _assert_the_syn_scan(events, det)


def test_v5_export_finds_the_same_scan() -> None:
    events, _ = _detect(_decoded_batches(5))
    assert [e.source for e in events] == [SCANNER]
    assert events[0].port_count == len(SCANNED_PORTS)


def test_scan_threshold_above_the_scan_finds_nothing() -> None:
    reader, country = _country_fn()
    with reader:
        det = ScanDetector(
            is_home=HOME.contains,
            settings=ScanSettings(min_ports=61, settle=0),
            country_fn=country,
        )
        assert [n for batch in _decoded_batches(9) for n in det.add_flows(batch)] == []
