"""Open the GeoIP database off the event loop, keep the optional DB-IP download fresh, repairs."""

from __future__ import annotations

import logging
import os
from datetime import datetime
from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.event import async_track_time_interval

from .const import GEOIP_CHECK_INTERVAL
from .coordinator import NetwatchConfigEntry
from .engine.enrich.geoip import STALE_AFTER_DAYS, GeoIP
from .engine.enrich.geoip_download import download_dbip_country, update_due
from .engine.errors import GeoIPError
from .engine.pipeline import NetwatchEngine
from .names_setup import async_setup_names
from .options.geoip import database_path, download_enabled
from .repairs import async_clear_issues, async_raise_issue

_LOGGER = logging.getLogger(__name__)
_ISSUES = ("geoip_missing", "geoip_unreadable", "geoip_stale")
_DOWNLOAD_ISSUE = "geoip_download_failed"


def _issue(hass: HomeAssistant, entry: NetwatchConfigEntry, key: str, **placeholders: str) -> None:
    """Raise one database-state repair; the entry's other database-state repairs go away."""
    async_clear_issues(hass, entry, *(other for other in _ISSUES if other != key))
    async_raise_issue(hass, entry, key, placeholders=placeholders)


async def async_setup_geoip(
    hass: HomeAssistant, entry: NetwatchConfigEntry, engine: NetwatchEngine
) -> None:
    """Load the country database, the ASN database and reverse DNS into the engine."""
    await async_setup_names(hass, entry, engine)
    await _async_setup_countries(hass, entry, engine)


async def _async_setup_countries(
    hass: HomeAssistant, entry: NetwatchConfigEntry, engine: NetwatchEngine
) -> None:
    """Load the configured country database into the engine; problems become repair issues."""
    path = database_path(hass, entry.options)
    if download_enabled(entry.options):

        async def _daily(_now: datetime) -> None:
            await _async_refresh_download(hass, entry, engine, path, reopen=True)

        entry.async_on_unload(async_track_time_interval(hass, _daily, GEOIP_CHECK_INTERVAL))
        error = await _async_refresh_download(hass, entry, engine, path)
        if error and not await hass.async_add_executor_job(os.path.isfile, path):
            engine.set_geoip(None, error)  # nothing downloaded yet: the repair says why
            return
    else:
        async_clear_issues(hass, entry, _DOWNLOAD_ISSUE)
    if not path:
        async_clear_issues(hass, entry, *_ISSUES)
        engine.set_geoip(None, None)
        return
    await _async_open(hass, entry, engine, path)


async def _async_open(
    hass: HomeAssistant, entry: NetwatchConfigEntry, engine: NetwatchEngine, path: str
) -> None:
    if not await hass.async_add_executor_job(os.path.isfile, path):
        _issue(hass, entry, "geoip_missing", path=path)
        engine.set_geoip(None, f"GeoIP database {path} does not exist")
        return
    try:
        geoip = await hass.async_add_executor_job(GeoIP.open, path)
    except GeoIPError as err:
        _issue(hass, entry, "geoip_unreadable", path=path, error=str(err))
        engine.set_geoip(None, str(err))
        return
    old = engine.set_geoip(geoip, None)
    if old is not None:
        old.close()
    entry.async_on_unload(geoip.close)
    if geoip.is_stale() and not download_enabled(entry.options):
        _issue(
            hass,
            entry,
            "geoip_stale",
            path=path,
            days=str(int(geoip.age_days())),
            limit=str(int(STALE_AFTER_DAYS)),
        )
    else:
        async_clear_issues(hass, entry, *_ISSUES)


async def _async_refresh_download(
    hass: HomeAssistant,
    entry: NetwatchConfigEntry,
    engine: NetwatchEngine,
    path: str,
    reopen: bool = False,
) -> str | None:
    """Download DB-IP's monthly file when ours is missing or older than a month; return an error."""
    if not await hass.async_add_executor_job(update_due, path):
        return None
    try:
        await download_dbip_country(async_get_clientsession(hass), Path(path).parent)
    except GeoIPError as err:
        _LOGGER.warning("netwatch could not download the DB-IP database: %s", err)
        async_raise_issue(hass, entry, _DOWNLOAD_ISSUE, placeholders={"error": str(err)})
        return str(err)
    async_clear_issues(hass, entry, _DOWNLOAD_ISSUE)
    _LOGGER.info("netwatch downloaded the DB-IP country database to %s", path)
    if reopen:
        await _async_open(hass, entry, engine, path)
    return None
