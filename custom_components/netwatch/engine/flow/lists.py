"""TCP flags inside IPFIX structured data (RFC 6313 subTemplateList / subTemplateMultiList).

YAF exports a flow's TCP flags in the CERT enterprise's IEs 14 (initialTCPFlags: the first packet)
and 15 (unionTCPFlags: every later packet), either in the flow record itself or, by default, in a
sub-record of a subTemplateMultiList (IE 293). A flow's flags are the OR of both. This module
reads them from a list's sub-records: at most MAX_ENTRIES list entries and MAX_ENTRIES records
per entry are looked at, and only fields before the first variable-length field of a
sub-template, so the cost per flow record is bounded.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Final

from .ies import PEN_CERT, VARIABLE_LENGTH, pen_key
from .template import TemplateSpec

MAX_ENTRIES: Final = 16
FLAG_KEYS: Final = frozenset((6, pen_key(PEN_CERT, 14), pen_key(PEN_CERT, 15)))
"""tcpControlBits, YAF initialTCPFlags, YAF unionTCPFlags."""

SubTemplates = Callable[[int], TemplateSpec | None]
"""Template id -> the (data) template of the same exporter and domain, if known."""

_FROM = int.from_bytes


@lru_cache(maxsize=256)
def _flag_fields(spec: TemplateSpec) -> tuple[tuple[tuple[int, int], ...], int]:
    """Return ((offset, length) of each flag field, record length or 0 when variable)."""
    found: list[tuple[int, int]] = []
    pos = 0
    for key, length in spec.fields:
        if length == VARIABLE_LENGTH:
            return tuple(found), 0
        if key in FLAG_KEYS and 1 <= length <= 2:
            found.append((pos, length))
        pos += length
    return tuple(found), pos


def _records_flags(data: bytes, pos: int, end: int, spec: TemplateSpec | None) -> int:
    """OR the flag fields of the sub-records of `spec` between pos and end."""
    if spec is None:
        return 0
    fields, size = _flag_fields(spec)
    flags = 0
    for _ in range(MAX_ENTRIES if size else 1):
        if not fields or end - pos < (size or 1):
            break
        for offset, length in fields:
            if pos + offset + length <= end:
                flags |= _FROM(data[pos + offset : pos + offset + length])
        pos += size
    return flags


def list_flags(data: bytes, multi: bool, lookup: SubTemplates) -> int:
    """Return the OR of the TCP flags in a subTemplateList (multi False) or MultiList value."""
    end = len(data)
    if not multi:  # semantic (1 byte), template id (2), then records of that template
        if end < 3:
            return 0
        return _records_flags(data, 3, end, lookup((data[1] << 8) | data[2]))
    flags, pos = 0, 1  # semantic, then (template id, length incl. these 4 bytes, records) ...
    for _ in range(MAX_ENTRIES):
        if end - pos < 4:
            break
        template_id, length = (data[pos] << 8) | data[pos + 1], (data[pos + 2] << 8) | data[pos + 3]
        if length < 4 or pos + length > end:
            break
        flags |= _records_flags(data, pos + 4, pos + length, lookup(template_id))
        pos += length
    return flags
