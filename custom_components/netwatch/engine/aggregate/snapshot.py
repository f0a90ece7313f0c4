"""Build the frozen NetworkSnapshot from a ledger without changing it."""

from __future__ import annotations

from collections.abc import Mapping

from ..enrich.services import protocol_name, service_name
from .ledger import Ledger, Ring, Top
from .model import CountryStats, DeviceStats, NetworkSnapshot, PortCount
from .series import HOUR, MINUTE, TopSeries, bucket_numbers
from .tables import Device, unpack_country_key, unpack_port_key

_DAY_HOURS = 24


def format_mac(value: int) -> str:
    """Render an integer MAC as aa:bb:cc:dd:ee:ff ("" for 0)."""
    if not value:
        return ""
    return ":".join(f"{octet:02x}" for octet in value.to_bytes(6, "big"))


def device_stats(device: Device, now_minute: int, names: Mapping[int, str]) -> DeviceStats:
    """Freeze one device's counters."""
    rate_in, rate_out = device.rates(now_minute)
    return DeviceStats(
        address=device.address,
        ip_version=6 if ":" in device.address else 4,
        name=names.get(device.key) or device.saved_name,
        mac=format_mac(device.mac),
        bytes_in=device.bytes_in,
        bytes_out=device.bytes_out,
        packets_in=device.packets_in,
        packets_out=device.packets_out,
        rate_in=rate_in,
        rate_out=rate_out,
        flows=device.flows,
        denied_inbound=device.denied_inbound,
        first_seen=device.first_seen,
        last_seen=device.last_seen,
    )


def rank_hours(top: TopSeries, current_hour: int, now: float, hours: int) -> list[tuple[int, int]]:
    """Return (key, count) of a TopSeries over the last `hours` hour buckets, largest first."""
    counts: dict[int, int] = {}
    for bucket in bucket_numbers(max(int(now // HOUR), current_hour), hours):
        for key, (count, _bytes) in top.bucket(True, current_hour, bucket).items():
            counts[key] = counts.get(key, 0) + count
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _top_denied_port(ledger: Ledger, now: float) -> PortCount | None:
    """Return the most denied inbound port of the last 24 hours."""
    ranked = rank_hours(ledger.tops[Top.DENIED_PORTS], ledger.hour, now, _DAY_HOURS)
    if not ranked:
        return None
    key, count = ranked[0]
    protocol, port = unpack_port_key(key)
    return PortCount(
        port=port if port >= 0 else None,
        protocol=protocol_name(protocol) if protocol >= 0 else "unknown",
        service=service_name(protocol, port),
        count=count,
    )


def _top_denied_country(ledger: Ledger, now: float) -> str | None:
    """Return the country with the most denied inbound attempts in the last 24 hours."""
    ranked = rank_hours(ledger.tops[Top.DENIED_COUNTRIES], ledger.hour, now, _DAY_HOURS)
    return next((unpack_country_key(key) for key, _count in ranked if key), None)


def _last_minute(ledger: Ledger, ring: Ring, now_minute: int) -> int:
    """Return the value of the last complete minute of a scalar series."""
    return ledger.rings[ring].read(False, ledger.minute, range(now_minute - 1, now_minute))[0]


def build_snapshot(
    ledger: Ledger, now: float, names: Mapping[int, str], active_window: float
) -> NetworkSnapshot:
    """Freeze totals, devices and countries at `now`."""
    totals = ledger.totals
    now_minute = int(now // MINUTE)
    devices = tuple(
        device_stats(device, now_minute, names)
        for device in sorted(ledger.devices, key=lambda d: d.key)
    )
    countries = tuple(
        CountryStats(c.code, c.inbound_denied, c.outbound_bytes, c.outbound_flows)
        for c in sorted(ledger.countries, key=lambda c: (-c.activity, c.code))
    )
    verdicts = totals.allow + totals.deny + totals.reject
    by_bytes = max(ledger.countries, key=lambda c: (c.outbound_bytes, c.code), default=None)
    return NetworkSnapshot(
        generated_at=now,
        bytes_in=totals.bytes_in,
        bytes_out=totals.bytes_out,
        packets_in=totals.packets_in,
        packets_out=totals.packets_out,
        bytes_internal=totals.bytes_internal,
        rate_in=_last_minute(ledger, Ring.BYTES_IN, now_minute) / MINUTE,
        rate_out=_last_minute(ledger, Ring.BYTES_OUT, now_minute) / MINUTE,
        flows=totals.flows,
        flows_per_second=_last_minute(ledger, Ring.FLOWS, now_minute) / MINUTE,
        denied_inbound=totals.denied_inbound,
        denied_outbound=totals.denied_outbound,
        allow=totals.allow,
        deny=totals.deny,
        reject=totals.reject,
        allow_bytes=totals.allow_bytes,
        deny_bytes=totals.deny_bytes,
        allow_ratio=totals.allow / verdicts if verdicts else None,
        top_denied_port=_top_denied_port(ledger, now),
        top_country=by_bytes.code if by_bytes is not None and by_bytes.outbound_bytes else None,
        top_denied_country=_top_denied_country(ledger, now),
        distinct_sources_24h=ledger.sources.count(int(now // HOUR), ledger.hour),
        active_devices=sum(1 for d in ledger.devices if now - d.last_seen <= active_window),
        devices=devices,
        countries=countries,
        last_flow_at=ledger.last_flow_at,
        last_event_at=ledger.last_event_at,
    )
