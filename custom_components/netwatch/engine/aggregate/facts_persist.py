"""Save and restore the fact tables' hourly and 6-hourly levels (7 and 30 days).

The 1-minute and 5-minute levels are not saved: they would triple the state written every five
minutes. After a restart, windows that reach back before it are answered from the hourly level
(`Ledger.facts_since` tells `Window.level` where each level's data begins). What the current
minute and hour had counted is saved inside the hourly level's live bucket, so nothing counted
is lost, only resolution.

Rows are saved as base64 of their packed bytes; restoring decodes and validates every row.
"""

from __future__ import annotations

import base64
from typing import Any

from .facts import KINDS, LEVELS, FactSeries, Key, _Bucket, key_of16
from .ledger import Ledger

SAVED_LEVELS = (2, 3)
_MAX = (1 << 63) - 1


def _rows_to_b64(series: FactSeries, items: list[tuple[Key, list[int]]]) -> str:
    return base64.b64encode(series._pack(items)).decode("ascii")


def export_facts(ledger: Ledger) -> dict[str, Any]:
    """Return the saved levels of every fact table as JSON-able data."""
    out: dict[str, Any] = {"since": [ledger.facts_since[i] for i in SAVED_LEVELS]}
    minute = ledger.minute
    for name, series in ledger.facts.items():
        levels: dict[str, Any] = {}
        for index in SAVED_LEVELS:
            level = LEVELS[index]
            n = series.kind.values
            current = minute * 60 // level.seconds
            frozen = []
            for bucket in range(current - level.slots + 1, current):
                slot = bucket % level.slots
                data = series.frozen[index][slot]
                residual = list(series.residual[index][slot * n : slot * n + n])
                if data or any(residual):
                    frozen.append([bucket, base64.b64encode(data or b"").decode(), residual])
            # The first saved level's live bucket takes the finer levels' live buckets with it.
            live = _Bucket(n)
            for finer in range(index if index != SAVED_LEVELS[0] else 0, index + 1):
                live.merge(series.live[finer])
            levels[str(index)] = {
                "frozen": frozen,
                "live": _rows_to_b64(series, list(live.table.items())),
                "lost": list(live.lost),
            }
        out[name] = levels
    return out


def _decode(series: FactSeries, encoded: object) -> list[tuple[Key, list[int]]]:
    """Return (key, counters) of saved rows; ValueError for anything malformed."""
    return _decode_packed(series, base64.b64decode(str(encoded), validate=True))


def _decode_packed(series: FactSeries, raw: bytes | None) -> list[tuple[Key, list[int]]]:
    """Return (key, counters) of packed rows; ValueError for a partial row."""
    raw = raw or b""
    size = series.row.size
    if len(raw) % size:
        raise ValueError(f"{series.kind.name}: rows of {len(raw)} bytes are not {size}-byte rows")
    fields = series.kind.address_fields
    n = series.kind.values
    items = []
    for row in series.row.iter_unpack(raw):
        key = tuple(key_of16(v) if i in fields else int(v) for i, v in enumerate(row[:-n]))
        items.append((key, [int(v) for v in row[-n:]]))
    return items


def _counters(values: object, n: int) -> list[int]:
    if not isinstance(values, list) or len(values) != n:
        raise ValueError("residual has the wrong length")
    if any(isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= _MAX for v in values):
        raise ValueError("residual is not counters")
    return list(values)


def restore_facts(fresh: Ledger, data: object) -> None:
    """Load saved levels into a fresh ledger at the save minute (it is advanced afterwards)."""
    if not isinstance(data, dict):
        raise TypeError("facts is not an object")
    since = data.get("since")
    for kind in KINDS:
        saved = data.get(kind.name)
        if saved is None:
            continue
        series = fresh.facts[kind.name]
        n = kind.values
        for index in SAVED_LEVELS:
            part = saved[str(index)]
            level = LEVELS[index]
            current = fresh.minute * 60 // level.seconds
            for bucket, encoded, residual in part["frozen"]:
                if not isinstance(bucket, int) or not current - level.slots < bucket < current:
                    continue
                items = _decode(series, encoded)[: kind.keeps[index]]
                slot = bucket % level.slots
                series.frozen[index][slot] = series._pack(items) if items else None
                for i, value in enumerate(_counters(residual, n)):
                    series.residual[index][slot * n + i] = value
            live = _Bucket(n)
            live.table = dict(_decode(series, part["live"]))
            live.lost = _counters(part["lost"], n)
            series.live[index].merge(live)
    if isinstance(since, list) and len(since) == len(SAVED_LEVELS):
        for index, value in zip(SAVED_LEVELS, since, strict=True):
            if isinstance(value, int | float) and not isinstance(value, bool):
                fresh.facts_since[index] = float(value)


def merge_facts(target: Ledger, fresh: Ledger) -> None:
    """Add a restored ledger's saved levels into the target (both at the same minute)."""
    for name, theirs in fresh.facts.items():
        mine = target.facts[name]
        n = mine.kind.values
        for index in SAVED_LEVELS:
            keep = mine.kind.keeps[index]
            for slot, data in enumerate(theirs.frozen[index]):
                residual = theirs.residual[index][slot * n : slot * n + n]
                for i, value in enumerate(residual):
                    mine.residual[index][slot * n + i] += value
                if not data:
                    continue
                merged = _Bucket(n)
                merged.table = dict(_decode_packed(mine, data))
                if mine.frozen[index][slot]:
                    merged.merge(_with(dict(_decode_packed(mine, mine.frozen[index][slot]))))
                ranked = sorted(merged.table.items(), key=lambda item: item[1][0], reverse=True)
                for _key, entry in ranked[keep:]:
                    for i, value in enumerate(entry):
                        mine.residual[index][slot * n + i] += value
                mine.frozen[index][slot] = mine._pack(ranked[:keep])
            mine.live[index].merge(theirs.live[index])
    for index in SAVED_LEVELS:
        target.facts_since[index] = min(target.facts_since[index], fresh.facts_since[index])


def _with(table: dict[Key, list[int]]) -> _Bucket:
    bucket = _Bucket(len(next(iter(table.values()))) if table else 1)
    bucket.table = table
    return bucket
