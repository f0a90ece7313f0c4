"""The record-by-record decode (what compiled builds run) gives exactly the column-wise records.

`DataPlan.rows` is the shape Cython turns into a fast loop; `DataPlan.build` is the shape pure
Python runs fastest. Here both run as Python on any template and data, so the compiled path's
recipe is checked even where nothing is compiled (the compiled test run checks the rest).
"""

from __future__ import annotations

import struct

from hypothesis import given, settings
from hypothesis import strategies as st

from custom_components.netwatch.engine.flow.ies import Kind
from custom_components.netwatch.engine.flow.plan import DataPlan
from custom_components.netwatch.engine.flow.times import Context

# (element id, length): addresses of both families, ports, protocol, counters of two widths,
# every time encoding, the three ICMP sources, interfaces, MACs, reverse counters, flags, and
# fields the decoder skips (an unknown id, padding).
FIELDS = [
    (8, 4), (12, 4), (27, 16), (28, 16), (7, 2), (11, 2), (4, 1), (6, 1), (5, 1), (1, 4),
    (1, 8), (2, 4), (2, 2), (22, 4), (21, 4), (152, 8), (153, 8), (150, 4), (151, 4),
    (154, 8), (155, 8), (158, 4), (159, 4), (32, 2), (139, 2), (176, 1), (177, 1), (178, 1),
    (179, 1), (10, 2), (14, 4), (56, 6), (80, 6), (61, 1), (89, 1), (999, 3), (210, 2),
    (58, 2), (59, 2), (9, 1), (13, 1), (15, 4), (62, 16), (6, 2),
]  # fmt: skip
PROTOCOLS = st.sampled_from([1, 6, 17, 58])


@settings(max_examples=400, deadline=None)
@given(
    fields=st.lists(st.sampled_from(FIELDS), min_size=1, max_size=14, unique=True),
    records=st.lists(st.tuples(st.binary(min_size=64, max_size=64), PROTOCOLS), max_size=6),
    uptime=st.sampled_from([None, 0, 50_000, 1 << 31, (1 << 32) - 10]),
    boot=st.sampled_from([None, 0, 1_700_000_000_000]),
    sampling=st.sampled_from([1, 1, 100]),
)
def test_rows_equal_build(
    fields: list[tuple[int, int]],
    records: list[tuple[bytes, int]],
    uptime: int | None,
    boot: int | None,
    sampling: int,
) -> None:
    plan = DataPlan(10, 300, fields)
    size = sum(length for _key, length in fields)
    offset = _protocol_offset(fields)
    body = b""
    for raw, protocol in records:
        record = bytearray(raw[:size])
        if offset is not None:
            record[offset] = protocol
        body += record
    ctx = Context("192.0.2.1", 1_700_000_123_000, uptime, boot, sampling)
    count, cols, _cut = plan.columns(body)
    expected = plan.build(count, cols, ctx) if count else []
    got = plan.rows(body, ctx)
    if got is not None:
        assert plan.by_rows
        assert got == expected
        assert all(type(record) is type(want) for record, want in zip(got, expected, strict=True))
    elif plan.by_rows:
        # Only uptime-relative times defer: no boot time to anchor them, a switch time above the
        # header's sysUptime (a wrap), or with no header uptime a start after the end.
        assert plan.row_times is Kind.T_UPTIME


def test_wrapped_uptime_defers_to_build() -> None:
    plan = DataPlan(9, 256, [(8, 4), (12, 4), (22, 4), (21, 4)])
    body = struct.pack("!IIII", 1, 2, 0xFFFFFF00, 0x100)  # started before the wrap, ended after
    ctx = Context("192.0.2.1", 1_700_000_000_000, 0x200, 1_000, 1)
    assert plan.by_rows
    assert plan.rows(body, ctx) is None
    count, cols, _cut = plan.columns(body)
    assert plan.decode(body, ctx) == plan.build(count, cols, ctx)


def _protocol_offset(fields: list[tuple[int, int]]) -> int | None:
    offset = 0
    for key, length in fields:
        if key == 4:
            return offset
        offset += length
    return None
