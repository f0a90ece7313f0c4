"""Flow start/end times: every wire encoding normalised to UTC epoch milliseconds."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import repeat

from .ies import Kind

_NTP_EPOCH_OFFSET = 2_208_988_800
"""Seconds from 1900-01-01 (NTP era 0, RFC 7011 section 6.1.9) to 1970-01-01."""
_WRAP = 1 << 32
_HALF = 1 << 31

TimeSpec = tuple[Kind, Sequence[int]] | None


@dataclass(frozen=True, slots=True)
class TimeContext:
    """Time references of one export message."""

    export_ms: int = 0
    """Header export time (unix seconds; v5 adds its nanoseconds)."""
    uptime_ms: int | None = None
    """v5/v9 header sysUptime, to detect the 32-bit millisecond wrap (every 49.7 days)."""
    boot_ms: int | None = None
    """Epoch ms of exporter uptime 0: from the v5/v9 header, or IPFIX systemInitTimeMilliseconds."""


def ntp_to_ms(value: int) -> int:
    """Convert a 64-bit NTP timestamp to epoch milliseconds."""
    return ((value >> 32) - _NTP_EPOCH_OFFSET) * 1000 + (((value & 0xFFFFFFFF) * 1000) >> 32)


def _uptime_base(ctx: TimeContext, columns: list[Sequence[int]]) -> int:
    if ctx.boot_ms is not None:
        return ctx.boot_ms
    # IPFIX uptime-relative times without systemInitTimeMilliseconds from an options record:
    # assume the most recent end in this set happened at export time (keeps durations).
    latest = max((max(c) for c in columns if c), default=0)
    return ctx.export_ms - latest


def _unwrap(values: Sequence[int], uptime: int | None) -> Sequence[int]:
    """Undo the 32-bit wrap of sysUptime between a flow's switch time and the header."""
    if uptime is None or not values:
        return values
    if max(values) - uptime <= _HALF and uptime - min(values) <= _HALF:
        return values
    return [
        v - _WRAP if v - uptime > _HALF else v + _WRAP if uptime - v > _HALF else v for v in values
    ]


def _convert(kind: Kind, values: Sequence[int], ctx: TimeContext, base: int) -> Sequence[int]:
    if kind == Kind.T_MS:
        return values
    if kind == Kind.T_S:
        return [v * 1000 for v in values]
    if kind == Kind.T_NTP:
        return [ntp_to_ms(v) for v in values]
    if kind == Kind.T_DELTA_US:
        return [ctx.export_ms - v // 1000 for v in values]
    return list(map(base.__add__, _unwrap(values, ctx.uptime_ms)))


def time_columns(
    first: TimeSpec, last: TimeSpec, ctx: TimeContext, n: int
) -> tuple[Iterable[int], Iterable[int]]:
    """Return (first, last) in epoch ms; one missing copies the other, both missing: export time."""
    uptime_cols = [spec[1] for spec in (first, last) if spec and spec[0] == Kind.T_UPTIME]
    base = _uptime_base(ctx, uptime_cols) if uptime_cols else 0
    start = _convert(first[0], first[1], ctx, base) if first else None
    end = _convert(last[0], last[1], ctx, base) if last else None
    if start is None and end is None:
        return repeat(ctx.export_ms, n), repeat(ctx.export_ms, n)
    return (start if start is not None else end), (end if end is not None else start)  # type: ignore[return-value]
