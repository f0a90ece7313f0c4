"""Buckets over time: rollover, hour buckets, idle gaps, clocks going backwards, rates."""

from __future__ import annotations

import pytest

from custom_components.netwatch.engine.aggregate import Aggregator
from custom_components.netwatch.engine.records import Verdict

from .conftest import T0, FakeClock
from .flows import LAN, LAPTOP, event, flow, ip


def _agg(clock: FakeClock) -> Aggregator:
    return Aggregator(home_networks=LAN, clock=clock)


def test_minute_and_hour_buckets(clock: FakeClock) -> None:
    agg = _agg(clock)
    agg.add_flows([flow(LAPTOP, "9.9.9.9")] * 3)  # minute 0 of hour 0
    clock.advance(5 * 60)
    agg.add_flows([flow(LAPTOP, "9.9.9.9")] * 2)  # minute 5
    clock.advance(3 * 3600)  # hour 3, minute 5
    agg.add_flows([flow(LAPTOP, "1.1.1.1")])

    day = agg.panels("24h")
    nine = next(s for s in day["outbound_destinations"]["series"] if s["address"] == "9.9.9.9")
    first = day["buckets"].index(T0)
    assert nine["counts"][first] == 3
    assert nine["counts"][first + 5] == 2
    assert sum(nine["counts"]) == 5

    week = agg.panels("7d")
    assert week["buckets"][-4] == T0
    by_address = {s["address"]: s["counts"] for s in week["outbound_destinations"]["series"]}
    assert by_address["9.9.9.9"][-4:] == [5, 0, 0, 0]
    assert by_address["1.1.1.1"][-4:] == [0, 0, 0, 1]
    top = {row["address"]: row["flows"] for row in week["outbound_destinations"]["top"]}
    assert top == {"9.9.9.9": 5, "1.1.1.1": 1}

    hour = agg.panels("1h")
    assert {row["address"] for row in hour["outbound_destinations"]["top"]} == {"1.1.1.1"}


def test_old_buckets_leave_the_rings(clock: FakeClock) -> None:
    agg = _agg(clock)
    agg.add_firewall_event(event(Verdict.DENY, "67.43.156.7", LAPTOP))
    clock.advance(25 * 3600)
    assert agg.panels("24h")["inbound_drops"]["total"] == 0  # idle: nothing advanced, still pure
    assert agg.panels("7d")["inbound_drops"]["total"] == 1
    assert agg.snapshot().top_denied_port is None  # only the last 24 h count
    assert agg.snapshot().distinct_sources_24h == 0
    agg.add_flows([])  # now the rings advance
    assert agg.panels("24h")["inbound_drops"]["total"] == 0
    assert agg.panels("30d")["inbound_drops"]["total"] == 1
    clock.advance(31 * 86400)
    agg.add_flows([])
    assert agg.panels("30d")["inbound_drops"]["total"] == 0
    assert agg.snapshot().denied_inbound == 1  # totals never forget


def test_clock_going_backwards_keeps_current_bucket(clock: FakeClock) -> None:
    agg = _agg(clock)
    agg.add_flows([flow(LAPTOP, "9.9.9.9")])
    clock.advance(-3600)
    agg.add_flows([flow(LAPTOP, "9.9.9.9")])
    clock.advance(3600)
    panel = agg.panels("1h")
    assert panel["outbound_destinations"]["top"][0]["flows"] == 2
    assert panel["outbound_destinations"]["series"][0]["counts"][-1] == 2


def test_rates_use_last_complete_minute(clock: FakeClock) -> None:
    agg = _agg(clock)
    agg.add_flows([flow(LAPTOP, "9.9.9.9", nbytes=6000)])
    agg.add_flows([flow("9.9.9.9", LAPTOP, nbytes=1200)])
    snap = agg.snapshot()
    assert (snap.devices[0].rate_out, snap.devices[0].rate_in) == (0.0, 0.0)  # minute running
    clock.advance(60)
    snap = agg.snapshot()
    assert (snap.devices[0].rate_out, snap.devices[0].rate_in) == (100.0, 20.0)
    assert (snap.rate_out, snap.rate_in) == (100.0, 20.0)
    assert snap.flows_per_second == pytest.approx(2 / 60)
    agg.add_flows([flow(LAPTOP, "9.9.9.9", nbytes=60)])  # minute 1 starts
    assert agg.snapshot().devices[0].rate_out == 100.0
    clock.advance(60)
    assert agg.snapshot().devices[0].rate_out == 1.0
    clock.advance(60)
    assert agg.snapshot().devices[0].rate_out == 0.0


def test_active_devices_window(clock: FakeClock) -> None:
    agg = Aggregator(home_networks=LAN, active_window=300, clock=clock)
    agg.add_flows([flow(LAPTOP, "9.9.9.9"), flow("192.168.1.11", "9.9.9.9")])
    clock.advance(200)
    agg.add_flows([flow(LAPTOP, "9.9.9.9")])
    clock.advance(200)
    snap = agg.snapshot()
    assert snap.active_devices == 1
    assert len(snap.devices) == 2


def test_bidirectional_records_count_both_ways(clock: FakeClock) -> None:
    """IPFIX biflows (RFC 5103): reverse octets travel the other way."""
    agg = _agg(clock)
    agg.add_flows([flow(LAPTOP, "9.9.9.9", nbytes=100, reverse_bytes=5000)])
    snap = agg.snapshot()
    assert (snap.bytes_out, snap.bytes_in) == (100, 5000)
    assert (snap.devices[0].bytes_out, snap.devices[0].bytes_in) == (100, 5000)


def test_internal_and_unclassified_flows(clock: FakeClock) -> None:
    agg = _agg(clock)
    agg.add_flows([flow(LAPTOP, "192.168.1.20", nbytes=700)])  # printer does not exist yet
    agg.add_flows([flow("192.168.1.20", LAPTOP, nbytes=50)])
    agg.add_flows([flow(LAPTOP, "192.168.1.20", nbytes=300)])
    agg.add_flows([flow("203.0.113.7", "9.9.9.9")])  # WAN side of NAT: neither end is home
    snap = agg.snapshot()
    assert (snap.bytes_in, snap.bytes_out, snap.bytes_internal) == (0, 0, 1050)
    laptop, printer = snap.device(LAPTOP), snap.device("192.168.1.20")
    assert laptop is not None
    assert printer is not None
    assert (laptop.bytes_out, laptop.bytes_in) == (1000, 50)
    assert (printer.bytes_out, printer.bytes_in) == (50, 300)
    assert agg.stats["flows_unclassified"] == 1
    assert snap.flows == 4


def test_macs_from_flows_and_logs(clock: FakeClock) -> None:
    agg = _agg(clock)
    agg.add_flows([flow(LAPTOP, "9.9.9.9", src_mac=0x0242AC110002)])
    assert agg.snapshot().devices[0].mac == "02:42:ac:11:00:02"
    # netfilter's MAC= field: destination MAC, source MAC, ethertype (14 octets).
    agg.add_firewall_event(
        event(Verdict.ALLOW, LAPTOP, "9.9.9.9", mac="00:11:22:33:44:55:02:42:ac:11:00:03:08:00")
    )
    assert agg.snapshot().devices[0].mac == "02:42:ac:11:00:03"
    agg.add_firewall_event(event(Verdict.ALLOW, LAPTOP, "9.9.9.9", mac="zz:11:22:33:44:55"))
    assert agg.snapshot().devices[0].mac == "02:42:ac:11:00:03"


def test_device_names(clock: FakeClock) -> None:
    agg = _agg(clock)
    agg.add_flows([flow(LAPTOP, "9.9.9.9"), flow("fd00::10", "2001:218::1", version=6)])
    agg.set_device_names({LAPTOP: "laptop", "FD00:0::10": "nas", "bogus": "x"})
    snap = agg.snapshot()
    assert [(d.address, d.name, d.ip_version) for d in snap.devices] == [
        (LAPTOP, "laptop", 4),
        ("fd00::10", "nas", 6),
    ]
    assert {row["name"] for row in agg.panels("1h")["devices"]} == {"laptop", "nas"}
    agg.set_device_names({})
    assert agg.panels("1h")["devices"][0]["name"] == agg.panels("1h")["devices"][0]["address"]


def test_snapshot_and_panels_are_pure(clock: FakeClock) -> None:
    agg = _agg(clock)
    agg.add_flows([flow(LAPTOP, "9.9.9.9")])
    agg.add_firewall_event(event(Verdict.DENY, "67.43.156.7", LAPTOP))
    state = agg.export_state()
    clock.advance(7200)
    agg.snapshot()
    agg.panels("24h")
    agg.panels("30d")
    agg.export_state()
    clock.advance(-7200)
    assert agg.export_state() == state


def test_ipv4_mapped_addresses_fold_onto_ipv4(clock: FakeClock) -> None:
    agg = _agg(clock)
    agg.add_flows([flow(ip(LAPTOP), ip("9.9.9.9"))])
    agg.add_flows([flow((0xFFFF << 32) | ip(LAPTOP), (0xFFFF << 32) | ip("9.9.9.9"), version=6)])
    snap = agg.snapshot()
    assert [d.address for d in snap.devices] == [LAPTOP]
    assert agg.panels("1h")["outbound_destinations"]["top"][0]["flows"] == 2
