"""Every vendor fixture line parses to what the vendor's documented format says it means."""

from __future__ import annotations

import json

import pytest

from custom_components.netwatch.engine.syslog import VENDOR_NAMES, SyslogParser
from custom_components.netwatch.engine.syslog.header import HeaderParser
from custom_components.netwatch.engine.syslog.vendors import VENDORS

from .cases import FIXTURES, VENDOR_FILES, Case, all_cases, load, mismatches

UNSUPPORTED = FIXTURES / "unsupported" / "lines.jsonl"
"""Firewalls netwatch does not parse (SonicWall, Juniper SRX, Check Point, Sophos UTM, WatchGuard,
Cisco IOS ACL logs, Stormshield): real lines with their sources."""

CLOCK = 1781481600.0  # 2026-06-15T00:00:00Z: BSD lines of December belong to 2025


@pytest.mark.parametrize("case", all_cases(), ids=lambda c: c.id)
def test_fixture_line(case: Case) -> None:
    parser = SyslogParser(clock=lambda: CLOCK)
    event = parser.parse(case.line.encode(), "192.0.2.254")
    if not case.is_event:
        assert event is None
        assert parser.last_reason == case.expect["error"]
        assert parser.stats.unparsed == {case.expect["error"]: 1}
        return
    assert event is not None, parser.last_reason
    assert mismatches(event, case.expect) == {}
    assert event.sender == "192.0.2.254"
    assert event.raw == case.line.rstrip()  # trailing space, LF and NUL are not the message
    if event.protocol not in (1, 58):
        assert event.icmp_type == event.icmp_code == -1
    assert parser.stats.parsed == {case.expect["vendor"]: 1}
    assert parser.stats.internal_errors == 0


@pytest.mark.parametrize("vendor_file", VENDOR_FILES)
def test_fixtures_cover_verdicts_protocols_and_ip_versions(vendor_file: str) -> None:
    """Each vendor's fixtures include allow and deny, TCP/UDP/ICMP and IPv4/IPv6 lines."""
    seen: dict[str, set[object]] = {"action": set(), "protocol": set(), "ip_version": set()}
    parser = SyslogParser(clock=lambda: CLOCK)
    for case in load(vendor_file):
        event = parser.parse(case.line.encode(), "192.0.2.254")
        if event is not None:
            seen["action"].add(str(event.action))
            seen["protocol"].add(event.protocol)
            seen["ip_version"].add(event.ip_version)
    assert {"allow", "deny"} <= seen["action"]
    assert {6, 17} <= seen["protocol"]
    assert seen["protocol"] & {1, 58}
    assert {4, 6} <= seen["ip_version"]
    assert any(not c.is_event for c in load(vendor_file)), "a malformed or non-firewall line"


def test_vendor_registry_names_match_fixture_files() -> None:
    assert set(VENDOR_NAMES) == set(VENDOR_FILES)


def test_timestamp_falls_back_to_the_receive_time() -> None:
    """A line without a header time (MikroTik's default remote format) gets the clock's time."""
    parser = SyslogParser(clock=lambda: CLOCK)
    line = next(c for c in load("mikrotik") if c.line.startswith("<30>firewall,info"))
    event = parser.parse(line.line.encode(), "192.0.2.254")
    assert event is not None
    assert event.timestamp == CLOCK


@pytest.mark.parametrize("case", all_cases(), ids=lambda c: c.id)
def test_only_its_vendor_claims_the_line(case: Case) -> None:
    """No vendor's detector takes another vendor's line (the sender memory tries one first)."""
    msg = HeaderParser().parse(case.line.encode(), CLOCK)
    claimed = {vendor.NAME for vendor in VENDORS if vendor.detect(msg)}
    assert claimed == {case.vendor_file}


def test_unsupported_vendors_are_rejected_and_counted() -> None:
    """Real lines of firewalls netwatch does not read give no event, only a counted reason."""
    rows = [json.loads(line) for line in UNSUPPORTED.read_text().splitlines()]
    assert len({row["vendor"] for row in rows}) >= 7
    parser = SyslogParser(clock=lambda: CLOCK)
    for row in rows:
        assert parser.parse(row["line"].encode(), "192.0.2.254") is None, row["name"]
        assert row["source"].startswith("https://")
    assert parser.stats.unparsed == {"unrecognized": len(rows)}
    assert parser.stats.parsed == {}
    assert parser.stats.internal_errors == 0
