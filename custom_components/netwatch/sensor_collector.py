"""Sensors of the collector: listener health, TCP limits, forwarding (all diagnostic)."""

from __future__ import annotations

from collections.abc import Callable

from homeassistant.components.sensor import SensorDeviceClass
from homeassistant.const import EntityCategory, UnitOfTime

from .coordinator import NetwatchData
from .engine.forward import ForwarderStats
from .engine.listen import TcpStats
from .sensor_descriptions import (
    DataSize,
    DiagnosticTotal,
    Gauge,
    NetwatchSensorDescription,
    StateValue,
    Timestamp,
    timestamp,
)

_NO_TCP = TcpStats()


def _tcp(data: NetwatchData) -> TcpStats:
    """Return the syslog TCP counters (zeros when TCP is off)."""
    return data.engine.syslog_tcp or _NO_TCP


def _fwd(fn: Callable[[ForwarderStats], StateValue]) -> Callable[[NetwatchData], StateValue]:
    return lambda d: fn(d.engine.forwarder) if d.engine.forwarder else None


COLLECTOR_SENSORS: tuple[NetwatchSensorDescription[NetwatchData], ...] = (
    DiagnosticTotal[NetwatchData](
        key="netflow_datagrams",
        translation_key="netflow_datagrams",
        value_fn=lambda d: d.engine.netflow.datagrams,
    ),
    DataSize[NetwatchData](
        key="netflow_bytes",
        translation_key="netflow_bytes",
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda d: d.engine.netflow.bytes,
    ),
    DiagnosticTotal[NetwatchData](
        key="netflow_rejected_senders",
        translation_key="netflow_rejected_senders",
        value_fn=lambda d: d.engine.netflow.rejected_senders,
    ),
    DiagnosticTotal[NetwatchData](
        key="netflow_dropped",
        translation_key="netflow_dropped",
        value_fn=lambda d: d.engine.netflow.kernel_drops + d.engine.netflow.queue_drops,
    ),
    DiagnosticTotal[NetwatchData](
        key="netflow_kernel_drops",
        translation_key="netflow_kernel_drops",
        entity_registry_enabled_default=False,
        value_fn=lambda d: d.engine.netflow.kernel_drops,
    ),
    Timestamp[NetwatchData](
        key="netflow_last_datagram",
        translation_key="netflow_last_datagram",
        value_fn=lambda d: timestamp(d.engine.netflow.last_datagram),
    ),
    DiagnosticTotal[NetwatchData](
        key="flows",
        translation_key="flows",
        value_fn=lambda d: d.engine.flows,
    ),
    DiagnosticTotal[NetwatchData](
        key="syslog_datagrams",
        translation_key="syslog_datagrams",
        value_fn=lambda d: d.engine.syslog.datagrams,
    ),
    DataSize[NetwatchData](
        key="syslog_bytes",
        translation_key="syslog_bytes",
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda d: d.engine.syslog.bytes,
    ),
    DiagnosticTotal[NetwatchData](
        key="syslog_rejected_senders",
        translation_key="syslog_rejected_senders",
        value_fn=lambda d: d.engine.syslog.rejected_senders + _tcp(d).rejected_senders,
    ),
    DiagnosticTotal[NetwatchData](
        key="syslog_dropped",
        translation_key="syslog_dropped",
        value_fn=lambda d: d.engine.syslog.kernel_drops + d.engine.syslog.queue_drops,
    ),
    DiagnosticTotal[NetwatchData](
        key="syslog_tcp_messages",
        translation_key="syslog_tcp_messages",
        value_fn=lambda d: _tcp(d).messages,
    ),
    DiagnosticTotal[NetwatchData](
        key="syslog_tcp_refused",
        translation_key="syslog_tcp_refused",
        value_fn=lambda d: _tcp(d).refused,
    ),
    DiagnosticTotal[NetwatchData](
        key="syslog_tcp_idle_closed",
        translation_key="syslog_tcp_idle_closed",
        value_fn=lambda d: _tcp(d).idle_closed,
    ),
    DiagnosticTotal[NetwatchData](
        key="syslog_tcp_oversized",
        translation_key="syslog_tcp_oversized",
        value_fn=lambda d: _tcp(d).framing.oversized,
    ),
    DiagnosticTotal[NetwatchData](
        key="syslog_tcp_truncated",
        translation_key="syslog_tcp_truncated",
        value_fn=lambda d: _tcp(d).framing.truncated,
    ),
    Timestamp[NetwatchData](
        key="syslog_last_datagram",
        translation_key="syslog_last_datagram",
        value_fn=lambda d: timestamp(d.engine.syslog.last_datagram),
    ),
    DiagnosticTotal[NetwatchData](
        key="firewall_events",
        translation_key="firewall_events",
        value_fn=lambda d: d.engine.firewall_events,
    ),
)

FORWARDER_SENSORS: tuple[NetwatchSensorDescription[NetwatchData], ...] = (
    Gauge[NetwatchData](
        key="es_queued",
        translation_key="es_queued",
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=_fwd(lambda f: f.queued + f.in_flight),
    ),
    DiagnosticTotal[NetwatchData](
        key="es_indexed",
        translation_key="es_indexed",
        value_fn=_fwd(lambda f: f.indexed),
    ),
    DiagnosticTotal[NetwatchData](
        key="es_failed",
        translation_key="es_failed",
        value_fn=_fwd(lambda f: f.failed),
    ),
    DiagnosticTotal[NetwatchData](
        key="es_dropped",
        translation_key="es_dropped",
        value_fn=_fwd(lambda f: f.dropped_total),
    ),
    Timestamp[NetwatchData](
        key="es_last_success",
        translation_key="es_last_success",
        value_fn=_fwd(lambda f: timestamp(f.last_success)),
    ),
    Gauge[NetwatchData](
        key="es_latency",
        translation_key="es_latency",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MILLISECONDS,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=_fwd(lambda f: None if f.latency_ms_avg is None else round(f.latency_ms_avg, 1)),
    ),
)
