"""Config, options and reconfigure flows of netwatch."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from typing import Any

import probatio as vol
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
    CONF_DASHBOARD,
    CONF_ES_URLS,
    CONF_GEOIP_DATABASE,
    CONF_GEOIP_DOWNLOAD,
    CONF_HOME_NETWORKS,
    CONF_MAX_DEVICES,
    CONF_NETFLOW_PORT,
    CONF_PREFIX_VERDICTS,
    CONF_SYSLOG_PORT,
    CONF_SYSLOG_TCP,
    CONF_SYSLOG_VENDOR,
    DEFAULT_ALLOWED_SENDERS,
    DEFAULT_BIND_ADDRESS,
    DEFAULT_HOME_NETWORKS,
    DEFAULT_MAX_DEVICES,
    DEFAULT_NETFLOW_PORT,
    DEFAULT_SYSLOG_PORT,
    DEFAULT_SYSLOG_TCP,
    DOMAIN,
)
from .data import NetwatchConfigEntry
from .engine.errors import GeoIPError, ListenerError
from .engine.geoip import GeoIP
from .engine.geoip_download import DBIP_ATTRIBUTION, DBIP_LICENSE
from .engine.portcheck import check_ports_free
from .options_forwarding import (
    CREDENTIALS,
    async_validate_forwarding,
    clean_forwarding,
    credential_schema,
    forwarding_schema,
)
from .options_scan import FIELDS as SCAN_FIELDS
from .options_scan import scan_schema
from .options_syslog import parse_prefix_lines, syslog_schema

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
    MINOR_VERSION = 2  # 1.2: send policies stored as translation keys (async_migrate_entry)

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

    async def async_step_reauth(self, entry_data: Mapping[str, Any]) -> ConfigFlowResult:
        """Elasticsearch refused the credentials: ask for new ones."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Test the new credentials against the server before saving them."""
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            creds = {key: str(user_input.get(key) or "").strip() for key in CREDENTIALS}
            options = {**entry.options, **creds}
            errors = await async_validate_forwarding(self.hass, options)
            if not errors:
                return self.async_update_reload_and_abort(entry, options=options)
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=vol.Schema(credential_schema(user_input or entry.options)),
            errors=errors,
            description_placeholders={"urls": ", ".join(entry.options.get(CONF_ES_URLS, []))},
        )

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: NetwatchConfigEntry) -> NetwatchOptionsFlow:
        """Return the options flow."""
        return NetwatchOptionsFlow()


class NetwatchOptionsFlow(OptionsFlowWithReload):
    """Change networks, GeoIP and limits; the entry reloads after each change."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Offer the option groups."""
        return self.async_show_menu(
            step_id="init",
            menu_options=["networks", "syslog", "geoip", "detection", "forwarding", "devices"],
        )

    async def async_step_networks(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Home networks and allowed senders."""
        errors: dict[str, str] = {}
        if user_input is not None:
            options, errors = _validate_networks(user_input)
            if not errors:
                return self._save(options)
        schema = vol.Schema(_network_schema(user_input or self.config_entry.options))
        return self.async_show_form(step_id="networks", data_schema=schema, errors=errors)

    async def async_step_syslog(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Firewall vendor detection and log-prefix verdicts."""
        errors: dict[str, str] = {}
        if user_input is not None:
            verdicts = parse_prefix_lines(list(user_input[CONF_PREFIX_VERDICTS]))
            if verdicts is None:
                errors = {CONF_PREFIX_VERDICTS: "invalid_prefix_verdicts"}
            else:
                return self._save(
                    {
                        CONF_SYSLOG_VENDOR: user_input[CONF_SYSLOG_VENDOR],
                        CONF_PREFIX_VERDICTS: verdicts,
                    }
                )
        return self.async_show_form(
            step_id="syslog", data_schema=syslog_schema(self.config_entry.options), errors=errors
        )

    async def async_step_geoip(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """GeoIP database path or the monthly DB-IP download."""
        errors: dict[str, str] = {}
        if user_input is not None:
            path = str(user_input.get(CONF_GEOIP_DATABASE) or "").strip()
            download = bool(user_input.get(CONF_GEOIP_DOWNLOAD))
            if path and not download:
                errors = await self.hass.async_add_executor_job(_check_geoip, path)
            if not errors:
                return self._save({CONF_GEOIP_DATABASE: path, CONF_GEOIP_DOWNLOAD: download})
        current = user_input or self.config_entry.options
        schema = vol.Schema(
            {
                vol.Optional(
                    CONF_GEOIP_DATABASE,
                    description={"suggested_value": current.get(CONF_GEOIP_DATABASE, "")},
                ): TextSelector(),
                vol.Required(
                    CONF_GEOIP_DOWNLOAD, default=bool(current.get(CONF_GEOIP_DOWNLOAD, False))
                ): BooleanSelector(),
            }
        )
        return self.async_show_form(
            step_id="geoip",
            data_schema=schema,
            errors=errors,
            description_placeholders={"attribution": DBIP_ATTRIBUTION, "license": DBIP_LICENSE},
        )

    async def async_step_detection(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Thresholds of the scan detector and the silent-sender alarm."""
        if user_input is not None:
            return self._save({key: user_input[key] for key in SCAN_FIELDS})
        return self.async_show_form(
            step_id="detection", data_schema=scan_schema(self.config_entry.options)
        )

    async def async_step_forwarding(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Elasticsearch / OpenSearch: where, how to log in, what to send, how long to keep."""
        errors: dict[str, str] = {}
        if user_input is not None:
            options = clean_forwarding(user_input)
            errors = await async_validate_forwarding(self.hass, options)
            if not errors:
                return self._save(options)
        return self.async_show_form(
            step_id="forwarding",
            data_schema=forwarding_schema(user_input or self.config_entry.options),
            errors=errors,
        )

    async def async_step_devices(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """How many home devices are tracked (each has its own entities)."""
        if user_input is not None:
            return self._save(
                {
                    CONF_MAX_DEVICES: int(user_input[CONF_MAX_DEVICES]),
                    CONF_DASHBOARD: bool(user_input[CONF_DASHBOARD]),
                }
            )
        options = self.config_entry.options
        schema = vol.Schema(
            {
                vol.Required(
                    CONF_MAX_DEVICES, default=options.get(CONF_MAX_DEVICES, DEFAULT_MAX_DEVICES)
                ): NumberSelector(
                    NumberSelectorConfig(min=1, max=1024, mode=NumberSelectorMode.BOX)
                ),
                vol.Required(
                    CONF_DASHBOARD, default=options.get(CONF_DASHBOARD, True)
                ): BooleanSelector(),
            }
        )
        return self.async_show_form(step_id="devices", data_schema=schema)

    def _save(self, changes: Mapping[str, Any]) -> ConfigFlowResult:
        return self.async_create_entry(data={**self.config_entry.options, **changes})


def _check_geoip(path: str) -> dict[str, str]:
    """Open the database once (BLOCKING, run in the executor); return form errors."""
    if not os.path.isfile(path):
        return {CONF_GEOIP_DATABASE: "geoip_missing"}
    try:
        GeoIP.open(path).close()
    except GeoIPError:
        return {CONF_GEOIP_DATABASE: "geoip_unreadable"}
    return {}


def _title(data: Mapping[str, Any]) -> str:
    return f"netwatch (NetFlow {data[CONF_NETFLOW_PORT]}, syslog {data[CONF_SYSLOG_PORT]})"
