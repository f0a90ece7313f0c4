"""Forwarding options: the CONF_ES_* keys, form, validation with a real connection test, settings.

Stored secrets (API key, password) never go back to the browser: their fields start empty, and an
empty field keeps the stored value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import probatio as vol
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession
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

from ..const import (
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
from ..engine.errors import ForwarderError
from ..engine.forward import Forwarder, ForwarderAuthError, ForwarderConfig, SendPolicy, ServerInfo

CREDENTIALS = (CONF_ES_API_KEY, CONF_ES_USERNAME, CONF_ES_PASSWORD)
SECRETS = (CONF_ES_API_KEY, CONF_ES_PASSWORD)
POLICIES = (CONF_ES_SEND_FLOWS, CONF_ES_SEND_FIREWALL, CONF_ES_SEND_SCANS)
DEFAULTS: dict[str, Any] = {
    CONF_ES_ENABLED: False,
    CONF_ES_URLS: [],
    CONF_ES_VERIFY_TLS: True,
    CONF_ES_PREFIX: "netwatch",
    CONF_ES_SEND_FLOWS: "all",
    CONF_ES_SEND_FIREWALL: "all",
    CONF_ES_SEND_SCANS: "all",
    CONF_ES_RETENTION_DAYS: 30,
}
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
    """Return the API key / user / password fields (also the reauth form); secrets start empty."""
    return {
        vol.Optional(CONF_ES_API_KEY): _SECRET,
        vol.Optional(
            CONF_ES_USERNAME, description={"suggested_value": current.get(CONF_ES_USERNAME, "")}
        ): TextSelector(),
        vol.Optional(CONF_ES_PASSWORD): _SECRET,
    }


def merge_credentials(submitted: Mapping[str, Any], stored: Mapping[str, Any]) -> dict[str, str]:
    """Return the credentials to save: an empty secret keeps the stored one.

    Choosing the other way to log in drops the stored secret of the first: a new API key clears
    user and password, a new user name or password clears the API key.
    """
    new = {key: str(submitted.get(key) or "").strip() for key in CREDENTIALS}
    out = {key: new[key] or str(stored.get(key) or "") for key in CREDENTIALS}
    if new[CONF_ES_API_KEY]:
        out[CONF_ES_USERNAME] = out[CONF_ES_PASSWORD] = ""
    elif new[CONF_ES_PASSWORD] or (new[CONF_ES_USERNAME] and not out[CONF_ES_API_KEY]):
        out[CONF_ES_API_KEY] = ""
    elif not new[CONF_ES_USERNAME] and out[CONF_ES_API_KEY]:
        out[CONF_ES_USERNAME] = out[CONF_ES_PASSWORD] = ""
    return out


def schema(current: Mapping[str, Any]) -> vol.Schema:
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


def clean(user_input: Mapping[str, Any], stored: Mapping[str, Any]) -> dict[str, Any]:
    """Normalise the submitted form; empty secret fields keep the stored secrets."""
    out: dict[str, Any] = {**DEFAULTS, **user_input}
    out[CONF_ES_URLS] = [str(u).strip() for u in out.get(CONF_ES_URLS) or [] if str(u).strip()]
    out[CONF_ES_RETENTION_DAYS] = int(out[CONF_ES_RETENTION_DAYS])
    for key in (CONF_ES_CA_PATH, CONF_ES_PREFIX):
        out[key] = str(out.get(key) or "").strip()
    out.update(merge_credentials(user_input, stored))
    for key in POLICIES:
        out[key] = canonical_policy(out[key])
    return out


def canonical_policy(value: Any) -> Any:
    """Return a send policy in its stored form ("all:1/10" -> "all_1_in_10"); others unchanged."""
    try:
        return str(SendPolicy.parse(str(value)))
    except ValueError:
        return value  # reported by the validation as invalid_forwarding


def forwarder_config(options: Mapping[str, Any]) -> ForwarderConfig | None:
    """Build the forwarder settings from entry options; None when forwarding is off."""
    if not options.get(CONF_ES_ENABLED) or not options.get(CONF_ES_URLS):
        return None
    return ForwarderConfig(
        urls=list(options[CONF_ES_URLS]),
        api_key=options.get(CONF_ES_API_KEY) or None,
        username=options.get(CONF_ES_USERNAME) or None,
        password=options.get(CONF_ES_PASSWORD) or None,
        verify_tls=bool(options.get(CONF_ES_VERIFY_TLS, True)),
        ca_path=options.get(CONF_ES_CA_PATH) or None,
        prefix=str(options.get(CONF_ES_PREFIX) or "netwatch"),
        send_flows=SendPolicy.parse(str(options.get(CONF_ES_SEND_FLOWS, "all"))),
        send_firewall=SendPolicy.parse(str(options.get(CONF_ES_SEND_FIREWALL, "all"))),
        send_scans=SendPolicy.parse(str(options.get(CONF_ES_SEND_SCANS, "all"))),
        retention_days=int(options.get(CONF_ES_RETENTION_DAYS, 30)),
    )


async def async_test_connection(hass: HomeAssistant, config: ForwarderConfig) -> ServerInfo:
    """Connect and authenticate once (options and reauth flows); raise ForwarderError."""
    session = async_get_clientsession(hass, verify_ssl=config.verify_tls)
    return await Forwarder(session, config).async_check()


async def async_validate(hass: HomeAssistant, options: Mapping[str, Any]) -> dict[str, str]:
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
