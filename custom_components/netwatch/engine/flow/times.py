"""Flow start/end times: every wire encoding normalised to UTC epoch milliseconds."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import chain, repeat
from operator import gt
from typing import NamedTuple

from .ies import Kind

_NTP_EPOCH_OFFSET = 2_208_988_800
"""Seconds from 1900-01-01 (NTP era 0, RFC 7011 section 6.1.9) to 1970-01-01."""
_WRAP = 1 << 32
_HALF = 1 << 31

TimeSpec = tuple[Kind, Sequence[int]] | None


class Context(NamedTuple):
    """What a data set needs beyond its bytes: exporter, time references, sampling in force."""

    exporter: str
    export_ms: int
    """Header export time (unix seconds; v5 adds its nanoseconds)."""
    uptime_ms: int | None
    """v5/v9 header sysUptime, to detect the 32-bit millisecond wrap (every 49.7 days)."""
    boot_ms: int | None
    """Epoch ms of exporter uptime 0: from the v5/v9 header, or IPFIX systemInitTimeMilliseconds."""
    sampling: int = 1
    samplers: Mapping[int, int] | None = None
    """Sampler/selector id -> interval, from options records."""


def ntp_to_ms(value: int) -> int:
    """Convert a 64-bit NTP timestamp to epoch milliseconds."""
    return ((value >> 32) - _NTP_EPOCH_OFFSET) * 1000 + (((value & 0xFFFFFFFF) * 1000) >> 32)


def _uptime_base(ctx: Context, columns: list[Sequence[int]]) -> int:
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


def _no_wrap(starts: Sequence[int], ends: Sequence[int], uptime: int) -> bool:
    return max(chain(starts, ends)) - uptime <= _HALF >= uptime - min(chain(starts, ends))


def _convert(kind: Kind, values: Sequence[int], ctx: Context, base: int) -> Iterable[int]:
    if kind == Kind.T_MS:
        return values
    if kind == Kind.T_S:
        return map((1000).__mul__, values)
    if kind == Kind.T_NTP:
        return map(ntp_to_ms, values)
    if kind == Kind.T_DELTA_US:
        return [ctx.export_ms - v // 1000 for v in values]
    return map(base.__add__, _unwrap(values, ctx.uptime_ms))


def time_columns(
    first: TimeSpec, last: TimeSpec, ctx: Context, n: int
) -> tuple[Iterable[int], Iterable[int], bool]:
    """Return (first, last, estimated) in epoch ms; one missing copies the other.

    `estimated` is True when the times are netwatch's guess: no time field at all (export time
    stands in) or uptime-relative times without a known boot time (see _uptime_base).
    """
    if first is not None and last is not None and first[0] is last[0]:
        # Fast paths for what nearly every exporter sends: both ends in the same encoding.
        kind, starts, ends = first[0], first[1], last[1]
        if kind is Kind.T_MS:
            return starts, ends, False
        up, boot = ctx.uptime_ms, ctx.boot_ms
        if (
            kind is Kind.T_UPTIME
            and boot is not None
            and (up is None or _no_wrap(starts, ends, up))
            and not any(map(gt, starts, ends, strict=True))
        ):
            return map(boot.__add__, starts), map(boot.__add__, ends), False
    if first is None and last is None:
        return repeat(ctx.export_ms, n), repeat(ctx.export_ms, n), True
    uptime_cols = [spec[1] for spec in (first, last) if spec and spec[0] == Kind.T_UPTIME]
    base = _uptime_base(ctx, uptime_cols) if uptime_cols else 0
    estimated = bool(uptime_cols) and ctx.boot_ms is None
    if first is None or last is None:
        only = first or last
        assert only is not None
        values = list(_convert(only[0], only[1], ctx, base))
        return values, values, estimated
    begins = _convert(first[0], first[1], ctx, base)
    finishes = _convert(last[0], last[1], ctx, base)
    if first[0] is Kind.T_UPTIME and last[0] is Kind.T_UPTIME:
        # A start after the end even once the header's wrap is undone: the start is from before
        # a 32-bit uptime wrap the header does not show (FortiGate sends first switched above
        # sysUptime). nfdump subtracts 2^32 ms from the start then; so do we.
        finishes = list(finishes)
        begins = [b - _WRAP if b > f else b for b, f in zip(begins, finishes, strict=True)]
    return begins, finishes, estimated
