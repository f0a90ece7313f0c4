"""Export sequence numbers: count lost datagrams per (exporter, version, domain).

v5 numbers flows, v9 export packets and IPFIX data records (RFC 7011 3.1). Exporters disagree on
whether a header carries the count before or after its own message (softflowd 1.1.0's IPFIX
numbers include the message's own records and leave options records out), so a number matching
any of those readings is in order; anything else ahead is a gap, anything behind a reset.
"""

from __future__ import annotations

from typing import Final

from .state import MAX_DOMAINS, ExporterState
from .stats import FlowStats

_U32: Final = 0xFFFFFFFF
_HALF: Final = 1 << 31


def track_sequence(
    stats: FlowStats,
    state: ExporterState,
    key: tuple[int, int],
    sequence: int,
    counts: tuple[int, int] | None,
) -> None:
    """Check `sequence` against the previous message; counts = (all records, flow records) or None.

    `counts` is None when the message's record count is unknown (a data set waited for its
    template); the next message is then not checked.
    """
    sequences = state.sequence
    previous = sequences.get(key)
    if previous is not None and counts is not None:
        last, before_all, before_flows = previous
        # In order when the step from the previous number is one of the four counts.
        step = (sequence - last) & _U32
        if step not in (before_all, before_flows, counts[0], counts[1]):
            delta = (step - before_all) & _U32
            if delta < _HALF:
                state.stats.sequence_gaps += 1
                state.stats.lost += delta
                stats.sequence_gaps += 1
            else:
                state.stats.sequence_resets += 1
    sequences[key] = (sequence, counts[0], counts[1]) if counts is not None else None
    sequences.move_to_end(key)
    while len(sequences) > MAX_DOMAINS:
        sequences.popitem(last=False)
