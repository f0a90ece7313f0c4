"""A scan storm: 100,000 scanning sources within three minutes, on the detector's defaults."""

from __future__ import annotations

import gc

import psutil
import pytest

from custom_components.netwatch.engine.records import Direction, FirewallEvent, Verdict
from custom_components.netwatch.engine.scan import (
    DEFAULT_MAX_EVENTS_PER_HOUR,
    DEFAULT_MAX_SOURCES,
    ScanEvent,
    ScanSummary,
)

from .support import T0, FakeClock, detector

SOURCES = 100_000
PORTS = 10  # each source probes ten ports: every one of them is a scan
WAVE = 5_000  # sources scanning at the same time
SPAN = 180.0  # seconds the storm lasts
WAN = 0xCB00710A  # 203.0.113.10


def _storm_lines():
    """Yield (line, seconds to advance) in waves of interleaved scanning sources."""
    step = SPAN / (SOURCES * PORTS)
    for wave in range(0, SOURCES, WAVE):
        for port in range(PORTS):
            for src in range(wave, wave + WAVE):
                line = FirewallEvent(
                    0.0, "192.168.1.1", "netfilter", Verdict.DENY, Direction.UNKNOWN,
                    6, 4, 0x0B000000 + src, 40000 + port, WAN, 1000 + port * 7,
                )  # fmt: skip
                yield line, step


@pytest.mark.slow
def test_storm_keeps_memory_bounded_caps_events_and_sends_one_summary() -> None:
    clock = FakeClock()
    det = detector(clock)  # defaults: settle 60 s, cap 20/hour, 20,000 sources
    notices = []
    process = psutil.Process()
    gc.collect()
    before = peak = process.memory_info().rss
    next_flush = T0 + 10.0  # the glue flushes on a 10 s timer
    for line, step in _storm_lines():
        notices += det.add_firewall_event(line)
        clock.advance(step)
        if clock.now >= next_flush:
            notices += det.flush()
            next_flush += 10.0
            peak = max(peak, process.memory_info().rss)
    stats = det.stats

    assert clock.now - T0 == pytest.approx(SPAN, abs=0.1)
    events = [n for n in notices if isinstance(n, ScanEvent)]
    assert len(events) == DEFAULT_MAX_EVENTS_PER_HOUR
    assert not [n for n in notices if isinstance(n, ScanSummary)]  # the hour is not over
    # Every source was a scan: each was either reported or summarised, none was lost.
    assert stats.scans_24h == SOURCES
    assert stats.suppressed_cap + stats.events + stats.pending == SOURCES
    assert stats.sources_tracked <= DEFAULT_MAX_SOURCES
    assert stats.cooling_down <= DEFAULT_MAX_SOURCES
    assert abs(stats.sources_seen_24h - SOURCES) / SOURCES < 0.05
    # Resident memory grows by the capped state only (benchmarks/scan_detector.py: ~21 MB peak).
    assert peak - before < 64_000_000, f"RSS grew {(peak - before) / 1e6:.1f} MB"

    # The storm is over; the timer keeps flushing: the settling scans are reported (all over
    # the cap), and an hour after the first scan the cap held back comes one summary.
    tail = []
    while clock.now < T0 + 7200:
        clock.now = min(next_flush, T0 + 7200)
        tail += det.flush()
        next_flush += 10.0
    summaries = [n for n in tail if isinstance(n, ScanSummary)]
    assert len(summaries) == 1
    summary = summaries[0]
    assert summary.reported == DEFAULT_MAX_EVENTS_PER_HOUR
    assert summary.suppressed == SOURCES - DEFAULT_MAX_EVENTS_PER_HOUR
    assert T0 < summary.period_start < T0 + SPAN + 120
    assert len(summary.top_sources) == 10
    # Recorder growth: 20 scan events and one summary for the whole storm.
    assert len(events) + len(summaries) == 21
    assert [n for n in tail if isinstance(n, ScanEvent)] == []
    clock.now = T0 + 3 * 3600
    assert det.flush() == []
    assert det.stats.sources_tracked == 0
