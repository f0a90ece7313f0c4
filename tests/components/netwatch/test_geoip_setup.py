"""GeoIP in Home Assistant: repairs for missing, unreadable and stale databases; the download."""

from __future__ import annotations

import functools
import gzip
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.netwatch import geoip_setup, names_setup
from custom_components.netwatch.const import CONF_GEOIP_DATABASE, CONF_GEOIP_DOWNLOAD, DOMAIN
from custom_components.netwatch.engine.addr import parse_addr
from custom_components.netwatch.engine.enrich.geoip_download import (
    DBIP_ASN_FILENAME,
    DBIP_FILENAME,
    download_dbip_asn,
    download_dbip_country,
)
from tests.engine.enrich.asn_db import write_asn_db
from tests.helpers import testdata


async def _setup(hass: HomeAssistant, entry: MockConfigEntry, **options: object) -> None:
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(entry, options={**entry.options, **options})
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


def _issue(hass: HomeAssistant, key: str, entry: MockConfigEntry) -> ir.IssueEntry | None:
    return ir.async_get(hass).async_get_issue(DOMAIN, f"{key}_{entry.entry_id}")


@pytest.mark.parametrize("kind", ["missing", "unreadable"])
async def test_broken_database_is_a_repair_not_a_failure(
    hass: HomeAssistant, mock_entry: MockConfigEntry, tmp_path: Path, kind: str
) -> None:
    """Listening goes on without countries; the repair names the file; the panels say why."""
    path = tmp_path / "country.mmdb"
    if kind == "unreadable":
        path.write_bytes(b"\x00not a maxmind database\x00" * 50)
    await _setup(hass, mock_entry, **{CONF_GEOIP_DATABASE: str(path)})
    issue = _issue(hass, f"geoip_{kind}", mock_entry)
    assert issue is not None
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["path"] == str(path)
    engine = mock_entry.runtime_data.engine
    assert engine.geoip is None
    status = engine.aggregator.panels("1h")["status"]
    assert status["geoip"] is False
    assert status["geoip_error"]
    assert await hass.config_entries.async_unload(mock_entry.entry_id)


async def test_stale_database_is_used_with_a_repair(
    hass: HomeAssistant, mock_entry: MockConfigEntry
) -> None:
    """MaxMind's test database is older than 60 days: countries work, a repair says update it."""
    await _setup(
        hass,
        mock_entry,
        **{CONF_GEOIP_DATABASE: str(testdata("geoip", "GeoLite2-Country-Test.mmdb"))},
    )
    issue = _issue(hass, "geoip_stale", mock_entry)
    assert issue is not None
    assert int(issue.translation_placeholders["days"]) > 60  # type: ignore[index]
    geoip = mock_entry.runtime_data.engine.geoip
    assert geoip is not None
    assert geoip.country(*parse_addr("89.160.20.112")) == "SE"
    assert await hass.config_entries.async_unload(mock_entry.entry_id)


@pytest.fixture
async def dbip_server(socket_enabled: None, tmp_path: Path) -> AsyncIterator[dict[str, object]]:
    """Serve the MaxMind test database, gzipped, under DB-IP's URL pattern on 127.0.0.1."""
    served = {"status": 200}
    body = gzip.compress(testdata("geoip", "GeoIP2-Country-Test.mmdb").read_bytes())
    asn = gzip.compress(write_asn_db(tmp_path / "asn.mmdb").read_bytes())

    async def handler(request: web.Request) -> web.Response:
        if served["status"] != 200:
            return web.Response(status=served["status"])
        return web.Response(body=asn if "asn" in request.match_info["name"] else body)

    app = web.Application()
    app.router.add_get("/free/{name}", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    served["url"] = (
        f"http://127.0.0.1:{port}/free/dbip-country-lite-{{year:04d}}-{{month:02d}}.mmdb.gz"
    )
    served["asn_url"] = (
        f"http://127.0.0.1:{port}/free/dbip-asn-lite-{{year:04d}}-{{month:02d}}.mmdb.gz"
    )
    yield served
    await runner.cleanup()


async def test_monthly_download(
    hass: HomeAssistant,
    mock_entry: MockConfigEntry,
    dbip_server: dict[str, object],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With the download on, the database lands in <config>/netwatch/ and is used at once."""
    monkeypatch.setattr(
        geoip_setup,
        "download_dbip_country",
        functools.partial(download_dbip_country, url_template=dbip_server["url"]),
    )
    monkeypatch.setattr(
        names_setup,
        "download_dbip_asn",
        functools.partial(download_dbip_asn, url_template=dbip_server["asn_url"]),
    )
    await _setup(hass, mock_entry, **{CONF_GEOIP_DOWNLOAD: True})
    assert Path(hass.config.path(DOMAIN, DBIP_FILENAME)).is_file()
    assert Path(hass.config.path(DOMAIN, DBIP_ASN_FILENAME)).is_file()
    engine = mock_entry.runtime_data.engine
    geoip = engine.geoip
    assert geoip is not None
    assert geoip.country(*parse_addr("175.16.199.10")) == "CN"
    assert engine.names.describe(*parse_addr("49.64.0.1"), lookup=False)[1:] == (4134, "Chinanet")
    assert _issue(hass, "geoip_download_failed", mock_entry) is None
    assert _issue(hass, "asn_download_failed", mock_entry) is None
    assert await hass.config_entries.async_unload(mock_entry.entry_id)


async def test_failed_download_is_a_repair(
    hass: HomeAssistant,
    mock_entry: MockConfigEntry,
    dbip_server: dict[str, object],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A server error leaves netwatch running without countries and raises a repair."""
    dbip_server["status"] = 500
    monkeypatch.setattr(
        geoip_setup,
        "download_dbip_country",
        functools.partial(download_dbip_country, url_template=dbip_server["url"]),
    )
    monkeypatch.setattr(
        names_setup,
        "download_dbip_asn",
        functools.partial(download_dbip_asn, url_template=dbip_server["asn_url"]),
    )
    await _setup(hass, mock_entry, **{CONF_GEOIP_DOWNLOAD: True})
    assert _issue(hass, "geoip_download_failed", mock_entry) is not None
    assert _issue(hass, "asn_download_failed", mock_entry) is not None
    assert mock_entry.runtime_data.engine.names.asn is None
    assert mock_entry.runtime_data.engine.geoip is None
    assert await hass.config_entries.async_unload(mock_entry.entry_id)
