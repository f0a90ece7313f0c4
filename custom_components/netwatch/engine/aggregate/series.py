"""Fixed-memory time series: 1-minute buckets for 24 h and 1-hour buckets for 30 days.

Buckets are numbered by `int(epoch // 60)` (minutes) and `int(epoch // 3600)` (hours) and stored
in ring slots `number % size`. The owner advances every structure to the current minute before
adding to it; advancing clears the slots the clock jumped over, so a slot holds bucket `b` exactly
when `current - size < b <= current`. A clock that goes backwards keeps adding to the current
bucket.

`CounterRing` holds one integer per bucket. `TopSeries` holds heavy hitters per bucket: a live dict
for the current minute (at most `capacity` keys; when full it keeps the largest quarter and counts
the rest as evicted), frozen to its `keep` largest entries when the minute closes, merged into the
current hour the same way. Memory is therefore bounded by the slot counts times `keep`, whatever
the number of distinct keys.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from typing import TypeAlias

MINUTE = 60
HOUR = 3600
MINUTE_SLOTS = 1440
"""24 h of 1-minute buckets."""
HOUR_SLOTS = 720
"""30 days of 1-hour buckets."""

# TypeAlias, not the `type` statement: Cython (netwatch-speedups) cannot parse that yet.
Entry: TypeAlias = list[int]  # noqa: UP040
"""[count, bytes] of one key in a live bucket."""
Frozen: TypeAlias = tuple[int, ...]  # noqa: UP040
"""Flat (key, count, bytes, key, count, bytes, ...) of a closed bucket, largest first."""


def slot_range(old: int, new: int, size: int) -> Iterable[int]:
    """Return the ring slots of buckets old+1..new (all slots when the jump exceeds the ring)."""
    if new - old >= size:
        return range(size)
    return (bucket % size for bucket in range(old + 1, new + 1))


def bucket_numbers(now_bucket: int, count: int) -> range:
    """Return the bucket numbers of a panel range ending with the current bucket."""
    return range(now_bucket - count + 1, now_bucket + 1)


class CounterRing:
    """One integer per minute (24 h) and per hour (30 days)."""

    __slots__ = ("hours", "minutes")

    def __init__(self) -> None:
        self.minutes = array("q", bytes(8 * MINUTE_SLOTS))
        self.hours = array("q", bytes(8 * HOUR_SLOTS))

    def add(self, minute: int, hour: int, value: int) -> None:
        """Add to the buckets of the given minute and hour (already advanced to)."""
        self.minutes[minute % MINUTE_SLOTS] += value
        self.hours[hour % HOUR_SLOTS] += value

    def advance(self, old_minute: int, new_minute: int, old_hour: int, new_hour: int) -> None:
        """Clear the slots of the buckets the clock moved into."""
        for slot in slot_range(old_minute, new_minute, MINUTE_SLOTS):
            self.minutes[slot] = 0
        for slot in slot_range(old_hour, new_hour, HOUR_SLOTS):
            self.hours[slot] = 0

    def read(self, hourly: bool, current: int, buckets: range) -> list[int]:
        """Return the values of `buckets`; those outside the ring or in the future read 0."""
        ring, size = (self.hours, HOUR_SLOTS) if hourly else (self.minutes, MINUTE_SLOTS)
        low = current - size
        return [ring[b % size] if low < b <= current else 0 for b in buckets]

    def iter_nonzero(self, hourly: bool, current: int) -> Iterator[tuple[int, int]]:
        """Yield (bucket number, value) of non-zero buckets held in the ring."""
        ring, size = (self.hours, HOUR_SLOTS) if hourly else (self.minutes, MINUTE_SLOTS)
        for bucket in range(current - size + 1, current + 1):
            value = ring[bucket % size]
            if value:
                yield bucket, value


def _top(entries: Iterable[tuple[int, Entry]], keep: int) -> Frozen | None:
    """Freeze the `keep` largest entries by count into a flat tuple (None when empty)."""
    ranked = sorted(entries, key=lambda item: item[1][0], reverse=True)[:keep]
    if not ranked:
        return None
    flat: list[int] = []
    for key, (count, nbytes) in ranked:
        flat += (key, count, nbytes)
    return tuple(flat)


def frozen_items(frozen: Frozen | None) -> Iterator[tuple[int, int, int]]:
    """Yield (key, count, bytes) of a frozen bucket."""
    if frozen is None:
        return
    for index in range(0, len(frozen), 3):
        yield frozen[index], frozen[index + 1], frozen[index + 2]


def merge_frozen(
    frozen: Frozen | None, items: Iterable[tuple[int, int, int]], keep: int
) -> Frozen | None:
    """Add (key, count, bytes) items to a frozen bucket and keep its `keep` largest entries."""
    table: dict[int, Entry] = {key: [count, nbytes] for key, count, nbytes in frozen_items(frozen)}
    for key, count, nbytes in items:
        entry = table.get(key)
        if entry is None:
            table[key] = [count, nbytes]
        else:
            entry[0] += count
            entry[1] += nbytes
    return _top(table.items(), keep)


class TopSeries:
    """Per-bucket heavy hitters (count and bytes per key) in fixed memory."""

    __slots__ = ("capacity", "evicted", "hour_live", "hours", "keep", "live", "minutes")

    def __init__(self, *, capacity: int = 512, keep: int = 16) -> None:
        self.capacity = capacity
        self.keep = keep
        self.live: dict[int, Entry] = {}
        self.hour_live: dict[int, Entry] = {}
        self.minutes: list[Frozen | None] = [None] * MINUTE_SLOTS
        self.hours: list[Frozen | None] = [None] * HOUR_SLOTS
        self.evicted = 0
        """Counts dropped from live dicts when they were full (they still count in totals)."""

    def add(self, key: int, count: int = 1, nbytes: int = 0) -> None:
        """Count `key` in the current minute."""
        entry = self.live.get(key)
        if entry is None:
            if len(self.live) >= self.capacity:
                self._sweep(self.live)
            self.live[key] = [count, nbytes]
        else:
            entry[0] += count
            entry[1] += nbytes

    def _sweep(self, table: dict[int, Entry]) -> None:
        """Keep the largest quarter of a full live dict; amortised O(log n) per new key."""
        ranked = sorted(table.items(), key=lambda item: item[1][0], reverse=True)
        kept = max(1, self.capacity // 4)
        self.evicted += sum(entry[0] for _, entry in ranked[kept:])
        table.clear()
        table.update(ranked[:kept])

    def merge_into(self, table: dict[int, Entry], items: Iterable[tuple[int, int, int]]) -> None:
        """Add (key, count, bytes) items into a live dict, sweeping when it is full."""
        for key, count, nbytes in items:
            entry = table.get(key)
            if entry is None:
                if len(table) >= self.capacity:
                    self._sweep(table)
                table[key] = [count, nbytes]
            else:
                entry[0] += count
                entry[1] += nbytes

    def advance(self, old_minute: int, new_minute: int, old_hour: int, new_hour: int) -> None:
        """Close the live minute (and hour) and clear the slots the clock moved into."""
        self.minutes[old_minute % MINUTE_SLOTS] = _top(self.live.items(), self.keep)
        self.merge_into(self.hour_live, ((k, e[0], e[1]) for k, e in self.live.items()))
        self.live = {}
        for slot in slot_range(old_minute, new_minute, MINUTE_SLOTS):
            self.minutes[slot] = None
        if new_hour != old_hour:
            self.hours[old_hour % HOUR_SLOTS] = _top(self.hour_live.items(), self.keep * 2)
            self.hour_live = {}
            for slot in slot_range(old_hour, new_hour, HOUR_SLOTS):
                self.hours[slot] = None

    def bucket(self, hourly: bool, current: int, bucket: int) -> dict[int, tuple[int, int]]:
        """Return {key: (count, bytes)} of one bucket; `current` is the live bucket number."""
        size = HOUR_SLOTS if hourly else MINUTE_SLOTS
        if not current - size < bucket <= current:
            return {}
        if bucket == current:
            out = {k: (e[0], e[1]) for k, e in self.live.items()}
            if hourly:
                for key, entry in self.hour_live.items():
                    count, nbytes = out.get(key, (0, 0))
                    out[key] = (count + entry[0], nbytes + entry[1])
            return out
        frozen = (self.hours if hourly else self.minutes)[bucket % size]
        if not frozen:
            return {}
        # Slicing and zip run in C: panels read 1,440 buckets per series.
        return dict(zip(frozen[0::3], zip(frozen[1::3], frozen[2::3], strict=True), strict=True))

    def sizes(self) -> tuple[int, int]:
        """Return (live keys, frozen entries) for diagnostics."""
        frozen = sum(len(f) // 3 for f in self.minutes if f) + sum(
            len(f) // 3 for f in self.hours if f
        )
        return len(self.live) + len(self.hour_live), frozen
