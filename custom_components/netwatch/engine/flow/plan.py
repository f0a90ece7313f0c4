"""Per-template decode plans: one precompiled struct.Struct and a column recipe per template.

Decoding a data set unpacks all its records with one struct (the record format repeated; larger
sets with `Struct.iter_unpack`), takes every field's column with a strided slice and builds the
FlowRecords column-wise with `map`/`repeat`/`zip`, so the
per-flow work runs in C: no dict, no `ipaddress` object and no Python loop per flow, except for
the rare fix-ups (ICMP records, mixed IPv4/IPv6 templates, 32-bit uptime wrap, NTP times).
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Sequence
from itertools import repeat
from operator import and_, itemgetter, mul, or_, rshift
from typing import Any, Final

from ..records import FlowRecord
from .ies import VARIABLE_LENGTH, Kind
from .layout import RecordCut, select_fields, variable_rows, whole_set
from .lists import list_flags
from .rows import decode_rows, row_spec
from .template import Fields
from .times import Context, time_columns

try:  # compiled by Cython (netwatch-speedups): True, and decode() takes the record loop
    import cython

    _COMPILED: bool = cython.compiled
except ImportError:  # pure Python, the usual case and the oracle
    _COMPILED = False

_NEW = tuple.__new__
_RECORD_TYPE = repeat(FlowRecord)  # infinite and stateless: shared by every map() below
_FROM = int.from_bytes
_UINT_CODES = {1: "B", 2: "H", 4: "I", 8: "Q"}
_ICMP = (1, 58)
_WHOLE_SET_MAX = 64
"""Sets of up to this many records are unpacked by one struct covering the whole set."""
_AT: Final = {name: i for i, name in enumerate(FlowRecord._fields)}
_COUNTERS: Final = ("bytes", "packets", "reverse_bytes", "reverse_packets")
_SRC_PORT, _DST_PORT = _AT["src_port"], _AT["dst_port"]
_ICMP_TYPE, _ICMP_CODE = _AT["icmp_type"], _AT["icmp_code"]
_ROW_TIMES: Final = (Kind.T_MS, Kind.T_UPTIME)
"""Time encodings `rows` handles itself (the others go through time_columns)."""
# Attributes copied straight from a field, and their value when the template lacks the field.
_DIRECT: Final = {
    "src_port": 0, "dst_port": 0, "protocol": 0, "tcp_flags": 0, "tos": 0, "bytes": 0,
    "packets": 0, "reverse_bytes": 0, "reverse_packets": 0, "in_if": 0, "out_if": 0,
    "src_mac": 0, "dst_mac": 0, "direction": -1, "forwarding_status": -1, "src_vlan": 0,
    "dst_vlan": 0, "src_mask": 0, "dst_mask": 0,
}  # fmt: skip


class DataPlan:
    """Decode the data records of one template into FlowRecords."""

    __slots__ = (
        "attrs",
        "by_rows",
        "bytes_rows",
        "consts",
        "flag_extras",
        "getter",
        "min_length",
        "mixed",
        "multi_list",
        "row_consts",
        "row_fields",
        "row_spec",
        "row_time_rows",
        "row_times",
        "size",
        "slicer",
        "steps",
        "struct",
        "template_id",
        "version",
        "width",
    )

    def __init__(self, version: int, template_id: int, fields: Fields) -> None:
        self.version = version
        self.template_id = template_id
        selected = select_fields(fields)
        rows: dict[int, int] = {}  # field position -> row index
        for pos in sorted({pos for pos, _kind in selected.values()}):
            rows[pos] = len(rows)
        self.width = len(rows)
        self.attrs = {attr: (rows[pos], kind) for attr, (pos, kind) in selected.items()}
        self.flag_extras = "tcp_flags_more" in self.attrs or "lists" in self.attrs
        lists = selected.get("lists")
        self.multi_list = lists is not None and fields[lists[0]][0] == 293
        self._compile_struct(fields, selected, rows)
        self._compile_layout()  # reads flag_extras (which sets `rows` can decode)
        times = self.row_time_rows if self.row_times is not None else None
        lengths = (length for _key, length in fields)
        self.row_spec = row_spec(lengths, rows, self.row_fields, times) if self.struct else b""

    def _compile_struct(
        self, fields: Fields, selected: dict[str, tuple[int, Kind]], rows: dict[int, int]
    ) -> None:
        codes: list[str] = []
        steps: list[tuple[int, int]] = []  # (length, 0 skip / 1 int / 2 bytes) for variable plans
        bytes_rows: list[int] = []
        kinds = {pos: kind for pos, kind in selected.values()}
        for pos, (_key, length) in enumerate(fields):
            if pos not in rows:
                codes.append(f"{length}x" if length and length != VARIABLE_LENGTH else "")
                steps.append((length, 0))
                continue
            code = "I" if kinds[pos] == Kind.ADDR4 else _UINT_CODES.get(length, f"{length}s")
            if kinds[pos] is Kind.LIST:
                code = f"{length}s"  # stays bytes: lists.py reads it
            raw = code.endswith("s")
            if raw and kinds[pos] is not Kind.LIST:
                bytes_rows.append(rows[pos])
            codes.append(code)
            steps.append((length, 2 if raw else 1))
        variable = any(length == VARIABLE_LENGTH for _key, length in fields)
        self.struct = None if variable else struct.Struct("!" + "".join(codes))
        self.steps = tuple(steps) if variable else ()
        self.size = self.struct.size if self.struct else 0
        self.min_length = sum(1 if n == VARIABLE_LENGTH else n for n, _s in steps)
        self.bytes_rows = tuple(bytes_rows)
        width = len(rows)
        self.slicer = itemgetter(*(slice(i, None, width) for i in range(width))) if width else None

    def _compile_layout(self) -> None:
        """Map each FlowRecord field to a row column or a constant (an endless repeat)."""
        attrs, width = self.attrs, self.width
        consts: list[Iterable[Any]] = []
        picks: list[int] = []

        def const(value: object) -> int:
            consts.append(repeat(value))
            return width + len(consts) - 1

        has4 = "src4" in attrs or "dst4" in attrs
        has6 = "src6" in attrs or "dst6" in attrs
        self.mixed = has4 and has6
        family = "6" if has6 and not has4 else "4"
        layout = {
            "version": const(self.version),
            "template_id": const(self.template_id),
            "ip_version": const(int(family)),
            "src_addr": attrs[f"src{family}"][0] if f"src{family}" in attrs else const(0),
            "dst_addr": attrs[f"dst{family}"][0] if f"dst{family}" in attrs else const(0),
            "sampling_interval": const(1),
            "icmp_type": const(-1),
            "icmp_code": const(-1),
        }
        for attr, default in _DIRECT.items():
            layout[attr] = attrs[attr][0] if attr in attrs else const(default)
        # The next hop of the flow's own family when the template has both (nprobe sends 15 and
        # 62 in one template); a next hop of the other family is still a next hop.
        hops = [v for v in (family, "6" if family == "4" else "4") if f"next_hop{v}" in attrs]
        layout["next_hop_version"] = const(int(hops[0]) if hops else 0)
        layout["next_hop"] = attrs[f"next_hop{hops[0]}"][0] if hops else const(0)
        for attr in ("first", "last", "exporter", "times_estimated"):
            layout[attr] = const(None)  # filled per data set
        picks = [layout[name] for name in FlowRecord._fields]
        self.consts = consts
        self.getter = itemgetter(*picks)
        # The record-by-record recipe of `rows`: (attribute index, row index) of each field taken
        # from the wire, and every attribute's constant (None where a row or the set fills it).
        self.row_fields = tuple((at, pick) for at, pick in enumerate(picks) if pick < width)
        values: list[Any] = [None] * len(picks)
        for at, pick in enumerate(picks):
            if pick >= width:
                values[at] = next(iter(consts[pick - width]))  # an endless repeat: its value
        self.row_consts = tuple(values)
        first, last = attrs.get("first"), attrs.get("last")
        same_time = first is not None and last is not None and first[1] is last[1]
        self.row_times = first[1] if same_time and first and first[1] in _ROW_TIMES else None
        self.row_time_rows = (first[0], last[0]) if first and last else (0, 0)
        self.by_rows = (
            self.struct is not None
            and width > 0
            and not self.mixed
            and not self.flag_extras
            and "sampling" not in attrs
            and "sampler_id" not in attrs
            and (self.row_times is not None or (first is None and last is None))
        )

    def columns(
        self, body: bytes | memoryview, limit: int = 1 << 30
    ) -> tuple[int, list[Sequence[Any]], int]:
        """Return (record count, a column per selected field, where a record cut short starts).

        Trailing short bytes are padding. Variable-length records are split up to `limit`
        (fixed-length ones are bounded by the caller cutting the body); a record running past the
        set ends the split, and its start is returned (-1 when every record fits).
        """
        if self.struct is None:
            found, cut = variable_rows(self.steps, body, self.min_length, limit)
            return len(found), list(zip(*found, strict=True)) if found and self.width else [], cut
        count = len(body) // self.size
        if not count or self.slicer is None:
            return count, [], -1
        if count > _WHOLE_SET_MAX:
            rows = self.struct.iter_unpack(body[: count * self.size])
            return count, list(zip(*rows, strict=True)), -1
        # One unpack for the whole set, then strided slices: no tuple per record.
        cols = self.slicer(whole_set(self.struct.format, count).unpack_from(body))
        return count, list(cols) if self.width > 1 else [cols], -1

    def decode(
        self, body: bytes | memoryview, ctx: Context, limit: int = 1 << 30
    ) -> list[FlowRecord]:
        """Decode the records of a data set body (at most `limit` variable-length ones).

        RecordCut, carrying the records before it, when a variable-length record runs past the set.
        """
        if _COMPILED and self.by_rows:
            records = self.rows(body, ctx)
            if records is not None:
                return records
        count, cols, cut = self.columns(body, limit)
        records = self.build(count, cols, ctx) if count else []
        if cut >= 0:
            detail = f"template {self.template_id}: record at byte {cut} of {len(body)} overruns"
            raise RecordCut(records, detail)
        return records

    def rows(self, body: bytes | memoryview, ctx: Context) -> list[FlowRecord] | None:
        """Decode a fixed-length set record by record, as `build` would; None where it cannot.

        Compiled, that loop (rows.py) beats the column-wise `build` (whose map/zip already run
        in C in pure Python, so there it is the other way round); tests hold the two equal.
        """
        return decode_rows(self, body, ctx)

    def build(self, n: int, cols: list[Sequence[Any]], ctx: Context) -> list[FlowRecord]:
        """Turn the columns of n records into FlowRecords."""
        for row in self.bytes_rows:
            cols[row] = list(map(_FROM, cols[row]))
        out = list(self.getter(cols + self.consts))
        out[_AT["exporter"]] = repeat(ctx.exporter, n)  # finite: bounds every zip below
        if self.mixed:
            out[3], out[4], out[5] = self._addresses(cols, n)
        sampling = self._sampling(cols, ctx)
        if sampling != 1:
            self._scale(out, sampling)
        if self.flag_extras:
            out[_AT["tcp_flags"]] = self._more_flags(out[_AT["tcp_flags"]], cols, ctx)
        first, last = self.attrs.get("first"), self.attrs.get("last")
        out[_AT["first"]], out[_AT["last"]], estimated = time_columns(
            (first[1], cols[first[0]]) if first else None,
            (last[1], cols[last[0]]) if last else None,
            ctx,
            n,
        )
        out[_AT["times_estimated"]] = repeat(estimated)
        proto = self.attrs.get("protocol")
        if proto is not None and (1 in cols[proto[0]] or 58 in cols[proto[0]]):
            self._fix_icmp(out, cols, n)
        # Constants are endless repeats; the exporter column (n long) ends every zip.
        return list(map(_NEW, _RECORD_TYPE, zip(*out, strict=False), strict=False))

    def _scale(self, out: list[Any], sampling: int | list[int]) -> None:
        """Multiply the counters (and set the interval) for sampled records."""
        for name in _COUNTERS:
            at = _AT[name]
            if isinstance(sampling, int):
                out[at] = map(sampling.__mul__, out[at])
            else:
                out[at] = map(mul, out[at], sampling, strict=False)  # counter may be a repeat
        out[_AT["sampling_interval"]] = repeat(sampling) if isinstance(sampling, int) else sampling

    def _more_flags(
        self, flags: Iterable[int], cols: list[Sequence[Any]], ctx: Context
    ) -> Iterable[int]:
        """OR in YAF's unionTCPFlags and the flags inside RFC 6313 lists."""
        more, lists = self.attrs.get("tcp_flags_more"), self.attrs.get("lists")
        if more is not None:
            flags = map(or_, flags, cols[more[0]], strict=False)  # a repeat() meets a column
        if lists is not None and ctx.subtemplates is not None:
            multi, lookup = self.multi_list, ctx.subtemplates
            found = [list_flags(v, multi, lookup) for v in cols[lists[0]]]
            flags = map(or_, flags, found, strict=False)
        return flags

    def _addresses(
        self, cols: list[Sequence[Any]], n: int
    ) -> tuple[Iterable[int], Iterable[int], Iterable[int]]:
        """Both families in one template (Procera): IPv6 when the record has an IPv6 address."""
        attrs = self.attrs
        s4, d4, s6, d6 = (
            cols[attrs[a][0]] if a in attrs else [0] * n for a in ("src4", "dst4", "src6", "dst6")
        )
        versions = [6 if a or b else 4 for a, b in zip(s6, d6, strict=True)]
        src = [b if v == 6 else a for v, a, b in zip(versions, s4, s6, strict=True)]
        dst = [b if v == 6 else a for v, a, b in zip(versions, d4, d6, strict=True)]
        return versions, src, dst

    def _sampling(self, cols: list[Sequence[Any]], ctx: Context) -> int | list[int]:
        attrs = self.attrs
        if "sampling" in attrs:
            return [v or 1 for v in cols[attrs["sampling"][0]]]
        if "sampler_id" in attrs and ctx.samplers:
            get, default = ctx.samplers.get, ctx.sampling
            return [get(v, default) for v in cols[attrs["sampler_id"][0]]]
        return ctx.sampling

    def _fix_icmp(self, out: list[Any], cols: list[Sequence[Any]], n: int) -> None:
        """Give ICMP records their type/code and zero ports (which carry type * 256 + code).

        Only the ICMP rows are visited (found by the C-level tuple.index), before the records
        are built: the TCP/UDP majority costs nothing here.
        """
        attrs = self.attrs
        protos = cols[attrs["protocol"][0]]
        combined = attrs.get("icmp")
        types, codes = attrs.get("icmp_type"), attrs.get("icmp_code")
        srcs, dsts = (
            list(cols[attrs[a][0]]) if a in attrs else [0] * n for a in ("src_port", "dst_port")
        )
        icmp_types, icmp_codes = [-1] * n, [-1] * n
        for i in _rows_of(protos, _ICMP):
            if combined is not None:
                value = cols[combined[0]][i]
                icmp_type, icmp_code = rshift(value, 8), and_(value, 0xFF)
            elif types is not None:
                icmp_type = cols[types[0]][i]
                icmp_code = cols[codes[0]][i] if codes is not None else 0
            else:
                # v5/v9 exporters encode type * 256 + code in the destination port (nfdump
                # reads it there too); a few put it in the source port instead.
                port = dsts[i] or srcs[i]
                icmp_type, icmp_code = port >> 8, port & 0xFF
            srcs[i] = dsts[i] = 0
            icmp_types[i], icmp_codes[i] = icmp_type, icmp_code
        out[_SRC_PORT], out[_DST_PORT] = srcs, dsts
        out[_ICMP_TYPE], out[_ICMP_CODE] = icmp_types, icmp_codes


def _rows_of(column: Sequence[Any], wanted: Iterable[Any]) -> list[int]:
    """Return the indexes of the wanted values in a column, in order (searched in C)."""
    found: list[int] = []
    for value in wanted:
        at = -1
        for _ in range(column.count(value)):
            at = column.index(value, at + 1)
            found.append(at)
    return sorted(found)
