"""Distinct remote sources over the last 24 hours in fixed memory (HyperLogLog).

One HyperLogLog sketch (Flajolet et al. 2007) per hour for 24 hours plus their running union.
With 2^11 one-byte registers the standard error is 1.04 / sqrt(2048) ≈ 2.3 %; small counts use
linear counting, which is nearly exact. Memory: 25 x 2 KiB whatever the number of sources.
Python's own `hash()` of an int is the int itself, so keys go through the splitmix64 finaliser to
spread their bits over the register index and the rank.
"""

from __future__ import annotations

import math

PRECISION = 11
REGISTERS = 1 << PRECISION
WINDOW_HOURS = 24
_MASK64 = (1 << 64) - 1
_INDEX_MASK = REGISTERS - 1
_RANK_BITS = 64 - PRECISION
_INVERSE_POWERS = tuple(2.0**-rank for rank in range(_RANK_BITS + 2))
_ALPHA = 0.7213 / (1 + 1.079 / REGISTERS)
# splitmix64's constants, named so hll.pxd can make them (and the arithmetic) C integers.
_GOLDEN = 0x9E3779B97F4A7C15
_MIX1 = 0xBF58476D1CE4E5B9
_MIX2 = 0x94D049BB133111EB


def mix64(key: int) -> int:
    """Hash an integer key (up to 129 bits) to 64 well-mixed bits (splitmix64 finaliser)."""
    z = (key ^ (key >> 64) ^ (key >> 128)) & _MASK64
    z = (z + _GOLDEN) & _MASK64
    z = ((z ^ (z >> 30)) * _MIX1) & _MASK64
    z = ((z ^ (z >> 27)) * _MIX2) & _MASK64
    return z ^ (z >> 31)


def estimate(registers: bytes | bytearray) -> int:
    """Return the cardinality estimate of one register array."""
    total = sum(map(_INVERSE_POWERS.__getitem__, registers))
    raw = _ALPHA * REGISTERS * REGISTERS / total
    zeros = registers.count(0)
    if raw <= 2.5 * REGISTERS and zeros:
        return round(REGISTERS * math.log(REGISTERS / zeros))
    return round(raw)


class RollingHLL:
    """Approximate count of distinct keys seen in the last 24 hours."""

    __slots__ = ("hours", "union")

    def __init__(self) -> None:
        self.hours = [bytearray(REGISTERS) for _ in range(WINDOW_HOURS)]
        self.union = bytearray(REGISTERS)

    def add(self, hour: int, key: int) -> None:
        """Record `key` in the sketch of `hour` (already advanced to)."""
        hashed = mix64(key)
        index = hashed & _INDEX_MASK
        rank = _RANK_BITS - (hashed >> PRECISION).bit_length() + 1
        current = self.hours[hour % WINDOW_HOURS]
        if rank > current[index]:
            current[index] = rank
            self.union[index] = max(self.union[index], rank)

    def advance(self, old_hour: int, new_hour: int) -> None:
        """Drop the sketches of hours that left the window and rebuild the union."""
        if new_hour == old_hour:
            return
        first = max(old_hour + 1, new_hour - WINDOW_HOURS + 1)
        for hour in range(first, new_hour + 1):
            self.hours[hour % WINDOW_HOURS] = bytearray(REGISTERS)
        self.rebuild_union()

    def rebuild_union(self) -> None:
        """Recompute the union register-wise (once per hour: ~2 ms)."""
        union = bytearray(REGISTERS)
        for sketch in self.hours:
            if any(sketch):
                union = bytearray(map(max, union, sketch, strict=True))
        self.union = union

    def merge_hour(self, hour: int, registers: bytes) -> None:
        """Merge saved registers into the sketch of `hour` (restore)."""
        current = self.hours[hour % WINDOW_HOURS]
        self.hours[hour % WINDOW_HOURS] = bytearray(map(max, current, registers, strict=True))

    def count(self, now_hour: int, current_hour: int) -> int:
        """Return the estimated distinct keys of the 24 hours ending at `now_hour` (pure)."""
        if now_hour <= current_hour:
            return estimate(self.union)
        union = bytearray(REGISTERS)
        for hour in range(now_hour - WINDOW_HOURS + 1, current_hour + 1):
            union = bytearray(map(max, union, self.hours[hour % WINDOW_HOURS], strict=True))
        return estimate(union)
