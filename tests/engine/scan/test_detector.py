"""Scan detection over firewall lines: thresholds, window, settle, cooldown, cap, severity."""

from __future__ import annotations

import json

import pytest

from custom_components.netwatch.engine.addr import parse_addr
from custom_components.netwatch.engine.records import Direction, Verdict, iso_time
from custom_components.netwatch.engine.scan import (
    DEFAULT_MIN_PORTS,
    DEFAULT_MIN_TARGETS,
    DEFAULT_SETTLE,
    ScanDetector,
    ScanEvent,
    ScanSettings,
    ScanSummary,
    Severity,
)

from .support import T0, WAN, FakeClock, deny, detector

SCANNER = "198.51.100.7"


def _scan(det, clock, src, ports, *, dst=WAN, step=1.0, protocol=6):
    out = []
    for port in ports:
        out += det.add_firewall_event(deny(src, port, dst, protocol=protocol))
        clock.advance(step)
    return out


def _only_event(notices) -> ScanEvent:
    assert len(notices) == 1, notices
    assert isinstance(notices[0], ScanEvent)
    return notices[0]


def test_single_packets_to_telnet_are_background_noise() -> None:
    clock = FakeClock()
    det = detector(clock, settle=0)
    out = []
    for i in range(200):  # 200 bots, one telnet probe each, plus one bot retrying 50 times
        out += det.add_firewall_event(deny(f"198.18.0.{i % 250}", 23))
        out += det.add_firewall_event(deny(SCANNER, 23))
    clock.advance(4000)
    out += det.flush()
    assert out == []
    assert det.stats.probes == 400
    assert det.stats.scans_24h == 0


def test_port_threshold_fires_once_after_settle_with_the_whole_scan() -> None:
    clock = FakeClock()
    det = detector(clock)
    ports = list(range(1000, 1000 + DEFAULT_MIN_PORTS - 1))
    assert _scan(det, clock, SCANNER, ports) == []
    clock.advance(DEFAULT_SETTLE * 2)
    assert det.flush() == []  # nine ports is not a scan, however long we wait

    more = list(range(2000, 2010))
    assert _scan(det, clock, SCANNER, more) == []  # crossed, but settling
    assert det.stats.pending == 1
    clock.advance(DEFAULT_SETTLE)
    event = _only_event(det.flush())
    assert event.source == SCANNER
    assert event.port_count == len(ports) + len(more)
    assert event.attempts == len(ports) + len(more)
    assert event.targets == (WAN,)
    assert event.target_count == 1
    assert event.evidence == "syslog"
    assert event.protocols == ("tcp",)
    assert event.first_seen == T0
    assert event.last_seen == T0 + len(ports) + DEFAULT_SETTLE * 2 + len(more) - 1
    assert det.flush() == []  # reported once
    assert det.stats.events == 1


def test_settle_zero_reports_at_the_crossing_packet() -> None:
    clock = FakeClock()
    det = detector(clock, settle=0)
    out = _scan(det, clock, SCANNER, range(5000, 5000 + DEFAULT_MIN_PORTS))
    event = _only_event(out)
    assert event.port_count == DEFAULT_MIN_PORTS


def test_a_settling_scan_is_reported_by_its_own_next_packet() -> None:
    clock = FakeClock()
    det = detector(clock, settle=30)
    assert _scan(det, clock, SCANNER, range(100, 110)) == []
    clock.advance(30)
    event = _only_event(det.add_firewall_event(deny(SCANNER, 111)))
    assert event.port_count == 11


def test_target_threshold_detects_an_address_sweep() -> None:
    clock = FakeClock()
    det = detector(clock, settle=0)
    out = []
    for i in range(1, DEFAULT_MIN_TARGETS + 1):
        out += det.add_firewall_event(deny(SCANNER, 22, f"192.168.1.{i}"))
    event = _only_event(out)
    assert event.target_count == DEFAULT_MIN_TARGETS
    assert event.port_count == 1
    assert event.targets == tuple(f"192.168.1.{i}" for i in range(1, DEFAULT_MIN_TARGETS + 1))


def test_window_slides_old_ports_out() -> None:
    clock = FakeClock()
    det = detector(clock, settle=0, window=300)
    # One new port every 35 s: at most 9 inside any 300 s window, for 100 ports.
    assert _scan(det, clock, SCANNER, range(1, 101), step=35) == []
    # One every 25 s: 12 inside a window, so the 10th port inside the window fires.
    out = _scan(det, clock, "198.51.100.8", range(1, 101), step=25)
    event = _only_event(out)
    assert event.port_count == DEFAULT_MIN_PORTS
    assert event.last_seen - event.first_seen <= 300


def test_cooldown_per_source_and_expiry() -> None:
    clock = FakeClock()
    det = detector(clock, settle=0, cooldown=3600)
    _only_event(_scan(det, clock, SCANNER, range(1, 11)))
    # The same source keeps scanning inside the cooldown: counted, not reported.
    assert _scan(det, clock, SCANNER, range(11, 31)) == []
    assert det.stats.suppressed_cooldown == 2
    assert det.stats.cooling_down == 1
    # Another source is not affected.
    _only_event(_scan(det, clock, "198.51.100.9", range(1, 11)))
    clock.advance(3600)
    det.flush()
    assert det.stats.cooling_down == 0
    event = _only_event(_scan(det, clock, SCANNER, range(31, 41)))
    assert event.port_count == 10
    assert det.stats.scans_24h == 3


def test_hourly_cap_and_one_summary_an_hour_after_the_first_held_back() -> None:
    clock = FakeClock()
    det = detector(clock, settle=0, max_events_per_hour=20)
    notices = []
    first_held = None
    for i in range(25):
        if i == 20:
            first_held = clock.now + 4.5  # the 10th port of the 21st source crosses the line
        notices += _scan(det, clock, f"198.18.1.{i}", range(20 + i, 30 + i), step=0.5)
    assert len(notices) == 20
    assert all(isinstance(n, ScanEvent) for n in notices)
    assert det.stats.suppressed_cap == 5
    assert det.stats.reported_last_hour == 20
    assert first_held is not None
    clock.now = first_held + 3599
    assert det.flush() == []  # the hour after the first held-back scan is not over yet

    clock.now = first_held + 3600
    summary = det.flush()
    assert len(summary) == 1
    assert isinstance(summary[0], ScanSummary)
    data = summary[0].as_event_data()
    assert data["type"] == "scan_summary"
    assert data["period_start"] == iso_time(first_held)
    assert data["period_end"] == iso_time(first_held + 3600)
    assert data["suppressed"] == 5
    assert data["reported"] == 20
    assert {s["source"] for s in data["top_sources"]} == {f"198.18.1.{i}" for i in range(20, 25)}
    assert data["countries"] == [{"country": None, "count": 5}]
    assert det.flush() == []
    assert det.stats.summaries == 1
    # The reported scans left the sliding hour: a new one is reported, and no summary follows.
    _only_event(_scan(det, clock, "198.18.2.1", range(1, 11)))
    clock.now += 7200
    assert det.flush() == []
    assert det.stats.scans_24h == 26


def test_the_cap_is_a_sliding_hour_not_a_clock_hour() -> None:
    clock = FakeClock(T0 + 3595)  # five seconds before a clock hour ends
    det = detector(clock, settle=0, max_events_per_hour=1)
    _only_event(_scan(det, clock, "198.18.1.1", range(1, 11), step=0.5))
    assert clock.now >= T0 + 3600  # a new clock hour: the old design would report the next one
    assert _scan(det, clock, "198.18.1.2", range(1, 11)) == []
    assert det.stats.suppressed_cap == 1
    clock.now = T0 + 3595 + 3600 + 10  # the first report is an hour old: room again
    notices = _scan(det, clock, "198.18.1.3", range(1, 11))
    assert [n.kind for n in notices] == ["scan_summary", "scan_detected"]


def test_severity_from_breadth_and_known_scanner_ports() -> None:
    clock = FakeClock()
    det = detector(clock, settle=0)

    def scan_of(src, ports, targets=(WAN,), protocol=6):
        out = []
        for dst in targets:
            for port in ports:
                out += det.add_firewall_event(deny(src, port, dst, protocol=protocol))
        det.flush()
        return _only_event(out)

    # Ten unregistered high ports: a scan, nothing more.
    assert scan_of("198.18.3.1", range(40000, 40010)).severity is Severity.LOW
    # Three ports botnets hunt for among ten raise it.
    hunt = [23, 3389, 5555, *range(40000, 40007)]
    event = scan_of("198.18.3.2", hunt)
    assert event.severity is Severity.MEDIUM
    assert set(event.known_scanner_ports) == {"telnet", "rdp", "adb"}


def test_severity_rule_table() -> None:
    from custom_components.netwatch.engine.scan.events import rate_severity

    # (ports, targets, known ports) -> severity, per the rule documented in events.py
    cases = [
        ((10, 1, 0), Severity.LOW),
        ((10, 1, 2), Severity.LOW),
        ((10, 1, 3), Severity.MEDIUM),
        ((50, 1, 0), Severity.MEDIUM),
        ((1, 10, 0), Severity.MEDIUM),
        ((1, 20, 0), Severity.HIGH),
        ((10, 5, 0), Severity.HIGH),
        ((500, 1, 0), Severity.HIGH),
        ((60, 1, 5), Severity.HIGH),
        ((500, 1, 9), Severity.HIGH),
    ]
    for (ports, targets, known), expected in cases:
        got = rate_severity(ports, targets, known, DEFAULT_MIN_PORTS, DEFAULT_MIN_TARGETS)
        assert got is expected, (ports, targets, known)


def test_known_scanner_ports_are_named() -> None:
    clock = FakeClock()
    det = detector(clock, settle=0, min_ports=9)
    out = []
    for port, protocol in [
        (23, 6), (2323, 6), (80, 6), (3389, 6), (8080, 6), (53413, 17), (5555, 6), (7547, 6),
        (40001, 6),
    ]:  # fmt: skip
        out += det.add_firewall_event(deny(SCANNER, port, protocol=protocol))
    event = _only_event(out)
    # Names as the brief of issue 6 lists them (IANA's where one exists).
    assert set(event.known_scanner_ports) == {
        "telnet", "telnet-alt", "http", "rdp", "http-alt", "netis-backdoor", "adb", "tr-069",
    }  # fmt: skip
    assert event.protocols == ("tcp", "udp")
    # Commonly scanned ports are listed first, the unknown high port last.
    assert event.ports[-1].port == 40001
    assert event.ports[-1].service is None
    netis = next(p for p in event.ports if p.port == 53413)
    assert (netis.protocol, netis.service) == ("udp", "netis-backdoor")
    assert event.severity is Severity.MEDIUM


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (deny(SCANNER, 23, action=Verdict.ALLOW), "not_denied"),
        (deny(SCANNER, 23, action=Verdict.UNKNOWN), "not_denied"),
        (deny(SCANNER, 23, kind="ids"), "not_firewall"),
        (deny(SCANNER, 23, direction=Direction.OUT), "outbound"),
        (deny("192.168.1.20", 23), "outbound"),
        (deny("192.168.1.20", 23, direction=Direction.IN), "outbound"),  # pfSense "in" on LAN
        (deny(SCANNER, 5353, "224.0.0.251", protocol=17), "not_unicast"),
        (deny(SCANNER, 67, "255.255.255.255", protocol=17), "not_unicast"),
        (deny("2001:db8::1", 547, "ff02::1:2", protocol=17), "not_unicast"),
        (deny(SCANNER, -1, protocol=1, icmp_type=3), "icmp_other"),
        (deny(SCANNER, 51234, sport=443), "reply"),  # RST from a web server after NAT expiry
        (deny(SCANNER, 60000, sport=19302, protocol=17), "reply"),  # Google STUN answer
    ],
)
def test_lines_that_are_not_inbound_probes(line, reason) -> None:
    clock = FakeClock()
    det = detector(clock, settle=0, min_ports=1, min_targets=1)
    assert det.add_firewall_event(line) == []
    assert det.stats.ignored == {reason: 1}
    assert det.stats.probes == 0


def test_late_replies_to_many_ephemeral_ports_are_not_a_scan() -> None:
    clock = FakeClock()
    det = detector(clock, settle=0)
    out = [det.add_firewall_event(deny("142.250.1.1", p, sport=443)) for p in range(50000, 50040)]
    assert out == [[]] * 40
    assert det.stats.ignored == {"reply": 40}


def test_scanner_from_a_low_source_port_to_low_ports_still_counts() -> None:
    clock = FakeClock()
    det = detector(clock, settle=0)
    out = []
    for port in range(1, 11):  # nmap -g 53: evasion through a "DNS" source port
        out += det.add_firewall_event(deny(SCANNER, port, sport=53))
    assert _only_event(out).port_count == 10


def test_ping_sweep_counts_targets_but_not_ports() -> None:
    clock = FakeClock()
    det = detector(clock, settle=0)
    out = []
    for i in range(1, 6):
        out += det.add_firewall_event(deny(SCANNER, -1, f"192.168.1.{i}", protocol=1, icmp_type=8))
    event = _only_event(out)
    assert (event.port_count, event.target_count, event.ports) == (0, 5, ())
    assert event.protocols == ("icmp",)


def test_ipv6_sources_are_grouped_by_their_64() -> None:
    clock = FakeClock()
    det = detector(clock, settle=0)
    out = []
    for i in range(10):  # a new source address per probe, as IPv6 scanners can afford
        out += det.add_firewall_event(
            deny(f"2001:db8:1:2::{i + 1:x}", 1000 + i, "fd00::10", protocol=6)
        )
    event = _only_event(out)
    assert event.source == "2001:db8:1:2::1"
    assert event.source_network == "2001:db8:1:2::/64"
    assert event.ip_version == 6
    assert event.port_count == 10
    assert event.targets == ("fd00::10",)


def test_ipv4_mapped_sources_are_ipv4() -> None:
    clock = FakeClock()
    det = detector(clock, settle=0)
    out = []
    for port in range(10):
        out += det.add_firewall_event(deny(f"::ffff:{SCANNER}", 100 + port, f"::ffff:{WAN}"))
    event = _only_event(out)
    assert (event.source, event.ip_version, event.source_network) == (SCANNER, 4, None)


def test_country_is_looked_up_once_per_reported_scan() -> None:
    calls = []

    def country(version, address):
        calls.append((version, address))
        return "BT"

    clock = FakeClock()
    det = detector(clock, settle=0, country_fn=country)
    event = _only_event(_scan(det, clock, "67.43.156.7", range(20, 80)))
    assert event.country == "BT"
    assert calls == [parse_addr("67.43.156.7")]


def test_event_payload_is_json_and_complete() -> None:
    clock = FakeClock()
    det = detector(clock, settle=0)
    event = _only_event(_scan(det, clock, SCANNER, [23, 80, *range(1000, 1008)]))
    data = json.loads(json.dumps(event.as_event_data()))
    assert data == {
        "type": "scan_detected",
        "source": SCANNER,
        "hostname": None,
        "asn": None,
        "as_org": None,
        "source_network": None,
        "ip_version": 4,
        "country": None,
        "country_name": None,
        "protocols": ["tcp"],
        "ports": [
            {"port": 23, "protocol": "tcp", "service": "telnet"},
            {"port": 80, "protocol": "tcp", "service": "http"},
            *({"port": p, "protocol": "tcp", "service": None} for p in range(1000, 1008)),
        ],
        "port_count": 10,
        "targets": [WAN],
        "target_count": 1,
        "first_seen": iso_time(T0),
        "last_seen": iso_time(T0 + 9),
        "attempts": 10,
        "evidence": "syslog",
        "severity": "low",
        "known_scanner_ports": ["telnet", "http"],
    }


def test_top_ports_and_targets_are_bounded() -> None:
    clock = FakeClock()
    det = detector(clock, settle=60)
    for dst in range(1, 31):
        _scan(det, clock, SCANNER, range(1, 41), dst=f"192.168.1.{dst}", step=0.01)
    clock.advance(60)
    event = _only_event(det.flush())
    assert len(event.ports) == 10
    assert len(event.targets) == 10
    assert (event.target_count, event.port_count) == (30, 40)
    assert event.attempts == 1200


@pytest.mark.parametrize(
    "options",
    [{"window": 0}, {"min_ports": 0}, {"max_sources": 0}, {"settle": -1}, {"cooldown": -5}],
)
def test_invalid_options_are_refused(options) -> None:
    with pytest.raises(ValueError, match="must"):
        detector(FakeClock(), **options)


def test_default_clock_is_the_wall_clock_and_follows_test_clocks(freezer) -> None:

    from .support import HOME

    freezer.move_to("2027-01-15T08:00:00Z")
    det = ScanDetector(is_home=HOME.contains, settings=ScanSettings(settle=0))
    out = []
    for port in range(1, 11):
        out += det.add_firewall_event(deny(SCANNER, port))
        freezer.tick(1)
    event = _only_event(out)
    assert event.first_seen == T0
    assert event.last_seen == T0 + 9


def test_a_failing_country_lookup_does_not_lose_the_scan() -> None:
    from custom_components.netwatch.engine.errors import GeoIPError

    def broken(version, address):
        raise GeoIPError("database unreadable")

    clock = FakeClock()
    det = detector(clock, settle=0, country_fn=broken)
    event = _only_event(_scan(det, clock, SCANNER, range(1, 11)))
    assert event.country is None
