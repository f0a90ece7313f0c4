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
from typing import TypeAlias

from ..classify import FlowBatch
from .tables import port_key

# TypeAlias, not the `type` statement: Cython (netwatch-speedups) cannot parse that yet.
Sums: TypeAlias = dict[int, list[int]]  # noqa: UP040
FactSums: TypeAlias = dict[tuple[int, int, int], list[int]]  # noqa: UP040

BYTES_IN, PACKETS_IN, BYTES_OUT, PACKETS_OUT, FLOWS, MAC = range(6)
"""Positions in a home key's counters."""


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
        _sum_outbound(batch, sums.out_homes, sums.out_remotes, sums.out_facts)
    if batch.inbound:
        _sum_inbound(batch, sums.in_homes, sums.in_facts)
    return sums


def _sum_outbound(batch: FlowBatch, homes: Sums, remotes: Sums, facts: FactSums) -> None:
    """Sum flows from home devices to the outside per home, remote and fact key."""
    for record, home, remote in zip(batch.outbound, batch.out_home, batch.out_remote, strict=True):
        sent, received = record[11], record[16]
        entry = homes.get(home)
        if entry is None:
            homes[home] = [received, record[17], sent, record[12], 1, record[22]]
        else:
            entry[0] += received
            entry[1] += record[17]
            entry[2] += sent
            entry[3] += record[12]
            entry[4] += 1
            if record[22]:
                entry[5] = record[22]
        entry = remotes.get(remote)
        if entry is None:
            remotes[remote] = [1, sent]
        else:
            entry[0] += 1
            entry[1] += sent
        key = (home, remote, port_key(record[8], record[7]))
        entry = facts.get(key)
        if entry is None:
            facts[key] = [1, sent, received]
        else:
            entry[0] += 1
            entry[1] += sent
            entry[2] += received


def _sum_inbound(batch: FlowBatch, homes: Sums, facts: FactSums) -> None:
    """Sum flows from the outside to home addresses per home and fact key."""
    for record, home, remote in zip(batch.inbound, batch.in_home, batch.in_remote, strict=True):
        received, sent = record[11], record[16]
        entry = homes.get(home)
        if entry is None:
            homes[home] = [received, record[12], sent, record[17], 1, record[23]]
        else:
            entry[0] += received
            entry[1] += record[12]
            entry[2] += sent
            entry[3] += record[17]
            entry[4] += 1
            if record[23]:
                entry[5] = record[23]
        key = (home, remote, port_key(record[8], record[7]))
        entry = facts.get(key)
        if entry is None:
            facts[key] = [1, received, sent]
        else:
            entry[0] += 1
            entry[1] += received
            entry[2] += sent
