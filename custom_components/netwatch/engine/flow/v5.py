"""NetFlow v5: a fixed 24-byte header and 48-byte records, decoded through a built-in template."""

from __future__ import annotations

import struct
from typing import Final

from ..errors import DecodeError
from ..records import FlowRecord
from .plan import DataPlan
from .times import Context

HEADER: Final = struct.Struct("!HHIIIIBBH")
RECORD_LENGTH: Final = 48
_NEW: Final = tuple.__new__

# The v5 record layout expressed as v9 field types (Cisco NetFlow v5 export format), so v5 rides
# on the same compiled plan as v9: next hop (15), AS numbers (16/17), masks (9/13) and the pad
# bytes are skipped by the plan.
_V5_FIELDS: Final = (
    (8, 4), (12, 4), (15, 4), (10, 2), (14, 2), (2, 4), (1, 4), (22, 4), (21, 4), (7, 2),
    (11, 2), (210, 1), (6, 1), (4, 1), (5, 1), (16, 2), (17, 2), (9, 1), (13, 1), (210, 2),
)  # fmt: skip
PLAN: Final = DataPlan(5, 0, _V5_FIELDS)


def decode_v5(view: memoryview, pos: int, exporter: str) -> tuple[list[FlowRecord], int, int, int]:
    """Decode one v5 message at `pos`; return (records, end offset, sequence, record count)."""
    if len(view) - pos < HEADER.size:
        raise DecodeError("too_short", f"{len(view) - pos} bytes, v5 header needs 24")
    _ver, count, uptime, secs, nsecs, sequence, _etype, _eid, sampling = HEADER.unpack_from(
        view, pos
    )
    end = pos + HEADER.size + count * RECORD_LENGTH
    if count == 0 or end > len(view):
        raise DecodeError(
            "bad_count", f"header count {count} but {len(view) - pos - 24} record bytes"
        )
    # Low 14 bits: the interval; the top two bits are the sampling mode (nfdump ignores the mode,
    # Juniper MX sends mode 0 with interval 1000).
    interval = (sampling & 0x3FFF) or 1
    export_ms = secs * 1000 + nsecs // 1_000_000
    # Context(...) without its Python-level __new__: every field, in order.
    ctx = _NEW(Context, (exporter, export_ms, uptime, export_ms - uptime, interval, None, None))
    records = PLAN.decode(view[pos + HEADER.size : end], ctx)
    return records, end, sequence, count
