"""Keep counters, series, device names and flow templates across restarts.

Two files per entry (engine/persistence.py says what goes where): the full state every
SAVE_INTERVAL (about a megabyte after a busy week: rarely, for SD cards), and the counters every
COUNTER_SAVE_INTERVAL (a few kilobytes), so a crash loses at most that many seconds of totals.
Both are written on unload and at shutdown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.helpers.storage import Store

from .const import COUNTER_SAVE_INTERVAL, DOMAIN, SAVE_INTERVAL, STORAGE_VERSION
from .engine.pipeline import NetwatchEngine

_LOGGER = logging.getLogger(__name__)


class NetwatchStore:
    """The saved state of one entry."""

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry) -> None:
        """Create the stores of an entry (nothing is read yet)."""
        key = f"{DOMAIN}.{entry.entry_id}"
        self._full: Store[dict[str, Any]] = Store(hass, STORAGE_VERSION, key, private=True)
        self._counters: Store[dict[str, Any]] = Store(
            hass, STORAGE_VERSION, f"{key}.counters", private=True
        )
        self._hass = hass
        self._entry = entry

    async def async_restore(self, engine: NetwatchEngine) -> None:
        """Load the saved state into a new engine; a damaged file starts from zero."""
        loaded: list[dict[str, Any] | None] = []
        for store in (self._full, self._counters):
            try:
                loaded.append(await store.async_load())
            except Exception:  # a corrupt file must not keep the integration from starting
                _LOGGER.exception("netwatch could not read %s; starting it from zero", store.path)
                loaded.append(None)
        full, counters = loaded
        if full is not None or counters is not None:
            engine.import_state(full, counters)

    def start(self, engine: NetwatchEngine) -> None:
        """Save periodically and at shutdown until the entry unloads."""
        self._schedule(self._full, engine.export_state, SAVE_INTERVAL)
        self._schedule(self._counters, engine.export_counters, COUNTER_SAVE_INTERVAL)

    def _schedule(
        self,
        store: Store[dict[str, Any]],
        export: Callable[[], dict[str, Any]],
        interval: timedelta,
    ) -> None:
        # A pending delayed save is what makes Home Assistant write it at shutdown (final write);
        # the timer does the periodic writes and re-arms it each time.
        delay = 2 * interval.total_seconds()

        async def _save(_now: datetime) -> None:
            await store.async_save(export())
            store.async_delay_save(export, delay)

        self._entry.async_on_unload(async_track_time_interval(self._hass, _save, interval))
        store.async_delay_save(export, delay)

    async def async_save_counters(self, counters: dict[str, Any]) -> None:
        """Write exported counters now (before they are published); failures are logged."""
        try:
            await self._counters.async_save(counters)
        except Exception:  # publishing must go on; the next save tries again
            _LOGGER.exception("netwatch could not save its counters")

    async def async_save_now(self, engine: NetwatchEngine) -> None:
        """Write the state immediately (entry unload); a failure must not block the unload."""
        try:
            await self._full.async_save(engine.export_state())
            await self._counters.async_save(engine.export_counters())
        except Exception:  # keep unloading (and freeing the ports) whatever the state holds
            _LOGGER.exception(
                "netwatch could not save its counters; they restart from the last save"
            )

    async def async_remove(self) -> None:
        """Delete the saved state (entry removed)."""
        await self._full.async_remove()
        await self._counters.async_remove()
