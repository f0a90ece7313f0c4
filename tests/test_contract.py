"""The engine's netwatch/panels answers conform to contract/panels.schema.json, and the card's
generated types and fixtures come from the same file."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from custom_components.netwatch.engine.aggregate import Aggregator, Filters, PanelQuery
from custom_components.netwatch.engine.enrich.geoip import GeoIP
from custom_components.netwatch.engine.records import Verdict
from tests.contract import SCHEMA, problems
from tests.engine.aggregate.flows import LAN, LAPTOP, event, flow
from tests.helpers import FakeClock, testdata

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def aggregator() -> Aggregator:
    clock = FakeClock()
    agg = Aggregator(
        home_networks=LAN, geoip=GeoIP.open(testdata("geoip", "GeoIP2-Country-Test.mmdb")),
        clock=clock,
    )  # fmt: skip
    for minute in range(30):
        agg.add_flows([flow(LAPTOP, "81.2.69.142", nbytes=1000), flow("2001:218::1", "fd00::10")])
        agg.add_firewall_event(event(Verdict.DENY, "175.16.199.10", LAPTOP, dport=minute))
        agg.add_firewall_event(event(Verdict.ALLOW, "81.2.69.142", LAPTOP, dport=22))
        agg.add_firewall_event(event(Verdict.DENY, "175.16.199.10", LAPTOP, proto=1, dport=-1))
        clock.advance(60)
    agg.add_scan(
        {"source": "175.16.199.10", "country": "CN", "port_count": 30, "target_count": 1,
         "first_seen": "2027-01-15T08:00:00+00:00", "last_seen": "2027-01-15T08:29:00+00:00",
         "severity": "low", "hostname": None, "asn": None}
    )  # fmt: skip
    return agg


QUERIES = [PanelQuery(range=name) for name in ("1h", "24h", "7d", "30d")] + [
    PanelQuery(range="1h", filters=Filters.parse({"country": "CN"})),
    PanelQuery(range="24h", filters=Filters.parse({"port": "22/tcp", "device": LAPTOP})),
    PanelQuery(range="30d", filters=Filters.parse({"protocol": "icmp"})),
    PanelQuery(range=None, start=1_800_000_000.0, end=1_800_000_900.0),
    PanelQuery(range="24h", redact=True),
]


@pytest.mark.parametrize("query", QUERIES, ids=repr)
def test_engine_answers_conform(aggregator: Aggregator, query: PanelQuery) -> None:
    answer = aggregator.panels(query)
    answer |= {
        "entry_id": "abc",
        "names": {"81.2.69.142": {"hostname": "h", "asn": 1, "as_org": None}},
    }
    assert problems(answer) == []
    assert answer["facts_seconds"] in (60, 300, 3600, 21600)


def test_every_schema_field_is_answered(aggregator: Aggregator) -> None:
    """The schema names no field the engine never sends (required lists all of them)."""
    answer = aggregator.panels("24h") | {"entry_id": "abc", "names": {}}
    assert set(SCHEMA["required"]) == set(SCHEMA["properties"]) == set(answer)


def test_validator_catches_drift(aggregator: Aggregator) -> None:
    answer = aggregator.panels("1h") | {"entry_id": "abc", "names": {}}
    broken = json.loads(json.dumps(answer))
    broken["inbound_drops"]["total"] = -1
    broken["devices"][0]["colour"] = "red"
    del broken["verdicts"]["allow"]
    broken["range"] = "2h"
    found = problems(broken)
    assert len(found) == 4, found


def test_card_types_are_generated_from_the_schema() -> None:
    """frontend/src/contract.ts is what frontend/gen-contract.mjs makes of the schema."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed here (scripts/frontend test checks the same)")
    check = subprocess.run(
        ["node", "gen-contract.mjs", "--check"], cwd=ROOT / "frontend", capture_output=True,
        text=True, check=False,
    )  # fmt: skip
    assert check.returncode == 0, check.stderr
