"""Fact tables: counters per combination of dimensions, at four time resolutions, in fixed memory.

A *fact* is one combination of dimensions (for example home device x remote address x port x
country) with a few counters. Filtered panels, the per-range device table and the sources panel
read facts; the unfiltered panels keep reading the exact rings and heavy-hitter series.

Resolutions (`LEVELS`): 1-minute buckets for the last hour, 5-minute buckets for 24 hours,
1-hour buckets for 7 days and 6-hour buckets for 30 days. The current minute's facts live in a
dict (at most `LIVE_CAPACITY` keys; when full the largest quarter stays and the rest is counted as
lost). When a bucket closes its `keep` largest facts (by the first counter) are packed into one
`bytes` object of fixed-size rows and everything else is added to the bucket's *residual*; the
closed bucket's whole dict (not only what was kept) merges into the next coarser level's current
bucket. So every bucket holds at most `keep` rows, and for each bucket

    sum of its rows + its residual == everything counted in it

which is what makes filtered answers honest: a filtered count is exact when the residual of its
buckets is zero, and otherwise a lower bound that misses at most the residual.

Addresses are stored as 16 bytes (IPv4 as ::ffff:a.b.c.d, which `tables.addr_key` folds back to
IPv4), so rows have a fixed size and `struct.iter_unpack` reads them at C speed.
"""

from __future__ import annotations

import struct
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from operator import itemgetter
from typing import TypeAlias

from ..classify import V6_TAG

LIVE_CAPACITY = 1024
"""Keys of one live (current) bucket; sweeping keeps the largest quarter."""
_V4_MAPPED = 0xFFFF << 32


@dataclass(frozen=True, slots=True)
class Level:
    """One resolution: bucket width, how many buckets are kept."""

    seconds: int
    slots: int

    @property
    def span(self) -> int:
        """Return the seconds of history this level holds."""
        return self.seconds * self.slots


LEVELS: tuple[Level, ...] = (
    Level(60, 60),
    Level(300, 288),
    Level(3600, 168),
    Level(21600, 120),
)
"""1 h of minutes, 24 h of 5 minutes, 7 d of hours, 30 d of 6 hours."""


def addr16(key: int) -> bytes:
    """Return the 16-byte form of an address key (IPv4 as ::ffff:a.b.c.d)."""
    if key & V6_TAG:
        return (key ^ V6_TAG).to_bytes(16, "big")
    return (_V4_MAPPED | key).to_bytes(16, "big")


def key_of16(raw: bytes) -> int:
    """Return the address key of a 16-byte address (inverse of `addr16`)."""
    value = int.from_bytes(raw, "big")
    if value >> 32 == 0xFFFF:
        return value & 0xFFFFFFFF
    return value | V6_TAG


@dataclass(frozen=True, slots=True)
class FactKind:
    """The shape of one fact table: its key fields, counters and rows kept per bucket."""

    name: str
    key_format: str
    """struct codes of the key fields; "16s" fields are addresses."""
    values: int
    """Number of counters (unsigned 64-bit)."""
    keeps: tuple[int, int, int, int]
    """Rows kept per closed bucket at each level."""

    @property
    def row(self) -> struct.Struct:
        """Return the packed row layout: key fields then counters."""
        return struct.Struct("<" + self.key_format + "Q" * self.values)

    @property
    def address_fields(self) -> tuple[int, ...]:
        """Return the positions of the address fields in a key."""
        codes = struct_codes(self.key_format)
        return tuple(i for i, code in enumerate(codes) if code == "16s")


def struct_codes(fmt: str) -> list[str]:
    """Split a struct format of single codes and "16s" into its codes."""
    codes: list[str] = []
    i = 0
    while i < len(fmt):
        if fmt.startswith("16s", i):
            codes.append("16s")
            i += 3
        else:
            codes.append(fmt[i])
            i += 1
    return codes


# TypeAlias, not the `type` statement: Cython (netwatch-speedups) cannot parse that yet.
Key: TypeAlias = tuple[int, ...]  # noqa: UP040
Row: TypeAlias = tuple[bytes | int, ...]  # noqa: UP040
"""An unpacked row: key fields (addresses as 16 bytes) then counters."""


class _Bucket:
    """The live (current) bucket of one level: counters per key plus what was swept away."""

    __slots__ = ("lost", "table")

    def __init__(self, values: int) -> None:
        self.table: dict[Key, list[int]] = {}
        self.lost = [0] * values

    def sweep(self) -> None:
        """Keep the largest quarter (by the first counter); count the rest as lost.

        Among keys with the same first counter the older ones stay (a stable ranking). The
        threshold comes from sorting the counts alone (C), and what goes is summed by column.
        """
        table = self.table
        kept = LIVE_CAPACITY // 4
        floor = sorted([entry[0] for entry in table.values()], reverse=True)[kept - 1]
        ties = kept - sum(1 for entry in table.values() if entry[0] > floor)
        keep: dict[Key, list[int]] = {}
        gone: list[list[int]] = []
        for key, entry in table.items():
            count = entry[0]
            if count > floor:
                keep[key] = entry
            elif count == floor and ties > 0:
                ties -= 1
                keep[key] = entry
            else:
                gone.append(entry)
        lost = self.lost
        for i in range(len(lost)):
            lost[i] += sum(map(itemgetter(i), gone))
        self.table = keep

    def merge(self, other: _Bucket) -> None:
        """Add another bucket's counters and losses into this one."""
        table = self.table
        for key, entry in other.table.items():
            mine = table.get(key)
            if mine is None:
                if len(table) >= LIVE_CAPACITY:
                    self.sweep()
                    table = self.table
                table[key] = list(entry)
            else:
                for i, value in enumerate(entry):
                    mine[i] += value
        for i, value in enumerate(other.lost):
            self.lost[i] += value


class FactSeries:
    """One fact table at every level of `LEVELS`."""

    __slots__ = ("_encoders", "frozen", "kind", "live", "residual", "row")

    def __init__(self, kind: FactKind) -> None:
        self.kind = kind
        self.row = kind.row
        n = kind.values
        self.live = [_Bucket(n) for _ in LEVELS]
        self.frozen: list[list[bytes | None]] = [[None] * level.slots for level in LEVELS]
        self.residual = [array("q", bytes(8 * n * level.slots)) for level in LEVELS]
        address = set(kind.address_fields)
        self._encoders = tuple(i in address for i in range(len(struct_codes(kind.key_format))))

    def add(self, key: Key, v0: int, v1: int = 0, v2: int = 0, v3: int = 0) -> None:
        """Count a fact in the current minute (hot path: one dict lookup)."""
        bucket = self.live[0]
        entry = bucket.table.get(key)
        if entry is None:
            if len(bucket.table) >= LIVE_CAPACITY:
                bucket.sweep()
            bucket.table[key] = [v0, v1, v2, v3][: self.kind.values]
        else:
            entry[0] += v0
            if len(entry) > 1:
                entry[1] += v1
                if len(entry) > 2:
                    entry[2] += v2
                    if len(entry) > 3:
                        entry[3] += v3

    def advance(self, old_minute: int, new_minute: int) -> None:
        """Close the buckets the clock left (finest first) and clear the ones it skipped."""
        old_t, new_t = old_minute * 60, new_minute * 60
        for index, level in enumerate(LEVELS):
            old_b, new_b = old_t // level.seconds, new_t // level.seconds
            if old_b == new_b:
                break
            self._close(index, old_b)
            for bucket in _skipped(old_b, new_b, level.slots):
                self._clear(index, bucket % level.slots)

    def _close(self, index: int, bucket: int) -> None:
        """Freeze the live bucket of a level into its slot and pass it on to the next level."""
        live = self.live[index]
        slot = bucket % LEVELS[index].slots
        keep = self.kind.keeps[index]
        ranked = sorted(live.table.items(), key=lambda item: item[1][0], reverse=True)
        rest = list(live.lost)
        for _key, entry in ranked[keep:]:
            for i, value in enumerate(entry):
                rest[i] += value
        self.frozen[index][slot] = self._pack(ranked[:keep]) if ranked else None
        n = self.kind.values
        self.residual[index][slot * n : slot * n + n] = array("q", rest)
        if index + 1 < len(LEVELS):
            self.live[index + 1].merge(live)
        self.live[index] = _Bucket(n)

    def _clear(self, index: int, slot: int) -> None:
        n = self.kind.values
        self.frozen[index][slot] = None
        self.residual[index][slot * n : slot * n + n] = array("q", bytes(8 * n))

    def _encode(self, key: Key) -> tuple[bytes | int, ...]:
        return tuple(
            addr16(part) if is_addr else part
            for part, is_addr in zip(key, self._encoders, strict=True)
        )

    def _pack(self, items: list[tuple[Key, list[int]]]) -> bytes:
        pack = self.row.pack
        return b"".join(pack(*self._encode(key), *entry) for key, entry in items)

    # ---- read side ------------------------------------------------------------------------

    def rows(self, index: int, bucket: int, current: int) -> Iterator[Row]:
        """Yield the rows of one bucket; `current` is the level's current bucket number."""
        level = LEVELS[index]
        if bucket == current:
            merged = _Bucket(self.kind.values)
            for finer in range(index, -1, -1):
                merged.merge(self.live[finer])
            for key, entry in merged.table.items():
                yield (*self._encode(key), *entry)
            return
        if not current - level.slots < bucket < current:
            return
        frozen = self.frozen[index][bucket % level.slots]
        if frozen:
            yield from self.row.iter_unpack(frozen)

    def residual_of(self, index: int, bucket: int, current: int) -> list[int]:
        """Return the counters of one bucket that no row holds."""
        n = self.kind.values
        if bucket == current:
            out = [0] * n
            for finer in range(index + 1):
                for i, value in enumerate(self.live[finer].lost):
                    out[i] += value
            return out
        level = LEVELS[index]
        if not current - level.slots < bucket < current:
            return [0] * n
        slot = bucket % level.slots
        return list(self.residual[index][slot * n : slot * n + n])

    def sizes(self) -> tuple[int, int, int]:
        """Return (live keys, frozen rows, frozen bytes) for diagnostics."""
        live = sum(len(bucket.table) for bucket in self.live)
        size = self.row.size
        stored = sum(len(f) for level in self.frozen for f in level if f)
        return live, stored // size, stored


def _skipped(old: int, new: int, slots: int) -> range:
    """Return the bucket numbers strictly between old and new, at most one ring's worth."""
    return range(max(old + 1, new - slots + 1), new + 1)


# ---- the fact tables the aggregator keeps -----------------------------------------------------

FLOWS_OUT = FactKind("flows_out", "16s16sIH", 3, (32, 96, 64, 128))
"""Outbound flows: (device, remote, port_key of the remote port, country) -> flows, bytes sent,
bytes received (reverse counters of biflows)."""
FLOWS_IN = FactKind("flows_in", "16s16sIH", 3, (16, 48, 32, 64))
"""Inbound flows: (home address, remote, port_key of the home port, country) -> flows, bytes
received, bytes sent back."""
EVENTS = FactKind("events", "B16s16sIH", 1, (32, 96, 64, 128))
"""Firewall verdicts: (verdict | direction << 4, home-side address, remote, port_key of the
destination port, country of the remote) -> count. Addresses are zero for lines without any."""
DEVICES = FactKind("devices", "16s", 4, (64, 64, 64, 64))
"""Home devices: (device,) -> bytes received, bytes sent, flows, denied inbound attempts."""
KINDS: tuple[FactKind, ...] = (FLOWS_OUT, FLOWS_IN, EVENTS, DEVICES)

VERDICT_UNKNOWN, VERDICT_ALLOW, VERDICT_DENY, VERDICT_REJECT = 0, 1, 2, 3
DIR_IN, DIR_OUT, DIR_INTERNAL = 1 << 4, 2 << 4, 3 << 4
