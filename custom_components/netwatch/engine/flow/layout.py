"""How a template's records are laid out: which field feeds what, and where a record ends.

`select_fields` picks, per FlowRecord attribute, the most preferred field a template carries;
`whole_set` gives the struct of a whole data set of fixed-length records; `variable_rows` splits
records with variable-length fields (RFC 7011 section 7), for data and options sets alike, and
`RecordCut` reports a record that does not fit its set. DataPlan builds on these.
"""

from __future__ import annotations

import struct
from functools import lru_cache
from typing import Any

from ..errors import DecodeError
from .ies import FIELD_TABLE, VARIABLE_LENGTH, Kind
from .template import Fields

_FROM = int.from_bytes
_KIND_LENGTHS = {Kind.ADDR4: (4,), Kind.ADDR6: (16,), Kind.MAC: (6,), Kind.T_NTP: (8,)}


def _length_ok(kind: Kind, length: int) -> bool:
    if kind is Kind.LIST:
        return True
    allowed = _KIND_LENGTHS.get(kind)
    return length in allowed if allowed else 1 <= length <= 8


def select_fields(fields: Fields) -> dict[str, tuple[int, Kind]]:
    """Pick, for every attribute, the most preferred usable field: attribute -> (position, kind)."""
    best: dict[str, tuple[int, int, Kind]] = {}
    for pos, (key, length) in enumerate(fields):
        for attr, kind, rank in FIELD_TABLE.get(key, ()):
            variable = length == VARIABLE_LENGTH and kind is not Kind.LIST
            if variable or not _length_ok(kind, length):
                continue
            current = best.get(attr)
            if current is None or rank < current[0]:
                best[attr] = (rank, pos, kind)
    return {attr: (pos, kind) for attr, (_rank, pos, kind) in best.items()}


@lru_cache(maxsize=128)
def whole_set(record_format: str, count: int) -> struct.Struct:
    """Return a struct for `count` consecutive records (cache bounded: structs grow with count)."""
    return struct.Struct("!" + record_format[1:] * count)


class RecordCut(DecodeError):
    """A record runs past the end of its set; `records` holds the complete ones before it."""

    def __init__(self, records: list[Any], detail: str) -> None:
        super().__init__("bad_set", detail)
        self.records = records


def variable_rows(
    steps: tuple[tuple[int, int], ...], body: bytes | memoryview, min_length: int, limit: int
) -> tuple[list[tuple[Any, ...]], int]:
    """Split up to `limit` records; return them and where a record cut short starts (else -1).

    `steps` holds (length, 0 skip / 1 int / 2 bytes) per field. A variable length (RFC 7011 7)
    is one byte, or 255 and then two bytes: 255 is never a length of its own. Fewer bytes than the
    shortest record are padding; a record that starts but does not end inside the set is
    malformed, and nothing after it can be trusted, so reading stops there (as nfdump's does).
    """
    rows: list[tuple[Any, ...]] = []
    pos, end = 0, len(body)
    while end - pos >= min_length and min_length and len(rows) < limit:
        start = pos
        row: list[Any] = []
        for length, action in steps:
            size = length
            if length == VARIABLE_LENGTH:
                if pos >= end:
                    return rows, start
                size = body[pos]
                pos += 1
                if size == 255:
                    if pos + 2 > end:
                        return rows, start
                    size = (body[pos] << 8) | body[pos + 1]
                    pos += 2
            if pos + size > end:
                return rows, start
            if action:
                chunk = body[pos : pos + size]
                row.append(bytes(chunk) if action == 2 else _FROM(chunk))
            pos += size
        rows.append(tuple(row))
    return rows, -1
