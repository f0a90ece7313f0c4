"""Rolling 24-hour counters in fixed memory: scans per hour and distinct sources (HyperLogLog).

Counting distinct scanning sources exactly would need one entry per source, and internet noise
brings millions a day. A HyperLogLog (Flajolet et al., 2007) with 2**11 one-byte registers per
hour estimates the count with a standard error of about 1.04 / sqrt(2048) = 2.3 %; the 24 hourly
sketches merge by taking the register-wise maximum. Total: 24 x 2 KiB.
"""

from __future__ import annotations

import math
from base64 import b64decode, b64encode
from typing import Any

HOURS = 24
_P = 11
_M = 1 << _P
_MASK64 = (1 << 64) - 1
_ALPHA = 0.7213 / (1 + 1.079 / _M)


def mix64(value: int) -> int:
    """Fold an address to 64 bits and scramble it (splitmix64 finalizer) for the sketch."""
    x = (value ^ (value >> 64)) & _MASK64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK64
    return x ^ (x >> 31)


def hll_add(registers: bytearray, value: int) -> None:
    """Add one (already hashable-to-int) item to a sketch."""
    h = mix64(value)
    index = h >> (64 - _P)
    rest = h & ((1 << (64 - _P)) - 1)
    rank = (64 - _P) - rest.bit_length() + 1
    registers[index] = max(registers[index], rank)


def hll_estimate(registers: bytes | bytearray) -> int:
    """Estimate the distinct count of a sketch, with linear counting for small counts."""
    total = math.fsum(2.0**-r for r in registers)
    estimate = _ALPHA * _M * _M / total
    zeros = registers.count(0)
    if estimate <= 2.5 * _M and zeros:
        estimate = _M * math.log(_M / zeros)
    return round(estimate)


class RollingDay:
    """Per-hour scan counts and source sketches for the last 24 clock hours."""

    __slots__ = ("_hours", "_scans", "_sketches")

    def __init__(self) -> None:
        self._hours = [-1] * HOURS
        self._scans = [0] * HOURS
        self._sketches = [bytearray(_M) for _ in range(HOURS)]

    def _slot(self, now: float) -> int:
        hour = int(now // 3600)
        slot = hour % HOURS
        if self._hours[slot] != hour:
            self._hours[slot] = hour
            self._scans[slot] = 0
            self._sketches[slot][:] = bytes(_M)
        return slot

    def add_scan(self, now: float) -> None:
        """Count one detected scan."""
        self._scans[self._slot(now)] += 1

    def add_source(self, now: float, key: int) -> None:
        """Note a probing source (duplicates are free)."""
        hll_add(self._sketches[self._slot(now)], key)

    def _live(self, now: float) -> list[int]:
        hour = int(now // 3600)
        return [slot for slot in range(HOURS) if 0 <= hour - self._hours[slot] < HOURS]

    def scans(self, now: float) -> int:
        """Return the scans detected in the current and previous 23 clock hours."""
        return sum(self._scans[slot] for slot in self._live(now))

    def sources(self, now: float) -> int:
        """Return the estimated distinct probing sources over the same 24 hours."""
        live = [self._sketches[slot] for slot in self._live(now)]
        if not live:
            return 0
        merged = bytes(map(max, *live, strict=True)) if len(live) > 1 else bytes(live[0])
        return hll_estimate(merged)

    def export(self) -> dict[str, Any]:
        """Return the live hours as JSON-able data: [[hour, scans, base64 sketch], ...]."""
        return {
            "hours": [
                [self._hours[slot], self._scans[slot], b64encode(self._sketches[slot]).decode()]
                for slot in range(HOURS)
                if self._hours[slot] >= 0 and (self._scans[slot] or any(self._sketches[slot]))
            ]
        }

    def restore(self, data: object, now: float) -> None:
        """Add saved hours that are still within the last 24; malformed rows raise ValueError."""
        if not isinstance(data, dict) or not isinstance(data.get("hours"), list):
            raise TypeError("day is not an object with hours")
        current = int(now // 3600)
        for row in data["hours"]:
            hour, scans, sketch = row
            if not isinstance(hour, int) or not isinstance(scans, int) or scans < 0:
                raise ValueError(f"bad hour row {row!r}")
            registers = b64decode(str(sketch), validate=True)
            if len(registers) != _M or max(registers) > 64:
                raise ValueError("sketch has the wrong size")
            if not 0 <= current - hour < HOURS:
                continue
            slot = self._slot(hour * 3600.0)
            self._scans[slot] += scans
            self._sketches[slot][:] = bytes(map(max, self._sketches[slot], registers, strict=True))
