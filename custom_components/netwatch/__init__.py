"""netwatch: NetFlow/IPFIX and firewall syslog as Home Assistant sensors and events."""

from __future__ import annotations

import logging

from homeassistant.const import EVENT_HOMEASSISTANT_STOP, Platform
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryNotReady
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.typing import ConfigType

from .const import (
    CONF_ALLOWED_SENDERS,
    CONF_BIND_ADDRESS,
    CONF_HOME_NETWORKS,
    CONF_NETFLOW_PORT,
    CONF_SYSLOG_PORT,
    CONF_SYSLOG_TCP,
    DEFAULT_ALLOWED_SENDERS,
    DEFAULT_HOME_NETWORKS,
    DOMAIN,
)
from .coordinator import NetwatchCoordinator
from .data import NetwatchConfigEntry, NetwatchRuntime
from .engine.errors import ListenerError
from .engine.pipeline import EngineConfig, NetwatchEngine

_LOGGER = logging.getLogger(__name__)

PLATFORMS: list[Platform] = [Platform.SENSOR]
CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register what is shared by all entries (websocket commands, card)."""
    return True


def engine_config(entry: NetwatchConfigEntry) -> EngineConfig:
    """Build the engine settings from an entry's data and options."""
    return EngineConfig(
        bind_address=entry.data[CONF_BIND_ADDRESS],
        netflow_port=entry.data[CONF_NETFLOW_PORT],
        syslog_port=entry.data[CONF_SYSLOG_PORT],
        syslog_tcp=entry.data[CONF_SYSLOG_TCP],
        home_networks=tuple(entry.options.get(CONF_HOME_NETWORKS, DEFAULT_HOME_NETWORKS)),
        allowed_senders=tuple(entry.options.get(CONF_ALLOWED_SENDERS, DEFAULT_ALLOWED_SENDERS)),
    )


async def async_setup_entry(hass: HomeAssistant, entry: NetwatchConfigEntry) -> bool:
    """Start the listeners of an entry and publish their counters."""
    engine = NetwatchEngine(engine_config(entry))
    issue_id = f"listener_{entry.entry_id}"
    try:
        await engine.async_start(hass.loop)
    except ListenerError as err:
        ir.async_create_issue(
            hass,
            DOMAIN,
            issue_id,
            is_fixable=False,
            severity=ir.IssueSeverity.ERROR,
            translation_key=err.reason if err.reason in _REPAIRABLE else "cannot_bind",
            translation_placeholders={"address": err.address, "port": str(err.port)},
        )
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key=err.reason if err.reason in _REPAIRABLE else "cannot_bind",
            translation_placeholders={"address": err.address, "port": str(err.port)},
        ) from err
    ir.async_delete_issue(hass, DOMAIN, issue_id)
    entry.async_on_unload(engine.async_stop)

    @callback
    def _stop_on_shutdown(_event: Event) -> None:
        entry.async_create_background_task(hass, engine.async_stop(), "netwatch stop listeners")

    entry.async_on_unload(hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STOP, _stop_on_shutdown))

    coordinator = NetwatchCoordinator(hass, entry, engine)
    await coordinator.async_config_entry_first_refresh()
    entry.runtime_data = NetwatchRuntime(engine=engine, coordinator=coordinator)
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


_REPAIRABLE = frozenset({"address_in_use", "permission_denied", "address_not_available"})


async def async_unload_entry(hass: HomeAssistant, entry: NetwatchConfigEntry) -> bool:
    """Unload platforms; the listeners close through the entry's unload callbacks."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
