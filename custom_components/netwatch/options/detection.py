"""Scan-detection options: the form fields and their translation into detector settings."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any

import probatio as vol
from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    TextSelector,
    TextSelectorConfig,
)

from ..const import (
    CONF_SCAN_COOLDOWN,
    CONF_SCAN_IGNORE,
    CONF_SCAN_MAX_EVENTS,
    CONF_SCAN_MIN_PORTS,
    CONF_SCAN_MIN_TARGETS,
    CONF_SCAN_SETTLE,
    CONF_SCAN_WINDOW,
    CONF_SILENCE_MINUTES,
    DEFAULT_SILENCE_MINUTES,
    MAX_SCAN_IGNORE,
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
        ignore=scan_ignore(options),
    )


def scan_ignore(options: Mapping[str, Any]) -> tuple[str, ...]:
    """Return the sources never reported as scans (addresses or CIDR networks)."""
    return tuple(str(v) for v in options.get(CONF_SCAN_IGNORE, ()))[:MAX_SCAN_IGNORE]


def clean_ignore(values: Any) -> list[str]:
    """Normalise ignore entries to network text; ValueError for an invalid one."""
    out: list[str] = []
    for value in values or []:
        text = str(value).strip()
        if text:
            network = str(ipaddress.ip_network(text, strict=False))
            if network not in out:
                out.append(network)
    if len(out) > MAX_SCAN_IGNORE:
        raise ValueError(f"at most {MAX_SCAN_IGNORE} entries")
    return out


def silence_seconds(options: Mapping[str, Any]) -> float:
    """Return after how many quiet seconds a sender is reported silent."""
    default, _low, _high, factor = FIELDS[CONF_SILENCE_MINUTES]
    return float(options.get(CONF_SILENCE_MINUTES, default)) * factor


def validate(user_input: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Return (options, form errors) of the detection step (the selectors bound the values)."""
    options: dict[str, Any] = {key: user_input[key] for key in FIELDS}
    try:
        options[CONF_SCAN_IGNORE] = clean_ignore(user_input.get(CONF_SCAN_IGNORE))
    except ValueError:
        return options, {CONF_SCAN_IGNORE: "invalid_network"}
    return options, {}


def schema(options: Mapping[str, Any]) -> vol.Schema:
    """Return the form of the detection options step."""
    fields: dict[vol.Marker, Any] = {
        vol.Required(key, default=options.get(key, default)): NumberSelector(
            NumberSelectorConfig(min=low, max=high, mode=NumberSelectorMode.BOX)
        )
        for key, (default, low, high, _factor) in FIELDS.items()
    }
    fields[vol.Optional(CONF_SCAN_IGNORE, default=list(scan_ignore(options)))] = TextSelector(
        TextSelectorConfig(multiple=True)
    )
    return vol.Schema(fields)
