"""Base entity of netwatch: attached to the collector device of its entry."""

from __future__ import annotations

from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import DOMAIN, VERSION
from .coordinator import NetwatchCoordinator


def collector_device_info(entry_id: str, title: str) -> DeviceInfo:
    """Describe the collector device that owns the listener health entities."""
    return DeviceInfo(
        identifiers={(DOMAIN, entry_id)},
        name=title,
        manufacturer="netwatch",
        model="NetFlow/IPFIX and syslog collector",
        sw_version=VERSION,
        entry_type=DeviceEntryType.SERVICE,
    )


class NetwatchCollectorEntity(CoordinatorEntity[NetwatchCoordinator]):
    """An entity of the collector device."""

    _attr_has_entity_name = True

    def __init__(self, coordinator: NetwatchCoordinator, description: EntityDescription) -> None:
        """Bind the entity to its description and the collector device."""
        super().__init__(coordinator)
        entry = coordinator.config_entry
        self.entity_description = description
        self._attr_unique_id = f"{entry.entry_id}_{description.key}"
        self._attr_device_info = collector_device_info(entry.entry_id, entry.title)
