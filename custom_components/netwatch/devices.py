"""Home devices in the device registry: remove those the engine no longer tracks."""

from __future__ import annotations

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr

from .const import DOMAIN
from .coordinator import NetwatchConfigEntry


def _address_of(entry_id: str, device: dr.DeviceEntry) -> str | None:
    prefix = f"{entry_id}_device_"
    for domain, identifier in device.identifiers:
        if domain == DOMAIN and identifier.startswith(prefix):
            return identifier.removeprefix(prefix)
    return None


@callback
def async_prune_stale_devices(hass: HomeAssistant, entry: NetwatchConfigEntry) -> int:
    """Remove home devices the aggregator evicted (bounded table); return how many went."""
    tracked = {d.address for d in entry.runtime_data.coordinator.data.network.devices}
    registry = dr.async_get(hass)
    removed = 0
    for device in dr.async_entries_for_config_entry(registry, entry.entry_id):
        address = _address_of(entry.entry_id, device)
        if address is not None and address not in tracked:
            registry.async_update_device(device.id, remove_config_entry_id=entry.entry_id)
            removed += 1
    return removed


def can_remove_device(entry: NetwatchConfigEntry, device: dr.DeviceEntry) -> bool:
    """Allow deleting a home device that is no longer tracked (it returns with new traffic)."""
    address = _address_of(entry.entry_id, device)
    if address is None:
        return False  # the collector and network devices belong to the entry itself
    return entry.runtime_data.coordinator.data.network.device(address) is None
