"""Config, options and reconfigure flows of netwatch."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any

import voluptuous as vol
from homeassistant.config_entries import (
    ConfigEntryState,
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlowWithReload,
)
from homeassistant.core import callback
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    TextSelector,
    TextSelectorConfig,
)

from .const import (
    CONF_ALLOWED_SENDERS,
    CONF_BIND_ADDRESS,
    CONF_HOME_NETWORKS,
    CONF_NETFLOW_PORT,
    CONF_SYSLOG_PORT,
    CONF_SYSLOG_TCP,
    DEFAULT_ALLOWED_SENDERS,
    DEFAULT_BIND_ADDRESS,
    DEFAULT_HOME_NETWORKS,
    DEFAULT_NETFLOW_PORT,
    DEFAULT_SYSLOG_PORT,
    DEFAULT_SYSLOG_TCP,
    DOMAIN,
)
from .data import NetwatchConfigEntry
from .engine.errors import ListenerError
from .engine.portcheck import check_ports_free

_PORT = NumberSelector(NumberSelectorConfig(min=1, max=65535, mode=NumberSelectorMode.BOX))
_CIDRS = TextSelector(TextSelectorConfig(multiple=True))


def _listener_schema(defaults: Mapping[str, Any]) -> dict[vol.Marker, Any]:
    return {
        vol.Required(
            CONF_BIND_ADDRESS, default=defaults.get(CONF_BIND_ADDRESS, DEFAULT_BIND_ADDRESS)
        ): TextSelector(),
        vol.Required(
            CONF_NETFLOW_PORT, default=defaults.get(CONF_NETFLOW_PORT, DEFAULT_NETFLOW_PORT)
        ): _PORT,
        vol.Required(
            CONF_SYSLOG_PORT, default=defaults.get(CONF_SYSLOG_PORT, DEFAULT_SYSLOG_PORT)
        ): _PORT,
        vol.Required(
            CONF_SYSLOG_TCP, default=defaults.get(CONF_SYSLOG_TCP, DEFAULT_SYSLOG_TCP)
        ): BooleanSelector(),
    }


def _network_schema(defaults: Mapping[str, Any]) -> dict[vol.Marker, Any]:
    return {
        vol.Required(
            CONF_HOME_NETWORKS, default=defaults.get(CONF_HOME_NETWORKS, DEFAULT_HOME_NETWORKS)
        ): _CIDRS,
        vol.Required(
            CONF_ALLOWED_SENDERS,
            default=defaults.get(CONF_ALLOWED_SENDERS, DEFAULT_ALLOWED_SENDERS),
        ): _CIDRS,
    }


def _normalise_listener(user_input: Mapping[str, Any]) -> dict[str, Any]:
    return {
        CONF_BIND_ADDRESS: str(user_input[CONF_BIND_ADDRESS]).strip(),
        CONF_NETFLOW_PORT: int(user_input[CONF_NETFLOW_PORT]),
        CONF_SYSLOG_PORT: int(user_input[CONF_SYSLOG_PORT]),
        CONF_SYSLOG_TCP: bool(user_input[CONF_SYSLOG_TCP]),
    }


def _validate_listener(data: Mapping[str, Any]) -> dict[str, str]:
    """Check the listener settings without binding; return form errors."""
    try:
        ipaddress.ip_address(data[CONF_BIND_ADDRESS])
    except ValueError:
        return {CONF_BIND_ADDRESS: "invalid_address"}
    if data[CONF_NETFLOW_PORT] == data[CONF_SYSLOG_PORT]:
        return {CONF_SYSLOG_PORT: "same_port"}
    return {}


def _validate_networks(data: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Normalise CIDR lists; return (clean values, form errors)."""
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key in (CONF_HOME_NETWORKS, CONF_ALLOWED_SENDERS):
        values = [str(v).strip() for v in data.get(key, []) if str(v).strip()]
        try:
            clean[key] = [str(ipaddress.ip_network(v, strict=False)) for v in values]
        except ValueError:
            errors[key] = "invalid_network"
        if not values and key == CONF_ALLOWED_SENDERS:
            errors[key] = "no_senders"
    return clean, errors


def _test_bind(data: Mapping[str, Any], held: Mapping[str, Any] | None) -> dict[str, str]:
    """Really bind the ports (skipping those our own loaded entry already holds)."""

    def held_already(key: str, tcp: bool = False) -> bool:
        return (
            held is not None
            and held.get(CONF_BIND_ADDRESS) == data[CONF_BIND_ADDRESS]
            and held.get(key) == data[key]
            and (not tcp or bool(held.get(CONF_SYSLOG_TCP)))
        )

    udp = [
        (key, data[key]) for key in (CONF_NETFLOW_PORT, CONF_SYSLOG_PORT) if not held_already(key)
    ]
    tcp = []
    if data[CONF_SYSLOG_TCP] and not held_already(CONF_SYSLOG_PORT, tcp=True):
        tcp.append(data[CONF_SYSLOG_PORT])
    for key, port in udp:
        try:
            check_ports_free(data[CONF_BIND_ADDRESS], [port])
        except ListenerError as err:
            return {key: err.reason}
    try:
        check_ports_free(data[CONF_BIND_ADDRESS], [], tcp)
    except ListenerError as err:
        return {CONF_SYSLOG_PORT: err.reason}
    return {}


class NetwatchConfigFlow(ConfigFlow, domain=DOMAIN):
    """Set up a netwatch listener set."""

    VERSION = 1

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask for ports and networks, then really bind the ports before creating the entry."""
        errors: dict[str, str] = {}
        if user_input is not None:
            data = _normalise_listener(user_input)
            self._async_abort_entries_match({CONF_NETFLOW_PORT: data[CONF_NETFLOW_PORT]})
            self._async_abort_entries_match({CONF_SYSLOG_PORT: data[CONF_SYSLOG_PORT]})
            options, errors = _validate_networks(user_input)
            errors = _validate_listener(data) or errors or _test_bind(data, None)
            if not errors:
                return self.async_create_entry(title=_title(data), data=data, options=options)
        schema = vol.Schema(
            {**_listener_schema(user_input or {}), **_network_schema(user_input or {})}
        )
        return self.async_show_form(step_id="user", data_schema=schema, errors=errors)

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change address and ports of an existing entry."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            data = _normalise_listener(user_input)
            for other in self._async_current_entries(include_ignore=False):
                if other.entry_id != entry.entry_id and (
                    other.data.get(CONF_NETFLOW_PORT) == data[CONF_NETFLOW_PORT]
                    or other.data.get(CONF_SYSLOG_PORT) == data[CONF_SYSLOG_PORT]
                ):
                    return self.async_abort(reason="already_configured")
            held = entry.data if entry.state is ConfigEntryState.LOADED else None
            errors = _validate_listener(data) or _test_bind(data, held)
            if not errors:
                return self.async_update_reload_and_abort(
                    entry, title=_title(data), data_updates=data
                )
        schema = vol.Schema(_listener_schema(user_input or entry.data))
        return self.async_show_form(step_id="reconfigure", data_schema=schema, errors=errors)

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: NetwatchConfigEntry) -> NetwatchOptionsFlow:
        """Return the options flow."""
        return NetwatchOptionsFlow()


class NetwatchOptionsFlow(OptionsFlowWithReload):
    """Change the home networks and allowed senders; the entry reloads."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Show and validate the options."""
        errors: dict[str, str] = {}
        if user_input is not None:
            options, errors = _validate_networks(user_input)
            if not errors:
                return self.async_create_entry(data={**self.config_entry.options, **options})
        schema = vol.Schema(_network_schema(user_input or self.config_entry.options))
        return self.async_show_form(step_id="init", data_schema=schema, errors=errors)


def _title(data: Mapping[str, Any]) -> str:
    return f"netwatch (NetFlow {data[CONF_NETFLOW_PORT]}, syslog {data[CONF_SYSLOG_PORT]})"
