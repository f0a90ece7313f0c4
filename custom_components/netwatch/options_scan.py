"""Scan-detection options: the form fields and their translation into detector settings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import probatio as vol
from homeassistant.helpers.selector import NumberSelector, NumberSelectorConfig, NumberSelectorMode

from .const import (
    CONF_SCAN_COOLDOWN,
    CONF_SCAN_MAX_EVENTS,
    CONF_SCAN_MIN_PORTS,
    CONF_SCAN_MIN_TARGETS,
    CONF_SCAN_SETTLE,
    CONF_SCAN_WINDOW,
    CONF_SILENCE_MINUTES,
    DEFAULT_SILENCE_MINUTES,
)
from .engine.scan import (
    DEFAULT_COOLDOWN,
    DEFAULT_MAX_EVENTS_PER_HOUR,
    DEFAULT_MIN_PORTS,
    DEFAULT_MIN_TARGETS,
    DEFAULT_SETTLE,
    DEFAULT_WINDOW,
)

# option key -> (default in the form's unit, minimum, maximum, detector argument, unit factor)
FIELDS: dict[str, tuple[float, float, float, str | None, float]] = {
    CONF_SCAN_WINDOW: (DEFAULT_WINDOW / 60, 1, 1440, "window", 60.0),
    CONF_SCAN_MIN_PORTS: (DEFAULT_MIN_PORTS, 1, 1000, "min_ports", 1.0),
    CONF_SCAN_MIN_TARGETS: (DEFAULT_MIN_TARGETS, 1, 1000, "min_targets", 1.0),
    CONF_SCAN_SETTLE: (DEFAULT_SETTLE, 0, 3600, "settle", 1.0),
    CONF_SCAN_COOLDOWN: (DEFAULT_COOLDOWN / 60, 0, 10080, "cooldown", 60.0),
    CONF_SCAN_MAX_EVENTS: (DEFAULT_MAX_EVENTS_PER_HOUR, 0, 1000, "max_events_per_hour", 1.0),
    CONF_SILENCE_MINUTES: (DEFAULT_SILENCE_MINUTES, 1, 10080, None, 60.0),
}
_INTEGER = {"min_ports", "min_targets", "max_events_per_hour"}


def scan_options(options: Mapping[str, Any]) -> dict[str, float]:
    """Return ScanDetector keyword arguments from the entry options (defaults for the rest)."""
    out: dict[str, float] = {}
    for key, (default, _low, _high, argument, factor) in FIELDS.items():
        if argument is None:
            continue
        value = float(options.get(key, default)) * factor
        out[argument] = int(value) if argument in _INTEGER else value
    return out


def scan_schema(options: Mapping[str, Any]) -> vol.Schema:
    """Return the form of the detection options step."""
    return vol.Schema(
        {
            vol.Required(key, default=options.get(key, default)): NumberSelector(
                NumberSelectorConfig(min=low, max=high, mode=NumberSelectorMode.BOX)
            )
            for key, (default, low, high, _arg, _factor) in FIELDS.items()
        }
    )
