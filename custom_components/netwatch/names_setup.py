"""Give the engine its names: the ASN database (file or monthly DB-IP download) and reverse DNS."""

from __future__ import annotations

import logging
import os
from datetime import datetime
from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.event import async_track_time_interval

from .const import CONF_DNS_SERVER, GEOIP_CHECK_INTERVAL
from .coordinator import NetwatchConfigEntry
from .engine.enrich.asn import AsnDatabase
from .engine.enrich.geoip_download import download_dbip_asn, update_due
from .engine.enrich.rdns import ReverseDNS
from .engine.errors import GeoIPError
from .engine.pipeline import NetwatchEngine
from .options.geoip import asn_database_path, download_enabled, nameserver, reverse_dns_enabled
from .repairs import async_clear_issues, async_raise_issue

_LOGGER = logging.getLogger(__name__)
_ISSUES = ("asn_missing", "asn_unreadable")
_DOWNLOAD_ISSUE = "asn_download_failed"


async def async_setup_names(
    hass: HomeAssistant, entry: NetwatchConfigEntry, engine: NetwatchEngine
) -> None:
    """Open the ASN database and start reverse DNS as the options say; problems become repairs."""
    options = entry.options
    path = asn_database_path(hass, options)
    if download_enabled(options):
        await _async_download(hass, entry, path)

        async def _daily(_now: datetime) -> None:
            if await _async_download(hass, entry, path):
                engine.set_names(engine.names.rdns, await _async_open(hass, entry, path))

        entry.async_on_unload(async_track_time_interval(hass, _daily, GEOIP_CHECK_INTERVAL))
    else:
        async_clear_issues(hass, entry, _DOWNLOAD_ISSUE)
    asn = await _async_open(hass, entry, path) if path else None
    if not path:
        async_clear_issues(hass, entry, *_ISSUES)
    rdns = None
    if reverse_dns_enabled(options):
        server = nameserver(str(options.get(CONF_DNS_SERVER) or ""))
        rdns = ReverseDNS([server] if server else None)
    engine.set_names(rdns, asn)


async def _async_open(
    hass: HomeAssistant, entry: NetwatchConfigEntry, path: str
) -> AsnDatabase | None:
    if not await hass.async_add_executor_job(os.path.isfile, path):
        if not download_enabled(entry.options):
            async_raise_issue(hass, entry, "asn_missing", placeholders={"path": path})
        return None
    try:
        asn = await hass.async_add_executor_job(AsnDatabase.open, path)
    except GeoIPError as err:
        async_raise_issue(
            hass, entry, "asn_unreadable", placeholders={"path": path, "error": str(err)}
        )
        return None
    async_clear_issues(hass, entry, *_ISSUES)
    return asn


async def _async_download(hass: HomeAssistant, entry: NetwatchConfigEntry, path: str) -> bool:
    """Download DB-IP's monthly ASN file when due; tell whether a new file arrived."""
    if not await hass.async_add_executor_job(update_due, path):
        return False
    try:
        await download_dbip_asn(async_get_clientsession(hass), Path(path).parent)
    except GeoIPError as err:
        _LOGGER.warning("netwatch could not download the DB-IP ASN database: %s", err)
        async_raise_issue(hass, entry, _DOWNLOAD_ISSUE, placeholders={"error": str(err)})
        return False
    async_clear_issues(hass, entry, _DOWNLOAD_ISSUE)
    _LOGGER.info("netwatch downloaded the DB-IP ASN database to %s", path)
    return True
