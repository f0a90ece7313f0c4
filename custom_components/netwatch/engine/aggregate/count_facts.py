"""Count one classified batch of flow records into the fact tables (see facts.py).

Runs after count_flows (devices created by the batch exist by then). Reads the batch's per-key
sums (batch_sums.py), so a fact table is touched once per distinct combination, not once per flow.
"""

from __future__ import annotations

from collections.abc import Container

from ..classify import CountryOf, FlowBatch, addr_key
from .batch_sums import BatchSums, FactSums, Sums
from .facts import FactSeries
from .ledger import Ledger
from .tables import country_key


def count_facts(
    ledger: Ledger, batch: FlowBatch, sums: BatchSums, country_of: CountryOf | None
) -> None:
    """Add the batch's outbound and inbound sums and the devices' traffic to the facts."""
    if sums.out_facts:
        codes = batch.out_countries(country_of) if country_of else {}
        _add_facts(ledger.flows_out, sums.out_facts, codes)
    if sums.in_facts:
        codes = batch.in_countries(country_of) if country_of else {}
        _add_facts(ledger.flows_in, sums.in_facts, codes)
    tracked = ledger.devices.by_key
    devices: dict[int, list[int]] = {}
    _add_homes(devices, sums.out_homes, None)
    _add_homes(devices, sums.in_homes, tracked)
    for record in batch.internal:
        version = record[3]
        sender, receiver = addr_key(version, record[4]), addr_key(version, record[5])
        if sender in tracked:
            _dev(devices, sender, record[16], record[11], 1)
        if receiver in tracked:
            _dev(devices, receiver, record[11], record[16], 1)
    device_facts = ledger.device_facts
    for home, (received, sent, flows) in devices.items():
        device_facts.add((home,), received, sent, flows)


def _add_facts(series: FactSeries, facts: FactSums, codes: dict[int, str | None]) -> None:
    """Add one direction's fact sums, each key completed with its remote's country."""
    countries = {remote: country_key(code) for remote, code in codes.items()}
    for (home, remote, port), (flows, forward, back) in facts.items():
        series.add((home, remote, port, countries.get(remote, 0)), flows, forward, back)


def _add_homes(devices: dict[int, list[int]], homes: Sums, tracked: Container[int] | None) -> None:
    """Add per-home sums to the device facts (only homes in `tracked` unless it is None)."""
    for home, entry in homes.items():
        if tracked is None or home in tracked:
            _dev(devices, home, entry[0], entry[2], entry[4])


def _dev(devices: dict[int, list[int]], key: int, received: int, sent: int, flows: int) -> None:
    entry = devices.get(key)
    if entry is None:
        devices[key] = [received, sent, flows]
    else:
        entry[0] += received
        entry[1] += sent
        entry[2] += flows
