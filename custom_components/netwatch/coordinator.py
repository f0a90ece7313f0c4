"""Publish the engine's in-memory counters on a timer (no I/O, never per packet)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator

from .const import DOMAIN, PUBLISH_INTERVAL
from .engine.aggregate import NetworkSnapshot
from .engine.pipeline import NetwatchEngine
from .engine.stats import EngineStats
from .storage import NetwatchStore

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class NetwatchData:
    """What the entities read: listener health and the network's counters."""

    engine: EngineStats
    network: NetworkSnapshot


@dataclass(slots=True)
class NetwatchRuntime:
    """What a loaded entry holds: the running engine, its publisher and its saved state."""

    engine: NetwatchEngine
    coordinator: NetwatchCoordinator
    store: NetwatchStore


type NetwatchConfigEntry = ConfigEntry[NetwatchRuntime]


class NetwatchCoordinator(DataUpdateCoordinator[NetwatchData]):
    """Snapshot the engine every publish interval for the entities."""

    config_entry: NetwatchConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: NetwatchConfigEntry,
        engine: NetwatchEngine,
        store: NetwatchStore,
    ) -> None:
        """Create the publisher for one engine."""
        super().__init__(
            hass,
            _LOGGER,
            config_entry=entry,
            name=DOMAIN,
            update_interval=PUBLISH_INTERVAL,
            always_update=True,
        )
        self.engine = engine
        self.store = store

    async def _async_update_data(self) -> NetwatchData:
        """Name devices from Home Assistant's trackers, copy the counters, save, then publish.

        The counters are saved before the states that show them are written: after a crash the
        saved totals are never below what the sensors last showed, so no total goes down.
        """
        self.engine.set_device_names(self._tracker_names())
        data = NetwatchData(engine=self.engine.stats(), network=self.engine.snapshot())
        await self.store.async_save_counters(self.engine.export_counters())  # same values
        return data

    def _tracker_names(self) -> dict[str, str]:
        """Map IP addresses to names from device_tracker entities that report an `ip`."""
        names: dict[str, str] = {}
        for state in self.hass.states.async_all("device_tracker"):
            address = state.attributes.get("ip")
            if isinstance(address, str) and address:
                names[address] = str(state.attributes.get("friendly_name") or state.name)
        return names
