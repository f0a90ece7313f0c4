"""Build the panel data contract (websocket `netwatch/panels`) from a ledger, without changing it.

Shapes are specified in the team brief ("Panel data contract"). Series hold the top
`SERIES_TOP` keys of the range plus an "other" entry (address "other" / protocol "other") when
the per-bucket totals exceed what the top keys explain; tables hold at most `TABLE_ROWS` rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from ..classify import key_text, key_version
from ..enrich.geoip import GeoIP
from ..enrich.services import protocol_name, service_name
from .ledger import Ledger, Ring, Top
from .series import HOUR, MINUTE, bucket_numbers
from .snapshot import device_stats
from .tables import unpack_country_key, unpack_port_key

RANGES: dict[str, tuple[bool, int]] = {
    "1h": (False, 60),
    "24h": (False, 1440),
    "7d": (True, 168),
    "30d": (True, 720),
}
"""Range name -> (hourly buckets, number of buckets)."""
SERIES_TOP = 10
TABLE_ROWS = 25

type Bucket = dict[int, tuple[int, int]]


def iso_utc(timestamp: float) -> str:
    """Format epoch seconds as 2026-11-27T20:00:00Z."""
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def rank(per_bucket: list[Bucket]) -> list[tuple[int, int, int]]:
    """Sum (count, bytes) per key over buckets; return (key, count, bytes) largest first."""
    sums: dict[int, list[int]] = {}
    for bucket in per_bucket:
        for key, (count, nbytes) in bucket.items():
            entry = sums.get(key)
            if entry is None:
                sums[key] = [count, nbytes]
            else:
                entry[0] += count
                entry[1] += nbytes
    ranked = sorted(sums.items(), key=lambda item: (-item[1][0], str(item[0])))
    return [(key, count, nbytes) for key, (count, nbytes) in ranked]


def _counts(per_bucket: list[Bucket], key: int) -> list[int]:
    return [bucket[key][0] if key in bucket else 0 for bucket in per_bucket]


def _other(totals: list[int], shown: list[list[int]]) -> list[int] | None:
    """Return per-bucket totals minus the shown series, None when nothing is left."""
    other = [max(0, total - sum(column)) for total, *column in zip(totals, *shown, strict=True)]
    return other if any(other) else None


def _port_fields(key: int) -> dict[str, Any]:
    protocol, port = unpack_port_key(key)
    return {
        "port": port if port >= 0 else None,
        "protocol": protocol_name(protocol) if protocol >= 0 else "unknown",
        "service": service_name(protocol, port),
    }


class _PanelBuilder:
    """Read one range of a ledger into panel dicts."""

    def __init__(self, ledger: Ledger, range_name: str, now: float, geoip: GeoIP | None) -> None:
        try:
            self.hourly, count = RANGES[range_name]
        except KeyError:
            raise ValueError(
                f"unknown range {range_name!r}; use one of {', '.join(RANGES)}"
            ) from None
        self.ledger = ledger
        self.geoip = geoip
        self.step = HOUR if self.hourly else MINUTE
        self.current = ledger.hour if self.hourly else ledger.minute
        self.buckets = bucket_numbers(max(int(now // self.step), self.current), count)

    def ring(self, ring: Ring) -> list[int]:
        return self.ledger.rings[ring].read(self.hourly, self.current, self.buckets)

    def per_bucket(self, top: Top) -> list[Bucket]:
        series = self.ledger.tops[top]
        return [series.bucket(self.hourly, self.current, b) for b in self.buckets]

    def country_of(self, key: int) -> str | None:
        if self.geoip is None:
            return None
        version = key_version(key)
        return self.geoip.country(version, key & ((1 << 128) - 1))

    def destinations(self) -> dict[str, Any]:
        per = self.per_bucket(Top.DESTINATIONS)
        ranked = rank(per)[:SERIES_TOP]
        series: list[dict[str, Any]] = []
        for key, _count, _bytes in ranked:
            addr = key
            series.append(
                {
                    "address": key_text(addr),
                    "country": self.country_of(addr),
                    "counts": _counts(per, key),
                }
            )
        other = _other(self.ring(Ring.FLOWS_OUT), [s["counts"] for s in series])
        if other is not None:
            series.append({"address": "other", "country": None, "counts": other})
        top = [
            {"address": s["address"], "country": s["country"], "flows": count, "bytes": nbytes}
            for s, (_key, count, nbytes) in zip(series, ranked, strict=False)
        ]
        return {"series": series, "top": top}

    def denied(self) -> dict[str, Any]:
        """Return the four denied-inbound panels."""
        table = [
            {
                **_port_fields(key >> 16),
                "country": unpack_country_key(key & 0xFFFF),
                "count": count,
            }
            for key, count, _bytes in rank(self.per_bucket(Top.DENIED_TABLE))[:TABLE_ROWS]
        ]
        ports_per = self.per_bucket(Top.DENIED_PORTS)
        ports = rank(ports_per)
        protocols = rank(self.per_bucket(Top.DENIED_PROTOCOLS))[:SERIES_TOP]
        countries = rank(self.per_bucket(Top.DENIED_COUNTRIES))[:TABLE_ROWS]
        series: list[dict[str, Any]] = []
        for key, _count, _bytes in ports[:SERIES_TOP]:
            fields = _port_fields(key)
            series.append(
                {
                    "port": fields["port"],
                    "protocol": fields["protocol"],
                    "counts": _counts(ports_per, key),
                }
            )
        drops = self.ring(Ring.DROPS)
        other = _other(drops, [s["counts"] for s in series])
        if other is not None:
            series.append({"port": None, "protocol": "other", "counts": other})
        return {
            "inbound_denied_table": table,
            "denied_share": {
                "by_protocol": [
                    {"protocol": protocol_name(k) if k >= 0 else "unknown", "count": c}
                    for k, c, _b in protocols
                ],
                "by_port": [{**_port_fields(k), "count": c} for k, c, _b in ports[:SERIES_TOP]],
            },
            "inbound_drops": {"total": sum(drops), "counts": drops},
            "denied_by_country": [
                {"country": unpack_country_key(k), "count": c} for k, c, _b in countries
            ],
            "denied_ports_over_time": {"series": series},
        }

    def verdicts(self) -> dict[str, int]:
        names = (
            ("allow", Ring.ALLOW),
            ("deny", Ring.DENY),
            ("reject", Ring.REJECT),
            ("allow_bytes", Ring.ALLOW_BYTES),
            ("deny_bytes", Ring.DENY_BYTES),
        )
        return {name: sum(self.ring(ring)) for name, ring in names}


def build_panels(
    ledger: Ledger,
    range_name: str,
    now: float,
    *,
    geoip: GeoIP | None,
    geoip_error: str | None,
    names: Mapping[int, str],
) -> dict[str, Any]:
    """Return the panel data for one range ("1h", "24h", "7d", "30d"); ValueError otherwise."""
    builder = _PanelBuilder(ledger, range_name, now, geoip)
    now_minute = int(now // MINUTE)
    devices = sorted(ledger.devices, key=lambda d: (-(d.bytes_in + d.bytes_out), d.key))
    device_rows = []
    for device in devices:
        stats = device_stats(device, now_minute, names)
        row: dict[str, Any] = {
            "address": stats.address,
            "name": stats.name or stats.address,
            "mac": stats.mac,
            "bytes_in": stats.bytes_in,
            "bytes_out": stats.bytes_out,
            "packets_in": stats.packets_in,
            "packets_out": stats.packets_out,
            "rate_in": stats.rate_in,
            "rate_out": stats.rate_out,
            "flows": stats.flows,
            "denied_inbound": stats.denied_inbound,
            "last_seen": iso_utc(stats.last_seen),
        }
        device_rows.append(row)
    return {
        "range": range_name,
        "bucket_seconds": builder.step,
        "generated_at": iso_utc(now),
        "status": {
            "flows": ledger.last_flow_at is not None,
            "syslog": ledger.last_event_at is not None,
            "geoip": geoip is not None,
            "geoip_error": geoip_error,
        },
        "buckets": [b * builder.step for b in builder.buckets],
        "outbound_destinations": builder.destinations(),
        **builder.denied(),
        "verdicts": builder.verdicts(),
        "devices": device_rows,
    }
