"""Forwarding options: form, validation with a real connection test, and credential fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import probatio as vol
from homeassistant.core import HomeAssistant
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)

from .const import (
    CONF_ES_API_KEY,
    CONF_ES_CA_PATH,
    CONF_ES_ENABLED,
    CONF_ES_PASSWORD,
    CONF_ES_PREFIX,
    CONF_ES_RETENTION_DAYS,
    CONF_ES_SEND_FIREWALL,
    CONF_ES_SEND_FLOWS,
    CONF_ES_SEND_SCANS,
    CONF_ES_URLS,
    CONF_ES_USERNAME,
    CONF_ES_VERIFY_TLS,
)
from .engine.errors import ForwarderError
from .engine.forward import ForwarderAuthError, SendPolicy
from .forwarding import DEFAULTS, async_test_connection, forwarder_config

CREDENTIALS = (CONF_ES_API_KEY, CONF_ES_USERNAME, CONF_ES_PASSWORD)
POLICIES = (CONF_ES_SEND_FLOWS, CONF_ES_SEND_FIREWALL, CONF_ES_SEND_SCANS)
_POLICY = SelectSelector(
    SelectSelectorConfig(
        # Also the translation keys of their labels (selector.send_policy.options).
        options=["all", "denied", "none", "all_1_in_10", "all_1_in_100", "denied_1_in_10"],
        custom_value=True,
        translation_key="send_policy",
    )
)
_SECRET = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD))


def credential_schema(current: Mapping[str, Any]) -> dict[vol.Marker, Any]:
    """Return the API key / user / password fields (also the reauth form)."""
    return {
        vol.Optional(key, description={"suggested_value": current.get(key, "")}): (
            TextSelector() if key == CONF_ES_USERNAME else _SECRET
        )
        for key in CREDENTIALS
    }


def forwarding_schema(current: Mapping[str, Any]) -> vol.Schema:
    """Return the form of the forwarding options step."""

    def value(key: str) -> Any:
        return current.get(key, DEFAULTS.get(key))

    return vol.Schema(
        {
            vol.Required(CONF_ES_ENABLED, default=value(CONF_ES_ENABLED)): BooleanSelector(),
            vol.Optional(CONF_ES_URLS, default=value(CONF_ES_URLS)): TextSelector(
                TextSelectorConfig(type=TextSelectorType.URL, multiple=True)
            ),
            **credential_schema(current),
            vol.Required(CONF_ES_VERIFY_TLS, default=value(CONF_ES_VERIFY_TLS)): BooleanSelector(),
            vol.Optional(
                CONF_ES_CA_PATH, description={"suggested_value": current.get(CONF_ES_CA_PATH, "")}
            ): TextSelector(),
            vol.Required(CONF_ES_PREFIX, default=value(CONF_ES_PREFIX)): TextSelector(),
            vol.Required(CONF_ES_SEND_FLOWS, default=value(CONF_ES_SEND_FLOWS)): _POLICY,
            vol.Required(CONF_ES_SEND_FIREWALL, default=value(CONF_ES_SEND_FIREWALL)): _POLICY,
            vol.Required(CONF_ES_SEND_SCANS, default=value(CONF_ES_SEND_SCANS)): _POLICY,
            vol.Required(
                CONF_ES_RETENTION_DAYS, default=value(CONF_ES_RETENTION_DAYS)
            ): NumberSelector(NumberSelectorConfig(min=1, max=3650, mode=NumberSelectorMode.BOX)),
        }
    )


def clean_forwarding(user_input: Mapping[str, Any]) -> dict[str, Any]:
    """Normalise the submitted form (strip text, ints, empty secrets as absent)."""
    out: dict[str, Any] = {**DEFAULTS, **user_input}
    out[CONF_ES_URLS] = [str(u).strip() for u in out.get(CONF_ES_URLS) or [] if str(u).strip()]
    out[CONF_ES_RETENTION_DAYS] = int(out[CONF_ES_RETENTION_DAYS])
    for key in (*CREDENTIALS, CONF_ES_CA_PATH, CONF_ES_PREFIX):
        out[key] = str(out.get(key) or "").strip()
    for key in POLICIES:
        out[key] = canonical_policy(out[key])
    return out


def canonical_policy(value: Any) -> Any:
    """Return a send policy in its stored form ("all:1/10" -> "all_1_in_10"); others unchanged."""
    try:
        return str(SendPolicy.parse(str(value)))
    except ValueError:
        return value  # reported by the validation as invalid_forwarding


async def async_validate_forwarding(
    hass: HomeAssistant, options: Mapping[str, Any]
) -> dict[str, str]:
    """Check the settings and, when enabled, really connect; return form errors."""
    if not options.get(CONF_ES_ENABLED):
        return {}
    if not options.get(CONF_ES_URLS):
        return {CONF_ES_URLS: "no_urls"}
    try:
        config = forwarder_config(options)
        if config is not None:
            await async_test_connection(hass, config)
    except ValueError:
        return {"base": "invalid_forwarding"}
    except ForwarderAuthError:
        return {"base": "invalid_auth"}
    except ForwarderError:
        return {"base": "cannot_connect"}
    return {}
