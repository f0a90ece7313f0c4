"""Countries and names options: country and ASN databases, reverse DNS of remote addresses.

The databases are files the user keeps, or DB-IP's free monthly downloads.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from typing import Any

import probatio as vol
from homeassistant.core import HomeAssistant
from homeassistant.helpers.selector import BooleanSelector, TextSelector

from ..const import (
    CONF_ASN_DATABASE,
    CONF_DNS_SERVER,
    CONF_GEOIP_DATABASE,
    CONF_GEOIP_DOWNLOAD,
    CONF_REVERSE_DNS,
    DOMAIN,
)
from ..engine.enrich import DBIP_FILENAME, GeoIP
from ..engine.enrich.asn import AsnDatabase
from ..engine.enrich.geoip_download import DBIP_ASN_FILENAME
from ..engine.errors import GeoIPError


def schema(current: Mapping[str, Any]) -> vol.Schema:
    """Return the form of the countries and names options step."""
    return vol.Schema(
        {
            vol.Optional(
                CONF_GEOIP_DATABASE,
                description={"suggested_value": current.get(CONF_GEOIP_DATABASE, "")},
            ): TextSelector(),
            vol.Optional(
                CONF_ASN_DATABASE,
                description={"suggested_value": current.get(CONF_ASN_DATABASE, "")},
            ): TextSelector(),
            vol.Required(
                CONF_GEOIP_DOWNLOAD, default=bool(current.get(CONF_GEOIP_DOWNLOAD, False))
            ): BooleanSelector(),
            vol.Required(CONF_REVERSE_DNS, default=reverse_dns_enabled(current)): BooleanSelector(),
            vol.Optional(
                CONF_DNS_SERVER,
                description={"suggested_value": current.get(CONF_DNS_SERVER, "")},
            ): TextSelector(),
        }
    )


async def async_validate(
    hass: HomeAssistant, user_input: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Return (options, form errors); given files are opened once, off the event loop."""
    path = str(user_input.get(CONF_GEOIP_DATABASE) or "").strip()
    asn = str(user_input.get(CONF_ASN_DATABASE) or "").strip()
    download = bool(user_input.get(CONF_GEOIP_DOWNLOAD))
    server = str(user_input.get(CONF_DNS_SERVER) or "").strip()
    errors: dict[str, str] = {}
    if path and not download:
        errors |= await hass.async_add_executor_job(_check, path)
    if asn and not download:
        errors |= await hass.async_add_executor_job(_check_asn, asn)
    if server and nameserver(server) is None:
        errors[CONF_DNS_SERVER] = "invalid_dns_server"
    options = {
        CONF_GEOIP_DATABASE: path,
        CONF_ASN_DATABASE: asn,
        CONF_GEOIP_DOWNLOAD: download,
        CONF_REVERSE_DNS: bool(user_input.get(CONF_REVERSE_DNS, True)),
        CONF_DNS_SERVER: server,
    }
    return options, errors


def _check(path: str) -> dict[str, str]:
    """Open the country database once (BLOCKING, run in the executor); return form errors."""
    if not os.path.isfile(path):
        return {CONF_GEOIP_DATABASE: "geoip_missing"}
    try:
        GeoIP.open(path).close()
    except GeoIPError:
        return {CONF_GEOIP_DATABASE: "geoip_unreadable"}
    return {}


def _check_asn(path: str) -> dict[str, str]:
    """Open the ASN database once (BLOCKING, run in the executor); return form errors."""
    if not os.path.isfile(path):
        return {CONF_ASN_DATABASE: "geoip_missing"}
    try:
        AsnDatabase.open(path).close()
    except GeoIPError:
        return {CONF_ASN_DATABASE: "asn_unreadable"}
    return {}


def nameserver(text: str) -> str | None:
    """Return "address:port" for c-ares from "a.b.c.d", "a.b.c.d:53", "fd00::1", "[fd00::1]:53"."""
    host, port = text.strip(), 53
    if host.startswith("["):
        host, _, rest = host[1:].partition("]")
        if rest:
            if not rest.startswith(":") or not rest[1:].isdigit():
                return None
            port = int(rest[1:])
    elif host.count(":") == 1:
        host, _, number = host.partition(":")
        if not number.isdigit():
            return None
        port = int(number)
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    if not 0 < port < 65536:
        return None
    return f"[{address}]:{port}" if address.version == 6 else f"{address}:{port}"


def download_enabled(options: Mapping[str, Any]) -> bool:
    """Tell whether netwatch keeps DB-IP's monthly databases itself."""
    return bool(options.get(CONF_GEOIP_DOWNLOAD))


def reverse_dns_enabled(options: Mapping[str, Any]) -> bool:
    """Tell whether remote addresses are named by reverse DNS (on unless turned off)."""
    return bool(options.get(CONF_REVERSE_DNS, True))


def database_path(hass: HomeAssistant, options: Mapping[str, Any]) -> str:
    """Return the country database in use: the downloaded file when the download is on."""
    if download_enabled(options):
        return hass.config.path(DOMAIN, DBIP_FILENAME)
    return str(options.get(CONF_GEOIP_DATABASE) or "").strip()


def asn_database_path(hass: HomeAssistant, options: Mapping[str, Any]) -> str:
    """Return the ASN database in use: the downloaded file when the download is on."""
    if download_enabled(options):
        return hass.config.path(DOMAIN, DBIP_ASN_FILENAME)
    return str(options.get(CONF_ASN_DATABASE) or "").strip()
