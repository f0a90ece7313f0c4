"""Keep counters, series, device names and flow templates across restarts."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.helpers.storage import Store

from .const import DOMAIN, SAVE_INTERVAL, STORAGE_VERSION
from .engine.pipeline import NetwatchEngine

_LOGGER = logging.getLogger(__name__)


class NetwatchStore:
    """One Store per entry, written every SAVE_INTERVAL, on unload and at shutdown."""

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry) -> None:
        """Create the store of an entry (nothing is read yet)."""
        self._store: Store[dict[str, Any]] = Store(
            hass, STORAGE_VERSION, f"{DOMAIN}.{entry.entry_id}", private=True
        )
        self._hass = hass
        self._entry = entry

    async def async_restore(self, engine: NetwatchEngine) -> None:
        """Load the saved state into a new engine; a damaged file starts from zero."""
        try:
            state = await self._store.async_load()
        except Exception:  # a corrupt file must not keep the integration from starting
            _LOGGER.exception("netwatch could not read its saved counters; starting from zero")
            return
        if state is not None:
            engine.import_state(state)

    def start(self, engine: NetwatchEngine) -> None:
        """Save periodically and at shutdown until the entry unloads."""
        # A pending delayed save is what makes Home Assistant write it at shutdown (final write);
        # the timer does the periodic writes and re-arms it each time.
        delay = 2 * SAVE_INTERVAL.total_seconds()

        async def _save(_now: datetime) -> None:
            await self._store.async_save(engine.export_state())
            self._store.async_delay_save(engine.export_state, delay)

        self._entry.async_on_unload(async_track_time_interval(self._hass, _save, SAVE_INTERVAL))
        self._store.async_delay_save(engine.export_state, delay)

    async def async_save_now(self, engine: NetwatchEngine) -> None:
        """Write the state immediately (entry unload); a failure must not block the unload."""
        try:
            await self._store.async_save(engine.export_state())
        except Exception:  # keep unloading (and freeing the ports) whatever the state holds
            _LOGGER.exception(
                "netwatch could not save its counters; they restart from the last save"
            )

    async def async_remove(self) -> None:
        """Delete the saved state (entry removed)."""
        await self._store.async_remove()
