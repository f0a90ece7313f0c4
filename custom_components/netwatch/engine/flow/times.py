"""Flow start/end times: every wire encoding normalised to UTC epoch milliseconds."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import chain, repeat
from operator import gt
from typing import NamedTuple

from .ies import Kind
from .template import TemplateSpec

_NTP_EPOCH_OFFSET = 2_208_988_800
"""Seconds from 1900-01-01 (NTP era 0, RFC 7011 section 6.1.9) to 1970-01-01."""
_WRAP = 1 << 32

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
    subtemplates: Callable[[int], TemplateSpec | None] | None = None
    """Template id -> template of the same domain, for RFC 6313 lists (None: not needed)."""


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
    """Undo the 32-bit wrap of sysUptime between a flow's switch time and the header.

    A switch time above the header's sysUptime is taken as from before the uptime wrapped, and
    2^32 ms are subtracted, whatever the distance: nfdump 1.7.10 does exactly this (FortiGate
    sends first/last switched about 7 days above its sysUptime; taken as they are, its flows
    would lie a week in the future).
    """
    if uptime is None or not values or max(values) <= uptime:
        return values
    return [v - _WRAP if v > uptime else v for v in values]


def _no_wrap(starts: Sequence[int], ends: Sequence[int], uptime: int) -> bool:
    return max(chain(starts, ends)) <= uptime


def _convert(kind: Kind, values: Sequence[int], ctx: Context, base: int) -> Iterable[int]:
    if kind == Kind.T_MS:
        return values
    if kind == Kind.T_S:
        return map((1000).__mul__, values)
    if kind == Kind.T_NTP:
        return map(ntp_to_ms, values)
    if kind == Kind.T_DELTA_US:
        return [ctx.export_ms - v // 1000 for v in values]
    # An exporter clock less than 2^32 ms after 1970 (a test generator) has never wrapped.
    return map(base.__add__, _unwrap(values, ctx.uptime_ms) if base >= _WRAP else values)


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
            and (
                _no_wrap(starts, ends, up)
                if up is not None
                else not any(map(gt, starts, ends, strict=True))
            )
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
    if first[0] is Kind.T_UPTIME and last[0] is Kind.T_UPTIME and ctx.uptime_ms is None:
        # No header uptime (IPFIX IEs 21/22): a start after the end is from before a 32-bit
        # wrap of the exporter's uptime; nfdump subtracts 2^32 ms from the start, so do we.
        finishes = list(finishes)
        begins = [b - _WRAP if b > f else b for b, f in zip(begins, finishes, strict=True)]
    return begins, finishes, estimated
