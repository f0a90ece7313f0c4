"""Names of remote addresses: reverse DNS against a real dnsmasq, ASN from an mmdb, scan events."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from custom_components.netwatch.engine.addr import parse_addr
from custom_components.netwatch.engine.enrich.asn import AsnDatabase
from custom_components.netwatch.engine.enrich.names import Names
from custom_components.netwatch.engine.enrich.rdns import (
    FAILURE_TTL,
    MISSING,
    NEGATIVE_TTL,
    ReverseDNS,
    clean_hostname,
)
from custom_components.netwatch.engine.errors import GeoIPError
from custom_components.netwatch.engine.scan import ScanEvent, Severity
from tests.helpers import FakeClock, testdata
from tests.peers.dnsmasq import dnsmasq

from .asn_db import write_asn_db

NAMED = "175.16.199.10"  # in 175.in-addr.arpa: dnsmasq knows its PTR
UNNAMED = "175.16.199.11"  # same zone, no record: NXDOMAIN
SILENT = "81.2.69.142"  # 81.in-addr.arpa is forwarded to a server that never answers
V6 = "2001:218::1"
RECORDS = {NAMED: "scanner.example.net", V6: "v6host.example.org"}
pytestmark = pytest.mark.usefixtures("socket_enabled")


def key(text: str) -> int:
    version, value = parse_addr(text)
    return value if version == 4 else value | (1 << 128)


async def _resolve(rdns: ReverseDNS, text: str) -> str | None:
    """Request a lookup and wait for its answer (through the callback)."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[str | None] = loop.create_future()
    assert rdns.request(key(text), lambda name: done.done() or done.set_result(name))
    return await asyncio.wait_for(done, 10)


async def test_ptr_nxdomain_and_timeout_against_dnsmasq() -> None:
    with dnsmasq(RECORDS) as server:
        rdns = ReverseDNS([server.nameserver], timeout=0.5, tries=1)
        try:
            assert await _resolve(rdns, NAMED) == "scanner.example.net"
            assert await _resolve(rdns, V6) == "v6host.example.org"
            assert await _resolve(rdns, UNNAMED) is None
            started = time.monotonic()
            assert await _resolve(rdns, SILENT) is None
            assert 0.1 < time.monotonic() - started < 5  # c-ares splits the timeout over tries
        finally:
            await rdns.async_close()
    stats = rdns.stats
    assert (stats.answered, stats.no_name, stats.timeouts, stats.errors) == (2, 1, 1, 0)
    # Answers are cached: positive, negative (NXDOMAIN) and failure alike; no new lookup.
    assert rdns.name(key(NAMED)) == "scanner.example.net"
    assert rdns.cached(key(UNNAMED)) is None
    assert rdns.cached(key(SILENT)) is None
    assert rdns.stats.lookups == 4


async def test_negative_and_failure_answers_expire() -> None:
    clock = FakeClock(0)
    with dnsmasq(RECORDS) as server:
        rdns = ReverseDNS([server.nameserver], timeout=0.5, clock=clock)
        try:
            assert await _resolve(rdns, UNNAMED) is None
            assert await _resolve(rdns, SILENT) is None
        finally:
            await rdns.async_close()
    clock.advance(FAILURE_TTL + 1)
    assert rdns.cached(key(SILENT)) is MISSING  # a timeout is retried sooner
    assert rdns.cached(key(UNNAMED)) is None
    clock.advance(NEGATIVE_TTL)
    assert rdns.cached(key(UNNAMED)) is MISSING


async def test_bounded_queue_rate_and_cache() -> None:
    """A flood of new addresses: lookups are rate-limited, the queue and cache stay bounded."""
    with dnsmasq(RECORDS, local=("175.in-addr.arpa", "10.in-addr.arpa")) as server:
        rdns = ReverseDNS(
            [server.nameserver], cache_size=50, max_queue=20, max_in_flight=4, rate=100
        )
        try:
            accepted = sum(rdns.request(key(f"10.0.{n >> 8}.{n & 255}")) for n in range(1000))
            assert accepted == 20 + 4  # the queue, plus what started at once (the burst)
            assert rdns.stats.dropped == 1000 - accepted
            await asyncio.sleep(1.0)
            assert rdns.sizes["queue"] == 0
            for n in range(200):
                rdns.request(key(f"10.1.{n >> 8}.{n & 255}"))
                await asyncio.sleep(0)
            await asyncio.sleep(2.5)
        finally:
            await rdns.async_close()
    assert rdns.sizes["cache"] <= 50
    assert rdns.stats.evictions > 0
    assert rdns.stats.no_name == rdns.stats.lookups  # every answer was NXDOMAIN


def test_without_a_loop_nothing_is_looked_up() -> None:
    rdns = ReverseDNS(["127.0.0.1:9"])
    assert rdns.name(key(NAMED)) is None
    assert rdns.stats.no_loop == 1
    assert rdns.sizes["in_flight"] == 0


def test_hostnames_are_sanitised() -> None:
    assert clean_hostname("Scanner.Example.NET.") == "scanner.example.net"
    for bad in ("<script>.example", "a b.example", "x" * 254, "", "-lead.example", None, 5):
        assert clean_hostname(bad) is None


def test_asn_database(tmp_path: Path) -> None:
    db = AsnDatabase.open(write_asn_db(tmp_path / "asn.mmdb"))
    try:
        assert db.lookup(4, parse_addr("49.64.1.2")[1]) == (4134, "Chinanet")
        assert db.lookup(4, parse_addr("12.81.92.1")[1]) == (7018, None)
        assert db.lookup(4, parse_addr("8.8.8.8")[1]) == (None, None)
        assert db.lookup(4, parse_addr("192.168.1.1")[1]) == (None, None)  # never looked up
        assert db.lookup(4, parse_addr("49.64.1.2")[1]) == (4134, "Chinanet")
        stats = db.stats
        assert (stats.hits, stats.misses, stats.skipped, stats.not_found) == (1, 3, 1, 1)
    finally:
        db.close()


def test_asn_database_rejects_country_files(tmp_path: Path) -> None:
    with pytest.raises(GeoIPError, match="no ASN records"):
        AsnDatabase.open(testdata("geoip", "GeoLite2-Country-Test.mmdb"))
    with pytest.raises(GeoIPError, match="does not exist"):
        AsnDatabase.open(tmp_path / "missing.mmdb")
    (tmp_path / "junk.mmdb").write_bytes(b"not a database")
    with pytest.raises(GeoIPError, match="not a MaxMind DB"):
        AsnDatabase.open(tmp_path / "junk.mmdb")


def _scan(source: str) -> ScanEvent:
    return ScanEvent(
        source=source, source_network=None, ip_version=4, country="CN", protocols=("tcp",),
        ports=(), port_count=12, targets=("192.0.2.10",), target_count=1, first_seen=0.0,
        last_seen=9.0, attempts=12, evidence="syslog", severity=Severity.LOW,
        known_scanner_ports=(),
    )  # fmt: skip


async def test_scan_event_waits_for_its_host_name(tmp_path: Path) -> None:
    names = Names()
    names.asn = AsnDatabase.open(write_asn_db(tmp_path / "asn.mmdb"))
    published: list[ScanEvent] = []
    with dnsmasq(RECORDS) as server:
        names.rdns = ReverseDNS([server.nameserver], timeout=0.5)
        try:
            names.deliver(_scan(NAMED), published.append)
            assert published == []  # held for the reverse lookup
            names.deliver(_scan(SILENT), published.append)
            for _ in range(100):
                if len(published) == 2:
                    break
                await asyncio.sleep(0.05)
        finally:
            await names.async_close()
    by_source = {event.source: event for event in published}
    assert by_source[NAMED].hostname == "scanner.example.net"
    assert by_source[SILENT].hostname is None  # timed out: the event still went out
    data = by_source[NAMED].as_event_data()
    assert data["hostname"] == "scanner.example.net"
    assert data["first_seen"] == "1970-01-01T00:00:00+00:00"


async def test_panel_names_and_document_enrichment(tmp_path: Path) -> None:
    names = Names()
    names.asn = AsnDatabase.open(write_asn_db(tmp_path / "asn.mmdb"))
    with dnsmasq(RECORDS) as server:
        names.rdns = ReverseDNS([server.nameserver], timeout=0.5)
        try:
            assert names.for_addresses([NAMED, "49.64.0.1"]) == {
                "49.64.0.1": {"hostname": None, "asn": 4134, "as_org": "Chinanet"}
            }
            await asyncio.sleep(0.3)  # the miss queued a lookup; the next answer has the name
            assert names.for_addresses([NAMED])[NAMED]["hostname"] == "scanner.example.net"
            version, value = parse_addr("192.0.2.1")
            assert names.describe(version, value) == (None, None, None)  # special: never asked
        finally:
            await names.async_close()
