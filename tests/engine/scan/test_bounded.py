"""Every collection of the detector keyed by network data is capped; overflow each one."""

from __future__ import annotations

import gc
import time

import psutil
import pytest

from custom_components.netwatch.engine.addr import addr_to_str
from custom_components.netwatch.engine.records import Direction, FirewallEvent, Verdict
from custom_components.netwatch.engine.scan import ScanEvent
from custom_components.netwatch.engine.scan.rolling import RollingDay
from custom_components.netwatch.engine.scan.state import MAX_KEYS_PER_SOURCE

from .support import WAN, FakeClock, detector

_WAN_INT = int.from_bytes(bytes(map(int, WAN.split("."))), "big")
_FIRST_SOURCE = 0x0B000000  # 11.0.0.0, outside the home networks


def _line(src: int, dport: int) -> FirewallEvent:
    return FirewallEvent(
        0.0, "192.168.1.1", "netfilter", Verdict.DENY, Direction.UNKNOWN,
        6, 4, src, 40000, _WAN_INT, dport,
    )  # fmt: skip


def test_source_table_evicts_least_recently_seen() -> None:
    clock = FakeClock()
    det = detector(clock, max_sources=1000)
    keep = _FIRST_SOURCE - 1
    for i in range(5000):
        det.add_firewall_event(_line(_FIRST_SOURCE + i, 23))
        if i % 100 == 0:  # a source that keeps coming back stays
            det.add_firewall_event(_line(keep, 1000 + i // 100))
        clock.advance(0.01)
    stats = det.stats
    assert stats.sources_tracked == 1000
    assert stats.evictions == 5001 - 1000
    # The returning source survived the flood and still gets detected.
    out = []
    for port in range(1, 11):
        out += det.add_firewall_event(_line(keep, port))
    clock.advance(120)
    out += det.flush()
    assert [n.source for n in out if isinstance(n, ScanEvent)] == [addr_to_str(4, keep)]


def test_entry_budget_caps_the_ports_and_targets_held() -> None:
    clock = FakeClock()
    det = detector(clock, max_entries=5000)
    for i in range(2000):  # 2000 sources x 9 ports: 20,000 entries wanted, none a scan yet
        for port in range(9):
            det.add_firewall_event(_line(_FIRST_SOURCE + i, 100 + port))
    stats = det.stats
    assert stats.tracked_entries <= 5000
    assert stats.evictions > 0
    assert stats.sources_tracked * 10 >= 5000 - 10  # 9 ports + 1 target each, nearly full


def test_one_source_holds_at_most_the_per_source_cap_but_counts_on() -> None:
    clock = FakeClock()
    det = detector(clock)
    for port in range(1, 1001):  # a full nmap default-size scan
        det.add_firewall_event(_line(_FIRST_SOURCE, port))
    assert det.stats.tracked_entries == MAX_KEYS_PER_SOURCE
    clock.advance(60)
    (event,) = det.flush()
    assert isinstance(event, ScanEvent)
    assert event.port_count == 1000  # no repeats: the count past the cap is exact
    assert event.severity == "high"


def test_an_evicted_pending_scan_is_reported_not_lost() -> None:
    clock = FakeClock()
    det = detector(clock, max_sources=10, settle=600)
    out = []
    for port in range(10):
        out += det.add_firewall_event(_line(_FIRST_SOURCE, port + 1))
    assert out == []
    for i in range(1, 11):  # ten newer one-shot sources push the settling scan out
        out += det.add_firewall_event(_line(_FIRST_SOURCE + i, 23))
    assert [n.source for n in out] == [addr_to_str(4, _FIRST_SOURCE)]
    assert det.stats.pending == 0


def test_cooldown_table_is_capped() -> None:
    clock = FakeClock()
    det = detector(clock, max_sources=10, settle=0, max_events_per_hour=1000)
    for i in range(20):
        for port in range(10):
            det.add_firewall_event(_line(_FIRST_SOURCE + i, port + 1))
    stats = det.stats
    assert stats.events == 20
    assert stats.cooling_down == 10
    assert stats.cooldown_evictions == 10


def test_idle_sources_expire_on_flush() -> None:
    clock = FakeClock()
    det = detector(clock, window=300)
    for i in range(500):
        det.add_firewall_event(_line(_FIRST_SOURCE + i, 23))
    clock.advance(299)
    det.add_firewall_event(_line(_FIRST_SOURCE - 1, 23))
    det.flush()
    assert det.stats.sources_tracked == 501
    clock.advance(2)
    det.flush()
    assert det.stats.sources_tracked == 1
    assert det.stats.tracked_entries == 2


def test_summary_tables_are_capped() -> None:
    from custom_components.netwatch.engine.scan.summary import MAX_PORT_KEYS

    clock = FakeClock()
    det = detector(clock, settle=0, max_events_per_hour=0)
    for i in range(300):  # every scan suppressed; 3000 distinct ports in all
        for port in range(10):
            det.add_firewall_event(_line(_FIRST_SOURCE + i, 1 + i * 10 + port))
    builder = det._summary  # white-box: the counters behind the summary's top-N
    assert builder is not None
    assert len(builder._ports) == MAX_PORT_KEYS
    assert len(builder._heap) == 10
    clock.advance(3600)
    (summary,) = det.flush()
    assert (summary.suppressed, summary.reported) == (300, 0)
    assert len(summary.ports) == 10
    assert len(summary.top_sources) == 10
    assert det._summary is None


def test_rolling_day_is_fixed_size_and_forgets_after_24_hours() -> None:
    day = RollingDay()
    t0 = 1_800_000_000.0
    for i in range(100_000):
        day.add_source(t0 + i * 0.01, i)
    day.add_scan(t0)
    estimate = day.sources(t0 + 1000)
    assert abs(estimate - 100_000) / 100_000 < 0.05  # 2.3 % standard error
    assert day.scans(t0 + 1000) == 1
    assert day.scans(t0 + 23 * 3600) == 1
    assert day.scans(t0 + 24 * 3600) == 0
    assert day.sources(t0 + 24 * 3600) == 0


def test_rolling_day_small_counts_are_exact_enough() -> None:
    day = RollingDay()
    for i in range(50):
        day.add_source(0.0, 0xC0000200 + i)
        day.add_source(0.0, 0xC0000200 + i)  # duplicates are free
    assert day.sources(10.0) == 50


def _feed_one_shot(det, clock, start: int, count: int) -> float:
    began = time.process_time()  # CPU time: other processes on the machine do not count
    for i in range(start, start + count):
        det.add_firewall_event(_line(_FIRST_SOURCE + i, 23 if i % 2 else 2323))
        clock.advance(0.0003)
        if i % 20_000 == 0:
            det.flush()
    return time.process_time() - began


def _memory_under(count: int, chunk: int) -> tuple[list[int], list[float]]:
    """Feed one-shot sources in chunks; return resident memory and CPU seconds per chunk."""
    clock = FakeClock()
    det = detector(clock)  # default caps
    process = psutil.Process()
    gc.collect()
    memory, seconds = [], []
    for start in range(0, count, chunk):
        seconds.append(_feed_one_shot(det, clock, start, chunk))
        memory.append(process.memory_info().rss)
    assert det.stats.sources_tracked <= 20_000
    return memory, seconds


def test_memory_and_time_stay_flat_under_200k_sources() -> None:
    memory, seconds = _memory_under(200_000, 50_000)
    # After the table fills (the first chunk), memory does not grow with more sources.
    assert max(memory[1:]) - memory[0] < 4_000_000, memory
    assert max(seconds[1:]) <= seconds[0] * 3 + 0.5


@pytest.mark.slow
def test_memory_and_time_stay_flat_under_a_million_sources() -> None:
    memory, seconds = _memory_under(1_000_000, 100_000)
    # benchmarks/scan_detector.py measures what the state holds (tracemalloc): 11 MB.
    assert max(memory[1:]) - memory[0] < 4_000_000, memory
    assert max(seconds[1:]) <= seconds[0] * 3 + 0.5
