"""What each network, device and country sensor shows: declarative descriptions for sensor.py.

The collector's own (diagnostic) sensors are in sensor_collector.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import (
    PERCENTAGE,
    EntityCategory,
    UnitOfDataRate,
    UnitOfInformation,
)

from .coordinator import NetwatchData
from .engine.aggregate import CountryStats, DeviceStats, PortCount
from .engine.enrich.country_names import country_name

type StateValue = int | float | str | datetime | None


@dataclass(frozen=True, kw_only=True)
class NetwatchSensorDescription[T](SensorEntityDescription):
    """A sensor whose value is read from a T: NetwatchData, DeviceStats or CountryStats."""

    value_fn: Callable[[T], StateValue]
    attrs_fn: Callable[[T], dict[str, Any]] | None = None
    """Extra state attributes (the ISO code of a country shown by name)."""


@dataclass(frozen=True, kw_only=True)
class Total[T](NetwatchSensorDescription[T]):
    """A count that only grows."""

    state_class: SensorStateClass | None = SensorStateClass.TOTAL_INCREASING


@dataclass(frozen=True, kw_only=True)
class DiagnosticTotal[T](Total[T]):
    """A count of the collector's own health."""

    entity_category: EntityCategory | None = EntityCategory.DIAGNOSTIC


@dataclass(frozen=True, kw_only=True)
class DataSize[T](Total[T]):
    """Bytes that only grow, shown in MB (SI, as the card shows data)."""

    device_class: SensorDeviceClass | None = SensorDeviceClass.DATA_SIZE
    native_unit_of_measurement: str | None = UnitOfInformation.BYTES
    suggested_unit_of_measurement: str | None = UnitOfInformation.MEGABYTES
    suggested_display_precision: int | None = 1


@dataclass(frozen=True, kw_only=True)
class NetworkDataSize[T](DataSize[T]):
    """The whole network's bytes, shown in GB."""

    suggested_unit_of_measurement: str | None = UnitOfInformation.GIGABYTES
    suggested_display_precision: int | None = 2


@dataclass(frozen=True, kw_only=True)
class Gauge[T](NetwatchSensorDescription[T]):
    """A value measured now."""

    state_class: SensorStateClass | None = SensorStateClass.MEASUREMENT


@dataclass(frozen=True, kw_only=True)
class DataRate[T](Gauge[T]):
    """Bytes per second, shown in Mbit/s (bits, as routers, ISPs and the card quote rates)."""

    device_class: SensorDeviceClass | None = SensorDeviceClass.DATA_RATE
    native_unit_of_measurement: str | None = UnitOfDataRate.BYTES_PER_SECOND
    suggested_unit_of_measurement: str | None = UnitOfDataRate.MEGABITS_PER_SECOND
    suggested_display_precision: int | None = 2


@dataclass(frozen=True, kw_only=True)
class Timestamp[T](NetwatchSensorDescription[T]):
    """When something last happened (diagnostic)."""

    device_class: SensorDeviceClass | None = SensorDeviceClass.TIMESTAMP
    entity_category: EntityCategory | None = EntityCategory.DIAGNOSTIC


def timestamp(value: float | None) -> datetime | None:
    """Return an aware datetime for epoch seconds, None for None."""
    return datetime.fromtimestamp(value, UTC) if value is not None else None


def port_text(port: PortCount | None) -> str | None:
    """Render a port like "23/tcp (telnet)"."""
    if port is None:
        return None
    text = f"{port.port}/{port.protocol}" if port.port is not None else port.protocol
    return f"{text} ({port.service})" if port.service else text


def _percent(data: NetwatchData) -> StateValue:
    ratio = data.network.allow_ratio
    return round(100 * ratio, 1) if ratio is not None else None


NETWORK_SENSORS: tuple[NetwatchSensorDescription[NetwatchData], ...] = (
    NetworkDataSize[NetwatchData](
        key="bytes_in",
        translation_key="bytes_in",
        value_fn=lambda d: d.network.bytes_in,
    ),
    NetworkDataSize[NetwatchData](
        key="bytes_out",
        translation_key="bytes_out",
        value_fn=lambda d: d.network.bytes_out,
    ),
    DataRate[NetwatchData](
        key="rate_in",
        translation_key="rate_in",
        value_fn=lambda d: d.network.rate_in,
    ),
    DataRate[NetwatchData](
        key="rate_out",
        translation_key="rate_out",
        value_fn=lambda d: d.network.rate_out,
    ),
    Gauge[NetwatchData](
        key="flows_per_second",
        translation_key="flows_per_second",
        native_unit_of_measurement="flows/s",
        value_fn=lambda d: round(d.network.flows_per_second, 2),
    ),
    Total[NetwatchData](
        key="denied_inbound",
        translation_key="denied_inbound",
        value_fn=lambda d: d.network.denied_inbound,
    ),
    Total[NetwatchData](
        key="verdicts_allow",
        translation_key="verdicts_allow",
        value_fn=lambda d: d.network.allow,
    ),
    Total[NetwatchData](
        key="denied_outbound",
        translation_key="denied_outbound",
        value_fn=lambda d: d.network.denied_outbound,
    ),
    Gauge[NetwatchData](
        key="allow_ratio",
        translation_key="allow_ratio",
        native_unit_of_measurement=PERCENTAGE,
        value_fn=_percent,
    ),
    NetwatchSensorDescription[NetwatchData](
        key="top_denied_port",
        translation_key="top_denied_port",
        value_fn=lambda d: port_text(d.network.top_denied_port),
    ),
    NetwatchSensorDescription[NetwatchData](
        key="top_country",
        translation_key="top_country",
        value_fn=lambda d: country_name(d.network.top_country),
        attrs_fn=lambda d: {"country_code": d.network.top_country},
    ),
    NetwatchSensorDescription[NetwatchData](
        key="top_denied_country",
        translation_key="top_denied_country",
        value_fn=lambda d: country_name(d.network.top_denied_country),
        attrs_fn=lambda d: {"country_code": d.network.top_denied_country},
    ),
    Gauge[NetwatchData](
        key="distinct_sources",
        translation_key="distinct_sources",
        value_fn=lambda d: d.network.distinct_sources_24h,
    ),
    Gauge[NetwatchData](
        key="active_devices",
        translation_key="active_devices",
        value_fn=lambda d: d.network.active_devices,
    ),
    Gauge[NetwatchData](
        key="scans_24h",
        translation_key="scans_24h",
        value_fn=lambda d: d.engine.scan.scans_24h if d.engine.scan else None,
    ),
    Gauge[NetwatchData](
        key="scan_sources_24h",
        translation_key="scan_sources_24h",
        value_fn=lambda d: d.engine.scan.sources_seen_24h if d.engine.scan else None,
    ),
)

DEVICE_SENSORS: tuple[NetwatchSensorDescription[DeviceStats], ...] = (
    DataSize[DeviceStats](
        key="bytes_in",
        translation_key="device_bytes_in",
        value_fn=lambda s: s.bytes_in,
    ),
    DataSize[DeviceStats](
        key="bytes_out",
        translation_key="device_bytes_out",
        value_fn=lambda s: s.bytes_out,
    ),
    DataRate[DeviceStats](
        key="rate_in",
        translation_key="device_rate_in",
        entity_registry_enabled_default=False,
        value_fn=lambda s: s.rate_in,
    ),
    DataRate[DeviceStats](
        key="rate_out",
        translation_key="device_rate_out",
        entity_registry_enabled_default=False,
        value_fn=lambda s: s.rate_out,
    ),
    Total[DeviceStats](
        key="packets_in",
        translation_key="device_packets_in",
        entity_registry_enabled_default=False,
        value_fn=lambda s: s.packets_in,
    ),
    Total[DeviceStats](
        key="packets_out",
        translation_key="device_packets_out",
        entity_registry_enabled_default=False,
        value_fn=lambda s: s.packets_out,
    ),
    Total[DeviceStats](
        key="flows",
        translation_key="device_flows",
        entity_registry_enabled_default=False,
        value_fn=lambda s: s.flows,
    ),
    Total[DeviceStats](
        key="denied_inbound",
        translation_key="device_denied_inbound",
        entity_registry_enabled_default=False,
        value_fn=lambda s: s.denied_inbound,
    ),
    Timestamp[DeviceStats](
        key="last_seen",
        translation_key="device_last_seen",
        entity_registry_enabled_default=False,
        value_fn=lambda s: timestamp(s.last_seen),
    ),
)

COUNTRY_SENSORS: tuple[NetwatchSensorDescription[CountryStats], ...] = (
    Total[CountryStats](
        key="inbound_denied",
        translation_key="country_inbound_denied",
        value_fn=lambda c: c.inbound_denied,
    ),
    DataSize[CountryStats](
        key="outbound_bytes",
        translation_key="country_outbound_bytes",
        value_fn=lambda c: c.outbound_bytes,
    ),
)
