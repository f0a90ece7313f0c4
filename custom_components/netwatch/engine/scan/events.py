"""What the scan detector reports: one `ScanEvent` per scan, one `ScanSummary` per capped hour.

Both render to the JSON-able payload of the Home Assistant bus event `netwatch_event`
(`as_event_data()`, which carries `type`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, NamedTuple

from ..enrich.country_names import country_name
from ..records import iso_time

SCAN_DETECTED = "scan_detected"
SCAN_SUMMARY = "scan_summary"


class Severity(StrEnum):
    """How worrying a scan is; ordered low < medium < high."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


SEVERITY_ORDER: dict[Severity, int] = {Severity.LOW: 0, Severity.MEDIUM: 1, Severity.HIGH: 2}

# Severity is breadth first, then intent. A source that just crossed the thresholds (10 ports
# or 5 home addresses in 5 minutes) is `low`: that is what internet-wide research scanners do
# all day. Fifty ports is a deliberate service sweep (nmap -F probes 100) and hitting many
# home addresses is an address sweep: `medium`. Five hundred ports (nmap's default top 1000,
# masscan full range) or a sweep of both ports and addresses is `high`. Probing three or more
# of the ports botnets hunt for (telnet, RDP, ADB, TR-069, the Netis backdoor ...) shows
# intent to exploit rather than to map, and raises the level by one.
MEDIUM_PORTS = 50
HIGH_PORTS = 500
KNOWN_PORTS_RAISE = 3


def rate_severity(
    port_count: int, target_count: int, known: int, min_ports: int, min_targets: int
) -> Severity:
    """Rate a scan by its breadth and by how many commonly exploited ports it probed."""
    both = port_count >= min_ports and target_count >= min_targets
    if port_count >= HIGH_PORTS or both or target_count >= 4 * min_targets:
        level = 2
    elif port_count >= MEDIUM_PORTS or target_count >= 2 * min_targets:
        level = 1
    else:
        level = 0
    if known >= KNOWN_PORTS_RAISE:
        level = min(level + 1, 2)
    return (Severity.LOW, Severity.MEDIUM, Severity.HIGH)[level]


class ScanPort(NamedTuple):
    """One destination port a scan probed."""

    port: int
    protocol: str
    """Lower-case protocol name ("tcp", "udp")."""
    service: str | None
    """Short service name ("telnet", "rdp"), None when the port is not well known."""

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON-able form."""
        return {"port": self.port, "protocol": self.protocol, "service": self.service}


@dataclass(frozen=True, slots=True)
class ScanEvent:
    """One inbound scan: a source that probed many ports or home addresses within the window."""

    source: str
    """Source address text (the first address seen; see `source_network` for IPv6)."""
    source_network: str | None
    """IPv6: the /64 the source was grouped by (scanners rotate addresses inside it); else None."""
    ip_version: int
    country: str | None
    """ISO 3166 alpha-2 of the source, None when unknown."""
    protocols: tuple[str, ...]
    ports: tuple[ScanPort, ...]
    """Up to top-N probed ports: commonly scanned ones first, then by number."""
    port_count: int
    """Distinct ports probed; exact up to the per-source tracking cap, an upper estimate above."""
    targets: tuple[str, ...]
    """Up to top-N probed home (or WAN) addresses."""
    target_count: int
    first_seen: float
    """Epoch seconds of the first probe in the window (arrival time)."""
    last_seen: float
    attempts: int
    """Denied packets (syslog lines) or probe packets (flows) counted from this source."""
    evidence: str
    """"syslog" when any firewall line backed it, else "flow"."""
    severity: Severity
    known_scanner_ports: tuple[str, ...]
    """Service names of the commonly scanned ports among `ports` ("telnet", "rdp", ...)."""
    kind: str = SCAN_DETECTED
    hostname: str | None = None
    """Reverse DNS name of the source, when it has one (looked up before the event goes out)."""
    asn: int | None = None
    """Autonomous system of the source (with an ASN database)."""
    as_org: str | None = None

    def as_event_data(self) -> dict[str, Any]:
        """Return the payload of the `netwatch_event` bus event (times in ISO 8601)."""
        return {
            "type": self.kind,
            "source": self.source,
            "hostname": self.hostname,
            "asn": self.asn,
            "as_org": self.as_org,
            "source_network": self.source_network,
            "ip_version": self.ip_version,
            "country": self.country,
            "country_name": country_name(self.country),
            "protocols": list(self.protocols),
            "ports": [port.as_dict() for port in self.ports],
            "port_count": self.port_count,
            "targets": list(self.targets),
            "target_count": self.target_count,
            "first_seen": iso_time(self.first_seen),
            "last_seen": iso_time(self.last_seen),
            "attempts": self.attempts,
            "evidence": self.evidence,
            "severity": str(self.severity),
            "known_scanner_ports": list(self.known_scanner_ports),
        }


class SummarySource(NamedTuple):
    """One of the largest scans left out of a capped hour."""

    source: str
    country: str | None
    port_count: int
    target_count: int
    severity: Severity


@dataclass(frozen=True, slots=True)
class ScanSummary:
    """The scans of one clock hour that the hourly event cap kept off the bus."""

    period_start: float
    """Epoch seconds of the hour's start (UTC hour boundary)."""
    period_end: float
    suppressed: int
    """Scans detected after the cap was reached."""
    reported: int
    """`scan_detected` events sent in that hour (the cap)."""
    severity: Severity
    """Highest severity among the suppressed scans."""
    top_sources: tuple[SummarySource, ...]
    countries: tuple[tuple[str | None, int], ...]
    ports: tuple[tuple[ScanPort, int], ...]
    kind: str = SCAN_SUMMARY

    def as_event_data(self) -> dict[str, Any]:
        """Return the payload of the `netwatch_event` bus event."""
        return {
            "type": self.kind,
            "period_start": iso_time(self.period_start),
            "period_end": iso_time(self.period_end),
            "suppressed": self.suppressed,
            "reported": self.reported,
            "severity": str(self.severity),
            "top_sources": [
                {
                    "source": item.source,
                    "country": item.country,
                    "port_count": item.port_count,
                    "target_count": item.target_count,
                    "severity": str(item.severity),
                }
                for item in self.top_sources
            ],
            "countries": [{"country": code, "count": count} for code, count in self.countries],
            "ports": [{**port.as_dict(), "count": count} for port, count in self.ports],
        }


type ScanNotice = ScanEvent | ScanSummary
"""Anything the detector asks the glue to publish."""
