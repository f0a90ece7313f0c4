"""GeoIP options: a MaxMind-format database file, or the monthly DB-IP download."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import probatio as vol
from homeassistant.core import HomeAssistant
from homeassistant.helpers.selector import BooleanSelector, TextSelector

from ..const import CONF_GEOIP_DATABASE, CONF_GEOIP_DOWNLOAD, DOMAIN
from ..engine.enrich import DBIP_FILENAME, GeoIP
from ..engine.errors import GeoIPError


def schema(current: Mapping[str, Any]) -> vol.Schema:
    """Return the form of the GeoIP options step."""
    return vol.Schema(
        {
            vol.Optional(
                CONF_GEOIP_DATABASE,
                description={"suggested_value": current.get(CONF_GEOIP_DATABASE, "")},
            ): TextSelector(),
            vol.Required(
                CONF_GEOIP_DOWNLOAD, default=bool(current.get(CONF_GEOIP_DOWNLOAD, False))
            ): BooleanSelector(),
        }
    )


async def async_validate(
    hass: HomeAssistant, user_input: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Return (options, form errors); a given file is opened once, off the event loop."""
    path = str(user_input.get(CONF_GEOIP_DATABASE) or "").strip()
    download = bool(user_input.get(CONF_GEOIP_DOWNLOAD))
    errors: dict[str, str] = {}
    if path and not download:
        errors = await hass.async_add_executor_job(_check, path)
    return {CONF_GEOIP_DATABASE: path, CONF_GEOIP_DOWNLOAD: download}, errors


def _check(path: str) -> dict[str, str]:
    """Open the database once (BLOCKING, run in the executor); return form errors."""
    if not os.path.isfile(path):
        return {CONF_GEOIP_DATABASE: "geoip_missing"}
    try:
        GeoIP.open(path).close()
    except GeoIPError:
        return {CONF_GEOIP_DATABASE: "geoip_unreadable"}
    return {}


def download_enabled(options: Mapping[str, Any]) -> bool:
    """Tell whether netwatch keeps DB-IP's monthly database itself."""
    return bool(options.get(CONF_GEOIP_DOWNLOAD))


def database_path(hass: HomeAssistant, options: Mapping[str, Any]) -> str:
    """Return the database path in use: the downloaded file when the download is on."""
    if download_enabled(options):
        return hass.config.path(DOMAIN, DBIP_FILENAME)
    return str(options.get(CONF_GEOIP_DATABASE) or "").strip()
