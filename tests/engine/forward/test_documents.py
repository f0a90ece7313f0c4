"""ECS documents, names and settings, checked against the ECS reference and index-name rules."""

from __future__ import annotations

import time

import orjson
import pytest

from custom_components.netwatch.engine.forward import (
    ForwarderConfig,
    SendPolicy,
    documents,
    validate_prefix,
)
from custom_components.netwatch.engine.forward.documents import (
    firewall_document,
    flow_document,
    mac_text,
    scan_document,
)
from custom_components.netwatch.engine.forward.schema import daily_index, daily_index_pattern
from custom_components.netwatch.engine.records import Direction, Verdict

from .helpers import firewall_events, nfdump_oracle, softflowd_flows


def test_flow_documents_agree_with_nfdump() -> None:
    flows, oracle = softflowd_flows(), nfdump_oracle()
    assert len(flows) == len(oracle)
    for rec, ref in zip(flows, oracle, strict=True):
        doc = orjson.loads(orjson.dumps(flow_document(rec, "GB", None, Direction.OUT)))
        assert doc["source"]["ip"] == (ref.get("src4_addr") or ref.get("src6_addr"))
        assert doc["destination"]["ip"] == (ref.get("dst4_addr") or ref.get("dst6_addr"))
        assert doc["source"]["bytes"] == ref["in_bytes"]
        assert doc["network"]["packets"] == ref["in_packets"]
        assert doc["network"]["iana_number"] == str(ref["proto"])
        assert doc["network"]["direction"] == "outbound"
        assert doc["source"]["geo"] == {"country_iso_code": "GB"}
        assert "geo" not in doc["destination"]
        assert doc["event"]["start"] <= doc["event"]["end"] == doc["@timestamp"]
        # ECS: ports only where the transport has them; transport names are IANA keywords.
        if ref["proto"] in (6, 17):
            assert doc["source"]["port"] == ref["src_port"]
            assert doc["network"]["transport"] == {6: "tcp", 17: "udp"}[ref["proto"]]
        else:
            assert "port" not in doc["source"]
        assert doc["observer"] == {"type": "router", "ip": "127.0.0.1"}


def test_firewall_documents_carry_verdict_and_rule() -> None:
    events = firewall_events()
    assert events
    for ev in events:
        doc = firewall_document(ev, "CN", None)
        orjson.dumps(doc)
        assert doc["event"]["action"] == str(ev.action)
        if ev.action in (Verdict.DENY, Verdict.REJECT):
            assert doc["event"]["type"] == ["connection", "denied"]
            assert doc["event"]["outcome"] == "failure"
        if ev.ip_version in (4, 6):
            assert doc["source"]["geo"]["country_iso_code"] == "CN"
        if ev.rule:
            assert doc["rule"] == {"name": ev.rule}
        assert doc["observer"]["vendor"] == ev.vendor


def test_odd_observer_text_never_lands_in_an_ip_field() -> None:
    doc = flow_document(softflowd_flows()[0]._replace(exporter="router.lan:2055"))
    assert doc["observer"] == {"type": "router", "hostname": "router.lan:2055"}


def test_observer_cache_is_bounded() -> None:
    """Exporter text comes from the network: the cache never holds more than its cap."""
    documents._observers.clear()
    for n in range(documents._OBSERVER_CAP * 4):
        documents.observer(f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}", "router")
        assert len(documents._observers) <= documents._OBSERVER_CAP
    documents._observers.clear()


def test_mac_is_ecs_formatted() -> None:
    assert mac_text(0x0000_5E00_5323) == "00-00-5E-00-53-23"


def test_scan_document_uses_the_event_time_and_source() -> None:
    doc = scan_document(
        {"type": "scan_detected", "source": "67.43.156.7", "country": "BT", "last_seen": 12.5}, 0
    )
    assert doc["@timestamp"] == 12500
    assert doc["source"] == {"ip": "67.43.156.7", "geo": {"country_iso_code": "BT"}}
    assert doc["event"]["kind"] == "alert"
    summary = scan_document({"type": "scan_summary", "period_end": 3600.0}, 0)
    assert "source" not in summary
    assert summary["@timestamp"] == 3_600_000


def test_daily_names_and_the_ownership_pattern() -> None:
    day = time.gmtime(0)
    assert daily_index("nw", "flows", 0) == f"nw-flows-{day.tm_year}.01.01"
    pattern = daily_index_pattern("nw.x")
    assert pattern.fullmatch("nw.x-flows-2024.02.29")
    for other in ("nwax-flows-2024.02.29", "nw.x-flows-2024.02.29-1", "nw.x-custom-2024.02.29"):
        assert pattern.fullmatch(other) is None


@pytest.mark.parametrize(
    "bad", ["", "UPPER", "-lead", "_lead", "a b", "a*", "a,b", "a/b", "x" * 65]
)
def test_bad_prefixes_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="prefix"):
        validate_prefix(bad)


def test_config_normalises() -> None:
    policy = SendPolicy.parse("denied_1_in_5")
    cfg = ForwarderConfig(urls=["https://es.lan:9200/"], send_flows=policy)
    assert cfg.urls == ("https://es.lan:9200",)
    assert str(cfg.send_flows) == "denied_1_in_5"
    assert SendPolicy.parse("Denied:1/5") == cfg.send_flows  # netwatch 0.1.0's form
    with pytest.raises(ValueError, match="unknown send policy"):
        SendPolicy.parse("some")
    with pytest.raises(TypeError):
        ForwarderConfig(urls="http://x")


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"urls": []}, "at least one URL"),
        ({"urls": ["ftp://x"]}, "not an http"),
        ({"urls": ["http://u:p@x"]}, "credentials"),
        ({"urls": ["http://x"], "api_key": "k", "username": "u", "password": "p"}, "either"),
        ({"urls": ["http://x"], "username": "u"}, "needs a password"),
        ({"urls": ["http://x"], "batch_size": 0}, "batch_size"),
    ],
)
def test_config_refuses(settings: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ForwarderConfig(**settings)  # type: ignore[arg-type]


def test_remote_ends_get_ecs_as_and_domain() -> None:
    """Names of the remote end (from the name caches) land in ECS `as.*` and `domain`."""
    from custom_components.netwatch.engine.addr import parse_addr
    from custom_components.netwatch.engine.forward.documents import firewall_document
    from custom_components.netwatch.engine.forward.schema import mappings
    from tests.engine.aggregate.flows import event, flow

    remote = parse_addr("49.64.0.1")[1]

    def names(version: int, addr: int) -> tuple[str | None, int | None, str | None]:
        return ("h.example.net", 4134, "Chinanet") if addr == remote else (None, None, None)

    out = flow_document(flow("192.0.2.10", "49.64.0.1"), None, "CN", Direction.OUT, names)
    assert out["destination"]["as"] == {"number": 4134, "organization": {"name": "Chinanet"}}
    assert out["destination"]["domain"] == "h.example.net"
    assert "as" not in out["source"] and "domain" not in out["source"]
    inbound = flow_document(flow("49.64.0.1", "192.0.2.10"), "CN", None, Direction.IN, names)
    assert inbound["source"]["as"]["number"] == 4134
    assert "domain" not in inbound["destination"]
    line = event(Verdict.DENY, "49.64.0.1", "192.0.2.10", direction=Direction.IN)
    fw = firewall_document(line, "CN", None, names)
    assert fw["source"]["domain"] == "h.example.net"
    assert "as" not in fw["destination"]
    scan = scan_document(
        {"type": "scan_detected", "source": "49.64.0.1", "hostname": "h.example.net", "asn": 4134,
         "as_org": "Chinanet", "last_seen": "2027-01-15T08:00:09+00:00"},
        0,
    )  # fmt: skip
    assert scan["@timestamp"] == 1_800_000_009_000
    assert scan["source"]["as"]["organization"]["name"] == "Chinanet"
    endpoint = mappings()["properties"]["source"]["properties"]
    assert endpoint["as"]["properties"]["number"] == {"type": "long"}
    assert endpoint["domain"] == {"type": "keyword"}
