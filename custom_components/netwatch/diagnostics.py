"""Diagnostics of a netwatch entry: settings (secrets redacted) and engine counters."""

from __future__ import annotations

from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.core import HomeAssistant

from .coordinator import NetwatchConfigEntry

TO_REDACT = {"api_key", "password", "username", "license_key"}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: NetwatchConfigEntry
) -> dict[str, Any]:
    """Return settings and counters of the running engine."""
    return {
        "data": async_redact_data(dict(entry.data), TO_REDACT),
        "options": async_redact_data(dict(entry.options), TO_REDACT),
        **entry.runtime_data.engine.diagnostics(),
    }
