"""Every vendor fixture line parses to what the vendor's documented format says it means."""

from __future__ import annotations

import pytest

from custom_components.netwatch.engine.syslog import VENDOR_NAMES, SyslogParser

from .cases import VENDOR_FILES, Case, all_cases, load, mismatches

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
