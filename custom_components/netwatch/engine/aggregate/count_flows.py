"""Count one classified batch of flow records into a ledger: per batch, not per flow.

The batch is summed per key first (batch_sums.py: one pass per direction), so totals, devices,
remote destinations and sources are written to their tables once per distinct key of the batch,
and a country lookup or a sketch update costs once per key instead of once per flow.

Direction: inbound (source outside, destination inside), outbound (source inside, destination
outside), internal (both inside); a flow with neither end inside is counted as unclassified
(typically a WAN-side export after NAT: add the WAN address to the home networks).
A home address becomes a device when it sends (outbound or internal source); traffic *to* an
address only updates an existing device, so a scanner sweeping a home IPv6 /64 cannot fill the
device table (unless `inbound_creates`).
"""

from __future__ import annotations

from operator import itemgetter

from ..classify import CountryOf, FlowBatch, addr_key
from ..records import FlowRecord
from .batch_sums import BatchSums, Sums
from .ledger import Ledger, Ring, Top
from .tables import ALLOWED, Device, JoinKey, Totals

_BYTES = itemgetter(11)
_PACKETS = itemgetter(12)
_RBYTES = itemgetter(16)
_RPACKETS = itemgetter(17)


def _sum(records: list[FlowRecord]) -> tuple[int, int, int, int]:
    """Return (bytes, packets, reverse bytes, reverse packets) of records, summed in C."""
    return (
        sum(map(_BYTES, records)),
        sum(map(_PACKETS, records)),
        sum(map(_RBYTES, records)),
        sum(map(_RPACKETS, records)),
    )


def _count_totals(totals: Totals, homes: Sums) -> tuple[int, int]:
    """Add one direction's per-home sums to the totals; return (bytes sent out, bytes received)."""
    received = received_packets = out = out_packets = 0
    for entry in homes.values():
        received += entry[0]
        received_packets += entry[1]
        out += entry[2]
        out_packets += entry[3]
    totals.bytes_out += out
    totals.packets_out += out_packets
    totals.bytes_in += received
    totals.packets_in += received_packets
    return out, received


def count_flows(
    ledger: Ledger,
    batch: FlowBatch,
    sums: BatchSums,
    country_of: CountryOf | None,
    inbound_creates: bool,
) -> None:
    """Count a classified batch and its sums (the ledger is already advanced to `batch.now`)."""
    count = len(batch.records)
    if not count:
        return
    totals = ledger.totals
    joined_before = (totals.allow_bytes, totals.deny_bytes)
    totals.flows_out += len(batch.outbound)
    totals.flows_in += len(batch.inbound)
    out_bytes, in_bytes = _count_totals(totals, sums.out_homes)
    more_out, more_in = _count_totals(totals, sums.in_homes)
    _homes(ledger, sums.out_homes, batch.now, create=True)
    _homes(ledger, sums.in_homes, batch.now, create=inbound_creates)
    if batch.outbound:
        _destinations(ledger, batch, sums.out_remotes, country_of)
    if batch.inbound:
        _inbound(ledger, batch)
    _internal(ledger, batch)
    other = batch.other
    totals.flows_unclassified += len(other)
    if other and ledger.join.pending:
        for record in other:
            _link_unclassified(ledger, record, batch.now)
    totals.flows += count
    ledger.last_flow_at = batch.now
    ledger.add(Ring.FLOWS, count)
    ledger.add(Ring.FLOWS_OUT, len(batch.outbound))
    ledger.add(Ring.BYTES_IN, in_bytes + more_in)
    ledger.add(Ring.BYTES_OUT, out_bytes + more_out)
    ledger.add(Ring.ALLOW_BYTES, totals.allow_bytes - joined_before[0])
    ledger.add(Ring.DENY_BYTES, totals.deny_bytes - joined_before[1])


def _device(ledger: Ledger, key: int, now: float, create: bool) -> Device | None:
    """Return the device of a home key, created when `create`; refresh its rate minute."""
    device = ledger.devices.by_key.get(key)
    if device is None:
        if not create:
            return None
        device = ledger.devices.create(key, now)
    device.last_seen = now
    if device.minute != ledger.minute:
        ledger.devices.touch(device, ledger.minute)
    return device


def _homes(ledger: Ledger, homes: Sums, now: float, create: bool) -> None:
    """Add one direction's per-home sums to the devices (new ones only when `create`)."""
    for key, (received, received_packets, sent, sent_packets, flows, mac) in homes.items():
        device = _device(ledger, key, now, create)
        if device is None:
            continue
        device.bytes_out += sent
        device.packets_out += sent_packets
        device.bytes_in += received
        device.packets_in += received_packets
        device.flows += flows
        device.cur_out += sent
        device.cur_in += received
        if mac:
            device.mac = mac


def _destinations(
    ledger: Ledger, batch: FlowBatch, remotes: Sums, country_of: CountryOf | None
) -> None:
    """Count outbound flows per remote destination and its country; join pending verdicts."""
    now = batch.now
    destinations = ledger.tops[Top.DESTINATIONS]
    codes = batch.out_countries(country_of) if country_of else {}
    for key, (flows, sent) in remotes.items():
        destinations.add(key, flows, sent)
        code = codes.get(key)
        if code is not None:
            country = ledger.countries.get(code, now)
            country.outbound_bytes += sent
            country.outbound_flows += flows
    if waiting := ledger.join.remotes:
        for record, remote in zip(batch.outbound, batch.out_remote, strict=True):
            if remote in waiting:
                _link(ledger, record, (record[8], remote, record[7], record[6]), now)


def _inbound(ledger: Ledger, batch: FlowBatch) -> None:
    """Note inbound remote sources (hourly distinct count); join pending verdicts."""
    now = batch.now
    for remote in set(batch.in_remote):
        ledger.sources.add(ledger.hour, remote)
    if waiting := ledger.join.remotes:
        for record, remote in zip(batch.inbound, batch.in_remote, strict=True):
            if remote in waiting:
                _link(ledger, record, (record[8], remote, record[6], record[7]), now)


def _internal(ledger: Ledger, batch: FlowBatch) -> None:
    """Count flows between two home addresses (the sender's out, the receiver's in)."""
    records = batch.internal
    if not records:
        return
    totals = ledger.totals
    nbytes, packets, back, back_packets = _sum(records)
    totals.flows_internal += len(records)
    totals.bytes_internal += nbytes + back
    totals.packets_internal += packets + back_packets
    now = batch.now
    for record in records:
        version = record[3]
        sender = _device(ledger, addr_key(version, record[4]), now, create=True)
        receiver = _device(ledger, addr_key(version, record[5]), now, create=False)
        for device, sent, received in (
            (sender, record[11], record[16]),
            (receiver, record[16], record[11]),
        ):
            if device is None:
                continue
            device.bytes_out += sent
            device.bytes_in += received
            device.flows += 1
            device.cur_out += sent
            device.cur_in += received
        if record[22] and sender is not None:
            sender.mac = record[22]


def _link(ledger: Ledger, record: FlowRecord, key: JoinKey, now: float) -> bool:
    """Add the flow's bytes to the verdict pending under `key`; tell whether one was."""
    verdict = ledger.join.match(key, now)
    if not verdict:
        return False
    totals = ledger.totals
    nbytes = record[11] + record[16]
    totals.linked_flows += 1
    if verdict == ALLOWED:
        totals.allow_bytes += nbytes
    else:
        totals.deny_bytes += nbytes
    return True


def _link_unclassified(ledger: Ledger, record: FlowRecord, now: float) -> None:
    """Join a flow seen outside the home networks (WAN side of NAT): try both orientations."""
    version = record[3]
    src = addr_key(version, record[4])
    dst = addr_key(version, record[5])
    if not _link(ledger, record, (record[8], src, record[6], record[7]), now):
        _link(ledger, record, (record[8], dst, record[7], record[6]), now)
