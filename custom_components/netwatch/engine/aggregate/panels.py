"""Build the answer of the websocket command `netwatch/panels` from a ledger, without changing it.

The answer's shape is specified in `contract/panels.schema.json` (tests check both ends against
it). Without filters the time series come from the exact rings and heavy-hitter series (top
`SERIES_TOP` keys plus an "other" entry holding the rest of each bucket); with filters every
panel is computed from the fact tables (see facts.py and views.py) and `accuracy` says per panel
whether the answer is exact. The device table, outbound countries and sources always come from
the facts, for the requested window (never lifetime totals).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..classify import key_text, key_version
from ..enrich.geoip import GeoIP
from .facts import LEVELS, key_of16
from .filters import Filters
from .ledger import Ledger, Ring, Top
from .series import HOUR, MINUTE
from .snapshot import device_stats
from .sources import ScanLog, iso_utc, top_sources
from .views import (
    SERIES_TOP,
    TABLE_ROWS,
    FactPanels,
    FactReader,
    counts_of,
    denied_panels,
    device_totals,
    other_of,
    outbound_countries,
    rank,
)
from .window import RANGES, Window

__all__ = ["RANGES", "PanelQuery", "build_panels", "iso_utc"]

REDACTED_PANELS = ("outbound", "devices", "sources")
"""Panels that name hosts (remote or home addresses, MACs): administrators only."""


@dataclass(frozen=True, slots=True)
class PanelQuery:
    """What the card asks for: a named range or absolute window, filters, and who asks."""

    range: str | None = "24h"
    start: float | None = None
    end: float | None = None
    filters: Filters = field(default_factory=Filters)
    redact: bool = False
    """Leave out everything that names a host (for users who are not administrators)."""


class _RingPanels:
    """Read the exact rings and heavy-hitter series over a window of buckets."""

    def __init__(self, ledger: Ledger, hourly: bool, buckets: range, geoip: GeoIP | None) -> None:
        self.ledger = ledger
        self.geoip = geoip
        self.hourly = hourly
        self.step = HOUR if hourly else MINUTE
        self.current = ledger.hour if hourly else ledger.minute
        self.buckets = buckets

    def ring(self, ring: Ring) -> list[int]:
        return self.ledger.rings[ring].read(self.hourly, self.current, self.buckets)

    def per_bucket(self, top: Top) -> list[dict[Any, Any]]:
        series = self.ledger.tops[top]
        return [series.bucket(self.hourly, self.current, b) for b in self.buckets]

    def country_of(self, key: int) -> str | None:
        if self.geoip is None:
            return None
        return self.geoip.country(key_version(key), key & ((1 << 128) - 1))

    def destinations(self) -> dict[str, Any]:
        per = self.per_bucket(Top.DESTINATIONS)
        ranked = rank(per)[:SERIES_TOP]
        series: list[dict[str, Any]] = [
            {
                "address": key_text(key),
                "country": self.country_of(key),
                "counts": counts_of(per, key),
            }
            for key, _count, _bytes in ranked
        ]
        top = [
            {"address": s["address"], "country": s["country"], "flows": count, "bytes": nbytes}
            for s, (_key, count, nbytes) in zip(series, ranked, strict=True)
        ]
        other = other_of(self.ring(Ring.FLOWS_OUT), [s["counts"] for s in series])
        if other is not None:
            series.append({"address": "other", "country": None, "counts": other})
        return {"series": series, "top": top}

    def denied(self) -> dict[str, Any]:
        """Return the four denied-inbound panels."""
        table = [
            (key >> 16, key & 0xFFFF, count)
            for key, count, _bytes in rank(self.per_bucket(Top.DENIED_TABLE))[:TABLE_ROWS]
        ]
        return denied_panels(
            table,
            rank(self.per_bucket(Top.DENIED_PROTOCOLS))[:SERIES_TOP],
            self.per_bucket(Top.DENIED_PORTS),
            rank(self.per_bucket(Top.DENIED_COUNTRIES))[:TABLE_ROWS],
            self.ring(Ring.DROPS),
        )

    def verdicts(self) -> dict[str, int | None]:
        names = (
            ("allow", Ring.ALLOW),
            ("deny", Ring.DENY),
            ("reject", Ring.REJECT),
            ("allow_bytes", Ring.ALLOW_BYTES),
            ("deny_bytes", Ring.DENY_BYTES),
        )
        return {name: sum(self.ring(ring)) for name, ring in names}


def _device_rows(
    ledger: Ledger,
    reader: FactReader,
    filters: Filters,
    now: float,
    names: Mapping[int, str],
) -> tuple[list[dict[str, Any]], int]:
    """Return the device table for the window: traffic in the window, current rate, names."""
    totals, lost = device_totals(reader, filters)
    by_key = {key_of16(raw): values for raw, values in totals.items()}
    if not filters.active:
        for tracked in ledger.devices:
            by_key.setdefault(tracked.key, [0, 0, 0, 0])
    now_minute = int(now // MINUTE)
    rows: list[dict[str, Any]] = []
    for key, (bytes_in, bytes_out, flows, denied) in by_key.items():
        device = ledger.devices.by_key.get(key)
        stats = device_stats(device, now_minute, names) if device is not None else None
        address = key_text(key)
        rows.append(
            {
                "address": address,
                "name": (stats.name if stats else names.get(key)) or address,
                "mac": stats.mac if stats else "",
                "bytes_in": bytes_in,
                "bytes_out": bytes_out,
                "flows": flows,
                "denied_inbound": denied,
                "rate_in": stats.rate_in if stats else 0.0,
                "rate_out": stats.rate_out if stats else 0.0,
                "total_bytes_in": stats.bytes_in if stats else 0,
                "total_bytes_out": stats.bytes_out if stats else 0,
                "last_seen": iso_utc(stats.last_seen) if stats else None,
            }
        )
    rows.sort(key=lambda r: (-(r["bytes_in"] + r["bytes_out"]), -r["total_bytes_in"], r["address"]))
    return rows, lost


def build_panels(
    ledger: Ledger,
    query: PanelQuery,
    now: float,
    *,
    geoip: GeoIP | None,
    geoip_error: str | None,
    names: Mapping[int, str],
    scans: ScanLog,
    since: list[float],
) -> dict[str, Any]:
    """Return the `netwatch/panels` answer; ValueError for an unknown range or bad window."""
    window = Window.of(query.range, query.start, query.end, now)
    filters = query.filters
    now_minute = max(int(now // MINUTE), ledger.minute)
    level = window.level(since, now)
    current, fact_buckets = window.fact_buckets(level, ledger.minute, now_minute)
    reader = FactReader(ledger, level, fact_buckets, current)
    panels, accuracy, buckets, step = _main_panels(
        ledger,
        window,
        reader,
        filters,
        fact_buckets=fact_buckets,
        level=level,
        now_minute=now_minute,
        geoip=geoip,
    )
    devices, lost = _device_rows(ledger, reader, filters, now, names)
    accuracy["devices"] = {"exact": lost == 0, "unattributed": lost}
    countries, lost = outbound_countries(reader, filters)
    accuracy["outbound_countries"] = {"exact": lost == 0, "unattributed": lost}
    sources, lost = top_sources(reader, filters)
    accuracy["sources"] = {"exact": lost == 0, "unattributed": lost}
    answer: dict[str, Any] = {
        "range": window.name,
        "start": int(buckets[0]) if buckets else int(window.start),
        "end": int(buckets[-1] + step) if buckets else int(window.end),
        "bucket_seconds": step,
        "generated_at": iso_utc(now),
        "status": {
            "flows": ledger.last_flow_at is not None,
            "syslog": ledger.last_event_at is not None,
            "geoip": geoip is not None,
            "geoip_error": geoip_error,
        },
        "filters": filters.as_dict(),
        "facts_seconds": LEVELS[level].seconds,
        "buckets": buckets,
        **panels,
        "outbound_countries": countries,
        "devices": devices,
        "sources": {"top": sources, "scans": scans.in_window(window.start, window.end, filters)},
        "accuracy": accuracy,
        "redacted": [],
    }
    return _redacted(answer) if query.redact else answer


def _redacted(answer: dict[str, Any]) -> dict[str, Any]:
    """Leave out what names home hosts or remote addresses (for non-administrators)."""
    answer["outbound_destinations"] = {"series": [], "top": []}
    answer["devices"] = []
    answer["sources"] = {"top": [], "scans": []}
    answer["redacted"] = list(REDACTED_PANELS)
    return answer


def _main_panels(
    ledger: Ledger,
    window: Window,
    reader: FactReader,
    filters: Filters,
    *,
    fact_buckets: Sequence[int],
    level: int,
    now_minute: int,
    geoip: GeoIP | None,
) -> tuple[dict[str, Any], dict[str, dict[str, Any]], list[float], float]:
    """Return (destinations + denied + verdicts panels, their accuracy, bucket starts, step).

    Filtered answers come from the fact tables (exact or a lower bound, said per panel);
    unfiltered ones from the exact counters.
    """
    accuracy: dict[str, dict[str, Any]] = {}
    if filters.active:
        facts = FactPanels(reader, filters)
        step: float = LEVELS[level].seconds
        panels: dict[str, Any] = {
            "outbound_destinations": facts.outbound(),
            **facts.denied(),
            "verdicts": facts.verdicts(),
        }
        accuracy.update(facts.accuracy)
        return panels, accuracy, [b * step for b in fact_buckets], step
    hourly, ring_buckets = window.ring(now_minute)
    rings = _RingPanels(ledger, hourly, ring_buckets, geoip)
    step = rings.step
    panels = {
        "outbound_destinations": rings.destinations(),
        **rings.denied(),
        "verdicts": rings.verdicts(),
    }
    for panel in ("outbound", "denied_table", "denied_share", "drops", "countries", "ports"):
        accuracy[panel] = {"exact": True, "unattributed": 0}
    accuracy["verdicts"] = {"exact": True, "unattributed": 0}
    return panels, accuracy, [b * step for b in ring_buckets], step
