"""A real scan end to end at the engine level.

nmap (attacker namespace) SYN-scans the target namespace, whose nftables rule drops and logs the
probes through NFLOG to ulogd2; `logger` sends the lines over UDP to our UdpReceiver on
127.0.0.1; SyslogParser turns them into FirewallEvents and the ScanDetector decides. See
tests/peers/netns.py for the lab and why it is built that way.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest

from custom_components.netwatch.engine.addr import NetworkSet
from custom_components.netwatch.engine.listen.udp import UdpReceiver
from custom_components.netwatch.engine.records import FirewallEvent, Verdict
from custom_components.netwatch.engine.scan import ScanDetector, ScanEvent, ScanNotice, Severity
from custom_components.netwatch.engine.syslog import SyslogParser
from tests.peers.netns import ScanLab, scan_lab

from .support import FakeClock

# The lab's addresses are 10.250.0.0/30 on both ends; the home LAN is elsewhere, so the target
# plays the router's WAN address and the attacker the internet.
HOME = NetworkSet.from_cidrs(["192.168.0.0/16"])
LOOPBACK = NetworkSet.from_cidrs(["127.0.0.0/8"])


class Pipeline:
    """UDP receiver -> syslog parser -> scan detector, as the glue wires them."""

    def __init__(self) -> None:
        self.parser = SyslogParser()
        self.clock = FakeClock()
        self.detector = ScanDetector(is_home=HOME.contains, clock=self.clock)
        self.lines: list[FirewallEvent] = []
        self.notices: list[ScanNotice] = []
        self.expected = 0
        self.all_parsed = asyncio.Event()
        self.receiver = UdpReceiver("syslog", "127.0.0.1", 0, self.handle, LOOPBACK)

    def handle(self, data: bytes, sender: str) -> None:
        for line in self.parser.parse_datagram(data, sender):
            self.lines.append(line)
            self.notices += self.detector.add_firewall_event(line)
        if self.parser.stats.lines >= self.expected:
            self.all_parsed.set()

    async def deliver(self, lab: ScanLab, lines: list[str]) -> None:
        """Send the lab's log lines with logger and wait until the parser has seen them all."""
        self.expected = len(lines)
        await asyncio.to_thread(lab.send_syslog, lines, self.receiver.bound_port)
        async with asyncio.timeout(10):
            await self.all_parsed.wait()


def _ports(lines: list[str]) -> list[int]:
    return sorted(int(m[1]) for line in lines if (m := re.search(r" DPT=(\d+) ", line)))


async def _scan(tmp_path: Path, ports: str, expected_lines: int) -> tuple[Pipeline, list[str]]:
    pipeline = Pipeline()
    pipeline.receiver.start(asyncio.get_running_loop())
    try:
        lab_cm = scan_lab(tmp_path / "lab")
        lab = await asyncio.to_thread(lab_cm.__enter__)
        try:
            await asyncio.to_thread(lab.run_nmap, ports)
            lines = await asyncio.to_thread(lab.wait_log_lines, expected_lines)
            await pipeline.deliver(lab, lines)
        finally:
            await asyncio.to_thread(lab_cm.__exit__, None, None, None)
    finally:
        pipeline.receiver.stop()
    return pipeline, lines


@pytest.mark.peers
async def test_nmap_syn_scan_yields_exactly_one_scan_event(tmp_path: Path, socket_enabled) -> None:
    scanned = [*range(20, 31), 80, 3389, 8080]
    pipeline, lines = await _scan(tmp_path, "20-30,80,3389,8080", len(scanned))

    # The kernel dropped and logged each probe once (nmap --max-retries 0).
    assert _ports(lines) == scanned
    # Every line went through the real parser as a denied inbound TCP probe from the attacker.
    assert len(pipeline.lines) == len(lines)
    assert {(e.vendor, e.action, e.protocol) for e in pipeline.lines} == {
        ("netfilter", Verdict.DENY, 6)
    }
    assert sorted(e.dst_port for e in pipeline.lines) == scanned
    # Nothing is reported while the scan settles; then exactly one event.
    assert pipeline.notices == []
    pipeline.clock.advance(pipeline.detector.settle)
    notices = pipeline.detector.flush()
    assert len(notices) == 1
    event = notices[0]
    assert isinstance(event, ScanEvent)
    assert event.source == "10.250.0.1"
    assert event.targets == ("10.250.0.2",)
    assert event.port_count == len(scanned)
    assert {p.port for p in event.ports} <= set(scanned)
    assert event.attempts == len(lines)
    assert event.evidence == "syslog"
    assert event.protocols == ("tcp",)
    # Of the probed ports these are ones scanners hunt for (21 ftp ... 8080 http-alt).
    assert set(event.known_scanner_ports) == {
        "ftp", "ssh", "telnet", "smtp", "http", "rdp", "http-alt",
    }  # fmt: skip
    # Fourteen ports is a small scan, but seven exploitable services raise it one level.
    assert event.severity is Severity.MEDIUM
    data = event.as_event_data()
    assert data["type"] == "scan_detected"
    # Later flushes, and the cooldown, bring nothing more.
    pipeline.clock.advance(4000)
    assert pipeline.detector.flush() == []
    assert pipeline.detector.stats.scans_24h == 1


@pytest.mark.peers
async def test_one_real_telnet_probe_is_not_a_scan(tmp_path: Path, socket_enabled) -> None:
    pipeline, lines = await _scan(tmp_path, "23", 1)
    assert _ports(lines) == [23]
    assert len(pipeline.lines) == 1
    pipeline.clock.advance(4000)
    assert pipeline.notices + pipeline.detector.flush() == []
    assert pipeline.detector.stats.probes == 1
