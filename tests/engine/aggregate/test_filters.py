"""Cross-filtered panels, windows, device totals per range and the sources panel."""

from __future__ import annotations

import pytest

from custom_components.netwatch.engine.aggregate import Aggregator, Filters, PanelQuery
from custom_components.netwatch.engine.aggregate.facts import FLOWS_OUT, LEVELS, FactSeries
from custom_components.netwatch.engine.enrich.geoip import GeoIP
from custom_components.netwatch.engine.records import Verdict
from tests.helpers import FakeClock

from .flows import LAN, LAPTOP, event, flow

CN = "175.16.199.10"  # CN in the GeoIP2 test database
GB = "81.2.69.142"
US = "216.160.83.56"
SE = "89.160.20.112"
PHONE = "192.168.1.20"


def _traffic(agg: Aggregator, clock: FakeClock) -> None:
    """Ten minutes of traffic: the laptop talks to GB and US, the phone to SE; CN and GB probe."""
    for minute in range(10):
        agg.add_flows(
            [
                flow(LAPTOP, GB, dport=443, nbytes=1000),
                flow(LAPTOP, US, dport=80, nbytes=500),
                flow(PHONE, SE, dport=443, nbytes=200),
                flow(US, LAPTOP, sport=40000 + minute, dport=22, nbytes=64),
            ]
        )
        for port in (23, 3389):
            agg.add_firewall_event(event(Verdict.DENY, CN, LAPTOP, dport=port))
        agg.add_firewall_event(event(Verdict.DENY, GB, PHONE, dport=23))
        agg.add_firewall_event(event(Verdict.ALLOW, US, LAPTOP, dport=22))
        clock.advance(60)


@pytest.fixture
def agg(clock: FakeClock, geoip: GeoIP) -> Aggregator:
    aggregator = Aggregator(home_networks=LAN, geoip=geoip, clock=clock)
    _traffic(aggregator, clock)
    return aggregator


def _query(**filters: str) -> PanelQuery:
    return PanelQuery(range="1h", filters=Filters.parse(filters))


def test_filter_by_country_filters_every_panel(agg: Aggregator) -> None:
    answer = agg.panels(_query(country="CN"))
    assert answer["filters"] == {"country": "CN"}
    assert answer["bucket_seconds"] == 60
    assert answer["inbound_drops"]["total"] == 20
    assert {row["country"] for row in answer["inbound_denied_table"]} == {"CN"}
    assert [c["country"] for c in answer["denied_by_country"]] == ["CN"]
    ports = {(s["port"], s["protocol"]) for s in answer["denied_ports_over_time"]["series"]}
    assert ports == {(23, "tcp"), (3389, "tcp")}
    assert answer["verdicts"] == {
        "allow": 0,
        "deny": 20,
        "reject": 0,
        "allow_bytes": None,
        "deny_bytes": None,
    }
    assert answer["outbound_destinations"]["top"] == []  # nobody sends to China
    assert [d["address"] for d in answer["devices"]] == [LAPTOP]
    assert answer["devices"][0]["denied_inbound"] == 20
    assert [s["address"] for s in answer["sources"]["top"]] == [CN]
    assert answer["sources"]["top"][0]["ports"] == ["23/tcp", "3389/tcp"]
    assert all(entry["exact"] for entry in answer["accuracy"].values())


def test_unfiltered_answer_matches_the_sum_of_filtered_ones(agg: Aggregator) -> None:
    whole = agg.panels(PanelQuery(range="1h"))
    per_country = [agg.panels(_query(country=c))["inbound_drops"]["total"] for c in ("CN", "GB")]
    assert whole["inbound_drops"]["total"] == sum(per_country) == 30
    assert whole["verdicts"]["allow"] == agg.panels(_query(country="US"))["verdicts"]["allow"]


def test_filter_by_port_protocol_device_and_remote(agg: Aggregator) -> None:
    by_port = agg.panels(_query(port="23/tcp"))
    assert by_port["inbound_drops"]["total"] == 20
    assert {c["country"] for c in by_port["denied_by_country"]} == {"CN", "GB"}
    outbound_443 = agg.panels(_query(port="443/TCP"))["outbound_destinations"]["top"]
    assert {t["address"] for t in outbound_443} == {GB, SE}
    assert agg.panels(_query(protocol="udp"))["inbound_drops"]["total"] == 0
    phone = agg.panels(_query(device=PHONE))
    assert phone["inbound_drops"]["total"] == 10
    assert [t["address"] for t in phone["outbound_destinations"]["top"]] == [SE]
    assert phone["devices"][0]["bytes_out"] == 2000
    both = agg.panels(_query(device=LAPTOP, country="US"))
    assert [t["address"] for t in both["outbound_destinations"]["top"]] == [US]
    assert both["verdicts"]["allow"] == 10
    remote = agg.panels(_query(remote=GB))
    assert remote["inbound_drops"]["total"] == 10
    assert remote["outbound_destinations"]["top"][0]["bytes"] == 10_000


def test_bad_filters_are_named() -> None:
    for bad, message in (
        ({"country": "China"}, "country"),
        ({"port": "23/xyz"}, "protocol"),
        ({"port": "99999/tcp"}, "port"),
        ({"device": "not-an-ip"}, "address"),
        ({"colour": "red"}, "unknown filter"),
    ):
        with pytest.raises(ValueError, match=message):
            Filters.parse(bad)


def test_device_table_covers_the_window_not_the_lifetime(clock: FakeClock) -> None:
    agg = Aggregator(home_networks=LAN, clock=clock)
    agg.add_flows([flow(LAPTOP, US, nbytes=5_000_000)])
    clock.advance(3 * 3600)  # three hours later: the 1 h window holds only the new traffic
    agg.add_flows([flow(LAPTOP, US, nbytes=1000)])
    hour = agg.panels("1h")["devices"][0]
    day = agg.panels("24h")["devices"][0]
    assert (hour["bytes_out"], day["bytes_out"]) == (1000, 5_001_000)
    assert hour["total_bytes_out"] == day["total_bytes_out"] == 5_001_000


def test_custom_window_and_zoom(agg: Aggregator, clock: FakeClock) -> None:
    start = clock.now - 10 * 60
    answer = agg.panels(PanelQuery(range=None, start=start, end=start + 300))
    assert answer["range"] == "custom"
    assert answer["bucket_seconds"] == 60
    assert len(answer["buckets"]) == 5
    assert answer["inbound_drops"]["total"] == 15
    filtered = agg.panels(
        PanelQuery(
            range=None, start=start, end=start + 300, filters=Filters.parse({"country": "CN"})
        )
    )
    assert filtered["inbound_drops"]["total"] == 10
    with pytest.raises(ValueError, match="start and end"):
        agg.panels(PanelQuery(range=None, start=start))


def test_redacted_answer_names_no_host(agg: Aggregator) -> None:
    answer = agg.panels(PanelQuery(range="1h", redact=True))
    text = repr(answer)
    for host in (LAPTOP, PHONE, CN, GB, US, SE):
        assert host not in text
    assert answer["redacted"] == ["outbound", "devices", "sources"]
    assert answer["inbound_drops"]["total"] == 30
    assert answer["outbound_countries"]


def test_overflowing_facts_are_reported_as_unattributed(clock: FakeClock) -> None:
    """More combinations than a bucket keeps: filtered counts become lower bounds, said so."""
    agg = Aggregator(home_networks=LAN, clock=clock)
    agg.add_flows([flow(LAPTOP, f"20.0.{n >> 8}.{n & 255}") for n in range(2000)])
    clock.advance(60)
    agg.add_flows([])
    answer = agg.panels(_query(remote="20.0.0.1"))
    accuracy = answer["accuracy"]["outbound"]
    assert not accuracy["exact"]
    minute = agg.panels(_query(port="443/tcp"))
    kept = sum(sum(s["counts"]) for s in minute["outbound_destinations"]["series"])
    lost = minute["accuracy"]["outbound"]["unattributed"]
    assert (kept, lost) == (FLOWS_OUT.keeps[0], 2000 - FLOWS_OUT.keeps[0])


def test_fact_levels_close_and_sum_up(clock: FakeClock) -> None:
    """Every level holds rows + residual == what was added, for bucket after bucket."""
    series = FactSeries(FLOWS_OUT)
    minute = int(clock.now // 60)
    total = 0
    for step in range(400):
        for n in range(50):
            series.add((1, 2 << 8 | (n + step) % 70, 3, 4), 1, 10, 0)
            total += 1
        series.advance(minute + step, minute + step + 1)
    last = minute + 400
    for index, level in enumerate(LEVELS):
        current = last * 60 // level.seconds
        first = max(current - level.slots + 1, minute * 60 // level.seconds)
        held = 0
        for bucket in range(first, current + 1):
            held += sum(row[4] for row in series.rows(index, bucket, current))
            held += series.residual_of(index, bucket, current)[0]
        covered = min(level.span, (last - minute) * 60)
        assert held <= total
        if covered >= (last - minute) * 60:
            assert held == total, level
