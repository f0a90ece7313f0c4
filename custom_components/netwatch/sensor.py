"""Sensors of netwatch: listener health of the collector device."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import EntityCategory, UnitOfInformation
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .data import NetwatchConfigEntry
from .engine.pipeline import EngineStats
from .entity import NetwatchCollectorEntity

PARALLEL_UPDATES = 0

type StateValue = int | float | datetime | None


@dataclass(frozen=True, kw_only=True)
class NetwatchCollectorSensorDescription(SensorEntityDescription):
    """A collector sensor reading one value from the engine stats."""

    value_fn: Callable[[EngineStats], StateValue]


def _timestamp(value: float | None) -> datetime | None:
    return datetime.fromtimestamp(value, UTC) if value is not None else None


def _counter(
    key: str, value_fn: Callable[[EngineStats], int], **kwargs: object
) -> NetwatchCollectorSensorDescription:
    return NetwatchCollectorSensorDescription(
        key=key,
        translation_key=key,
        state_class=SensorStateClass.TOTAL_INCREASING,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=value_fn,
        **kwargs,  # type: ignore[arg-type]
    )


def _bytes(key: str, value_fn: Callable[[EngineStats], int]) -> NetwatchCollectorSensorDescription:
    return NetwatchCollectorSensorDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.DATA_SIZE,
        native_unit_of_measurement=UnitOfInformation.BYTES,
        suggested_unit_of_measurement=UnitOfInformation.MEBIBYTES,
        state_class=SensorStateClass.TOTAL_INCREASING,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=value_fn,
    )


def _last_seen(
    key: str, value_fn: Callable[[EngineStats], float | None]
) -> NetwatchCollectorSensorDescription:
    return NetwatchCollectorSensorDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.TIMESTAMP,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda stats: _timestamp(value_fn(stats)),
    )


COLLECTOR_SENSORS: tuple[NetwatchCollectorSensorDescription, ...] = (
    _counter("netflow_datagrams", lambda s: s.netflow.datagrams),
    _bytes("netflow_bytes", lambda s: s.netflow.bytes),
    _counter("netflow_rejected_senders", lambda s: s.netflow.rejected_senders),
    _counter(
        "netflow_kernel_drops",
        lambda s: s.netflow.kernel_drops,
        entity_registry_enabled_default=False,
    ),
    _last_seen("netflow_last_datagram", lambda s: s.netflow.last_datagram),
    _counter("flows", lambda s: s.flows),
    _counter("syslog_datagrams", lambda s: s.syslog.datagrams),
    _bytes("syslog_bytes", lambda s: s.syslog.bytes),
    _counter(
        "syslog_rejected_senders", lambda s: s.syslog.rejected_senders + s.syslog_tcp_rejected
    ),
    _counter("syslog_tcp_messages", lambda s: s.syslog_tcp_messages),
    _last_seen("syslog_last_datagram", lambda s: s.syslog.last_datagram),
    _counter("firewall_events", lambda s: s.firewall_events),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: NetwatchConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Create the collector sensors of an entry."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(
        NetwatchCollectorSensor(coordinator, description) for description in COLLECTOR_SENSORS
    )


class NetwatchCollectorSensor(NetwatchCollectorEntity, SensorEntity):
    """A listener health value of the collector."""

    entity_description: NetwatchCollectorSensorDescription

    @property
    def native_value(self) -> StateValue:
        """Return the value from the latest published stats."""
        return self.entity_description.value_fn(self.coordinator.data)
