"""Base entities of netwatch and the devices they belong to."""

from __future__ import annotations

from homeassistant.helpers.device_registry import (
    CONNECTION_NETWORK_MAC,
    DeviceEntryType,
    DeviceInfo,
)
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import DOMAIN, VERSION
from .coordinator import NetwatchCoordinator


def collector_identifier(entry_id: str) -> tuple[str, str]:
    """Identify the collector device (listener health) of an entry."""
    return (DOMAIN, entry_id)


def network_identifier(entry_id: str) -> tuple[str, str]:
    """Identify the whole-network device of an entry."""
    return (DOMAIN, f"{entry_id}_network")


def home_device_identifier(entry_id: str, address: str) -> tuple[str, str]:
    """Identify the device of one home address."""
    return (DOMAIN, f"{entry_id}_device_{address}")


class NetwatchEntity(CoordinatorEntity[NetwatchCoordinator]):
    """An entity of a netwatch entry with a unique id made from the entry and its key."""

    _attr_has_entity_name = True

    def __init__(
        self, coordinator: NetwatchCoordinator, description: EntityDescription, unique: str
    ) -> None:
        """Bind the entity to its description."""
        super().__init__(coordinator)
        self.entity_description = description
        self._attr_unique_id = f"{coordinator.config_entry.entry_id}_{unique}"


def collector_device_info(entry_id: str, title: str) -> DeviceInfo:
    """Describe the collector device that owns the listener health entities."""
    return DeviceInfo(
        identifiers={collector_identifier(entry_id)},
        name=title,
        manufacturer="netwatch",
        model="NetFlow/IPFIX and syslog collector",
        sw_version=VERSION,
        entry_type=DeviceEntryType.SERVICE,
    )


def network_device_info(entry_id: str) -> DeviceInfo:
    """Describe the device that holds whole-network and per-country entities."""
    return DeviceInfo(
        identifiers={network_identifier(entry_id)},
        translation_key="network",
        manufacturer="netwatch",
        model="Home network",
        entry_type=DeviceEntryType.SERVICE,
    )


def home_device_info(entry_id: str, address: str, name: str | None, mac: str) -> DeviceInfo:
    """Describe one home address; a known MAC links it to the same device of other integrations."""
    info = DeviceInfo(
        identifiers={home_device_identifier(entry_id, address)},
        name=name or address,
        manufacturer="netwatch",
        model="Home network device",
    )
    if mac:
        info["connections"] = {(CONNECTION_NETWORK_MAC, mac)}
    return info
