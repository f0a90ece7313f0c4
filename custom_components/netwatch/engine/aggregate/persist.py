"""Save and restore a ledger as JSON-able data (HA's Store writes it with orjson).

Integers stay below 2^63 (orjson's limit): IPv6 destination keys are written as address text.
Import rebuilds a ledger as it was at save time, advances it to now (so buckets older than the
rings fall out exactly as they would have), then *adds* it to the live ledger: totals never
decrease across a restart, even when records arrived before the state was loaded. Each section is
validated on its own; a broken section is skipped and counted, the others still load.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable, Iterable
from typing import Any

from ..addr import parse_addr
from ..classify import addr_key, key_text
from .facts_persist import export_facts, merge_facts, restore_facts
from .hll import WINDOW_HOURS
from .ledger import Ledger
from .restore import (
    BAD,
    MAX_INT,
    int_,
    merge_series,
    restore_rings,
    restore_sources,
    restore_tops,
    time_,
    uint,
)
from .series import (
    HOUR_SLOTS,
    MINUTE_SLOTS,
    Frozen,
    TopSeries,
)
from .snapshot import format_mac
from .tables import TOTAL_FIELDS

_LOGGER = logging.getLogger(__name__)

STATE_VERSION = 1
_DEVICE_COUNTERS = (
    "bytes_in",
    "bytes_out",
    "packets_in",
    "packets_out",
    "flows",
    "denied_inbound",
)
_COUNTRY_COUNTERS = ("inbound_denied", "outbound_bytes", "outbound_flows")


# ---- export ----------------------------------------------------------------------------------


def _flat(values: Iterable[int]) -> list[int | str]:
    """Keep ints orjson-safe: IPv6 address keys (above 2^128) become address text."""
    return [v if v <= MAX_INT else key_text(v) for v in values]


def _flat_frozen(frozen: Frozen) -> list[int | str]:
    """Return a frozen bucket as a list; the per-value check only when IPv6 keys are in it."""
    if max(frozen[0::3]) <= MAX_INT:
        return list(frozen)
    return _flat(frozen)


def _export_top(series: TopSeries, minute: int, hour: int) -> dict[str, Any]:
    def slots(ring: list[Frozen | None], current: int, size: int) -> list[list[object]]:
        rows: list[list[object]] = []
        for bucket in range(current - size + 1, current):
            frozen = ring[bucket % size]
            if frozen:
                rows.append([bucket, _flat_frozen(frozen)])
        return rows

    def live(table: dict[int, list[int]]) -> list[int | str]:
        return _flat(
            value for key, (count, nbytes) in table.items() for value in (key, count, nbytes)
        )

    return {
        "minutes": slots(series.minutes, minute, MINUTE_SLOTS),
        "hours": slots(series.hours, hour, HOUR_SLOTS),
        "live": live(series.live),
        "hour_live": live(series.hour_live),
    }


def export_counters(ledger: Ledger, names: dict[int, str], now: float) -> dict[str, Any]:
    """Return the totals, devices and countries (small: saved often, so a crash loses little)."""
    devices = [
        {
            "address": d.address,
            "name": names.get(d.key) or d.saved_name,
            "mac": format_mac(d.mac),
            **{name: getattr(d, name) for name in _DEVICE_COUNTERS},
            "first_seen": d.first_seen,
            "last_seen": d.last_seen,
        }
        for d in ledger.devices
    ]
    countries = [
        {
            "country": c.code,
            **{n: getattr(c, n) for n in _COUNTRY_COUNTERS},
            "last_seen": c.last_seen,
        }
        for c in ledger.countries
    ]
    return {
        "counters_saved_at": now,
        "totals": ledger.totals.as_dict(),
        "devices": devices,
        "countries": countries,
    }


def export_ledger(ledger: Ledger, names: dict[int, str], now: float) -> dict[str, Any]:
    """Return the ledger as JSON-able data (pure)."""
    rings = {
        ring.value: {
            "minutes": [list(item) for item in series.iter_nonzero(False, ledger.minute)],
            "hours": [list(item) for item in series.iter_nonzero(True, ledger.hour)],
        }
        for ring, series in ledger.rings.items()
    }
    sketches = [
        [hour, base64.b64encode(ledger.sources.hours[hour % WINDOW_HOURS]).decode("ascii")]
        for hour in range(ledger.hour - WINDOW_HOURS + 1, ledger.hour + 1)
        if any(ledger.sources.hours[hour % WINDOW_HOURS])
    ]
    return {
        "version": STATE_VERSION,
        "saved_at": now,
        "minute": ledger.minute,
        "hour": ledger.hour,
        **export_counters(ledger, names, now),
        "rings": rings,
        "tops": {
            top.value: _export_top(s, ledger.minute, ledger.hour) for top, s in ledger.tops.items()
        },
        "sources": sketches,
        "facts": export_facts(ledger),
        "last_flow_at": ledger.last_flow_at,
        "last_event_at": ledger.last_event_at,
    }


# ---- import ----------------------------------------------------------------------------------


def _read_totals(data: object) -> dict[str, int]:
    if not isinstance(data, dict):
        raise TypeError("totals is not an object")
    return {name: uint(data[name]) for name in TOTAL_FIELDS if name in data}


def _read_devices(data: object, capacity: int) -> list[dict[str, Any]]:
    if not isinstance(data, list):
        raise TypeError("devices is not a list")
    rows: list[dict[str, Any]] = []
    for item in data:
        version, value = parse_addr(str(item["address"]))
        name = item.get("name")
        mac = str(item.get("mac") or "").replace(":", "")
        rows.append(
            {
                "key": addr_key(version, value),
                "name": str(name)[:255] if name else None,
                "mac": int(mac, 16) & 0xFFFFFFFFFFFF if mac else 0,
                **{n: uint(item[n]) for n in _DEVICE_COUNTERS},
                "first_seen": time_(item["first_seen"]),
                "last_seen": time_(item["last_seen"]),
            }
        )
    rows.sort(key=lambda row: row["last_seen"])
    return rows[-capacity:]


def _apply_devices(ledger: Ledger, rows: list[dict[str, Any]], now: float) -> None:
    for row in rows:
        device = ledger.devices.by_key.get(row["key"])
        if device is None:
            device = ledger.devices.create(row["key"], now)
            device.first_seen, device.last_seen = row["first_seen"], row["last_seen"]
        else:
            device.first_seen = min(device.first_seen, row["first_seen"])
            device.last_seen = max(device.last_seen, row["last_seen"])
        for name in _DEVICE_COUNTERS:
            setattr(device, name, getattr(device, name) + row[name])
        device.mac = device.mac or row["mac"]
        device.saved_name = device.saved_name or row["name"]


def _read_countries(data: object) -> list[tuple[str, dict[str, int], float]]:
    if not isinstance(data, list):
        raise TypeError("countries is not a list")
    rows = []
    for item in data:
        code = item["country"]
        if not (isinstance(code, str) and len(code) == 2 and code.isascii() and code.isalpha()):
            raise ValueError(f"not a country code: {code!r}")
        counters = {n: uint(item[n]) for n in _COUNTRY_COUNTERS}
        rows.append((code.upper(), counters, time_(item.get("last_seen", 0))))
    return rows


def _apply_countries(ledger: Ledger, rows: list[tuple[str, dict[str, int], float]]) -> None:
    for code, counters, seen in sorted(rows, key=lambda row: sum(row[1].values())):
        country = ledger.countries.get(code, seen)
        country.last_seen = max(country.last_seen, seen)
        for name, value in counters.items():
            setattr(country, name, getattr(country, name) + value)


def import_ledger(target: Ledger, state: object, now: float) -> int:
    """Add a saved state into `target`; return how many sections were skipped as invalid."""
    if not isinstance(state, dict) or not isinstance(state.get("version"), int):
        _LOGGER.warning("Ignoring saved netwatch state: not a versioned object")
        return 1
    target.advance(now)
    errors = 0

    def guarded(name: str, action: Callable[[], None]) -> bool:
        nonlocal errors
        try:
            action()
        except BAD as err:
            errors += 1
            _LOGGER.warning("Skipping invalid %s in saved netwatch state: %r", name, err)
            return False
        return True

    def totals() -> None:
        for name, value in _read_totals(state["totals"]).items():
            setattr(target.totals, name, getattr(target.totals, name) + value)

    guarded("totals", totals)
    guarded(
        "devices",
        lambda: _apply_devices(
            target, _read_devices(state["devices"], target.devices.capacity), now
        ),
    )
    guarded("countries", lambda: _apply_countries(target, _read_countries(state["countries"])))
    fresh = _saved_ledger(target, state.get("minute"))
    if fresh is not None:
        guarded("rings", lambda: restore_rings(fresh, state["rings"]))
        guarded("tops", lambda: restore_tops(fresh, state["tops"]))
        guarded("sources", lambda: restore_sources(fresh, state["sources"]))
        facts = "facts" in state and guarded("facts", lambda: restore_facts(fresh, state["facts"]))
        fresh.advance(now)
        merge_series(target, fresh)
        if facts:
            merge_facts(target, fresh)
    else:
        errors += 1
    for name in ("last_flow_at", "last_event_at"):
        value = state.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool):
            current = getattr(target, name)
            setattr(target, name, max(float(value), current or 0.0))
    return errors


def _saved_ledger(target: Ledger, minute: object) -> Ledger | None:
    """Return an empty ledger at the saved minute, None if it is invalid or in the future."""
    try:
        saved = int_(minute)
    except ValueError:
        _LOGGER.warning("Skipping saved netwatch series: no valid save minute")
        return None
    if saved > target.minute:
        _LOGGER.warning("Skipping saved netwatch series: saved in the future (clock went back?)")
        return None
    return Ledger(
        saved * 60.0, max_devices=1, max_countries=1, max_pending_verdicts=1, join_window=0.0
    )
