"""Data sets that arrived before their template, waiting in a bounded buffer.

Bounds: at most `max_sets` sets and MAX_BYTES bytes in total (the oldest set is dropped first),
and a set older than PENDING_TTL seconds is dropped instead of decoded. Keyed by
(exporter, version, domain, template id), so a template only releases its own exporter's data.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Final

from .stats import ExporterStats, FlowStats

MAX_BYTES: Final = 2 * 1024 * 1024
PENDING_TTL: Final = 600.0

PendingKey = tuple[str, int, int, int]


@dataclass(frozen=True, slots=True)
class PendingSet:
    """One buffered data set with the header times it arrived with."""

    received: float
    body: bytes
    export_ms: int
    uptime_ms: int | None
    boot_ms: int | None
    owner: ExporterStats


class PendingBuffer:
    """FIFO-evicting buffer of data sets waiting for templates."""

    def __init__(self, stats: FlowStats, max_sets: int) -> None:
        self.stats = stats
        self.max_sets = max(0, max_sets)
        self.bytes = 0
        self._sets: OrderedDict[PendingKey, list[PendingSet]] = OrderedDict()

    def add(self, key: PendingKey, pending: PendingSet) -> None:
        """Buffer a set, dropping the oldest ones when a bound is hit."""
        if self.max_sets == 0 or len(pending.body) > MAX_BYTES:
            self.stats.pending_dropped += 1
            return
        self._sets.setdefault(key, []).append(pending)
        self._count(pending, 1)
        while self.stats.pending > self.max_sets or self.bytes > MAX_BYTES:
            self._drop_oldest()

    def take(self, key: PendingKey, now: float) -> list[PendingSet]:
        """Remove and return the sets waiting for `key` that are still fresh."""
        waiting = self._sets.pop(key, None)
        if not waiting:
            return []
        fresh = []
        for pending in waiting:
            self._count(pending, -1)
            if now - pending.received > PENDING_TTL:
                self.stats.pending_dropped += 1
            else:
                fresh.append(pending)
        return fresh

    def expire(self, now: float) -> None:
        """Drop sets that waited longer than PENDING_TTL (oldest keys first)."""
        while self._sets:
            waiting = next(iter(self._sets.values()))
            if now - waiting[0].received <= PENDING_TTL:
                return
            self._drop_oldest()

    def drop_exporter(self, exporter: str) -> None:
        """Forget everything an evicted exporter left waiting."""
        for key in [k for k in self._sets if k[0] == exporter]:
            for pending in self._sets.pop(key):
                self._count(pending, -1)
                self.stats.pending_dropped += 1

    def _drop_oldest(self) -> None:
        key, waiting = next(iter(self._sets.items()))
        pending = waiting.pop(0)
        if not waiting:
            del self._sets[key]
        self._count(pending, -1)
        self.stats.pending_dropped += 1

    def _count(self, pending: PendingSet, sign: int) -> None:
        self.bytes += sign * len(pending.body)
        self.stats.pending += sign
        pending.owner.pending += sign
