"""Collect the scans the hourly cap kept off the bus into one bounded summary."""

from __future__ import annotations

import heapq
from collections import Counter

from .events import SEVERITY_ORDER, ScanEvent, ScanPort, ScanSummary, Severity, SummarySource

MAX_PORT_KEYS = 1024
"""Distinct ports counted per summary; later new ports are not counted (scans hit the same few)."""
MAX_COUNTRY_KEYS = 300
"""ISO 3166 has 249 codes; the cap only guards against a broken country function."""


class SummaryBuilder:
    """The scans held back during one hour from the first: counts, top sources, countries, ports."""

    def __init__(self, period_start: float, reported: int, top_n: int) -> None:
        self.period_start = period_start
        self.reported = reported
        self.suppressed = 0
        self._top_n = top_n
        self._severity = Severity.LOW
        self._heap: list[tuple[int, int, int, SummarySource]] = []
        self._countries: Counter[str | None] = Counter()
        self._ports: Counter[ScanPort] = Counter()

    def add(self, event: ScanEvent) -> None:
        """Fold one suppressed scan into the summary."""
        self.suppressed += 1
        if SEVERITY_ORDER[event.severity] > SEVERITY_ORDER[self._severity]:
            self._severity = event.severity
        item = SummarySource(
            event.source, event.country, event.port_count, event.target_count, event.severity
        )
        # Keep the top-N by (ports, targets); the sequence number keeps ties stable.
        entry = (event.port_count, event.target_count, -self.suppressed, item)
        if len(self._heap) < self._top_n:
            heapq.heappush(self._heap, entry)
        elif entry[:3] > self._heap[0][:3]:
            heapq.heapreplace(self._heap, entry)
        if event.country in self._countries or len(self._countries) < MAX_COUNTRY_KEYS:
            self._countries[event.country] += 1
        for port in event.ports:
            if port in self._ports or len(self._ports) < MAX_PORT_KEYS:
                self._ports[port] += 1

    def build(self) -> ScanSummary:
        """Return the summary event for the finished hour."""
        top = sorted(self._heap, key=lambda entry: entry[:3], reverse=True)
        return ScanSummary(
            period_start=self.period_start,
            period_end=self.period_start + 3600.0,
            suppressed=self.suppressed,
            reported=self.reported,
            severity=self._severity,
            top_sources=tuple(entry[3] for entry in top),
            countries=tuple(self._countries.most_common(self._top_n)),
            ports=tuple(self._ports.most_common(self._top_n)),
        )
