# cython: boundscheck=False, wraparound=False
"""Record-by-record decode of fixed-length data sets: the loop compiled builds run.

`DataPlan.build` turns columns into records with map/zip, which is what pure Python runs
fastest. Compiled (rows.pxd), the loop below reads every field straight from the set's bytes as a
C integer and fills one record at a time, with no struct, no tuple per record and no column:
the same records, several times faster. `row_spec` is its recipe, computed once per template:
(attribute index, byte offset, byte length, role) per field, packed into bytes the C loop reads
through a pointer. Compiled, each record is allocated and filled by `_record`'s C twin
(rows.pxd: what `tuple.__new__` does for a tuple subclass, without its argument parsing and
its intermediate tuple). The module has no negative index (`wraparound=False`), and every
index is in range by construction: offsets come from the template, `count` from the length.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..records import FlowRecord

try:  # compiled by Cython (netwatch-speedups): True, and `_record` is the C helper in rows.pxd
    import cython

    _COMPILED: bool = cython.compiled
except ImportError:  # pure Python
    _COMPILED = False
from .ies import Kind
from .times import Context

if TYPE_CHECKING:
    from .plan import DataPlan

_NEW = tuple.__new__
_FROM = int.from_bytes
_AT = {name: i for i, name in enumerate(FlowRecord._fields)}
_COUNTER_AT = frozenset(_AT[n] for n in ("bytes", "packets", "reverse_bytes", "reverse_packets"))
_PROTOCOL, _SAMPLING, _EXPORTER = _AT["protocol"], _AT["sampling_interval"], _AT["exporter"]
_FIRST, _LAST, _ESTIMATED = _AT["first"], _AT["last"], _AT["times_estimated"]
_SRC_PORT, _DST_PORT = _AT["src_port"], _AT["dst_port"]
_ICMP_TYPE, _ICMP_CODE = _AT["icmp_type"], _AT["icmp_code"]
_LIMIT = 1 << 62
"""Uptime-relative times and boot times beyond this go to `build` (C long long arithmetic)."""
# Roles of a field in row_spec.
_UINT, _COUNTER, _PROTO, _WIDE, _START, _END = 0, 1, 2, 3, 4, 5
_SPEC = struct.Struct("!BHHB")
"""One field of row_spec: attribute index, offset and length in the record, role."""


def row_spec(
    lengths: Iterable[int],
    rows: dict[int, int],
    row_fields: tuple[tuple[int, int], ...],
    time_rows: tuple[int, int] | None,
) -> bytes:
    """Return the flat (attribute index, offset, length, role) recipe of `decode_rows`.

    `lengths`: every field's length in template order; `rows`: field position -> row index;
    `time_rows`: the rows of the start and end times `decode_rows` converts, else None.
    """
    place: dict[int, tuple[int, int]] = {}
    offset = 0
    for pos, length in enumerate(lengths):
        if pos in rows:
            place[rows[pos]] = (offset, length)
        offset += length
    spec = bytearray()
    for at, row in row_fields:
        offset, length = place[row]
        role = (
            _WIDE if length > 8 else
            _COUNTER if at in _COUNTER_AT else _PROTO if at == _PROTOCOL else _UINT
        )  # fmt: skip
        spec += _SPEC.pack(at, offset, length, role)
    if time_rows is not None:
        for at, row, role in ((_FIRST, time_rows[0], _START), (_LAST, time_rows[1], _END)):
            spec += _SPEC.pack(at, *place[row], role)
    return bytes(spec)


def decode_rows(plan: DataPlan, body: bytes | memoryview, ctx: Context) -> list[FlowRecord] | None:
    """Decode a fixed-length set record by record, as `plan.build` would; None where it cannot.

    None (use `build`) for sets the plan does not decode by rows (`by_rows`), and where
    `time_columns` would leave its fast path: uptime-relative times without a boot time, above
    the header's sysUptime (a 32-bit wrap), or without a header uptime and a start after the end.
    """
    size = plan.size
    count = len(body) // size if size and plan.by_rows else 0
    if not count:
        return [] if plan.by_rows else None
    kind = plan.row_times
    boot, uptime = 0, -1
    if kind is Kind.T_UPTIME:
        if ctx.boot_ms is None or not -_LIMIT < ctx.boot_ms < _LIMIT:
            return None  # build() estimates the boot time from the set
        boot = ctx.boot_ms
        uptime = ctx.uptime_ms if ctx.uptime_ms is not None else -1
    values = list(plan.row_consts)
    values[_EXPORTER] = ctx.exporter
    if ctx.sampling != 1:
        values[_SAMPLING] = ctx.sampling
    if kind is None:
        values[_FIRST] = values[_LAST] = ctx.export_ms
    values[_ESTIMATED] = kind is None  # export time stands in for missing times
    mode = 1 if kind is Kind.T_UPTIME else 2 if kind is not None else 0
    return _loop(plan, bytes(body[: count * size]), values, ctx, (mode, boot, uptime))


def _loop(
    plan: DataPlan, data: bytes, values: list[Any], ctx: Context, clock: tuple[int, int, int]
) -> list[FlowRecord] | None:
    """Decode every record of `data` into a copy of `values`; None where `build` must.

    clock: (mode, boot time, header uptime); mode 1: uptime-relative times, 2: milliseconds,
    0: none (export time, already in `values`).
    """
    records: list[FlowRecord] = []
    mode, boot, uptime = clock
    size, recipe = plan.size, plan.row_spec
    fields, count = len(recipe), len(data) // size
    buf, spec = data, recipe  # byte pointers when compiled (lengths taken above)
    sampling = ctx.sampling
    scaled = sampling != 1
    for i in range(count):
        base = i * size
        proto = start = end = 0
        for k in range(0, fields, 6):
            at, role = spec[k], spec[k + 5]
            offset = base + ((spec[k + 1] << 8) | spec[k + 2])
            length = (spec[k + 3] << 8) | spec[k + 4]
            if role == _WIDE:
                values[at] = _FROM(data[offset : offset + length])
                continue
            value = _read(buf, offset, length)
            if role == _START:
                start = value
            elif role == _END:
                end = value
            else:
                if role == _COUNTER and scaled:
                    values[at] = value * sampling
                else:
                    values[at] = value
                if role == _PROTO:
                    proto = value
        if mode == 2:  # milliseconds already
            values[_FIRST] = start
            values[_LAST] = end
        elif mode == 1 and not _uptime_times(values, boot, uptime, start, end):
            return None  # the 32-bit uptime wrapped: build() unwraps
        records.append(
            _icmp_record(plan, values, data, base) if proto in {1, 58} else _record(values)
        )
    return records


def _read(buf: bytes, offset: int, length: int) -> int:
    """Return the big-endian unsigned integer of `length` (at most 8) bytes at `offset`."""
    value = 0
    for j in range(offset, offset + length):
        value = (value << 8) | buf[j]
    return value


def _uptime_times(values: list[Any], boot: int, uptime: int, start: int, end: int) -> bool:
    """Set first/last from uptime-relative times; False (set nothing) where `build` must."""
    if start >= _LIMIT or end >= _LIMIT:
        return False
    if (start > uptime or end > uptime) if uptime >= 0 else start > end:
        return False  # a 32-bit wrap of the uptime
    first_ms, last_ms = start, end  # below _LIMIT: C long longs, signed as `boot`
    values[_FIRST] = boot + first_ms
    values[_LAST] = boot + last_ms
    return True


def _icmp_record(plan: DataPlan, values: list[Any], data: bytes, base: int) -> FlowRecord:
    """Return the record of an ICMP row (type/code, zero ports), as `DataPlan.build` does."""
    assert plan.struct is not None  # by_rows: a fixed-length template
    row = plan.struct.unpack_from(data, base)
    attrs = plan.attrs
    combined = attrs.get("icmp")
    types, codes = attrs.get("icmp_type"), attrs.get("icmp_code")
    if combined is not None:
        value = _uint(row[combined[0]])
        icmp_type, icmp_code = value >> 8, value & 0xFF
    elif types is not None:
        icmp_type = _uint(row[types[0]])
        icmp_code = _uint(row[codes[0]]) if codes is not None else 0
    else:
        port = values[_DST_PORT] or values[_SRC_PORT]
        icmp_type, icmp_code = port >> 8, port & 0xFF
    values[_SRC_PORT] = values[_DST_PORT] = 0
    values[_ICMP_TYPE], values[_ICMP_CODE] = icmp_type, icmp_code
    record = _record(values)
    values[_ICMP_TYPE] = values[_ICMP_CODE] = -1  # the next record's defaults
    return record


def _record(values: list[Any]) -> FlowRecord:
    """Return the FlowRecord of `values` (compiled: allocated and filled in C, see rows.pxd)."""
    if _COMPILED:
        return make_record(FlowRecord, values)  # type: ignore[name-defined,no-any-return]  # noqa: F821
    return _NEW(FlowRecord, values)


def _uint(value: int | bytes) -> int:
    """Return a field value as `build` sees it: struct's int, or the int of a `3s` field."""
    return value if isinstance(value, int) else _FROM(value)
