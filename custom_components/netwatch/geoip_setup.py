"""Open the GeoIP database off the event loop, keep the optional DB-IP download fresh, repairs."""

from __future__ import annotations

import logging
import os
from datetime import datetime
from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.event import async_track_time_interval

from .const import CONF_GEOIP_DATABASE, CONF_GEOIP_DOWNLOAD, DOMAIN, GEOIP_CHECK_INTERVAL
from .data import NetwatchConfigEntry
from .engine.errors import GeoIPError
from .engine.geoip import STALE_AFTER_DAYS, GeoIP
from .engine.geoip_download import DBIP_FILENAME, download_dbip_country, update_due
from .engine.pipeline import NetwatchEngine

_LOGGER = logging.getLogger(__name__)
_ISSUES = ("geoip_missing", "geoip_unreadable", "geoip_stale")
_DOWNLOAD_ISSUE = "geoip_download_failed"


def geoip_path(hass: HomeAssistant, entry: NetwatchConfigEntry) -> str:
    """Return the database path in use: the downloaded file when the download is on."""
    if entry.options.get(CONF_GEOIP_DOWNLOAD):
        return hass.config.path(DOMAIN, DBIP_FILENAME)
    return str(entry.options.get(CONF_GEOIP_DATABASE) or "").strip()


def _delete_issues(hass: HomeAssistant, entry: NetwatchConfigEntry, *keys: str) -> None:
    for key in keys:
        ir.async_delete_issue(hass, DOMAIN, f"{key}_{entry.entry_id}")


def _raise_issue(
    hass: HomeAssistant, entry: NetwatchConfigEntry, key: str, **placeholders: str
) -> None:
    ir.async_create_issue(
        hass,
        DOMAIN,
        f"{key}_{entry.entry_id}",
        is_fixable=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key=key,
        translation_placeholders=placeholders,
    )


def _issue(hass: HomeAssistant, entry: NetwatchConfigEntry, key: str, **placeholders: str) -> None:
    """Raise one database-state repair; the entry's other database-state repairs go away."""
    _delete_issues(hass, entry, *(other for other in _ISSUES if other != key))
    _raise_issue(hass, entry, key, **placeholders)


async def async_setup_geoip(
    hass: HomeAssistant, entry: NetwatchConfigEntry, engine: NetwatchEngine
) -> None:
    """Load the configured database into the engine; problems become repair issues."""
    path = geoip_path(hass, entry)
    if entry.options.get(CONF_GEOIP_DOWNLOAD):

        async def _daily(_now: datetime) -> None:
            await _async_refresh_download(hass, entry, engine, path, reopen=True)

        entry.async_on_unload(async_track_time_interval(hass, _daily, GEOIP_CHECK_INTERVAL))
        error = await _async_refresh_download(hass, entry, engine, path)
        if error and not await hass.async_add_executor_job(os.path.isfile, path):
            engine.set_geoip(None, error)  # nothing downloaded yet: the repair says why
            return
    else:
        _delete_issues(hass, entry, _DOWNLOAD_ISSUE)
    if not path:
        _delete_issues(hass, entry, *_ISSUES)
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
    if geoip.is_stale() and not entry.options.get(CONF_GEOIP_DOWNLOAD):
        _issue(
            hass,
            entry,
            "geoip_stale",
            path=path,
            days=str(int(geoip.age_days())),
            limit=str(int(STALE_AFTER_DAYS)),
        )
    else:
        _delete_issues(hass, entry, *_ISSUES)


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
        _raise_issue(hass, entry, _DOWNLOAD_ISSUE, error=str(err))
        return str(err)
    _delete_issues(hass, entry, _DOWNLOAD_ISSUE)
    _LOGGER.info("netwatch downloaded the DB-IP country database to %s", path)
    if reopen:
        await _async_open(hass, entry, engine, path)
    return None
