"""Websocket commands of the netwatch card: panels (with filters and windows) and the ignore list.

Privacy: administrators get everything. Other users get the aggregate panels only (counts by
country, port, protocol and time; allow/deny); panels that name hosts (outbound destinations by
address, the device table with home addresses and MACs, remote sources and scans) come back
empty and listed in `redacted`, and filters on a device or remote address are refused.
"""

from __future__ import annotations

from typing import Any

import probatio as vol
from homeassistant.components import websocket_api
from homeassistant.components.websocket_api.connection import ActiveConnection
from homeassistant.components.websocket_api.decorators import require_admin, websocket_command
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, callback

from .const import CONF_SCAN_IGNORE, DOMAIN
from .coordinator import NetwatchConfigEntry
from .engine.aggregate import RANGES, Filters, PanelQuery
from .options.detection import clean_ignore, scan_ignore

_NOT_LOADED = (
    "No netwatch entry is loaded: add netwatch under Settings → Devices & services, "
    "or check why it failed to start."
)


@callback
def async_register_websocket(hass: HomeAssistant) -> None:
    """Register the commands once (from async_setup)."""
    websocket_api.async_register_command(hass, ws_panels)
    websocket_api.async_register_command(hass, ws_scan_ignore)


def _loaded_entry(hass: HomeAssistant, entry_id: str | None) -> NetwatchConfigEntry | None:
    entries: list[NetwatchConfigEntry] = [
        entry
        for entry in hass.config_entries.async_entries(DOMAIN)
        if entry.state is ConfigEntryState.LOADED
    ]
    if entry_id is not None:
        return next((entry for entry in entries if entry.entry_id == entry_id), None)
    return entries[0] if entries else None


@websocket_command(
    {
        vol.Required("type"): "netwatch/panels",
        vol.Optional("entry_id"): str,
        vol.Optional("range", default="24h"): vol.In(list(RANGES)),
        vol.Optional("start"): vol.Coerce(float),
        vol.Optional("end"): vol.Coerce(float),
        vol.Optional("filters", default={}): {str: vol.Any(str, None)},
    }
)
@callback
def ws_panels(hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """Return the panels for a range or window, filtered, redacted for non-administrators."""
    entry = _loaded_entry(hass, msg.get("entry_id"))
    if entry is None:
        connection.send_error(msg["id"], "not_loaded", _NOT_LOADED)
        return
    admin = connection.user is not None and connection.user.is_admin
    try:
        filters = Filters.parse(msg["filters"])
    except ValueError as err:
        connection.send_error(msg["id"], "invalid_format", str(err))
        return
    if filters.names_hosts and not admin:
        connection.send_error(
            msg["id"], "unauthorized", "Only administrators can filter by device or address."
        )
        return
    query = PanelQuery(
        range=msg["range"],
        start=msg.get("start"),
        end=msg.get("end"),
        filters=filters,
        redact=not admin,
    )
    try:
        answer = entry.runtime_data.engine.panels(query)
    except ValueError as err:
        connection.send_error(msg["id"], "invalid_format", str(err))
        return
    connection.send_result(msg["id"], answer)


@require_admin
@websocket_command(
    {
        vol.Required("type"): "netwatch/scan_ignore",
        vol.Optional("entry_id"): str,
        vol.Required("source"): str,
        vol.Optional("ignore", default=True): bool,
    }
)
@callback
def ws_scan_ignore(hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """Add a source (address or network) to the scan ignore list, or remove it."""
    entry = _loaded_entry(hass, msg.get("entry_id"))
    if entry is None:
        connection.send_error(msg["id"], "not_loaded", _NOT_LOADED)
        return
    current = list(scan_ignore(entry.options))
    try:
        (source,) = clean_ignore([msg["source"]])
        wanted = [s for s in current if s != source] + ([source] if msg["ignore"] else [])
        ignored = clean_ignore(wanted)
    except ValueError as err:
        connection.send_error(msg["id"], "invalid_format", f"{msg['source']}: {err}")
        return
    # Applied at once; the options keep it (no reload: nothing else changed).
    entry.runtime_data.engine.set_scan_ignore(tuple(ignored))
    hass.config_entries.async_update_entry(
        entry, options={**entry.options, CONF_SCAN_IGNORE: ignored}
    )
    connection.send_result(msg["id"], {"ignored": ignored})
