"""Read the saved series of a ledger (rings, top tables, source sketches) and merge them in.

Everything is validated while it is read (C-level checks where states are large); a value that
does not fit raises one of `BAD` and the caller skips that section.
"""

from __future__ import annotations

import base64
import binascii
import math
from itertools import chain

from ..addr import parse_addr
from ..classify import addr_key
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

MAX_INT = (1 << 63) - 1
BAD = (KeyError, TypeError, ValueError, IndexError, AttributeError, binascii.Error)


def uint(value: object) -> int:
    """Return a non-negative int below 2^63; ValueError for anything else (bools included)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_INT:
        raise ValueError(f"not a counter: {value!r}")
    return value


def int_(value: object) -> int:
    """Return an int (may be negative, e.g. protocol -1) within orjson's range."""
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > MAX_INT:
        raise ValueError(f"not an integer: {value!r}")
    return value


def time_(value: object) -> float:
    """Return epoch seconds as a float; ValueError for non-numbers."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"not a time: {value!r}")
    return float(value)


def _decode_key(value: object) -> int:
    """Return a TopSeries key from `_flat`'s output."""
    if isinstance(value, str):
        return addr_key(*parse_addr(value))
    return int_(value)


def restore_rings(fresh: Ledger, data: object) -> None:
    """Put saved scalar series into an empty ledger at the saved minute."""
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
                if current - size < int_(bucket) <= current:
                    array_[bucket % size] = uint(value)
    fresh.rings = restored


def _items(flat: object) -> list[tuple[int, int, int]]:
    """Validate a flat [key, count, bytes, ...] list (C-level checks: states can be large)."""
    if not isinstance(flat, list) or len(flat) % 3:
        raise ValueError("bucket entries are not (key, count, bytes) triples")
    keys, values = flat[0::3], flat[1::3] + flat[2::3]
    if values and (set(map(type, values)) != {int} or min(values) < 0 or max(values) > MAX_INT):
        raise ValueError("bucket counts are not counters")
    if keys and (set(map(type, keys)) != {int} or max(map(abs, keys)) > MAX_INT):
        keys = [_decode_key(key) for key in keys]
    return list(zip(keys, flat[1::3], flat[2::3], strict=True))


def _frozen_from(flat: object, keep: int) -> Frozen | None:
    """Rebuild a frozen bucket, keeping at most `keep` entries."""
    items = _items(flat)
    if len(items) > keep:
        items = sorted(items, key=lambda item: item[1], reverse=True)[:keep]
    return tuple(chain.from_iterable(items)) or None


def restore_tops(fresh: Ledger, data: object) -> None:
    """Put saved top tables into an empty ledger at the saved minute."""
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
                if current - size < int_(bucket) < current:
                    slots[bucket % size] = _frozen_from(flat, keep)
        series.merge_into(series.live, _items(saved["live"]))
        series.merge_into(series.hour_live, _items(saved["hour_live"]))
    fresh.tops = restored


def restore_sources(fresh: Ledger, data: object) -> None:
    """Put saved hourly source sketches into an empty ledger at the saved minute."""
    if not isinstance(data, list):
        raise TypeError("sources is not a list")
    restored = RollingHLL()
    for hour, encoded in data:
        registers = base64.b64decode(str(encoded), validate=True)
        if len(registers) != REGISTERS or max(registers) > 64:
            raise ValueError("sketch has the wrong size")
        if fresh.hour - WINDOW_HOURS < int_(hour) <= fresh.hour:
            restored.merge_hour(hour, registers)
    restored.rebuild_union()
    fresh.sources = restored


def merge_series(target: Ledger, fresh: Ledger) -> None:
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
