"""Save and restore a ledger as JSON-able data (HA's Store writes it with orjson).

Integers stay below 2^63 (orjson's limit): IPv6 destination keys are written as address text.
Import rebuilds a ledger as it was at save time, advances it to now (so buckets older than the
rings fall out exactly as they would have), then *adds* it to the live ledger: totals never
decrease across a restart, even when records arrived before the state was loaded. Each section is
validated on its own; a broken section is skipped and counted, the others still load.
"""

from __future__ import annotations

import base64
import binascii
import logging
import math
from collections.abc import Callable, Iterable
from itertools import chain
from typing import Any

from ..addr import parse_addr
from .hll import REGISTERS, WINDOW_HOURS, RollingHLL
from .ledger import Ledger, Ring, Top
from .series import (
    HOUR_SLOTS,
    MINUTE_SLOTS,
    CounterRing,
    Frozen,
    TopSeries,
    frozen_items,
    merge_frozen,
)
from .snapshot import format_mac
from .tables import TOTAL_FIELDS, addr_key, key_text

_LOGGER = logging.getLogger(__name__)

STATE_VERSION = 1
_MAX_INT = (1 << 63) - 1
_BAD = (KeyError, TypeError, ValueError, IndexError, AttributeError, binascii.Error)
_DEVICE_COUNTERS = (
    "bytes_in",
    "bytes_out",
    "packets_in",
    "packets_out",
    "flows",
    "denied_inbound",
)
_COUNTRY_COUNTERS = ("inbound_denied", "outbound_bytes", "outbound_flows")


def _uint(value: object) -> int:
    """Return a non-negative int below 2^63; ValueError for anything else (bools included)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= _MAX_INT:
        raise ValueError(f"not a counter: {value!r}")
    return value


def _int(value: object) -> int:
    """Return an int (may be negative, e.g. protocol -1) within orjson's range."""
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > _MAX_INT:
        raise ValueError(f"not an integer: {value!r}")
    return value


def _time(value: object) -> float:
    """Return epoch seconds as a float; ValueError for non-numbers."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"not a time: {value!r}")
    return float(value)


def _decode_key(value: object) -> int:
    """Return a TopSeries key from `_flat`'s output."""
    if isinstance(value, str):
        return addr_key(*parse_addr(value))
    return _int(value)


# ---- export ----------------------------------------------------------------------------------


def _flat(values: Iterable[int]) -> list[int | str]:
    """Keep ints orjson-safe: IPv6 address keys (above 2^128) become address text."""
    return [v if v <= _MAX_INT else key_text(v) for v in values]


def _flat_frozen(frozen: Frozen) -> list[int | str]:
    """Return a frozen bucket as a list; the per-value check only when IPv6 keys are in it."""
    if max(frozen[0::3]) <= _MAX_INT:
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
        "last_flow_at": ledger.last_flow_at,
        "last_event_at": ledger.last_event_at,
    }


# ---- import ----------------------------------------------------------------------------------


def _read_totals(data: object) -> dict[str, int]:
    if not isinstance(data, dict):
        raise TypeError("totals is not an object")
    return {name: _uint(data[name]) for name in TOTAL_FIELDS if name in data}


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
                **{n: _uint(item[n]) for n in _DEVICE_COUNTERS},
                "first_seen": _time(item["first_seen"]),
                "last_seen": _time(item["last_seen"]),
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
        counters = {n: _uint(item[n]) for n in _COUNTRY_COUNTERS}
        rows.append((code.upper(), counters, _time(item.get("last_seen", 0))))
    return rows


def _apply_countries(ledger: Ledger, rows: list[tuple[str, dict[str, int], float]]) -> None:
    for code, counters, seen in sorted(rows, key=lambda row: sum(row[1].values())):
        country = ledger.countries.get(code, seen)
        country.last_seen = max(country.last_seen, seen)
        for name, value in counters.items():
            setattr(country, name, getattr(country, name) + value)


def _restore_rings(fresh: Ledger, data: object) -> None:
    if not isinstance(data, dict):
        raise TypeError("rings is not an object")
    restored = {ring: CounterRing() for ring in Ring}
    for ring in Ring:
        saved = data.get(ring.value)
        if saved is None:
            continue
        series = restored[ring]
        for rows, array_, current, size in (
            (saved["minutes"], series.minutes, fresh.minute, MINUTE_SLOTS),
            (saved["hours"], series.hours, fresh.hour, HOUR_SLOTS),
        ):
            for bucket, value in rows:
                if current - size < _int(bucket) <= current:
                    array_[bucket % size] = _uint(value)
    fresh.rings = restored


def _items(flat: object) -> list[tuple[int, int, int]]:
    """Validate a flat [key, count, bytes, ...] list (C-level checks: states can be large)."""
    if not isinstance(flat, list) or len(flat) % 3:
        raise ValueError("bucket entries are not (key, count, bytes) triples")
    keys, values = flat[0::3], flat[1::3] + flat[2::3]
    if values and (set(map(type, values)) != {int} or min(values) < 0 or max(values) > _MAX_INT):
        raise ValueError("bucket counts are not counters")
    if keys and (set(map(type, keys)) != {int} or max(map(abs, keys)) > _MAX_INT):
        keys = [_decode_key(key) for key in keys]
    return list(zip(keys, flat[1::3], flat[2::3], strict=True))


def _frozen_from(flat: object, keep: int) -> Frozen | None:
    """Rebuild a frozen bucket, keeping at most `keep` entries."""
    items = _items(flat)
    if len(items) > keep:
        items = sorted(items, key=lambda item: item[1], reverse=True)[:keep]
    return tuple(chain.from_iterable(items)) or None


def _restore_tops(fresh: Ledger, data: object) -> None:
    if not isinstance(data, dict):
        raise TypeError("tops is not an object")
    restored = {top: TopSeries() for top in Top}
    for top in Top:
        saved = data.get(top.value)
        if saved is None:
            continue
        series = restored[top]
        for rows, slots, current, size, keep in (
            (saved["minutes"], series.minutes, fresh.minute, MINUTE_SLOTS, series.keep),
            (saved["hours"], series.hours, fresh.hour, HOUR_SLOTS, series.keep * 2),
        ):
            for bucket, flat in rows:
                if current - size < _int(bucket) < current:
                    slots[bucket % size] = _frozen_from(flat, keep)
        series.merge_into(series.live, _items(saved["live"]))
        series.merge_into(series.hour_live, _items(saved["hour_live"]))
    fresh.tops = restored


def _restore_sources(fresh: Ledger, data: object) -> None:
    if not isinstance(data, list):
        raise TypeError("sources is not a list")
    restored = RollingHLL()
    for hour, encoded in data:
        registers = base64.b64decode(str(encoded), validate=True)
        if len(registers) != REGISTERS or max(registers) > 64:
            raise ValueError("sketch has the wrong size")
        if fresh.hour - WINDOW_HOURS < _int(hour) <= fresh.hour:
            restored.merge_hour(hour, registers)
    restored.rebuild_union()
    fresh.sources = restored


def _merge_series(target: Ledger, fresh: Ledger) -> None:
    """Add a restored ledger's series into the target (both advanced to the same minute)."""
    for ring in Ring:
        for mine, theirs in (
            (target.rings[ring].minutes, fresh.rings[ring].minutes),
            (target.rings[ring].hours, fresh.rings[ring].hours),
        ):
            for slot, value in enumerate(theirs):
                if value:
                    mine[slot] += value
    for top in Top:
        mine_top, their_top = target.tops[top], fresh.tops[top]
        for mine_slots, their_slots, keep in (
            (mine_top.minutes, their_top.minutes, mine_top.keep),
            (mine_top.hours, their_top.hours, mine_top.keep * 2),
        ):
            for slot, frozen in enumerate(their_slots):
                if frozen and mine_slots[slot]:
                    mine_slots[slot] = merge_frozen(mine_slots[slot], frozen_items(frozen), keep)
                elif frozen:
                    mine_slots[slot] = frozen
        mine_top.merge_into(mine_top.live, ((k, e[0], e[1]) for k, e in their_top.live.items()))
        mine_top.merge_into(
            mine_top.hour_live, ((k, e[0], e[1]) for k, e in their_top.hour_live.items())
        )
    for slot, sketch in enumerate(fresh.sources.hours):
        if any(sketch):
            target.sources.hours[slot] = bytearray(
                map(max, target.sources.hours[slot], sketch, strict=True)
            )
    target.sources.rebuild_union()


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
        except _BAD as err:
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
        guarded("rings", lambda: _restore_rings(fresh, state["rings"]))
        guarded("tops", lambda: _restore_tops(fresh, state["tops"]))
        guarded("sources", lambda: _restore_sources(fresh, state["sources"]))
        fresh.advance(now)
        _merge_series(target, fresh)
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
        saved = _int(minute)
    except ValueError:
        _LOGGER.warning("Skipping saved netwatch series: no valid save minute")
        return None
    if saved > target.minute:
        _LOGGER.warning("Skipping saved netwatch series: saved in the future (clock went back?)")
        return None
    return Ledger(
        saved * 60.0, max_devices=1, max_countries=1, max_pending_verdicts=1, join_window=0.0
    )
