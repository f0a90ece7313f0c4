"""Sensors of netwatch: collector health, the whole network, each home device, each country."""

from __future__ import annotations

import time
from typing import Any

from homeassistant.components.sensor import RestoreSensor, SensorEntity, SensorStateClass
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import DEVICE_WRITE_INTERVAL, DOMAIN
from .coordinator import NetwatchConfigEntry, NetwatchCoordinator, NetwatchData
from .engine.aggregate import CountryStats, DeviceStats
from .engine.enrich.country_names import country_name
from .entity import (
    NetwatchEntity,
    collector_device_info,
    home_device_info,
    network_device_info,
)
from .sensor_collector import COLLECTOR_SENSORS, FORWARDER_SENSORS
from .sensor_descriptions import (
    COUNTRY_SENSORS,
    DEVICE_SENSORS,
    NETWORK_SENSORS,
    NetwatchSensorDescription,
    StateValue,
)

PARALLEL_UPDATES = 0
ENABLED_COUNTRIES = 5
"""Countries among the busiest this many when first seen start enabled; the rest disabled."""


async def async_setup_entry(
    hass: HomeAssistant,
    entry: NetwatchConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Create the fixed sensors, then add device and country sensors as they appear."""
    coordinator = entry.runtime_data.coordinator
    _remove_replaced(hass, entry)
    collector = collector_device_info(entry)
    network = network_device_info(entry)
    async_add_entities(
        [
            *(NetwatchSensor(coordinator, d, collector) for d in COLLECTOR_SENSORS),
            *(NetwatchSensor(coordinator, d, network) for d in NETWORK_SENSORS),
        ]
    )
    if entry.runtime_data.engine.forwarder is not None:
        async_add_entities(NetwatchSensor(coordinator, d, collector) for d in FORWARDER_SENSORS)
    known_devices: set[str] = set()
    known_countries: set[str] = set()

    @callback
    def _add_new() -> None:
        snapshot = coordinator.data.network
        new: list[SensorEntity] = []
        for device in snapshot.devices:
            if device.address not in known_devices:
                known_devices.add(device.address)
                new.extend(
                    NetwatchDeviceSensor(coordinator, d, device.address) for d in DEVICE_SENSORS
                )
        for rank, country in enumerate(snapshot.countries):
            if country.country not in known_countries:
                known_countries.add(country.country)
                new.extend(
                    NetwatchCountrySensor(coordinator, d, country.country, rank < ENABLED_COUNTRIES)
                    for d in COUNTRY_SENSORS
                )
        if new:
            async_add_entities(new)

    _add_new()
    entry.async_on_unload(coordinator.async_add_listener(_add_new))


REPLACED_SENSORS = ("verdicts_deny",)
"""Keys of sensors that are gone: "Denied connections" counted the same as "Denied inbound
attempts" for most firewalls (which log inbound denies only); "Denied outbound connections"
took its place."""


def _remove_replaced(hass: HomeAssistant, entry: NetwatchConfigEntry) -> None:
    """Delete the registry entries of sensors netwatch no longer provides."""
    registry = er.async_get(hass)
    for key in REPLACED_SENSORS:
        entity_id = registry.async_get_entity_id("sensor", DOMAIN, f"{entry.entry_id}_{key}")
        if entity_id is not None:
            registry.async_remove(entity_id)


class MonotonicSensor(NetwatchEntity, RestoreSensor):
    """A sensor whose total never goes down, not even after a crash.

    Counters are saved every 30 s: after a crash the engine resumes from the last save, a little
    below what the sensor last showed. A total_increasing sensor that went down would look like a
    reset to the statistics, so it holds its last value until the engine passes it again.
    """

    _floor: float | None = None

    async def async_added_to_hass(self) -> None:
        """Remember the value shown before the restart (totals only)."""
        await super().async_added_to_hass()
        if self.entity_description.state_class is SensorStateClass.TOTAL_INCREASING:
            last = await self.async_get_last_sensor_data()
            if last is not None and isinstance(last.native_value, int | float):
                self._floor = float(last.native_value)

    def current(self) -> StateValue:
        """Return the value from the latest snapshot."""
        raise NotImplementedError

    @property
    def native_value(self) -> StateValue:
        """Return the current value, never below the value shown before a restart."""
        value = self.current()
        floor = self._floor
        if floor is not None and isinstance(value, int | float) and value < floor:
            return type(value)(floor)
        return value


class NetwatchSensor(MonotonicSensor):
    """A whole-entry value: collector health or the whole network."""

    entity_description: NetwatchSensorDescription[NetwatchData]

    def __init__(
        self,
        coordinator: NetwatchCoordinator,
        description: NetwatchSensorDescription[NetwatchData],
        device_info: DeviceInfo,
    ) -> None:
        """Attach the sensor to the collector or the network device."""
        super().__init__(coordinator, description, description.key)
        self._attr_device_info = device_info

    def current(self) -> StateValue:
        """Return the value from the latest snapshot."""
        return self.entity_description.value_fn(self.coordinator.data)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Return the description's extra attributes (the country code of a country name)."""
        attrs_fn = self.entity_description.attrs_fn
        return attrs_fn(self.coordinator.data) if attrs_fn is not None else None


class ThrottledSensor(MonotonicSensor):
    """Writes its state at most every DEVICE_WRITE_INTERVAL (there may be hundreds of these)."""

    _last_write = float("-inf")
    _last_available = True

    async def async_added_to_hass(self) -> None:
        """Count the state written when the entity is added as a write."""
        await super().async_added_to_hass()
        self._last_write = time.monotonic()

    @callback
    def _handle_coordinator_update(self) -> None:
        now = time.monotonic()
        available = self.available
        if now - self._last_write >= DEVICE_WRITE_INTERVAL or available != self._last_available:
            self._last_write, self._last_available = now, available
            self.async_write_ha_state()


class NetwatchDeviceSensor(ThrottledSensor):
    """A value of one home device; unavailable once the device is no longer tracked."""

    entity_description: NetwatchSensorDescription[DeviceStats]

    def __init__(
        self,
        coordinator: NetwatchCoordinator,
        description: NetwatchSensorDescription[DeviceStats],
        address: str,
    ) -> None:
        """Attach the sensor to the device of `address`."""
        super().__init__(coordinator, description, f"device_{address}_{description.key}")
        self._address = address
        stats = coordinator.data.network.device(address)
        self._attr_device_info = home_device_info(
            coordinator.config_entry,
            address,
            stats.name if stats else None,
            stats.mac if stats else "",
        )

    @property
    def available(self) -> bool:
        """Tell whether the device is still tracked."""
        return super().available and self.coordinator.data.network.device(self._address) is not None

    def current(self) -> StateValue:
        """Return the device's value from the latest snapshot."""
        stats = self.coordinator.data.network.device(self._address)
        return self.entity_description.value_fn(stats) if stats else None


class NetwatchCountrySensor(ThrottledSensor):
    """A value of one country, on the network device."""

    entity_description: NetwatchSensorDescription[CountryStats]

    def __init__(
        self,
        coordinator: NetwatchCoordinator,
        description: NetwatchSensorDescription[CountryStats],
        country: str,
        enabled: bool,
    ) -> None:
        """Attach the sensor to the network device, named after the country."""
        super().__init__(coordinator, description, f"country_{country}_{description.key}")
        self._country = country
        self._attr_translation_placeholders = {"country": country_name(country) or country}
        self._attr_entity_registry_enabled_default = enabled
        self._attr_device_info = network_device_info(coordinator.config_entry)

    @property
    def available(self) -> bool:
        """Tell whether the country is still tracked."""
        return (
            super().available and self.coordinator.data.network.country(self._country) is not None
        )

    def current(self) -> StateValue:
        """Return the country's value from the latest snapshot."""
        stats = self.coordinator.data.network.country(self._country)
        return self.entity_description.value_fn(stats) if stats else None
