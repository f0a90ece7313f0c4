"""Index through real Elasticsearch and OpenSearch nodes and read the documents back."""

from __future__ import annotations

import time
from collections import Counter

import aiohttp
import pytest

from custom_components.netwatch.engine.enrich.geoip import GeoIP
from custom_components.netwatch.engine.flow import FlowDecoder
from custom_components.netwatch.engine.forward import (
    Forwarder,
    ForwarderAuthError,
    ForwarderConfig,
)
from custom_components.netwatch.engine.records import Direction
from custom_components.netwatch.engine.scan.events import ScanEvent, ScanPort, Severity
from tests.helpers import testdata
from tests.search_servers import SearchNode

from .conftest import config_for
from .helpers import (
    assert_invariant,
    firewall_events,
    nfdump_oracle,
    running,
    softflowd_flows,
    wait_settled,
)

pytestmark = pytest.mark.search

# Where tests/data/README.md says the synthetic pcap's sources are, by MaxMind's test data.
KNOWN_COUNTRIES = {
    "81.2.69.142": "GB",
    "216.160.83.56": "US",
    "89.160.20.112": "SE",
    "175.16.199.10": "CN",
    "67.43.156.7": "BT",
    "202.196.224.5": "PH",
    "2001:218::1": "JP",
}


def _scan_payload() -> dict[str, object]:
    return ScanEvent(
        source="67.43.156.7",
        source_network=None,
        ip_version=4,
        country="BT",
        protocols=("tcp",),
        ports=(ScanPort(23, "tcp", "telnet"), ScanPort(22, "tcp", "ssh")),
        port_count=60,
        targets=("192.0.2.10",),
        target_count=1,
        first_seen=time.time() - 60,
        last_seen=time.time(),
        attempts=60,
        evidence="flow",
        severity=Severity.MEDIUM,
        known_scanner_ports=("telnet",),
    ).as_event_data()


def _server_has_data_streams(node: SearchNode) -> bool:
    """Ask the node itself (the forwarder must agree with it)."""
    status, _ = node.http("GET", "/_data_stream")
    return status == 200


def _count(node: SearchNode, target: str, query: dict[str, object] | None = None) -> int:
    body = {"query": query} if query else None
    return int(node.ok("POST" if body else "GET", f"/{target}/_count", body)["count"])


async def _forward_real_data(fwd: Forwarder) -> tuple[int, int]:
    """Submit softflowd's flows (with GeoIP countries) and real firewall lines, plus one scan."""
    geo = GeoIP.open(testdata("geoip", "GeoIP2-Country-Test.mmdb"))
    flows, events = softflowd_flows(), firewall_events()
    try:
        for rec in flows:
            fwd.submit_flow(
                rec,
                country_src=geo.country(rec.ip_version, rec.src_addr),
                country_dst=geo.country(rec.ip_version, rec.dst_addr),
                direction=Direction.IN,
            )
    finally:
        geo.close()
    for ev in events:
        fwd.submit_firewall(ev)
    fwd.submit_scan(_scan_payload())
    await wait_settled(fwd)
    return len(flows), len(events)


async def test_index_query_and_mapping(
    search_node: SearchNode, http_session: aiohttp.ClientSession, cleanup_prefix: str
) -> None:
    prefix = cleanup_prefix
    fwd = Forwarder(http_session, config_for(search_node, prefix))
    info = await fwd.async_check()
    assert info.product == search_node.product
    assert info.features.data_streams == _server_has_data_streams(search_node)
    async with running(fwd):
        n_flows, n_events = await _forward_real_data(fwd)
    expected_storage = "data_streams" if info.features.data_streams else "daily_indices"
    assert fwd.storage == expected_storage
    search_node.ok("POST", f"/{prefix}-*/_refresh")
    oracle = nfdump_oracle()
    assert n_flows == len(oracle)
    assert _count(search_node, f"{prefix}-flows*") == n_flows
    assert _count(search_node, f"{prefix}-firewall*") == n_events
    assert _count(search_node, f"{prefix}-scans*") == 1
    stats = fwd.stats
    assert stats.indexed == stats.submitted == n_flows + n_events + 1
    assert stats.dropped_total == 0
    assert_invariant(stats)

    # Bytes as nfdump decoded them, summed by the server.
    agg = search_node.ok(
        "POST",
        f"/{prefix}-flows*/_search",
        {"size": 0, "aggs": {"b": {"sum": {"field": "source.bytes"}}}},
    )
    assert agg["aggregations"]["b"]["value"] == sum(int(f["in_bytes"]) for f in oracle)

    # source.ip is an ip field: CIDR and IPv6 term queries work.
    def src(flow: dict[str, object]) -> str:
        return str(flow.get("src4_addr") or flow.get("src6_addr"))

    by_src = Counter(src(f) for f in oracle)
    cidr = {"term": {"source.ip": "81.2.69.142/31"}}
    assert _count(search_node, f"{prefix}-flows*", cidr) == by_src["81.2.69.142"]
    v6 = {"term": {"source.ip": "2001:218::1"}}
    assert _count(search_node, f"{prefix}-flows*", v6) == by_src["2001:218::1"] > 0

    # Countries: MaxMind's published test answers for the pcap's sources.
    expected = Counter()
    for address, n in by_src.items():
        if address in KNOWN_COUNTRIES:
            expected[KNOWN_COUNTRIES[address]] += n
    terms = search_node.ok(
        "POST",
        f"/{prefix}-flows*/_search",
        {"size": 0, "aggs": {"c": {"terms": {"field": "source.geo.country_iso_code"}}}},
    )
    got = {b["key"]: b["doc_count"] for b in terms["aggregations"]["c"]["buckets"]}
    assert got == dict(expected)
    _assert_mapping(search_node, prefix)


def _assert_mapping(node: SearchNode, prefix: str) -> None:
    mappings = node.ok("GET", f"/{prefix}-flows*/_mapping")
    props = next(iter(mappings.values()))["mappings"]["properties"]
    for side in ("source", "destination"):
        fields = props[side]["properties"]
        assert fields["ip"]["type"] == "ip"
        geo = fields["geo"]["properties"]
        assert geo["country_iso_code"]["type"] == "keyword"
        assert geo["location"]["type"] == "geo_point"
        assert fields["port"]["type"] == "long"
    assert props["observer"]["properties"]["ip"]["type"] == "ip"
    assert props["@timestamp"]["type"] == "date"
    assert props["network"]["properties"]["transport"]["type"] == "keyword"


async def test_vlans_and_next_hops_are_searchable(
    search_node: SearchNode, http_session: aiohttp.ClientSession, cleanup_prefix: str
) -> None:
    """Cisco 1941's real v9 export: dot1q VLAN 872 and IPv4 next hops, typed by the template."""
    decoder = FlowDecoder()
    flows = [
        rec
        for name in ("netflow9_test_cisco_1941K9.dat", "netflow9_test_huawei_netstream_tpl.dat",
                     "netflow9_test_huawei_netstream_data.dat")
        for rec in decoder.decode(testdata("netflow", "vendor", name).read_bytes(), "127.0.0.1")
    ]  # fmt: skip
    prefix = cleanup_prefix
    fwd = Forwarder(http_session, config_for(search_node, prefix))
    async with running(fwd):
        for rec in flows:
            fwd.submit_flow(rec)
        await wait_settled(fwd)
    search_node.ok("POST", f"/{prefix}-*/_refresh")
    target = f"{prefix}-flows*"
    assert _count(search_node, target) == len(flows)
    tagged = sum(1 for r in flows if r.src_vlan == 872)
    assert tagged > 0
    assert _count(search_node, target, {"term": {"observer.ingress.vlan.id": "872"}}) == tagged
    assert _count(search_node, target, {"term": {"network.vlan.id": "872"}}) == tagged
    routed = sum(1 for r in flows if r.next_hop and r.next_hop >> 16 == 0xC0A8)  # 192.168/16
    assert routed > 0
    cidr = {"term": {"netflow.next_hop": "192.168.0.0/16"}}
    assert _count(search_node, target, cidr) == routed
    masked = sum(1 for r in flows if r.src_mask == 24)
    assert _count(search_node, target, {"term": {"netflow.src_mask": 24}}) == masked > 0
    props = next(iter(search_node.ok("GET", f"/{target}/_mapping").values()))["mappings"]
    netflow = props["properties"]["netflow"]["properties"]
    assert netflow["next_hop"]["type"] == "ip"
    observer = props["properties"]["observer"]["properties"]
    assert observer["ingress"]["properties"]["vlan"]["properties"]["id"]["type"] == "keyword"


async def test_daily_indices_can_be_forced(
    search_node: SearchNode, http_session: aiohttp.ClientSession, cleanup_prefix: str
) -> None:
    prefix = cleanup_prefix
    fwd = Forwarder(http_session, config_for(search_node, prefix, storage="daily_indices"))
    async with running(fwd):
        for ev in firewall_events():
            fwd.submit_firewall(ev)
        await wait_settled(fwd)
    day = time.strftime("%Y.%m.%d", time.gmtime())
    rows = search_node.ok("GET", f"/_cat/indices/{prefix}-*?format=json&h=index")
    assert [r["index"] for r in rows] == [f"{prefix}-firewall-{day}"]


async def test_retention_deletes_only_old_netwatch_indices(
    search_node: SearchNode, http_session: aiohttp.ClientSession, cleanup_prefix: str
) -> None:
    prefix = cleanup_prefix
    now = time.time()

    def day(offset: float) -> str:
        return time.strftime("%Y.%m.%d", time.gmtime(now - offset * 86400))

    ours_old = [f"{prefix}-flows-2020.01.01", f"{prefix}-firewall-{day(31)}"]
    ours_kept = [f"{prefix}-flows-{day(0)}", f"{prefix}-scans-{day(29)}"]
    outside = [
        f"{prefix}-custom-2020.01.01",  # under the prefix, not a netwatch name
        f"{prefix}-flows-2020.01.01-copy",
        f"x{prefix}-flows-2020.01.01",  # outside the prefix
    ]
    for name in ours_old + ours_kept + outside:
        search_node.ok("PUT", f"/{name}", {"settings": {"number_of_replicas": 0}})
    try:
        fwd = Forwarder(http_session, config_for(search_node, prefix, retention_days=30))
        deleted = await fwd.async_apply_retention()
        assert sorted(deleted) == sorted(ours_old)
        rows = search_node.ok("GET", "/_cat/indices?format=json&h=index")
        present = {r["index"] for r in rows}
        assert present.isdisjoint(ours_old)
        assert set(ours_kept + outside) <= present
    finally:
        for name in outside:
            search_node.http("DELETE", f"/{name}")


async def test_data_stream_retention_rolls_over_and_trims(
    search_node: SearchNode, http_session: aiohttp.ClientSession, cleanup_prefix: str
) -> None:
    """Servers with data streams but no lifecycle: netwatch rolls over daily and trims."""
    if search_node.product == "opensearch":
        # The engine this test relies on: data streams are core OpenSearch, without ISM here.
        assert _server_has_data_streams(search_node)
    elif not _server_has_data_streams(search_node):
        # Elasticsearch's integ-test-zip has only x-pack-core and x-pack-security: no data
        # streams, ILM or data stream lifecycle (it answers 400 to GET /_data_stream).
        pytest.skip(f"this {search_node.product} test distribution has no data streams")
    prefix, now = cleanup_prefix, time.time()
    clock = [now]
    config = config_for(search_node, prefix, retention_days=30)
    fwd = Forwarder(http_session, config, clock=lambda: clock[0])
    async with running(fwd):
        for ev in firewall_events():
            fwd.submit_firewall(ev)
        await wait_settled(fwd)
    stream = f"{prefix}-firewall"

    def backing() -> list[str]:
        found = search_node.ok("GET", f"/_data_stream/{stream}")["data_streams"][0]
        return [i["index_name"] for i in found["indices"]]

    first = backing()
    assert len(first) == 1
    clock[0] = now + 2 * 86400  # two days later: the write index is rolled over, nothing deleted
    assert await fwd.async_apply_retention() == []
    assert len(backing()) == 2
    clock[0] = now + 40 * 86400  # the first index stopped receiving writes > 30 days ago
    assert await fwd.async_apply_retention() == first
    assert first[0] not in backing()
    assert len(backing()) == 2  # the rollover of this pass plus the previous write index


async def test_wrong_password_is_a_real_401(
    elasticsearch_node: SearchNode, http_session: aiohttp.ClientSession
) -> None:
    config = ForwarderConfig(
        urls=[elasticsearch_node.url], username=elasticsearch_node.username, password="wrong"
    )
    with pytest.raises(ForwarderAuthError) as err:
        await Forwarder(http_session, config).async_check()
    assert err.value.reason == "invalid_auth"
