"""Network options: home networks (inbound/outbound, devices) and the senders allowed to export."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any

import probatio as vol
from homeassistant.helpers.selector import TextSelector, TextSelectorConfig

from ..const import (
    CONF_ALLOWED_SENDERS,
    CONF_HOME_NETWORKS,
    DEFAULT_ALLOWED_SENDERS,
    DEFAULT_HOME_NETWORKS,
)

_CIDRS = TextSelector(TextSelectorConfig(multiple=True))


def schema(current: Mapping[str, Any]) -> dict[vol.Marker, Any]:
    """Return the network fields, filled with the current values or the defaults."""
    return {
        vol.Required(
            CONF_HOME_NETWORKS, default=current.get(CONF_HOME_NETWORKS, DEFAULT_HOME_NETWORKS)
        ): _CIDRS,
        vol.Required(
            CONF_ALLOWED_SENDERS,
            default=current.get(CONF_ALLOWED_SENDERS, DEFAULT_ALLOWED_SENDERS),
        ): _CIDRS,
    }


def validate(user_input: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Normalise the CIDR lists; return (options, form errors)."""
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key in (CONF_HOME_NETWORKS, CONF_ALLOWED_SENDERS):
        values = [str(v).strip() for v in user_input.get(key, []) if str(v).strip()]
        try:
            clean[key] = [str(ipaddress.ip_network(v, strict=False)) for v in values]
        except ValueError:
            errors[key] = "invalid_network"
        if not values and key == CONF_ALLOWED_SENDERS:
            errors[key] = "no_senders"
    return clean, errors


def home_networks(options: Mapping[str, Any]) -> tuple[str, ...]:
    """Return the home networks of the options (the defaults when unset)."""
    return tuple(options.get(CONF_HOME_NETWORKS, DEFAULT_HOME_NETWORKS))


def allowed_senders(options: Mapping[str, Any]) -> tuple[str, ...]:
    """Return the allowed sender networks of the options (the defaults when unset)."""
    return tuple(options.get(CONF_ALLOWED_SENDERS, DEFAULT_ALLOWED_SENDERS))
