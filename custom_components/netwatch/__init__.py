"""netwatch: NetFlow/IPFIX and firewall syslog as Home Assistant sensors and events."""

from __future__ import annotations

from datetime import datetime

from homeassistant.const import EVENT_HOMEASSISTANT_STOP, Platform
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryNotReady
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.helpers.typing import ConfigType

from .blueprints_setup import async_install_blueprints
from .const import CONF_DASHBOARD, DOMAIN, EVENT_NETWATCH, TICK_INTERVAL
from .coordinator import NetwatchConfigEntry, NetwatchCoordinator, NetwatchRuntime
from .devices import async_prune_stale_devices, can_remove_device
from .engine.errors import ListenerError
from .engine.pipeline import NetwatchEngine, Notice
from .forwarding_setup import async_start_forwarder
from .frontend_setup import async_hide_panel, async_register_card, async_show_panel
from .geoip_setup import async_setup_geoip
from .options import engine_config
from .options.devices import dashboard_enabled
from .options.forwarding import POLICIES, canonical_policy
from .removal import async_remove_written_files
from .repairs import async_clear_issues, async_raise_issue
from .storage import NetwatchStore
from .websocket import async_register_websocket

PLATFORMS: list[Platform] = [Platform.EVENT, Platform.SENSOR]
CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)
_REPAIRABLE = frozenset({"address_in_use", "permission_denied", "address_not_available"})


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register what all entries share: the websocket commands."""
    async_register_websocket(hass)
    await async_register_card(hass)
    await async_install_blueprints(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: NetwatchConfigEntry) -> bool:
    """Restore counters, start the listeners and publish their counters."""
    engine = NetwatchEngine(engine_config(entry.data, entry.options, entry.entry_id))
    store = NetwatchStore(hass, entry)
    await store.async_restore(engine)
    await async_setup_geoip(hass, entry, engine)
    await _async_start_listeners(hass, entry, engine)

    coordinator = NetwatchCoordinator(hass, entry, engine, store)
    await coordinator.async_config_entry_first_refresh()
    entry.runtime_data = NetwatchRuntime(engine=engine, coordinator=coordinator, store=store)
    store.start(engine)
    _start_notices(hass, entry, engine)
    await async_start_forwarder(hass, entry, engine)
    if dashboard_enabled(entry.options):
        await async_show_panel(hass, entry.entry_id)
        entry.async_on_unload(lambda: async_hide_panel(hass, entry.entry_id))

    @callback
    def _prune() -> None:
        async_prune_stale_devices(hass, entry)

    entry.async_on_unload(coordinator.async_add_listener(_prune))
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


def _start_notices(hass: HomeAssistant, entry: NetwatchConfigEntry, engine: NetwatchEngine) -> None:
    """Fire engine notices as `netwatch_event` bus events and run the timed checks."""

    @callback
    def _fire(notice: Notice) -> None:
        hass.bus.async_fire(EVENT_NETWATCH, {"entry_id": entry.entry_id, **notice.as_event_data()})

    @callback
    def _tick(now: datetime) -> None:
        engine.tick(now.timestamp())

    entry.async_on_unload(engine.add_notice_sink(_fire))
    entry.async_on_unload(async_track_time_interval(hass, _tick, TICK_INTERVAL))


async def _async_start_listeners(
    hass: HomeAssistant, entry: NetwatchConfigEntry, engine: NetwatchEngine
) -> None:
    """Bind the ports; a failure is a repair issue and a translated retry reason."""
    try:
        await engine.async_start(hass.loop)
    except ListenerError as err:
        key = err.reason if err.reason in _REPAIRABLE else "cannot_bind"
        placeholders = {
            "address": err.address,
            "port": str(err.port),
            "transport": err.transport.upper(),
        }
        async_raise_issue(hass, entry, key, name="listener", severe=True, placeholders=placeholders)
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN, translation_key=key, translation_placeholders=placeholders
        ) from err
    async_clear_issues(hass, entry, "listener")
    entry.async_on_unload(engine.async_stop)

    @callback
    def _stop_on_shutdown(_event: Event) -> None:
        entry.async_create_background_task(hass, engine.async_stop(), "netwatch stop listeners")

    entry.async_on_unload(hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STOP, _stop_on_shutdown))


async def async_migrate_entry(hass: HomeAssistant, entry: NetwatchConfigEntry) -> bool:
    """Bring an entry saved by an older netwatch up to date."""
    if entry.version > 1:
        return False  # saved by a newer netwatch: refuse rather than guess
    if entry.minor_version < 2:
        # 1.2: send policies as translation keys ("all:1/10" became "all_1_in_10"); the Network
        # page, on unless turned off before 1.2, is now off unless asked for: keep it as it was.
        options = dict(entry.options)
        for key in POLICIES:
            if key in options:
                options[key] = canonical_policy(options[key])
        options.setdefault(CONF_DASHBOARD, True)
        hass.config_entries.async_update_entry(entry, options=options, minor_version=2)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: NetwatchConfigEntry) -> bool:
    """Unload platforms and save the counters; listeners close through the unload callbacks."""
    unloaded = await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
    if unloaded:
        await entry.runtime_data.store.async_save_now(entry.runtime_data.engine)
    return unloaded


async def async_remove_entry(hass: HomeAssistant, entry: NetwatchConfigEntry) -> None:
    """Delete the saved counters; with the last entry, the files netwatch wrote too."""
    await NetwatchStore(hass, entry).async_remove()
    others = [e for e in hass.config_entries.async_entries(DOMAIN) if e.entry_id != entry.entry_id]
    if not others:
        await async_remove_written_files(hass)


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: NetwatchConfigEntry, device: dr.DeviceEntry
) -> bool:
    """Let the user delete a home device that is no longer tracked."""
    return can_remove_device(entry, device)
