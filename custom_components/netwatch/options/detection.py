"""Scan-detection options: the form fields and their translation into detector settings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import probatio as vol
from homeassistant.helpers.selector import NumberSelector, NumberSelectorConfig, NumberSelectorMode

from ..const import (
    CONF_SCAN_COOLDOWN,
    CONF_SCAN_MAX_EVENTS,
    CONF_SCAN_MIN_PORTS,
    CONF_SCAN_MIN_TARGETS,
    CONF_SCAN_SETTLE,
    CONF_SCAN_WINDOW,
    CONF_SILENCE_MINUTES,
    DEFAULT_SILENCE_MINUTES,
)
from ..engine.scan import (
    DEFAULT_COOLDOWN,
    DEFAULT_MAX_EVENTS_PER_HOUR,
    DEFAULT_MIN_PORTS,
    DEFAULT_MIN_TARGETS,
    DEFAULT_SETTLE,
    DEFAULT_WINDOW,
    ScanSettings,
)

# option key -> (default in the form's unit, minimum, maximum, seconds or 1 per form unit)
FIELDS: dict[str, tuple[float, float, float, float]] = {
    CONF_SCAN_WINDOW: (DEFAULT_WINDOW / 60, 1, 1440, 60.0),
    CONF_SCAN_MIN_PORTS: (DEFAULT_MIN_PORTS, 1, 1000, 1.0),
    CONF_SCAN_MIN_TARGETS: (DEFAULT_MIN_TARGETS, 1, 1000, 1.0),
    CONF_SCAN_SETTLE: (DEFAULT_SETTLE, 0, 3600, 1.0),
    CONF_SCAN_COOLDOWN: (DEFAULT_COOLDOWN / 60, 0, 10080, 60.0),
    CONF_SCAN_MAX_EVENTS: (DEFAULT_MAX_EVENTS_PER_HOUR, 0, 1000, 1.0),
    CONF_SILENCE_MINUTES: (DEFAULT_SILENCE_MINUTES, 1, 10080, 60.0),
}


def scan_settings(options: Mapping[str, Any]) -> ScanSettings:
    """Return the detector settings of the entry options (defaults for the rest)."""

    def value(key: str) -> float:
        default, _low, _high, factor = FIELDS[key]
        return float(options.get(key, default)) * factor

    return ScanSettings(
        window=value(CONF_SCAN_WINDOW),
        min_ports=int(value(CONF_SCAN_MIN_PORTS)),
        min_targets=int(value(CONF_SCAN_MIN_TARGETS)),
        settle=value(CONF_SCAN_SETTLE),
        cooldown=value(CONF_SCAN_COOLDOWN),
        max_events_per_hour=int(value(CONF_SCAN_MAX_EVENTS)),
    )


def silence_seconds(options: Mapping[str, Any]) -> float:
    """Return after how many quiet seconds a sender is reported silent."""
    default, _low, _high, factor = FIELDS[CONF_SILENCE_MINUTES]
    return float(options.get(CONF_SILENCE_MINUTES, default)) * factor


def validate(user_input: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Return (options, form errors) of the detection step (the selectors bound the values)."""
    return {key: user_input[key] for key in FIELDS}, {}


def schema(options: Mapping[str, Any]) -> vol.Schema:
    """Return the form of the detection options step."""
    return vol.Schema(
        {
            vol.Required(key, default=options.get(key, default)): NumberSelector(
                NumberSelectorConfig(min=low, max=high, mode=NumberSelectorMode.BOX)
            )
            for key, (default, low, high, _factor) in FIELDS.items()
        }
    )
