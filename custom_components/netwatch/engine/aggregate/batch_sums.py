"""Sum a classified batch per key, one pass per direction, before any table is touched.

count_flows.py (devices, destinations, totals) and count_facts.py (the fact tables) both read
these sums, so each flow record is read once for both of them: three dict updates per record (its
home device, its remote address, its fact key) instead of a pass per consumer. Every table is then
updated once per distinct key.

Counters of a home key are kept from the device's side whatever the flow's direction:
`[bytes_in, packets_in, bytes_out, packets_out, flows, mac]` (mac: the latest non-zero MAC of the
home end, 0 if none). A fact key is `(home, remote, port_key)` with `[flows, bytes, reverse bytes]`
(the record's own orientation); count_facts adds the remote's country.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import itemgetter
from typing import TypeAlias

from ..classify import FlowBatch
from .tables import port_key

# TypeAlias, not the `type` statement: Cython (netwatch-speedups) cannot parse that yet.
Sums: TypeAlias = dict[int, list[int]]  # noqa: UP040
FactSums: TypeAlias = dict[tuple[int, int, int], list[int]]  # noqa: UP040

_OUTBOUND = itemgetter(16, 17, 11, 12, 22)
"""A record's (bytes in, packets in, bytes out, packets out, MAC) seen from its home end when that
end is the source: the reverse counters came in, its own went out, the MAC is the source's."""
_INBOUND = itemgetter(11, 12, 16, 17, 23)
"""The same when the home end is the destination (its MAC is the destination's)."""


@dataclass(slots=True)
class BatchSums:
    """Per-key sums of one batch: outbound (home end = source) and inbound (home end = dest)."""

    out_homes: Sums = field(default_factory=dict)
    out_remotes: Sums = field(default_factory=dict)
    """Remote key -> [flows, bytes sent to it]."""
    out_facts: FactSums = field(default_factory=dict)
    in_homes: Sums = field(default_factory=dict)
    in_facts: FactSums = field(default_factory=dict)


def sum_batch(batch: FlowBatch) -> BatchSums:
    """Return the per-key sums of a classified batch (internal flows are not summed)."""
    sums = BatchSums()
    if batch.outbound:
        _sum_side(batch, sums, outbound=True)
    if batch.inbound:
        _sum_side(batch, sums, outbound=False)
    return sums


def _sum_side(batch: FlowBatch, sums: BatchSums, outbound: bool) -> None:
    """Sum one direction's records per home, fact key and (outbound only) remote.

    Home counters are seen from the home end (`_OUTBOUND`, `_INBOUND`); fact sums keep the
    record's own orientation (bytes, reverse bytes).
    """
    remotes: Sums | None
    if outbound:
        records, home_keys, remote_keys = batch.outbound, batch.out_home, batch.out_remote
        homes, facts, remotes = sums.out_homes, sums.out_facts, sums.out_remotes
        columns = _OUTBOUND
    else:
        records, home_keys, remote_keys = batch.inbound, batch.in_home, batch.in_remote
        homes, facts, remotes = sums.in_homes, sums.in_facts, None
        columns = _INBOUND
    for record, home, remote in zip(records, home_keys, remote_keys, strict=True):
        received, received_packets, sent, sent_packets, mac = columns(record)
        entry = homes.get(home)
        if entry is None:
            homes[home] = [received, received_packets, sent, sent_packets, 1, mac]
        else:
            entry[0] += received
            entry[1] += received_packets
            entry[2] += sent
            entry[3] += sent_packets
            entry[4] += 1
            if mac:
                entry[5] = mac
        if remotes is not None:
            entry = remotes.get(remote)
            if entry is None:
                remotes[remote] = [1, sent]
            else:
                entry[0] += 1
                entry[1] += sent
        key = (home, remote, port_key(record[8], record[7]))
        entry = facts.get(key)
        if entry is None:
            facts[key] = [1, record[11], record[16]]
        else:
            entry[0] += 1
            entry[1] += record[11]
            entry[2] += record[16]
