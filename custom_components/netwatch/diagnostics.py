"""Diagnostics of a netwatch entry: settings (secrets redacted) and engine counters."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.core import HomeAssistant

from .coordinator import NetwatchConfigEntry

TO_REDACT = {"api_key", "password", "username", "license_key"}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: NetwatchConfigEntry
) -> dict[str, Any]:
    """Return settings and counters of the running engine."""
    engine = entry.runtime_data.engine
    geoip = engine.geoip
    return {
        "data": async_redact_data(dict(entry.data), TO_REDACT),
        "options": async_redact_data(dict(entry.options), TO_REDACT),
        "stats": asdict(engine.stats()),
        "flow_decoder": engine.flow_decoder.stats.as_dict(),
        "syslog_parser": engine.syslog_parser.stats.as_dict(),
        "senders_last_seen": engine.senders.senders(),
        "geoip": (
            {"path": geoip.path, "type": geoip.database_type, "age_days": round(geoip.age_days())}
            | asdict(geoip.stats)
            if geoip
            else None
        ),
    }
