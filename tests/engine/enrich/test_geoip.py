"""GeoIP: both record shapes, the bounded cache, special ranges, staleness and errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import maxminddb
import pytest
from hypothesis import given
from hypothesis import strategies as st
from mmdb_writer import MMDBWriter
from netaddr import IPSet

from custom_components.netwatch.engine.addr import parse_addr
from custom_components.netwatch.engine.enrich.geoip import STALE_AFTER_DAYS, GeoIP
from custom_components.netwatch.engine.enrich.special import _V4_RANGES, _V4_SKIP_OCTETS, is_special
from custom_components.netwatch.engine.errors import GeoIPError, NetwatchError
from tests.helpers import testdata

# Known answers documented with MaxMind's test databases (tests/data/README.md).
KNOWN = {
    "81.2.69.142": "GB",
    "81.2.69.160": "GB",
    "216.160.83.56": "US",
    "89.160.20.112": "SE",
    "89.160.20.129": "SE",
    "2.125.160.216": "GB",
    "67.43.156.7": "BT",
    "202.196.224.5": "PH",
    "217.65.48.1": "GI",
    "111.235.160.1": "CN",
    "50.114.0.1": "US",
    "2001:218::1": "JP",
    "2001:220::1": "KR",
    "2001:250::1": "CN",
}
NOT_FOUND = ("8.8.8.8",)
SPECIAL = (
    "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.10", "127.0.0.1", "169.254.1.1",
    "100.64.0.1", "0.0.0.0", "192.0.2.10", "198.51.100.53", "203.0.113.9", "198.18.0.1",
    "224.0.0.251", "239.255.255.250", "255.255.255.255", "240.0.0.1", "192.0.0.8",
    "::", "::1", "fe80::1", "fd00::1", "fc00::1", "ff02::1", "2001:db8::10", "3fff::1",
    "2001::1", "::ffff:192.168.1.1", "64:ff9b::a00:1", "100::1",
)  # fmt: skip
PUBLIC = ("1.1.1.1", "8.8.8.8", "172.32.0.1", "100.128.0.1", "192.169.0.1", "2606:4700::1111")


def lookup(db: GeoIP, text: str) -> str | None:
    return db.country(*parse_addr(text))


@pytest.fixture(params=["GeoLite2-Country-Test.mmdb", "GeoIP2-Country-Test.mmdb"])
def maxmind(request: pytest.FixtureRequest) -> Any:
    db = GeoIP.open(testdata("geoip", request.param))
    yield db
    db.close()


@pytest.mark.parametrize(("address", "country"), sorted(KNOWN.items()))
def test_maxmind_known_answers(maxmind: GeoIP, address: str, country: str) -> None:
    assert lookup(maxmind, address) == country
    assert maxmind.has_country
    assert maxmind.typed  # MaxMind's own database type: geoip2's Country model reads it
    assert maxmind.asn(*parse_addr(address)) is None


def test_geoip2_only_range() -> None:
    """175.16.199.0/24 is CN in the GeoIP2 file only (README)."""
    geoip2 = GeoIP.open(testdata("geoip", "GeoIP2-Country-Test.mmdb"))
    geolite = GeoIP.open(testdata("geoip", "GeoLite2-Country-Test.mmdb"))
    assert lookup(geoip2, "175.16.199.10") == "CN"
    assert lookup(geolite, "175.16.199.10") is None


def test_metadata_matches_file(maxmind: GeoIP) -> None:
    meta = maxminddb.open_database(maxmind.path).metadata()
    assert maxmind.database_type == meta.database_type
    assert maxmind.build_epoch == meta.build_epoch
    assert maxmind.age_days(now=meta.build_epoch + 86400 * 3) == pytest.approx(3)


def test_stale_detection(maxmind: GeoIP) -> None:
    built = maxmind.build_epoch
    assert not maxmind.is_stale(now=built + 86400 * (STALE_AFTER_DAYS - 1))
    assert maxmind.is_stale(now=built + 86400 * (STALE_AFTER_DAYS + 1))
    assert maxmind.is_stale(30, now=built + 86400 * 31)


def test_special_ranges_skip_database(maxmind: GeoIP) -> None:
    for text in SPECIAL:
        assert is_special(*parse_addr(text)), text
        assert lookup(maxmind, text) is None
    stats = maxmind.stats
    assert stats.skipped == len(SPECIAL)
    assert stats.misses == 0
    assert stats.cache_size == 0  # special ranges never occupy the cache
    for text in PUBLIC:
        assert not is_special(*parse_addr(text)), text


def test_not_found_is_cached(maxmind: GeoIP) -> None:
    for _ in range(3):
        assert lookup(maxmind, NOT_FOUND[0]) is None
    stats = maxmind.stats
    assert (stats.misses, stats.hits, stats.not_found, stats.cache_size) == (1, 2, 1, 1)


def test_mapped_and_nat64_addresses_use_ipv4(maxmind: GeoIP) -> None:
    assert lookup(maxmind, "::ffff:81.2.69.142") == "GB"
    # RFC 6052: 64:ff9b::5102:458e embeds 81.2.69.142, 64:ff9b::d8a0:5338 216.160.83.56.
    assert lookup(maxmind, "64:ff9b::5102:458e") == "GB"
    assert lookup(maxmind, "64:ff9b::d8a0:5338") == "US"


def test_cache_is_bounded_lru() -> None:
    db = GeoIP.open(testdata("geoip", "GeoIP2-Country-Test.mmdb"), cache_size=8)
    first = parse_addr("81.2.69.142")
    db.country(*first)
    for host in range(1, 200):
        db.country(4, (1 << 24) + host)  # 1.0.0.x: public, not in the test database
        db.country(*first)  # keep the first one recently used
        assert db.stats.cache_size <= 8
    stats = db.stats
    assert stats.cache_size == 8
    assert stats.evictions == 199 + 1 - 8
    assert stats.misses == 200
    assert db.country(*first) == "GB"
    assert db.stats.misses == 200  # still cached: LRU, not FIFO


def _write(path: Path, records: dict[str, dict[str, Any]], **kwargs: Any) -> Path:
    writer = MMDBWriter(ip_version=6, ipv4_compatible=True, **kwargs)
    for cidr, record in records.items():
        writer.insert_network(IPSet([cidr]), record)
    writer.to_db_file(str(path))
    return path


def test_flat_country_code_records(tmp_path: Path) -> None:
    """ip-location-db / DB-IP Lite flat shape: {"country_code": "GB"}."""
    path = _write(
        tmp_path / "flat.mmdb",
        {
            "81.2.69.0/24": {"country_code": "GB"},
            "2001:218::/32": {"country_code": "JP"},
            "5.5.5.0/24": {"country_code": "de"},
            "6.6.6.0/24": {"country_code": "XYZ"},
        },
        database_type="ip-location-db-country",
    )
    db = GeoIP.open(path)
    assert db.database_type == "ip-location-db-country"
    assert db.has_country
    assert not db.has_asn
    assert lookup(db, "81.2.69.142") == "GB"
    assert lookup(db, "2001:218::1") == "JP"
    assert lookup(db, "5.5.5.5") == "DE"
    assert lookup(db, "6.6.6.6") is None  # not an alpha-2 code
    assert lookup(db, "9.9.9.9") is None


def test_maxmind_asn_database_is_read_through_geoip2(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "asn.mmdb",
        {
            "81.2.69.0/24": {"autonomous_system_number": 64496},
            "9.9.9.0/24": {"autonomous_system_number": 19281},
        },
        database_type="GeoLite2-ASN",
    )
    db = GeoIP.open(path)
    assert db.typed
    assert (db.has_country, db.has_asn) == (False, True)
    assert db.lookup(*parse_addr("81.2.69.1")) == (None, 64496)
    assert db.lookup(*parse_addr("8.8.8.8")) == (None, None)  # not in the file


def test_flat_asn_and_country_records(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "asn-country.mmdb",
        {
            "81.2.69.0/24": {"autonomous_system_number": 64496, "country_code": "GB"},
            "9.9.9.0/24": {"autonomous_system_number": 19281},
        },
        database_type="ip-location-db-asn-country",
    )
    db = GeoIP.open(path)
    assert not db.typed
    assert (db.has_country, db.has_asn) == (True, True)
    assert db.lookup(*parse_addr("81.2.69.1")) == ("GB", 64496)
    assert db.asn(*parse_addr("9.9.9.9")) == 19281
    assert db.country(*parse_addr("9.9.9.9")) is None


def test_registered_country_fallback(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "city.mmdb",
        {"81.2.69.0/24": {"continent": {"code": "EU"}, "registered_country": {"iso_code": "GB"}}},
        database_type="GeoIP2-City",
    )
    assert lookup(GeoIP.open(path), "81.2.69.9") == "GB"


def test_ipv4_only_database_answers_none_for_ipv6(tmp_path: Path) -> None:
    writer = MMDBWriter(ip_version=4, database_type="v4-only")
    writer.insert_network(IPSet(["81.2.69.0/24"]), {"country_code": "GB"})
    writer.to_db_file(str(tmp_path / "v4.mmdb"))
    db = GeoIP.open(tmp_path / "v4.mmdb")
    assert lookup(db, "81.2.69.1") == "GB"
    assert lookup(db, "2001:218::1") is None
    assert db.stats.errors == 0


def test_missing_file_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(GeoIPError, match="does not exist; download a country database") as err:
        GeoIP.open(tmp_path / "nope.mmdb")
    assert isinstance(err.value, NetwatchError)


def test_not_an_mmdb(tmp_path: Path) -> None:
    bad = tmp_path / "bad.mmdb"
    bad.write_bytes(b"this is not a MaxMind database" * 100)
    with pytest.raises(GeoIPError, match=r"cannot be read as a MaxMind DB \(\.mmdb\) file"):
        GeoIP.open(bad)


def test_truncated_mmdb(tmp_path: Path) -> None:
    data = testdata("geoip", "GeoIP2-Country-Test.mmdb").read_bytes()
    cut = tmp_path / "cut.mmdb"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(GeoIPError):
        GeoIP.open(cut)


def test_database_without_country_or_asn(tmp_path: Path) -> None:
    path = _write(tmp_path / "other.mmdb", {"81.2.69.0/24": {"city": "London"}}, database_type="X")
    with pytest.raises(GeoIPError, match="has no country or ASN records"):
        GeoIP.open(path)


def test_close_makes_lookups_answer_none(maxmind: GeoIP) -> None:
    assert lookup(maxmind, "81.2.69.142") == "GB"
    maxmind.close()
    assert lookup(maxmind, "81.2.69.142") is None
    maxmind.close()  # idempotent


@given(st.integers(0, 2**32 - 1) | st.sampled_from([e for r in _V4_RANGES for e in r]))
def test_special_v4_agrees_with_the_plain_range_list(addr: int) -> None:
    """The per-octet lookup answers as a scan of every RFC 6890 range would."""
    plain = addr >> 24 in _V4_SKIP_OCTETS or any(a <= addr <= b for a, b in _V4_RANGES)
    assert is_special(4, addr) is plain
    assert is_special(6, 0xFFFF << 32 | addr) is plain  # IPv4-mapped: the same answer
