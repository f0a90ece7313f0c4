"""Per-template decode plans: one precompiled struct.Struct and a column recipe per template.

Decoding a data set unpacks every record with `Struct.iter_unpack`, transposes the rows into
columns with `zip(*rows)` and builds the FlowRecords column-wise with `map`/`repeat`, so the
per-flow work runs in C: no dict, no `ipaddress` object and no Python loop per flow, except for
the rare fix-ups (ICMP records, mixed IPv4/IPv6 templates, 32-bit uptime wrap, NTP times).
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from operator import and_, mul, rshift
from typing import Any

from ..records import FlowRecord
from .ies import FIELD_TABLE, VARIABLE_LENGTH, Kind
from .template import Fields
from .times import TimeContext, time_columns

_NEW = tuple.__new__
_FROM = int.from_bytes
_UINT_CODES = {1: "B", 2: "H", 4: "I", 8: "Q"}
_KIND_LENGTHS = {Kind.ADDR4: (4,), Kind.ADDR6: (16,), Kind.MAC: (6,), Kind.T_NTP: (8,)}
_ICMP = (1, 58)


@dataclass(frozen=True, slots=True)
class Context(TimeContext):
    """What a data set needs beyond its bytes: exporter, times and sampling in force."""

    exporter: str = ""
    sampling: int = 1
    samplers: dict[int, int] = field(default_factory=dict)


def _length_ok(kind: Kind, length: int) -> bool:
    allowed = _KIND_LENGTHS.get(kind)
    return length in allowed if allowed else 1 <= length <= 8


def select_fields(fields: Fields) -> dict[str, tuple[int, Kind]]:
    """Pick, for every attribute, the most preferred usable field: attribute -> (position, kind)."""
    best: dict[str, tuple[int, int, Kind]] = {}
    for pos, (key, length) in enumerate(fields):
        for attr, kind, rank in FIELD_TABLE.get(key, ()):
            if length == VARIABLE_LENGTH or not _length_ok(kind, length):
                continue
            current = best.get(attr)
            if current is None or rank < current[0]:
                best[attr] = (rank, pos, kind)
    return {attr: (pos, kind) for attr, (_rank, pos, kind) in best.items()}


class DataPlan:
    """Decode the data records of one template into FlowRecords."""

    __slots__ = (
        "attrs",
        "bytes_rows",
        "min_length",
        "size",
        "steps",
        "struct",
        "template_id",
        "version",
    )

    def __init__(self, version: int, template_id: int, fields: Fields) -> None:
        self.version = version
        self.template_id = template_id
        selected = select_fields(fields)
        rows: dict[int, int] = {}  # field position -> row index
        for pos in sorted({pos for pos, _kind in selected.values()}):
            rows[pos] = len(rows)
        self.attrs = {attr: (rows[pos], kind) for attr, (pos, kind) in selected.items()}
        codes: list[str] = []
        steps: list[tuple[int, int]] = []  # (length, 0 skip / 1 int / 2 bytes) for variable plans
        bytes_rows: list[int] = []
        for pos, (_key, length) in enumerate(fields):
            if pos not in rows:
                codes.append(f"{length}x" if length and length != VARIABLE_LENGTH else "")
                steps.append((length, 0))
                continue
            kind = next(k for p, k in selected.values() if p == pos)
            code = "I" if kind == Kind.ADDR4 else _UINT_CODES.get(length, f"{length}s")
            raw = code.endswith("s")
            if raw:
                bytes_rows.append(rows[pos])
            codes.append(code)
            steps.append((length, 2 if raw else 1))
        variable = any(length == VARIABLE_LENGTH for _key, length in fields)
        self.struct = None if variable else struct.Struct("!" + "".join(codes))
        self.steps = tuple(steps) if variable else ()
        self.size = self.struct.size if self.struct else 0
        self.min_length = sum(1 if n == VARIABLE_LENGTH else n for n, _s in steps)
        self.bytes_rows = tuple(bytes_rows)

    def rows(self, body: bytes | memoryview) -> list[tuple[Any, ...]]:
        """Split a data set body into raw rows; trailing bytes shorter than a record are padding."""
        if self.struct is not None:
            count = len(body) // self.size
            return list(self.struct.iter_unpack(body[: count * self.size])) if count else []
        return _variable_rows(self.steps, body, self.min_length)

    def decode(self, body: bytes | memoryview, ctx: Context) -> list[FlowRecord]:
        """Decode every record of a data set body."""
        rows = self.rows(body)
        return self.build(rows, ctx) if rows else []

    def build(self, rows: list[tuple[Any, ...]], ctx: Context) -> list[FlowRecord]:
        """Turn raw rows into FlowRecords column by column."""
        n = len(rows)
        cols: list[Sequence[Any]] = list(zip(*rows, strict=True)) if rows[0] else []
        for row in self.bytes_rows:
            cols[row] = list(map(_FROM, cols[row]))
        attrs = self.attrs

        def col(attr: str, default: int = 0) -> Iterable[int]:
            spec = attrs.get(attr)
            return cols[spec[0]] if spec else repeat(default, n)

        version, src, dst = self._addresses(cols, n)
        sampling = self._sampling(cols, ctx, n)
        counters: list[Iterable[int]]
        names = ("bytes", "packets", "reverse_bytes", "reverse_packets")
        if isinstance(sampling, int):
            counters = [col(a) if sampling == 1 else map(sampling.__mul__, col(a)) for a in names]
            samp_col: Iterable[int] = repeat(sampling, n)
        else:
            counters = [map(mul, col(a), sampling, strict=True) for a in names]
            samp_col = sampling
        first, last = time_columns(
            self._time_spec(cols, "first"), self._time_spec(cols, "last"), ctx, n
        )
        # FlowRecord field order; ICMP type/code are filled in by the fix-up below.
        out = (
            repeat(ctx.exporter, n), repeat(self.version, n), repeat(self.template_id, n),
            version, src, dst, col("src_port"), col("dst_port"), col("protocol"),
            col("tcp_flags"), col("tos"), counters[0], counters[1], first, last, samp_col,
            counters[2], counters[3], col("in_if"), col("out_if"), repeat(-1, n), repeat(-1, n),
            col("src_mac"), col("dst_mac"), col("direction", -1), col("forwarding_status", -1),
        )  # fmt: skip
        records: list[FlowRecord] = list(map(_NEW, repeat(FlowRecord), zip(*out, strict=False)))
        proto = attrs.get("protocol")
        if proto is not None and (1 in cols[proto[0]] or 58 in cols[proto[0]]):
            self._fix_icmp(records, cols)
        return records

    def _time_spec(self, cols: list[Sequence[Any]], attr: str) -> tuple[Kind, Sequence[int]] | None:
        spec = self.attrs.get(attr)
        return (spec[1], cols[spec[0]]) if spec else None

    def _addresses(
        self, cols: list[Sequence[Any]], n: int
    ) -> tuple[Iterable[int], Iterable[int], Iterable[int]]:
        attrs = self.attrs
        v4 = [cols[attrs[a][0]] if a in attrs else None for a in ("src4", "dst4")]
        v6 = [cols[attrs[a][0]] if a in attrs else None for a in ("src6", "dst6")]
        if v6[0] is None and v6[1] is None:
            return repeat(4, n), v4[0] or repeat(0, n), v4[1] or repeat(0, n)
        if v4[0] is None and v4[1] is None:
            return repeat(6, n), v6[0] or repeat(0, n), v6[1] or repeat(0, n)
        # Both families in one template (Procera): a record is IPv6 when it carries an IPv6 address.
        s4, d4 = v4[0] or [0] * n, v4[1] or [0] * n
        s6, d6 = v6[0] or [0] * n, v6[1] or [0] * n
        versions = [6 if a or b else 4 for a, b in zip(s6, d6, strict=True)]
        src = [b if v == 6 else a for v, a, b in zip(versions, s4, s6, strict=True)]
        dst = [b if v == 6 else a for v, a, b in zip(versions, d4, d6, strict=True)]
        return versions, src, dst

    def _sampling(self, cols: list[Sequence[Any]], ctx: Context, n: int) -> int | list[int]:
        attrs = self.attrs
        if "sampling" in attrs:
            return [v or 1 for v in cols[attrs["sampling"][0]]]
        if "sampler_id" in attrs and ctx.samplers:
            get = ctx.samplers.get
            return [get(v, ctx.sampling) for v in cols[attrs["sampler_id"][0]]]
        return ctx.sampling

    def _fix_icmp(self, records: list[FlowRecord], cols: list[Sequence[Any]]) -> None:
        """Give ICMP records their type/code and zero ports (which carry type * 256 + code)."""
        attrs = self.attrs
        protos = cols[attrs["protocol"][0]]
        combined = attrs.get("icmp")
        types, codes = attrs.get("icmp_type"), attrs.get("icmp_code")
        for i, proto in enumerate(protos):
            if proto not in _ICMP:
                continue
            rec = records[i]
            if combined is not None:
                value = cols[combined[0]][i]
                icmp_type, icmp_code = rshift(value, 8), and_(value, 0xFF)
            elif types is not None:
                icmp_type = cols[types[0]][i]
                icmp_code = cols[codes[0]][i] if codes is not None else 0
            else:
                # v5/v9 exporters encode type * 256 + code in the destination port (nfdump
                # reads it there too); a few put it in the source port instead.
                port = rec.dst_port or rec.src_port
                icmp_type, icmp_code = port >> 8, port & 0xFF
            records[i] = _NEW(
                FlowRecord, (*rec[:6], 0, 0, *rec[8:20], icmp_type, icmp_code, *rec[22:])
            )


def _variable_rows(
    steps: tuple[tuple[int, int], ...], body: bytes | memoryview, min_length: int
) -> list[tuple[Any, ...]]:
    """Split records of a template with variable-length fields (RFC 7011 section 7)."""
    rows: list[tuple[Any, ...]] = []
    pos, end = 0, len(body)
    while end - pos >= min_length and min_length:
        row: list[Any] = []
        for length, action in steps:
            size = length
            if length == VARIABLE_LENGTH:
                if pos >= end:
                    return rows
                size = body[pos]
                pos += 1
                if size == 255:
                    if pos + 2 > end:
                        return rows
                    size = (body[pos] << 8) | body[pos + 1]
                    pos += 2
            if pos + size > end:
                return rows  # truncated record: keep the complete ones
            if action:
                chunk = body[pos : pos + size]
                row.append(bytes(chunk) if action == 2 else _FROM(chunk))
            pos += size
        rows.append(tuple(row))
    return rows
