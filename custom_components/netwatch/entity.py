"""Base entities of netwatch and the devices they belong to."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntry
from homeassistant.helpers.device_registry import (
    CONNECTION_NETWORK_MAC,
    DeviceEntryType,
    DeviceInfo,
)
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import (
    CONF_NAME,
    CONF_NETFLOW_PORT,
    CONF_SFLOW_PORT,
    CONF_SYSLOG_PORT,
    DOMAIN,
    VERSION,
)
from .coordinator import NetwatchCoordinator
from .options.devices import dashboard_enabled
from .options.listener import port_of


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


DEFAULT_SITE = "Home"
"""The name of an entry that was set up without one (every entry before names existed)."""


def site_name(entry: ConfigEntry) -> str:
    """Return the name the user gave this netwatch instance ("Home" by default)."""
    return str(entry.data.get(CONF_NAME) or DEFAULT_SITE)


def collector_device_info(entry: ConfigEntry) -> DeviceInfo:
    """Describe the collector device that owns the listener health entities.

    Its name never holds the ports (entity ids are made from it once and would go stale after a
    Reconfigure); the model shows the current ports instead.
    """
    site = site_name(entry)
    return DeviceInfo(
        identifiers={collector_identifier(entry.entry_id)},
        name="netwatch collector" if site == DEFAULT_SITE else f"netwatch collector ({site})",
        manufacturer="netwatch",
        model=(
            f"NetFlow/IPFIX UDP {entry.data.get(CONF_NETFLOW_PORT)}, "
            f"sFlow UDP {port_of(entry.data, CONF_SFLOW_PORT)}, "
            f"syslog {entry.data.get(CONF_SYSLOG_PORT)}"
        ),
        sw_version=VERSION,
        entry_type=DeviceEntryType.SERVICE,
    )


def network_device_info(entry: ConfigEntry) -> DeviceInfo:
    """Describe the device that holds whole-network and per-country entities ("Home network")."""
    return DeviceInfo(
        identifiers={network_identifier(entry.entry_id)},
        name=f"{site_name(entry)} network",
        manufacturer="netwatch",
        model="Network (all devices)",
        entry_type=DeviceEntryType.SERVICE,
    )


def home_device_info(entry: ConfigEntry, address: str, name: str | None, mac: str) -> DeviceInfo:
    """Describe one home address; a known MAC links it to the same device of other integrations.

    The device page shows the address in the model and links to the netwatch dashboard's view of
    the device (when the dashboard is on).
    """
    info = DeviceInfo(
        identifiers={home_device_identifier(entry.entry_id, address)},
        name=name or address,
        manufacturer="netwatch",
        model=f"Home network device {address}",
    )
    if dashboard_enabled(entry.options):
        # The Network page in the sidebar reads the filter from its URL (the card's view.ts).
        info["configuration_url"] = f"homeassistant://netwatch?nw_device={address}"
    if mac:
        info["connections"] = {(CONNECTION_NETWORK_MAC, mac)}
    return info
