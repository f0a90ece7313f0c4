"""Device options: how many home devices get entities, and the Network page in the sidebar."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import probatio as vol
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
)

from ..const import CONF_DASHBOARD, CONF_MAX_DEVICES, DEFAULT_MAX_DEVICES


def schema(current: Mapping[str, Any]) -> vol.Schema:
    """Return the form of the devices options step."""
    return vol.Schema(
        {
            vol.Required(
                CONF_MAX_DEVICES, default=current.get(CONF_MAX_DEVICES, DEFAULT_MAX_DEVICES)
            ): NumberSelector(NumberSelectorConfig(min=1, max=1024, mode=NumberSelectorMode.BOX)),
            **dashboard_schema(current),
        }
    )


def dashboard_schema(current: Mapping[str, Any]) -> dict[vol.Marker, Any]:
    """Return the Network page question (also asked when an entry is set up); off by default."""
    return {vol.Required(CONF_DASHBOARD, default=dashboard_enabled(current)): BooleanSelector()}


def validate(user_input: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Return (options, form errors) of the devices step (the selectors bound the values)."""
    return {
        CONF_MAX_DEVICES: int(user_input[CONF_MAX_DEVICES]),
        CONF_DASHBOARD: bool(user_input[CONF_DASHBOARD]),
    }, {}


def max_devices(options: Mapping[str, Any]) -> int:
    """Return how many home devices are tracked."""
    return int(options.get(CONF_MAX_DEVICES, DEFAULT_MAX_DEVICES))


def dashboard_enabled(options: Mapping[str, Any]) -> bool:
    """Tell whether the user asked for the Network page in the sidebar."""
    return bool(options.get(CONF_DASHBOARD, False))
