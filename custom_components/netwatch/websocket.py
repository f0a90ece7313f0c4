"""Websocket commands the netwatch card reads its panels from."""

from __future__ import annotations

from typing import Any

import probatio as vol
from homeassistant.components import websocket_api
from homeassistant.components.websocket_api.connection import ActiveConnection
from homeassistant.components.websocket_api.decorators import websocket_command
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, callback

from .const import DOMAIN
from .coordinator import NetwatchConfigEntry
from .engine.aggregate import RANGES


@callback
def async_register_websocket(hass: HomeAssistant) -> None:
    """Register the commands once (from async_setup)."""
    websocket_api.async_register_command(hass, ws_panels)


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
    }
)
@callback
def ws_panels(hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """Return the data of the seven panels and the device table for one time range."""
    entry = _loaded_entry(hass, msg.get("entry_id"))
    if entry is None:
        connection.send_error(
            msg["id"],
            "not_loaded",
            "No netwatch entry is loaded: add netwatch under Settings → Devices & services, "
            "or check why it failed to start.",
        )
        return
    connection.send_result(msg["id"], entry.runtime_data.engine.panels(msg["range"]))
