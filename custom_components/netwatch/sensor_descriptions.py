"""What each netwatch sensor shows: declarative descriptions read by sensor.py."""

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
    UnitOfTime,
)

from .coordinator import NetwatchData
from .engine.aggregate import CountryStats, DeviceStats, PortCount
from .engine.forward import ForwarderStats

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


_BYTES = {
    "device_class": SensorDeviceClass.DATA_SIZE,
    "native_unit_of_measurement": UnitOfInformation.BYTES,
    "suggested_unit_of_measurement": UnitOfInformation.MEBIBYTES,
    "suggested_display_precision": 1,
    "state_class": SensorStateClass.TOTAL_INCREASING,
}
_RATE = {
    "device_class": SensorDeviceClass.DATA_RATE,
    "native_unit_of_measurement": UnitOfDataRate.BYTES_PER_SECOND,
    "suggested_unit_of_measurement": UnitOfDataRate.KILOBYTES_PER_SECOND,
    "suggested_display_precision": 1,
    "state_class": SensorStateClass.MEASUREMENT,
}
_TOTAL = {"state_class": SensorStateClass.TOTAL_INCREASING}
_GAUGE = {"state_class": SensorStateClass.MEASUREMENT}
_DIAG = {"entity_category": EntityCategory.DIAGNOSTIC}
_DIAG_TOTAL = {**_DIAG, **_TOTAL}
_DIAG_BYTES = {**_DIAG, **_BYTES}
_LAST = {**_DIAG, "device_class": SensorDeviceClass.TIMESTAMP}
_OFF = {"entity_registry_enabled_default": False}


def _entry(
    key: str, fn: Callable[[NetwatchData], StateValue], **kw: object
) -> NetwatchSensorDescription:
    return NetwatchSensorDescription(key=key, translation_key=key, value_fn=fn, **kw)  # type: ignore[arg-type]


COLLECTOR_SENSORS: tuple[NetwatchSensorDescription, ...] = (
    _entry("netflow_datagrams", lambda d: d.engine.netflow.datagrams, **_DIAG_TOTAL),
    _entry("netflow_bytes", lambda d: d.engine.netflow.bytes, **_DIAG_BYTES, **_OFF),
    _entry("netflow_rejected_senders", lambda d: d.engine.netflow.rejected_senders, **_DIAG_TOTAL),
    _entry("netflow_kernel_drops", lambda d: d.engine.netflow.kernel_drops, **_DIAG_TOTAL, **_OFF),
    _entry("netflow_last_datagram", lambda d: timestamp(d.engine.netflow.last_datagram), **_LAST),
    _entry("flows", lambda d: d.engine.flows, **_DIAG_TOTAL),
    _entry("syslog_datagrams", lambda d: d.engine.syslog.datagrams, **_DIAG_TOTAL),
    _entry("syslog_bytes", lambda d: d.engine.syslog.bytes, **_DIAG_BYTES, **_OFF),
    _entry(
        "syslog_rejected_senders",
        lambda d: d.engine.syslog.rejected_senders + d.engine.syslog_tcp_rejected,
        **_DIAG_TOTAL,
    ),
    _entry("syslog_tcp_messages", lambda d: d.engine.syslog_tcp_messages, **_DIAG_TOTAL),
    _entry("syslog_last_datagram", lambda d: timestamp(d.engine.syslog.last_datagram), **_LAST),
    _entry("firewall_events", lambda d: d.engine.firewall_events, **_DIAG_TOTAL),
)


def _fwd(fn: Callable[[ForwarderStats], StateValue]) -> Callable[[NetwatchData], StateValue]:
    return lambda d: fn(d.engine.forwarder) if d.engine.forwarder else None


FORWARDER_SENSORS: tuple[NetwatchSensorDescription, ...] = (
    _entry("es_queued", _fwd(lambda f: f.queued + f.in_flight), **_DIAG, **_GAUGE),
    _entry("es_indexed", _fwd(lambda f: f.indexed), **_DIAG_TOTAL),
    _entry("es_failed", _fwd(lambda f: f.failed), **_DIAG_TOTAL),
    _entry("es_dropped", _fwd(lambda f: f.dropped_total), **_DIAG_TOTAL),
    _entry("es_last_success", _fwd(lambda f: timestamp(f.last_success)), **_LAST),
    _entry(
        "es_latency",
        _fwd(lambda f: round(f.latency_ms_avg, 1) if f.latency_ms_avg is not None else None),
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MILLISECONDS,
        **_DIAG,
        **_GAUGE,
    ),
)

NETWORK_SENSORS: tuple[NetwatchSensorDescription, ...] = (
    _entry("bytes_in", lambda d: d.network.bytes_in, **_BYTES),
    _entry("bytes_out", lambda d: d.network.bytes_out, **_BYTES),
    _entry("rate_in", lambda d: d.network.rate_in, **_RATE),
    _entry("rate_out", lambda d: d.network.rate_out, **_RATE),
    _entry(
        "flows_per_second",
        lambda d: round(d.network.flows_per_second, 2),
        native_unit_of_measurement="flows/s",
        **_GAUGE,
    ),
    _entry("denied_inbound", lambda d: d.network.denied_inbound, **_TOTAL),
    _entry("verdicts_allow", lambda d: d.network.allow, **_TOTAL),
    _entry("verdicts_deny", lambda d: d.network.deny + d.network.reject, **_TOTAL),
    _entry(
        "allow_ratio",
        lambda d: (
            round(100 * d.network.allow_ratio, 1) if d.network.allow_ratio is not None else None
        ),
        native_unit_of_measurement=PERCENTAGE,
        **_GAUGE,
    ),
    _entry("top_denied_port", lambda d: port_text(d.network.top_denied_port)),
    _entry("top_country", lambda d: d.network.top_country),
    _entry("top_denied_country", lambda d: d.network.top_denied_country),
    _entry("distinct_sources", lambda d: d.network.distinct_sources_24h, **_GAUGE),
    _entry("active_devices", lambda d: d.network.active_devices, **_GAUGE),
    _entry("scans_24h", lambda d: d.engine.scan.scans_24h if d.engine.scan else None, **_GAUGE),
    _entry(
        "scan_sources_24h",
        lambda d: d.engine.scan.sources_seen_24h if d.engine.scan else None,
        **_GAUGE,
    ),
)


def _device(
    key: str, fn: Callable[[DeviceStats], StateValue], **kw: object
) -> NetwatchDeviceSensorDescription:
    return NetwatchDeviceSensorDescription(
        key=key,
        translation_key=f"device_{key}",
        value_fn=fn,
        **kw,  # type: ignore[arg-type]
    )


DEVICE_SENSORS: tuple[NetwatchDeviceSensorDescription, ...] = (
    _device("bytes_in", lambda s: s.bytes_in, **_BYTES),
    _device("bytes_out", lambda s: s.bytes_out, **_BYTES),
    _device("rate_in", lambda s: s.rate_in, **_RATE, **_OFF),
    _device("rate_out", lambda s: s.rate_out, **_RATE, **_OFF),
    _device("packets_in", lambda s: s.packets_in, **_TOTAL, **_OFF),
    _device("packets_out", lambda s: s.packets_out, **_TOTAL, **_OFF),
    _device("flows", lambda s: s.flows, **_TOTAL, **_OFF),
    _device("denied_inbound", lambda s: s.denied_inbound, **_TOTAL, **_OFF),
    _device("last_seen", lambda s: timestamp(s.last_seen), **_LAST, **_OFF),
)


def _country(
    key: str, fn: Callable[[CountryStats], StateValue], **kw: object
) -> NetwatchCountrySensorDescription:
    return NetwatchCountrySensorDescription(
        key=key,
        translation_key=f"country_{key}",
        value_fn=fn,
        **kw,  # type: ignore[arg-type]
    )


COUNTRY_SENSORS: tuple[NetwatchCountrySensorDescription, ...] = (
    _country("inbound_denied", lambda c: c.inbound_denied, **_TOTAL),
    _country("outbound_bytes", lambda c: c.outbound_bytes, **_BYTES),
)
