"""Config, options and reconfigure flows of netwatch: they compose the option groups."""

from __future__ import annotations

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

from .const import CONF_DASHBOARD, CONF_ES_URLS, CONF_NAME, DOMAIN
from .coordinator import NetwatchConfigEntry
from .engine.enrich import DBIP_ATTRIBUTION, DBIP_LICENSE
from .options import detection, devices, forwarding, geoip, listener, networks, site, syslog


class NetwatchConfigFlow(ConfigFlow, domain=DOMAIN):
    """Set up a netwatch listener set."""

    VERSION = 1
    MINOR_VERSION = 2  # 1.2: send policies stored as translation keys (async_migrate_entry)

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask for ports and networks, then really bind the ports before creating the entry."""
        errors: dict[str, str] = {}
        others = [entry.data for entry in self._async_current_entries(include_ignore=False)]
        if user_input is not None:
            data = listener.normalise(user_input)
            options, errors = networks.validate(user_input)
            options[CONF_DASHBOARD] = bool(user_input.get(CONF_DASHBOARD))
            name, name_errors = site.validate(user_input, others)
            errors = listener.validate(data, others) or {**errors, **name_errors}
            if not errors:
                data[CONF_NAME] = name
                return self.async_create_entry(
                    title=site.title(name, data), data=data, options=options
                )
        current = user_input or {}
        schema = vol.Schema(
            {
                **site.schema(current, site.suggested(others)),
                **listener.schema(current),
                **networks.schema(current),
                **devices.dashboard_schema(current),
            }
        )
        return self.async_show_form(step_id="user", data_schema=schema, errors=errors)

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change address and ports of an existing entry."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            data = listener.normalise(user_input)
            others = [
                other.data
                for other in self._async_current_entries(include_ignore=False)
                if other.entry_id != entry.entry_id
            ]
            held = entry.data if entry.state is ConfigEntryState.LOADED else None
            name, name_errors = site.validate(user_input, others)
            errors = listener.validate(data, others, held) or name_errors
            if not errors:
                data[CONF_NAME] = name
                return self.async_update_reload_and_abort(
                    entry, title=site.title(name, data), data_updates=data
                )
        current = user_input or entry.data
        schema = vol.Schema({**site.schema(current, site.DEFAULT_NAME), **listener.schema(current)})
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
            options = {**entry.options, **forwarding.merge_credentials(user_input, entry.options)}
            errors = await forwarding.async_validate(self.hass, options)
            if not errors:
                return self.async_update_reload_and_abort(entry, options=options)
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=vol.Schema(forwarding.credential_schema(user_input or entry.options)),
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
            options, errors = networks.validate(user_input)
            if not errors:
                return self._save(options)
        schema = vol.Schema(networks.schema(user_input or self.config_entry.options))
        return self.async_show_form(step_id="networks", data_schema=schema, errors=errors)

    async def async_step_syslog(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Firewall vendor detection and log-prefix verdicts."""
        errors: dict[str, str] = {}
        if user_input is not None:
            options, errors = syslog.validate(user_input)
            if not errors:
                return self._save(options)
        return self.async_show_form(
            step_id="syslog", data_schema=syslog.schema(self.config_entry.options), errors=errors
        )

    async def async_step_geoip(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """GeoIP database path or the monthly DB-IP download."""
        errors: dict[str, str] = {}
        if user_input is not None:
            options, errors = await geoip.async_validate(self.hass, user_input)
            if not errors:
                return self._save(options)
        return self.async_show_form(
            step_id="geoip",
            data_schema=geoip.schema(user_input or self.config_entry.options),
            errors=errors,
            description_placeholders={"attribution": DBIP_ATTRIBUTION, "license": DBIP_LICENSE},
        )

    async def async_step_detection(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Thresholds of the scan detector and the silent-sender alarm."""
        errors: dict[str, str] = {}
        if user_input is not None:
            options, errors = detection.validate(user_input)
            if not errors:
                return self._save(options)
        return self.async_show_form(
            step_id="detection",
            data_schema=detection.schema(user_input or self.config_entry.options),
            errors=errors,
        )

    async def async_step_forwarding(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Elasticsearch / OpenSearch: where, how to log in, what to send, how long to keep."""
        errors: dict[str, str] = {}
        if user_input is not None:
            options = forwarding.clean(user_input, self.config_entry.options)
            errors = await forwarding.async_validate(self.hass, options)
            if not errors:
                return self._save(options)
        return self.async_show_form(
            step_id="forwarding",
            data_schema=forwarding.schema(user_input or self.config_entry.options),
            errors=errors,
        )

    async def async_step_devices(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """How many home devices are tracked (each has its own entities)."""
        if user_input is not None:
            options, _errors = devices.validate(user_input)
            return self._save(options)
        return self.async_show_form(
            step_id="devices", data_schema=devices.schema(self.config_entry.options)
        )

    def _save(self, changes: Mapping[str, Any]) -> ConfigFlowResult:
        return self.async_create_entry(data={**self.config_entry.options, **changes})
