"""The opt-in DB-IP download, served by a local aiohttp server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from mmdb_writer import MMDBWriter
from netaddr import IPSet

from custom_components.netwatch.engine.addr import parse_addr
from custom_components.netwatch.engine.enrich.geoip import GeoIP
from custom_components.netwatch.engine.enrich.geoip_download import (
    DBIP_ATTRIBUTION,
    DBIP_COUNTRY_URL,
    DBIP_FILENAME,
    download_dbip_country,
    update_due,
)
from custom_components.netwatch.engine.errors import GeoIPError

NOW = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)
PATH = "/free/dbip-country-lite-{year:04d}-{month:02d}.mmdb.gz"


def _mmdb(tmp_path: Path, country: str) -> bytes:
    writer = MMDBWriter(ip_version=6, ipv4_compatible=True, database_type="DBIP-Country-Lite")
    writer.insert_network(IPSet(["81.2.69.0/24"]), {"country": {"iso_code": country}})
    out = tmp_path / f"src-{country}.mmdb"
    writer.to_db_file(str(out))
    return out.read_bytes()


@dataclass
class Server:
    """Files by URL path; everything else is 404. Records the paths asked for."""

    files: dict[str, tuple[int, bytes]] = field(default_factory=dict)
    requested: list[str] = field(default_factory=list)
    base: str = ""

    @property
    def template(self) -> str:
        return self.base + PATH

    def put(self, year: int, month: int, body: bytes, status: int = 200) -> None:
        self.files[PATH.format(year=year, month=month)] = (status, body)


@pytest.fixture
async def server(socket_enabled: None) -> AsyncIterator[Server]:
    state = Server()

    async def handle(request: web.Request) -> web.Response:
        state.requested.append(request.path)
        status, body = state.files.get(request.path, (404, b"not found"))
        return web.Response(status=status, body=body)

    app = web.Application()
    app.router.add_get("/{tail:.*}", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    state.base = f"http://{host}:{port}"
    yield state
    await runner.cleanup()


def _hidden_files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith("."))


async def _download(server: Server, dest: Path, now: datetime = NOW) -> Path:
    async with aiohttp.ClientSession() as session:
        return await download_dbip_country(session, dest, url_template=server.template, now=now)


def _country(path: Path, text: str) -> str | None:
    db = GeoIP.open(path)
    try:
        return db.country(*parse_addr(text))
    finally:
        db.close()


async def test_downloads_current_month(server: Server, tmp_path: Path) -> None:
    server.put(2026, 11, gzip.compress(_mmdb(tmp_path, "GB")))
    dest = tmp_path / "geoip"
    path = await _download(server, dest)
    assert path == dest / DBIP_FILENAME
    assert _country(path, "81.2.69.142") == "GB"
    assert server.requested == ["/free/dbip-country-lite-2026-11.mmdb.gz"]
    assert sorted(p.name for p in dest.iterdir()) == [DBIP_FILENAME]  # no temp file left
    assert not update_due(path)


async def test_falls_back_to_previous_month(server: Server, tmp_path: Path) -> None:
    server.put(2025, 12, gzip.compress(_mmdb(tmp_path, "SE")))
    path = await _download(server, tmp_path, now=datetime(2026, 1, 1, 0, 5, tzinfo=UTC))
    assert server.requested == [
        "/free/dbip-country-lite-2026-01.mmdb.gz",
        "/free/dbip-country-lite-2025-12.mmdb.gz",
    ]
    assert _country(path, "81.2.69.1") == "SE"


async def test_replaces_existing_database(server: Server, tmp_path: Path) -> None:
    server.put(2026, 10, gzip.compress(_mmdb(tmp_path, "GB")))
    first = await _download(server, tmp_path)
    server.put(2026, 11, _mmdb(tmp_path, "JP"))  # an uncompressed .mmdb is accepted too
    second = await _download(server, tmp_path)
    assert first == second
    assert _country(second, "81.2.69.1") == "JP"


@pytest.mark.parametrize(
    ("status", "body", "message"),
    [
        (200, b"\x1f\x8b" + b"garbage" * 50, "not a valid gzip file"),
        (200, gzip.compress(b"not an mmdb at all" * 100), "is unusable"),
        (500, b"oops", "HTTP 500"),
    ],
)
async def test_bad_download_keeps_working_database(
    server: Server, tmp_path: Path, status: int, body: bytes, message: str
) -> None:
    server.put(2026, 10, gzip.compress(_mmdb(tmp_path, "GB")))
    good = await _download(server, tmp_path)
    before = await asyncio.to_thread(good.read_bytes)
    server.put(2026, 11, body, status)
    with pytest.raises(GeoIPError, match=message):
        await _download(server, tmp_path)
    assert await asyncio.to_thread(good.read_bytes) == before
    assert await asyncio.to_thread(_hidden_files, tmp_path) == []


async def test_truncated_gzip(server: Server, tmp_path: Path) -> None:
    data = gzip.compress(_mmdb(tmp_path, "GB"))
    server.put(2026, 11, data[: len(data) // 2])
    with pytest.raises(GeoIPError, match="truncated"):
        await _download(server, tmp_path)


async def test_nothing_published(server: Server, tmp_path: Path) -> None:
    with pytest.raises(GeoIPError, match=r"has not published.*2026-11.*2026-10"):
        await _download(server, tmp_path)


async def test_connection_refused(socket_enabled: None, tmp_path: Path) -> None:
    async with aiohttp.ClientSession() as session:
        with pytest.raises(GeoIPError, match="cannot download"):
            await download_dbip_country(
                session, tmp_path, url_template="http://127.0.0.1:9/{year}-{month}.mmdb", now=NOW
            )


def test_published_names() -> None:
    assert DBIP_ATTRIBUTION == "IP Geolocation by DB-IP"
    assert DBIP_COUNTRY_URL.format(year=2026, month=3) == (
        "https://download.db-ip.com/free/dbip-country-lite-2026-03.mmdb.gz"
    )


def test_update_due(tmp_path: Path) -> None:
    path = tmp_path / DBIP_FILENAME
    assert update_due(path)
    path.write_bytes(b"x")
    mtime = path.stat().st_mtime
    assert not update_due(path, now=mtime + 86400 * 31)
    assert update_due(path, now=mtime + 86400 * 33)
