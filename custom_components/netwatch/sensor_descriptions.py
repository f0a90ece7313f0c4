"""What each network, device and country sensor shows: declarative descriptions for sensor.py.

The collector's own (diagnostic) sensors are in sensor_collector.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

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

type StateValue = int | float | str | datetime | None


@dataclass(frozen=True, kw_only=True)
class NetwatchSensorDescription(SensorEntityDescription):
    """A whole-entry sensor (collector health or whole network)."""

    value_fn: Callable[[NetwatchData], StateValue]


@dataclass(frozen=True, kw_only=True)
class NetwatchDeviceSensorDescription(SensorEntityDescription):
    """A sensor of one home device."""

    value_fn: Callable[[DeviceStats], StateValue]


@dataclass(frozen=True, kw_only=True)
class NetwatchCountrySensorDescription(SensorEntityDescription):
    """A sensor of one country."""

    value_fn: Callable[[CountryStats], StateValue]


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


NETWORK_SENSORS: tuple[NetwatchSensorDescription, ...] = (
    NetwatchSensorDescription(
        key="bytes_in",
        translation_key="bytes_in",
        device_class=SensorDeviceClass.DATA_SIZE,
        native_unit_of_measurement=UnitOfInformation.BYTES,
        suggested_unit_of_measurement=UnitOfInformation.MEBIBYTES,
        suggested_display_precision=1,
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda d: d.network.bytes_in,
    ),
    NetwatchSensorDescription(
        key="bytes_out",
        translation_key="bytes_out",
        device_class=SensorDeviceClass.DATA_SIZE,
        native_unit_of_measurement=UnitOfInformation.BYTES,
        suggested_unit_of_measurement=UnitOfInformation.MEBIBYTES,
        suggested_display_precision=1,
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda d: d.network.bytes_out,
    ),
    NetwatchSensorDescription(
        key="rate_in",
        translation_key="rate_in",
        device_class=SensorDeviceClass.DATA_RATE,
        native_unit_of_measurement=UnitOfDataRate.BYTES_PER_SECOND,
        suggested_unit_of_measurement=UnitOfDataRate.KILOBYTES_PER_SECOND,
        suggested_display_precision=1,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda d: d.network.rate_in,
    ),
    NetwatchSensorDescription(
        key="rate_out",
        translation_key="rate_out",
        device_class=SensorDeviceClass.DATA_RATE,
        native_unit_of_measurement=UnitOfDataRate.BYTES_PER_SECOND,
        suggested_unit_of_measurement=UnitOfDataRate.KILOBYTES_PER_SECOND,
        suggested_display_precision=1,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda d: d.network.rate_out,
    ),
    NetwatchSensorDescription(
        key="flows_per_second",
        translation_key="flows_per_second",
        native_unit_of_measurement="flows/s",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda d: round(d.network.flows_per_second, 2),
    ),
    NetwatchSensorDescription(
        key="denied_inbound",
        translation_key="denied_inbound",
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda d: d.network.denied_inbound,
    ),
    NetwatchSensorDescription(
        key="verdicts_allow",
        translation_key="verdicts_allow",
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda d: d.network.allow,
    ),
    NetwatchSensorDescription(
        key="verdicts_deny",
        translation_key="verdicts_deny",
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda d: d.network.deny + d.network.reject,
    ),
    NetwatchSensorDescription(
        key="allow_ratio",
        translation_key="allow_ratio",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=_percent,
    ),
    NetwatchSensorDescription(
        key="top_denied_port",
        translation_key="top_denied_port",
        value_fn=lambda d: port_text(d.network.top_denied_port),
    ),
    NetwatchSensorDescription(
        key="top_country",
        translation_key="top_country",
        value_fn=lambda d: d.network.top_country,
    ),
    NetwatchSensorDescription(
        key="top_denied_country",
        translation_key="top_denied_country",
        value_fn=lambda d: d.network.top_denied_country,
    ),
    NetwatchSensorDescription(
        key="distinct_sources",
        translation_key="distinct_sources",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda d: d.network.distinct_sources_24h,
    ),
    NetwatchSensorDescription(
        key="active_devices",
        translation_key="active_devices",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda d: d.network.active_devices,
    ),
    NetwatchSensorDescription(
        key="scans_24h",
        translation_key="scans_24h",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda d: d.engine.scan.scans_24h if d.engine.scan else None,
    ),
    NetwatchSensorDescription(
        key="scan_sources_24h",
        translation_key="scan_sources_24h",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda d: d.engine.scan.sources_seen_24h if d.engine.scan else None,
    ),
)

DEVICE_SENSORS: tuple[NetwatchDeviceSensorDescription, ...] = (
    NetwatchDeviceSensorDescription(
        key="bytes_in",
        translation_key="device_bytes_in",
        device_class=SensorDeviceClass.DATA_SIZE,
        native_unit_of_measurement=UnitOfInformation.BYTES,
        suggested_unit_of_measurement=UnitOfInformation.MEBIBYTES,
        suggested_display_precision=1,
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda s: s.bytes_in,
    ),
    NetwatchDeviceSensorDescription(
        key="bytes_out",
        translation_key="device_bytes_out",
        device_class=SensorDeviceClass.DATA_SIZE,
        native_unit_of_measurement=UnitOfInformation.BYTES,
        suggested_unit_of_measurement=UnitOfInformation.MEBIBYTES,
        suggested_display_precision=1,
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda s: s.bytes_out,
    ),
    NetwatchDeviceSensorDescription(
        key="rate_in",
        translation_key="device_rate_in",
        device_class=SensorDeviceClass.DATA_RATE,
        native_unit_of_measurement=UnitOfDataRate.BYTES_PER_SECOND,
        suggested_unit_of_measurement=UnitOfDataRate.KILOBYTES_PER_SECOND,
        suggested_display_precision=1,
        state_class=SensorStateClass.MEASUREMENT,
        entity_registry_enabled_default=False,
        value_fn=lambda s: s.rate_in,
    ),
    NetwatchDeviceSensorDescription(
        key="rate_out",
        translation_key="device_rate_out",
        device_class=SensorDeviceClass.DATA_RATE,
        native_unit_of_measurement=UnitOfDataRate.BYTES_PER_SECOND,
        suggested_unit_of_measurement=UnitOfDataRate.KILOBYTES_PER_SECOND,
        suggested_display_precision=1,
        state_class=SensorStateClass.MEASUREMENT,
        entity_registry_enabled_default=False,
        value_fn=lambda s: s.rate_out,
    ),
    NetwatchDeviceSensorDescription(
        key="packets_in",
        translation_key="device_packets_in",
        state_class=SensorStateClass.TOTAL_INCREASING,
        entity_registry_enabled_default=False,
        value_fn=lambda s: s.packets_in,
    ),
    NetwatchDeviceSensorDescription(
        key="packets_out",
        translation_key="device_packets_out",
        state_class=SensorStateClass.TOTAL_INCREASING,
        entity_registry_enabled_default=False,
        value_fn=lambda s: s.packets_out,
    ),
    NetwatchDeviceSensorDescription(
        key="flows",
        translation_key="device_flows",
        state_class=SensorStateClass.TOTAL_INCREASING,
        entity_registry_enabled_default=False,
        value_fn=lambda s: s.flows,
    ),
    NetwatchDeviceSensorDescription(
        key="denied_inbound",
        translation_key="device_denied_inbound",
        state_class=SensorStateClass.TOTAL_INCREASING,
        entity_registry_enabled_default=False,
        value_fn=lambda s: s.denied_inbound,
    ),
    NetwatchDeviceSensorDescription(
        key="last_seen",
        translation_key="device_last_seen",
        entity_category=EntityCategory.DIAGNOSTIC,
        device_class=SensorDeviceClass.TIMESTAMP,
        entity_registry_enabled_default=False,
        value_fn=lambda s: timestamp(s.last_seen),
    ),
)

COUNTRY_SENSORS: tuple[NetwatchCountrySensorDescription, ...] = (
    NetwatchCountrySensorDescription(
        key="inbound_denied",
        translation_key="country_inbound_denied",
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda c: c.inbound_denied,
    ),
    NetwatchCountrySensorDescription(
        key="outbound_bytes",
        translation_key="country_outbound_bytes",
        device_class=SensorDeviceClass.DATA_SIZE,
        native_unit_of_measurement=UnitOfInformation.BYTES,
        suggested_unit_of_measurement=UnitOfInformation.MEBIBYTES,
        suggested_display_precision=1,
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda c: c.outbound_bytes,
    ),
)
