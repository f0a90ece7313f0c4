"""Sensors of the collector: listener health, TCP limits, forwarding (all diagnostic)."""

from __future__ import annotations

from collections.abc import Callable

from homeassistant.components.sensor import SensorDeviceClass, SensorStateClass
from homeassistant.const import EntityCategory, UnitOfInformation, UnitOfTime

from .coordinator import NetwatchData
from .engine.forward import ForwarderStats
from .engine.listen import TcpStats
from .sensor_descriptions import NetwatchSensorDescription, StateValue, timestamp

_NO_TCP = TcpStats()


def _tcp(data: NetwatchData) -> TcpStats:
    """Return the syslog TCP counters (zeros when TCP is off)."""
    return data.engine.syslog_tcp or _NO_TCP


def _fwd(fn: Callable[[ForwarderStats], StateValue]) -> Callable[[NetwatchData], StateValue]:
    return lambda d: fn(d.engine.forwarder) if d.engine.forwarder else None


COLLECTOR_SENSORS: tuple[NetwatchSensorDescription, ...] = (
    NetwatchSensorDescription(
        key="netflow_datagrams",
        translation_key="netflow_datagrams",
        entity_category=EntityCategory.DIAGNOSTIC,
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda d: d.engine.netflow.datagrams,
    ),
    NetwatchSensorDescription(
        key="netflow_bytes",
        translation_key="netflow_bytes",
        entity_category=EntityCategory.DIAGNOSTIC,
        device_class=SensorDeviceClass.DATA_SIZE,
        native_unit_of_measurement=UnitOfInformation.BYTES,
        suggested_unit_of_measurement=UnitOfInformation.MEBIBYTES,
        suggested_display_precision=1,
        state_class=SensorStateClass.TOTAL_INCREASING,
        entity_registry_enabled_default=False,
        value_fn=lambda d: d.engine.netflow.bytes,
    ),
    NetwatchSensorDescription(
        key="netflow_rejected_senders",
        translation_key="netflow_rejected_senders",
        entity_category=EntityCategory.DIAGNOSTIC,
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda d: d.engine.netflow.rejected_senders,
    ),
    NetwatchSensorDescription(
        key="netflow_dropped",
        translation_key="netflow_dropped",
        entity_category=EntityCategory.DIAGNOSTIC,
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda d: d.engine.netflow.kernel_drops + d.engine.netflow.queue_drops,
    ),
    NetwatchSensorDescription(
        key="netflow_kernel_drops",
        translation_key="netflow_kernel_drops",
        entity_category=EntityCategory.DIAGNOSTIC,
        state_class=SensorStateClass.TOTAL_INCREASING,
        entity_registry_enabled_default=False,
        value_fn=lambda d: d.engine.netflow.kernel_drops,
    ),
    NetwatchSensorDescription(
        key="netflow_last_datagram",
        translation_key="netflow_last_datagram",
        entity_category=EntityCategory.DIAGNOSTIC,
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=lambda d: timestamp(d.engine.netflow.last_datagram),
    ),
    NetwatchSensorDescription(
        key="flows",
        translation_key="flows",
        entity_category=EntityCategory.DIAGNOSTIC,
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda d: d.engine.flows,
    ),
    NetwatchSensorDescription(
        key="syslog_datagrams",
        translation_key="syslog_datagrams",
        entity_category=EntityCategory.DIAGNOSTIC,
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda d: d.engine.syslog.datagrams,
    ),
    NetwatchSensorDescription(
        key="syslog_bytes",
        translation_key="syslog_bytes",
        entity_category=EntityCategory.DIAGNOSTIC,
        device_class=SensorDeviceClass.DATA_SIZE,
        native_unit_of_measurement=UnitOfInformation.BYTES,
        suggested_unit_of_measurement=UnitOfInformation.MEBIBYTES,
        suggested_display_precision=1,
        state_class=SensorStateClass.TOTAL_INCREASING,
        entity_registry_enabled_default=False,
        value_fn=lambda d: d.engine.syslog.bytes,
    ),
    NetwatchSensorDescription(
        key="syslog_rejected_senders",
        translation_key="syslog_rejected_senders",
        entity_category=EntityCategory.DIAGNOSTIC,
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda d: d.engine.syslog.rejected_senders + _tcp(d).rejected_senders,
    ),
    NetwatchSensorDescription(
        key="syslog_dropped",
        translation_key="syslog_dropped",
        entity_category=EntityCategory.DIAGNOSTIC,
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda d: d.engine.syslog.kernel_drops + d.engine.syslog.queue_drops,
    ),
    NetwatchSensorDescription(
        key="syslog_tcp_messages",
        translation_key="syslog_tcp_messages",
        entity_category=EntityCategory.DIAGNOSTIC,
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda d: _tcp(d).messages,
    ),
    NetwatchSensorDescription(
        key="syslog_tcp_refused",
        translation_key="syslog_tcp_refused",
        entity_category=EntityCategory.DIAGNOSTIC,
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda d: _tcp(d).refused,
    ),
    NetwatchSensorDescription(
        key="syslog_tcp_idle_closed",
        translation_key="syslog_tcp_idle_closed",
        entity_category=EntityCategory.DIAGNOSTIC,
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda d: _tcp(d).idle_closed,
    ),
    NetwatchSensorDescription(
        key="syslog_tcp_oversized",
        translation_key="syslog_tcp_oversized",
        entity_category=EntityCategory.DIAGNOSTIC,
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda d: _tcp(d).framing.oversized,
    ),
    NetwatchSensorDescription(
        key="syslog_tcp_truncated",
        translation_key="syslog_tcp_truncated",
        entity_category=EntityCategory.DIAGNOSTIC,
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda d: _tcp(d).framing.truncated,
    ),
    NetwatchSensorDescription(
        key="syslog_last_datagram",
        translation_key="syslog_last_datagram",
        entity_category=EntityCategory.DIAGNOSTIC,
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=lambda d: timestamp(d.engine.syslog.last_datagram),
    ),
    NetwatchSensorDescription(
        key="firewall_events",
        translation_key="firewall_events",
        entity_category=EntityCategory.DIAGNOSTIC,
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda d: d.engine.firewall_events,
    ),
)

FORWARDER_SENSORS: tuple[NetwatchSensorDescription, ...] = (
    NetwatchSensorDescription(
        key="es_queued",
        translation_key="es_queued",
        entity_category=EntityCategory.DIAGNOSTIC,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=_fwd(lambda f: f.queued + f.in_flight),
    ),
    NetwatchSensorDescription(
        key="es_indexed",
        translation_key="es_indexed",
        entity_category=EntityCategory.DIAGNOSTIC,
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=_fwd(lambda f: f.indexed),
    ),
    NetwatchSensorDescription(
        key="es_failed",
        translation_key="es_failed",
        entity_category=EntityCategory.DIAGNOSTIC,
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=_fwd(lambda f: f.failed),
    ),
    NetwatchSensorDescription(
        key="es_dropped",
        translation_key="es_dropped",
        entity_category=EntityCategory.DIAGNOSTIC,
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=_fwd(lambda f: f.dropped_total),
    ),
    NetwatchSensorDescription(
        key="es_last_success",
        translation_key="es_last_success",
        entity_category=EntityCategory.DIAGNOSTIC,
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=_fwd(lambda f: timestamp(f.last_success)),
    ),
    NetwatchSensorDescription(
        key="es_latency",
        translation_key="es_latency",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MILLISECONDS,
        entity_category=EntityCategory.DIAGNOSTIC,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=_fwd(
            lambda f: round(f.latency_ms_avg, 1) if f.latency_ms_avg is not None else None
        ),
    ),
)
