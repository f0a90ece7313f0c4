"""Real data: softflowd's exports of the test pcap + firewall verdicts -> expected counters.

Every expected number is computed from nfdump's decoding (the oracle JSON) and the MaxMind test
database's documented answers, never from the aggregator.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from itertools import pairwise

import pytest

from custom_components.netwatch.engine.aggregate import Aggregator
from custom_components.netwatch.engine.enrich.geoip import GeoIP
from custom_components.netwatch.engine.records import FlowRecord, Verdict

from .conftest import FakeClock
from .softflowd import (
    DEVICE,
    HOME,
    SCANNER,
    expected,
    expected_verdict_bytes,
    firewall_events,
    readme_country,
    records_from_decoder,
    records_from_oracle,
)

SOURCES: dict[str, Callable[[], list[FlowRecord]]] = {
    "oracle": records_from_oracle,
    "decoder": records_from_decoder,
}


@pytest.fixture(params=sorted(SOURCES))
def records(request: pytest.FixtureRequest) -> list[FlowRecord]:
    return SOURCES[request.param]()


def _scenario(clock: FakeClock, geoip: GeoIP, records: list[FlowRecord]) -> Aggregator:
    """Two identical export periods with the firewall's verdicts logged in between."""
    agg = Aggregator(home_networks=HOME, geoip=geoip, clock=clock)
    agg.add_flows(records)
    clock.advance(10)
    for event in firewall_events():
        agg.add_firewall_event(event)
    clock.advance(10)
    agg.add_flows(records)
    return agg


def test_totals_devices_countries(
    clock: FakeClock, geoip: GeoIP, records: list[FlowRecord]
) -> None:
    want = expected()
    agg = _scenario(clock, geoip, records)
    snap = agg.snapshot()

    assert snap.flows == 2 * want["flows"]
    assert snap.bytes_in == 2 * want["totals"]["bytes_in"]
    assert snap.bytes_out == 2 * want["totals"]["bytes_out"]
    assert snap.packets_in == 2 * want["totals"]["packets_in"]
    assert snap.packets_out == 2 * want["totals"]["packets_out"]
    assert snap.bytes_internal == 0

    # Only the address that sends is a device; 2001:db8::10 only received SYNs.
    assert [d.address for d in snap.devices] == list(want["devices"])
    device = snap.device(DEVICE)
    assert device is not None
    for field, value in want["devices"][DEVICE].items():
        assert getattr(device, field) == 2 * value, field
    events = firewall_events()
    denied_to_device = sum(1 for e in events if e.action in (Verdict.DENY, Verdict.REJECT))
    assert device.denied_inbound == denied_to_device
    assert snap.active_devices == 1

    outbound = {c.country: c.outbound_bytes for c in snap.countries if c.outbound_bytes}
    assert outbound == {k: 2 * v for k, v in want["countries_outbound_bytes"].items()}
    denied_by_country = Counter(
        readme_country(_src_text(e)) for e in events if e.action is not Verdict.ALLOW
    )
    assert {c.country: c.inbound_denied for c in snap.countries if c.inbound_denied} == dict(
        denied_by_country
    )
    # Every source of inbound flows and events (8 distinct in the pcap); HLL is exact this small.
    assert snap.distinct_sources_24h == len(want["sources"])


def _src_text(event: object) -> str:
    from custom_components.netwatch.engine.addr import addr_to_str

    return addr_to_str(event.ip_version, event.src_addr)  # type: ignore[attr-defined]


def test_verdicts_and_join(clock: FakeClock, geoip: GeoIP, records: list[FlowRecord]) -> None:
    events = firewall_events()
    agg = _scenario(clock, geoip, records)
    snap = agg.snapshot()
    actions = Counter(e.action for e in events)
    assert (snap.allow, snap.deny, snap.reject) == (
        actions[Verdict.ALLOW],
        actions[Verdict.DENY],
        actions[Verdict.REJECT],
    )
    assert snap.allow_ratio == pytest.approx(actions[Verdict.ALLOW] / len(events))
    # Only the second export period follows the verdicts, so its flows carry them.
    assert (snap.allow_bytes, snap.deny_bytes) == expected_verdict_bytes(events)
    assert snap.denied_inbound == actions[Verdict.DENY] + actions[Verdict.REJECT]
    # 23/tcp: the scanner's probe plus five from CN.
    assert snap.top_denied_port is not None
    assert (snap.top_denied_port.port, snap.top_denied_port.protocol) == (23, "tcp")
    assert snap.top_denied_port.service == "telnet"
    assert snap.top_denied_port.count == 6
    assert snap.top_denied_country == readme_country(SCANNER) == "BT"


def test_panels(clock: FakeClock, geoip: GeoIP, records: list[FlowRecord]) -> None:
    want = expected()
    events = firewall_events()
    agg = _scenario(clock, geoip, records)
    clock.advance(30)  # 50 s after the start: still the first minute bucket
    panel = agg.panels("1h")
    assert panel["range"] == "1h"
    assert panel["bucket_seconds"] == 60
    assert len(panel["buckets"]) == 60
    assert panel["buckets"][-1] == clock.now // 60 * 60
    assert panel["status"] == {"flows": True, "syslog": True, "geoip": True, "geoip_error": None}

    top = panel["outbound_destinations"]["top"]
    ranked = sorted(want["destinations"].items(), key=lambda kv: (-kv[1][0], kv[0]))
    assert top[0]["address"] == ranked[0][0] == "198.51.100.53"
    assert {row["address"]: [row["flows"], row["bytes"]] for row in top} == {
        address: [2 * flows, 2 * nbytes]
        for address, (flows, nbytes) in want["destinations"].items()
    }
    assert all(row["country"] == readme_country(row["address"]) for row in top)
    for series in panel["outbound_destinations"]["series"]:
        assert len(series["counts"]) == 60
        assert series["counts"][-1] == 2 * want["destinations"][series["address"]][0]

    denied = [e for e in events if e.action is not Verdict.ALLOW]
    assert panel["inbound_drops"]["total"] == len(denied)
    assert panel["inbound_drops"]["counts"][-1] == len(denied)
    assert panel["verdicts"]["allow"] == len(events) - len(denied)
    allow_bytes, deny_bytes = expected_verdict_bytes(events)
    assert (panel["verdicts"]["allow_bytes"], panel["verdicts"]["deny_bytes"]) == (
        allow_bytes,
        deny_bytes,
    )
    assert panel["denied_share"]["by_protocol"] == [
        {"protocol": "tcp", "count": sum(1 for e in denied if e.protocol == 6)},
        {"protocol": "udp", "count": sum(1 for e in denied if e.protocol == 17)},
    ]
    assert panel["denied_share"]["by_port"][:2] == [
        {"port": 23, "protocol": "tcp", "service": "telnet", "count": 6},
        {"port": 53413, "protocol": "udp", "service": "netis-backdoor", "count": 3},
    ]
    assert panel["inbound_denied_table"][0] == {
        "port": 23, "protocol": "tcp", "service": "telnet", "country": "CN", "count": 5,
    }  # fmt: skip
    from_scanner = sum(1 for e in denied if _src_text(e) == SCANNER)
    assert panel["denied_by_country"][0] == {"country": "BT", "count": from_scanner}
    over_time = panel["denied_ports_over_time"]["series"]
    assert len(over_time) == 11  # top 10 ports + "other" (the rest of the scan)
    assert over_time[-1]["protocol"] == "other"
    assert sum(sum(s["counts"]) for s in over_time) == len(denied)
    assert [d["address"] for d in panel["devices"]] == [DEVICE]
    assert panel["devices"][0]["denied_inbound"] == len(denied)

    # A minute later the same data has moved one bucket back, unchanged.
    clock.advance(60)
    later = agg.panels("1h")
    assert later["buckets"][:-1] == panel["buckets"][1:]
    for old, new in zip(
        panel["outbound_destinations"]["series"],
        later["outbound_destinations"]["series"],
        strict=True,
    ):
        assert new["counts"][:-1] == old["counts"][1:]
        assert new["counts"][-1] == 0
    assert later["inbound_drops"]["counts"][-2:] == [len(denied), 0]


@pytest.mark.parametrize(("range_name", "step", "count"), [
    ("1h", 60, 60), ("24h", 60, 1440), ("7d", 3600, 168), ("30d", 3600, 720),
])  # fmt: skip
def test_panel_ranges(
    clock: FakeClock, geoip: GeoIP, range_name: str, step: int, count: int
) -> None:
    agg = _scenario(clock, geoip, records_from_oracle())
    panel = agg.panels(range_name)
    buckets = panel["buckets"]
    assert (panel["bucket_seconds"], len(buckets)) == (step, count)
    assert all(b - a == step for a, b in pairwise(buckets))
    assert buckets[-1] <= clock.now < buckets[-1] + step
    for series in panel["outbound_destinations"]["series"]:
        assert len(series["counts"]) == count
    assert len(panel["inbound_drops"]["counts"]) == count
    denied = [e for e in firewall_events() if e.action is not Verdict.ALLOW]
    assert panel["inbound_drops"]["total"] == len(denied)
    with pytest.raises(ValueError, match="unknown range"):
        agg.panels("2h")
