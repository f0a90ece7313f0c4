"""Publish the engine's in-memory counters on a timer (no I/O, never per packet)."""

from __future__ import annotations

import logging

from homeassistant.core import HomeAssistant
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator

from .const import DOMAIN, PUBLISH_INTERVAL
from .data import NetwatchConfigEntry
from .engine.pipeline import EngineStats, NetwatchEngine

_LOGGER = logging.getLogger(__name__)


class NetwatchCoordinator(DataUpdateCoordinator[EngineStats]):
    """Snapshot the engine every publish interval for the entities."""

    config_entry: NetwatchConfigEntry

    def __init__(
        self, hass: HomeAssistant, entry: NetwatchConfigEntry, engine: NetwatchEngine
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

    async def _async_update_data(self) -> EngineStats:
        """Return a copy of the counters; reading memory cannot fail."""
        return self.engine.stats()
