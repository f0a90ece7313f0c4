"""State across restarts: round trip, totals never decrease, garbage and old versions tolerated."""

from __future__ import annotations

import copy
import json
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custom_components.netwatch.engine.aggregate import STATE_VERSION, Aggregator
from custom_components.netwatch.engine.enrich.geoip import GeoIP
from custom_components.netwatch.engine.records import Verdict

from .conftest import T0, FakeClock
from .flows import LAN, LAPTOP, event, flow
from .softflowd import HOME, firewall_events, records_from_oracle

SENSOR_FIELDS = (
    "bytes_in", "bytes_out", "packets_in", "packets_out", "flows", "denied_inbound", "allow",
    "deny", "reject", "allow_bytes", "deny_bytes", "top_country", "top_denied_country",
    "distinct_sources_24h",
)  # fmt: skip


def _busy(clock: FakeClock, geoip: GeoIP) -> Aggregator:
    agg = Aggregator(home_networks=HOME, geoip=geoip, clock=clock)
    agg.add_flows(records_from_oracle())
    for ev in firewall_events():
        agg.add_firewall_event(ev)
    clock.advance(150)
    agg.add_flows(records_from_oracle())
    agg.add_flows([flow("2001:db8::10", "2001:218::1", version=6, nbytes=77)])  # v6 destination
    agg.set_device_names({"192.0.2.10": "laptop"})
    return agg


def _restore(state: Any, clock: FakeClock, geoip: GeoIP | None = None) -> Aggregator:
    agg = Aggregator(home_networks=HOME, geoip=geoip, clock=clock)
    agg.import_state(state)
    return agg


def test_round_trip_through_json(clock: FakeClock, geoip: GeoIP) -> None:
    agg = _busy(clock, geoip)
    state = agg.export_state()
    assert state["version"] == STATE_VERSION
    text = orjson.dumps(state)  # HA's Store serialises with orjson: ints must fit in 64 bits
    assert json.loads(text) == state
    restored = _restore(json.loads(text), clock, geoip)
    assert restored.stats["state_errors"] == 0
    before, after = agg.snapshot(), restored.snapshot()
    for name in SENSOR_FIELDS:
        assert getattr(after, name) == getattr(before, name), name
    assert after.devices == before.devices  # counters, saved name, rates, times
    assert after.devices[0].name == "laptop"
    assert after.countries == before.countries
    for range_name in ("7d", "30d"):
        assert restored.panels(range_name) == agg.panels(range_name), range_name
    # Facts are saved at hourly resolution: after a restart 1 h and 24 h windows read the device
    # table and sources from hourly facts (the ring panels stay exact and identical).
    fact_parts = ("devices", "sources", "outbound_countries", "accuracy", "facts_seconds")
    for range_name in ("1h", "24h"):
        old, new = agg.panels(range_name), restored.panels(range_name)
        assert new["facts_seconds"] == 3600
        assert {k: v for k, v in new.items() if k not in fact_parts} == {
            k: v for k, v in old.items() if k not in fact_parts
        }
        assert new["sources"]["top"] == agg.panels("7d")["sources"]["top"]


def test_restore_later_moves_buckets(clock: FakeClock, geoip: GeoIP) -> None:
    agg = _busy(clock, geoip)
    state = agg.export_state()
    clock.advance(2 * 3600)  # restart two hours later
    restored = _restore(state, clock, geoip)
    assert restored.panels("1h")["inbound_drops"]["total"] == 0
    day_before, day_after = agg.panels("24h"), restored.panels("24h")
    assert day_after["inbound_drops"] == day_before["inbound_drops"]
    assert day_after["outbound_destinations"] == day_before["outbound_destinations"]
    assert restored.snapshot().top_denied_port == agg.snapshot().top_denied_port
    assert restored.snapshot().distinct_sources_24h == agg.snapshot().distinct_sources_24h


def test_restore_after_long_downtime_keeps_totals_only(clock: FakeClock, geoip: GeoIP) -> None:
    agg = _busy(clock, geoip)
    state = agg.export_state()
    clock.advance(40 * 86400)
    restored = _restore(state, clock, geoip)
    assert restored.panels("30d")["inbound_drops"]["total"] == 0
    assert restored.snapshot().distinct_sources_24h == 0
    assert restored.snapshot().bytes_in == agg.snapshot().bytes_in
    assert restored.stats["top_destinations_frozen"] == 0


def test_totals_add_to_records_counted_before_loading(clock: FakeClock, geoip: GeoIP) -> None:
    state = _busy(clock, geoip).export_state()
    agg = Aggregator(home_networks=HOME, geoip=geoip, clock=clock)
    agg.add_flows(records_from_oracle())
    early = agg.snapshot()
    agg.import_state(state)
    snap = agg.snapshot()
    assert snap.bytes_in == early.bytes_in + state["totals"]["bytes_in"]
    assert snap.flows == early.flows + state["totals"]["flows"]
    assert (
        snap.devices[0].bytes_out == early.devices[0].bytes_out + state["devices"][0]["bytes_out"]
    )
    # The series were merged too: the current minute holds both.
    restored_alone = _restore(state, clock, geoip)
    assert (
        agg.panels("1h")["outbound_destinations"]["top"][0]["flows"]
        == restored_alone.panels("1h")["outbound_destinations"]["top"][0]["flows"] + 3
    )


GARBAGE: list[Any] = [
    None,
    "state",
    [],
    {},
    {"version": "1"},
    {"version": 1},
    {"version": 1, "totals": {"flows": -5}},
    {"version": 1, "totals": {"flows": True}},
    {"version": 1, "totals": {"flows": 2**70}},
    {"version": 1, "devices": [{"address": "not an address"}]},
    {"version": 1, "devices": "many"},
    {"version": 1, "countries": [{"country": "G1", "inbound_denied": 1}]},
    {"version": 1, "minute": "x", "rings": {}},
    {"version": 1, "minute": 10**12, "rings": {}},
    {"version": 1, "minute": 30_000_000, "rings": {"flows": {"minutes": [[1, 2, 3]]}}},
    {"version": 1, "minute": 30_000_000, "tops": {"destinations": {"minutes": [[1, ["x", 1]]]}}},
    {"version": 1, "minute": 30_000_000, "sources": [[1, "not base64!"]]},
    {"version": 0, "counters": {"bytes": 5}},
]


@pytest.mark.parametrize("state", GARBAGE)
def test_garbage_is_skipped_and_counted(clock: FakeClock, state: Any) -> None:
    agg = Aggregator(home_networks=LAN, clock=clock)
    agg.add_flows([flow(LAPTOP, "9.9.9.9")])
    agg.import_state(state)
    assert agg.stats["state_errors"] >= 1
    snap = agg.snapshot()
    assert snap.flows == 1
    assert snap.bytes_out == 100
    agg.add_firewall_event(event(Verdict.DENY, "67.43.156.7", LAPTOP))
    assert agg.panels("24h")["inbound_drops"]["total"] == 1


def test_one_bad_section_does_not_lose_the_others(clock: FakeClock, geoip: GeoIP) -> None:
    state = _busy(clock, geoip).export_state()
    broken = copy.deepcopy(state)
    broken["devices"][0]["bytes_in"] = "lots"
    broken["tops"]["destinations"]["live"] = [1, 2]
    restored = _restore(broken, clock, geoip)
    assert restored.stats["state_errors"] == 2
    assert restored.snapshot().devices == ()
    assert restored.snapshot().bytes_in == state["totals"]["bytes_in"]
    assert restored.panels("1h")["inbound_drops"]["total"] > 0
    assert restored.panels("1h")["outbound_destinations"]["top"] == []


def test_newer_version_still_loads_known_fields(clock: FakeClock, geoip: GeoIP) -> None:
    state = _busy(clock, geoip).export_state()
    state["version"] = STATE_VERSION + 1
    state["something_new"] = {"x": 1}
    restored = _restore(state, clock, geoip)
    assert restored.snapshot().flows == state["totals"]["flows"]


def test_restored_devices_respect_the_cap(clock: FakeClock) -> None:
    devices = [
        {"address": f"192.168.3.{n}", "bytes_in": n, "bytes_out": 0, "packets_in": 0,
         "packets_out": 0, "flows": 1, "denied_inbound": 0, "first_seen": T0, "last_seen": T0 + n}
        for n in range(200)
    ]  # fmt: skip
    agg = Aggregator(home_networks=LAN, max_devices=10, clock=clock)
    agg.import_state({"version": 1, "devices": devices})
    kept = agg.snapshot().devices
    assert len(kept) == 10
    assert {d.address for d in kept} == {f"192.168.3.{n}" for n in range(190, 200)}


def test_state_saved_in_the_future_skips_series(clock: FakeClock, geoip: GeoIP) -> None:
    state = _busy(clock, geoip).export_state()
    clock.advance(-86400)
    restored = _restore(state, clock, geoip)
    assert restored.stats["state_errors"] == 1
    assert restored.snapshot().bytes_in == state["totals"]["bytes_in"]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    section=st.sampled_from(
        ["totals", "devices", "countries", "rings", "tops", "sources", "minute"]
    ),
    value=json_values,
)
def test_fuzzed_sections_never_raise(clock: FakeClock, section: str, value: Any) -> None:
    state = {"version": 1, "minute": 30_000_000, section: value}
    agg = Aggregator(home_networks=LAN, clock=clock)
    agg.import_state(state)
    agg.add_flows([flow(LAPTOP, "9.9.9.9")])
    agg.snapshot()
    agg.panels("30d")
    orjson.dumps(agg.export_state())
