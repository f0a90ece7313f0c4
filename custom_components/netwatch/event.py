"""Event entity of netwatch: every detected inbound scan (and hourly summaries) as an event."""

from __future__ import annotations

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import NetwatchConfigEntry
from .engine.pipeline import Notice
from .engine.scan import SCAN_DETECTED, SCAN_SUMMARY, ScanEvent, ScanSummary
from .entity import NetwatchEntity, network_device_info

PARALLEL_UPDATES = 0

SCAN_EVENT = EventEntityDescription(
    key="inbound_scan",
    translation_key="inbound_scan",
    event_types=[SCAN_DETECTED, SCAN_SUMMARY],
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: NetwatchConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Create the scan event entity."""
    async_add_entities([NetwatchScanEvent(entry)])


class NetwatchScanEvent(NetwatchEntity, EventEntity):
    """Fires with the scan's details whenever the detector reports one."""

    def __init__(self, entry: NetwatchConfigEntry) -> None:
        """Attach the entity to the network device."""
        super().__init__(entry.runtime_data.coordinator, SCAN_EVENT, SCAN_EVENT.key)
        self._attr_device_info = network_device_info(entry)
        self._engine = entry.runtime_data.engine

    async def async_added_to_hass(self) -> None:
        """Subscribe to the engine's notices until removed."""
        await super().async_added_to_hass()
        self.async_on_remove(self._engine.add_notice_sink(self._on_notice))

    @callback
    def _on_notice(self, notice: Notice) -> None:
        if isinstance(notice, ScanEvent | ScanSummary):
            data = notice.as_event_data()
            self._trigger_event(data.pop("type"), data)
            self.async_write_ha_state()
