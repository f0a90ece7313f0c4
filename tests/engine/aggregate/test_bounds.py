"""Every table keyed by network data is capped: overflow each one and check sizes stay flat."""

from __future__ import annotations

import gc
import tracemalloc
from pathlib import Path

import pytest
from mmdb_writer import MMDBWriter
from netaddr import IPSet

from custom_components.netwatch.engine.aggregate import Aggregator
from custom_components.netwatch.engine.aggregate.aggregator import MAX_DEVICE_NAMES
from custom_components.netwatch.engine.aggregate.hll import REGISTERS, WINDOW_HOURS
from custom_components.netwatch.engine.aggregate.series import HOUR_SLOTS, MINUTE_SLOTS
from custom_components.netwatch.engine.enrich.geoip import GeoIP
from custom_components.netwatch.engine.records import Verdict

from .conftest import FakeClock
from .flows import LAN, LAPTOP, event, flow, ip

PUBLIC_BASE = ip("20.0.0.0")


def test_devices_capped_least_recently_seen_evicted(clock: FakeClock) -> None:
    agg = Aggregator(home_networks=LAN, max_devices=8, clock=clock)
    for host in range(100):
        clock.advance(1)
        agg.add_flows([flow(ip("192.168.2.0") + host, "1.1.1.1")])
        assert agg.stats["devices"] <= 8
    assert agg.stats["devices_evicted"] == 92
    kept = [d.address for d in agg.snapshot().devices]
    assert kept == [f"192.168.2.{host}" for host in range(92, 100)]


def test_inbound_sweep_creates_no_devices(clock: FakeClock) -> None:
    """A scanner sweeping a home IPv6 /64 must not fill the device table."""
    agg = Aggregator(home_networks=LAN, max_devices=8, clock=clock)
    base = ip("fd00::")
    agg.add_flows([flow(ip("2001:218::1"), base + n, version=6) for n in range(5000)])
    agg.add_flows([flow(ip("2001:218::1"), base + 1, version=6)] * 3)
    assert agg.stats["devices"] == 0
    assert agg.snapshot().bytes_in == 5003 * 100

    eager = Aggregator(home_networks=LAN, max_devices=8, inbound_creates_devices=True, clock=clock)
    eager.add_flows([flow(ip("2001:218::1"), base + n, version=6) for n in range(5000)])
    assert eager.stats["devices"] == 8
    assert eager.stats["devices_evicted"] == 5000 - 8


def _country_db(path: Path, codes: list[str]) -> GeoIP:
    writer = MMDBWriter(ip_version=6, ipv4_compatible=True, database_type="test-countries")
    for index, code in enumerate(codes):
        writer.insert_network(IPSet([f"20.0.{index}.0/24"]), {"country_code": code})
    writer.to_db_file(str(path))
    return GeoIP.open(path)


def test_countries_capped_least_active_evicted(clock: FakeClock, tmp_path: Path) -> None:
    codes = [chr(65 + a) + chr(65 + b) for a in range(5) for b in range(5)]  # AA..EE: 25 codes
    geoip = _country_db(tmp_path / "c.mmdb", codes)
    agg = Aggregator(home_networks=LAN, geoip=geoip, max_countries=4, clock=clock)
    busy = flow(LAPTOP, PUBLIC_BASE + 1)  # 20.0.0.1 -> "AA", many flows
    agg.add_flows([busy] * 50)
    for index in range(len(codes)):
        agg.add_flows([flow(LAPTOP, PUBLIC_BASE + (index << 8) + 7)])
        assert agg.stats["countries"] <= 4
    snap = agg.snapshot()
    assert len(snap.countries) == 4
    assert snap.countries[0].country == "AA"
    assert snap.countries[0].outbound_flows == 51
    assert agg.stats["countries_evicted"] == len(codes) - 4


def test_pending_verdicts_capped_and_expire(clock: FakeClock) -> None:
    agg = Aggregator(home_networks=LAN, max_pending_verdicts=16, join_window=120, clock=clock)
    for n in range(1000):
        agg.add_firewall_event(event(Verdict.DENY, PUBLIC_BASE + n, LAPTOP, dport=23))
        assert agg.stats["pending_verdicts"] <= 16
    assert agg.stats["pending_verdicts_evicted"] == 1000 - 16
    # The newest 16 are still pending and link; the oldest were evicted.
    agg.add_flows([flow(PUBLIC_BASE + 999, LAPTOP, sport=40000, dport=23)])
    agg.add_flows([flow(PUBLIC_BASE, LAPTOP, sport=40000, dport=23)])
    assert agg.snapshot().deny_bytes == 100
    clock.advance(121)
    agg.add_flows([flow(PUBLIC_BASE + 998, LAPTOP, sport=40000, dport=23)])
    assert agg.snapshot().deny_bytes == 100  # expired
    assert agg.stats["pending_verdicts"] == 0  # purged once a minute
    assert agg.stats["pending_verdicts_expired"] == 16
    assert agg.stats["pending_verdicts_evicted"] == 1000 - 16


def test_top_series_live_capacity(clock: FakeClock) -> None:
    """100k distinct destinations in one minute: the live table stays bounded, heavy ones win."""
    agg = Aggregator(home_networks=LAN, clock=clock)
    heavy = flow(LAPTOP, "9.9.9.9", nbytes=1000)
    for chunk in range(100):
        agg.add_flows([flow(LAPTOP, PUBLIC_BASE + chunk * 1000 + n) for n in range(1000)])
        agg.add_flows([heavy] * 5)
        assert agg.stats["top_destinations_live"] <= 512
    assert agg.stats["top_destinations_evicted"] > 0
    top = agg.panels("1h")["outbound_destinations"]["top"]
    assert top[0] == {"address": "9.9.9.9", "country": None, "flows": 500, "bytes": 500_000}
    series = agg.panels("1h")["outbound_destinations"]["series"]
    assert series[-1]["address"] == "other"
    assert sum(s["counts"][-1] for s in series) == 100_500  # top + other explain every flow


def test_device_names_capped(clock: FakeClock) -> None:
    agg = Aggregator(home_networks=LAN, clock=clock)
    names = {f"192.168.{n >> 8}.{n & 255}": f"host{n}" for n in range(10_000)}
    names["not an address"] = "ignored"
    agg.set_device_names(names)
    assert agg.stats["device_names"] == MAX_DEVICE_NAMES


def _batches(
    agg: Aggregator,
    clock: FakeClock,
    count: int,
    *,
    step: int,
    width: int,
    seed: int,
    inbound: int = 4,
) -> int:
    """Feed `count` batches `step` s apart; return the next seed.

    Each batch has `width` new destinations, `width` denied events from new sources to new ports
    (enough to fill a frozen bucket) and inbound flows from `inbound` more new sources.
    """
    for _ in range(count):
        clock.advance(step)
        base = PUBLIC_BASE + seed * 256
        seed += 1
        agg.add_flows(
            [flow(LAPTOP, base + n) for n in range(width)]
            + [flow(base + 128 + n, LAPTOP, dport=1000 + n) for n in range(inbound)]
        )
        for n in range(width):
            port = (seed * width + n) % 65535 + 1
            agg.add_firewall_event(event(Verdict.DENY, base + n, LAPTOP, dport=port))
    return seed


def _quiet_memory(agg: Aggregator, clock: FakeClock) -> tuple[int, dict[str, int]]:
    """Measure at an hour boundary with no traffic, where the live tables are empty."""
    clock.now = (clock.now // 3600 + 1) * 3600
    agg.add_flows([])
    gc.collect()
    return tracemalloc.get_traced_memory()[0], agg.stats


@pytest.mark.slow
def test_memory_flat_after_rings_fill(clock: FakeClock) -> None:
    """Once every ring slot holds a full bucket, more new keys must not grow memory."""
    agg = Aggregator(home_networks=LAN, clock=clock)
    tracemalloc.start()
    try:
        # 30 days of hour buckets, wide enough to fill every fact table's hour rows too
        seed = _batches(agg, clock, HOUR_SLOTS, step=3600, width=70, seed=0, inbound=70)
        clock.advance(-60)  # minute batches fill hours :00 to :59 exactly
        seed = _batches(
            agg, clock, MINUTE_SLOTS, step=60, width=20, seed=seed
        )  # then 24 h of full minutes
        full, stats_full = _quiet_memory(agg, clock)
        clock.advance(-60)
        _batches(agg, clock, MINUTE_SLOTS, step=60, width=20, seed=seed)
        later, stats = _quiet_memory(agg, clock)
    finally:
        tracemalloc.stop()
    for name in ("destinations", "denied_ports", "denied_table"):
        assert stats[f"top_{name}_frozen"] <= MINUTE_SLOTS * 16 + HOUR_SLOTS * 32
        assert stats[f"top_{name}_frozen"] == stats_full[f"top_{name}_frozen"]
    assert stats["pending_verdicts"] <= stats["pending_verdicts_capacity"]
    assert later - full < 128 * 1024, (full, later)
    # The window's 24 hour buckets (the quiet current one included) saw 23 hours of minutes, each
    # with 4 new flow sources and 20 new denied sources.
    assert agg.snapshot().distinct_sources_24h == pytest.approx(24 * 23 * 60, rel=0.07)


def test_hll_fixed_size_and_accuracy(clock: FakeClock) -> None:
    agg = Aggregator(home_networks=LAN, clock=clock)
    distinct = 200_000
    for chunk in range(0, distinct, 10_000):
        agg.add_flows([flow(PUBLIC_BASE + n, LAPTOP) for n in range(chunk, chunk + 10_000)])
    sketch = agg._ledger.sources
    assert [len(h) for h in sketch.hours] == [REGISTERS] * WINDOW_HOURS
    # 2048 registers: standard error 2.3 %; allow three of them.
    assert agg.snapshot().distinct_sources_24h == pytest.approx(distinct, rel=0.07)


def test_device_recency_survives_eviction(clock: FakeClock) -> None:
    """A device that keeps talking is not evicted by a stream of new ones."""
    agg = Aggregator(home_networks=LAN, max_devices=4, clock=clock)
    agg.add_flows([flow(LAPTOP, "9.9.9.9")])
    for host in range(20):
        clock.advance(60)
        agg.add_flows([flow(LAPTOP, "9.9.9.9"), flow(ip("192.168.2.0") + host, "1.1.1.1")])
    kept = {d.address for d in agg.snapshot().devices}
    assert LAPTOP in kept
    assert len(kept) == 4


def test_forget_and_prune_devices(clock: FakeClock) -> None:
    agg = Aggregator(home_networks=LAN, clock=clock)
    agg.add_flows([flow(LAPTOP, "9.9.9.9"), flow("192.168.1.11", "9.9.9.9")])
    clock.advance(3600)
    agg.add_flows([flow("192.168.1.12", "9.9.9.9")])
    assert agg.forget_device("192.168.1.11")
    assert not agg.forget_device("192.168.1.11")
    assert not agg.forget_device("nonsense")
    assert agg.prune_devices(1800) == [LAPTOP]
    assert [d.address for d in agg.snapshot().devices] == ["192.168.1.12"]
