"""Count one classified batch of flow records into the fact tables (see facts.py).

Runs after count_flows (devices created by the batch exist by then). Keys are summed per batch
first, so a fact table is touched once per distinct combination, not once per flow.
"""

from __future__ import annotations

from typing import TypeAlias

from ..classify import CountryOf, FlowBatch, addr_key
from .ledger import Ledger
from .tables import country_key, port_key

# TypeAlias, not the `type` statement: Cython (netwatch-speedups) cannot parse that yet.
_Acc: TypeAlias = dict[tuple[int, ...], list[int]]  # noqa: UP040


def _country_keys(codes: dict[int, str | None]) -> dict[int, int]:
    return {key: country_key(code) for key, code in codes.items()}


def count_facts(ledger: Ledger, batch: FlowBatch, country_of: CountryOf | None) -> None:
    """Add the batch's outbound and inbound flows and the devices' traffic to the facts."""
    devices: dict[int, list[int]] = {}
    if batch.outbound:
        countries = _country_keys(batch.out_countries(country_of)) if country_of else {}
        acc: _Acc = {}
        for record, home, remote in zip(
            batch.outbound, batch.out_home, batch.out_remote, strict=True
        ):
            _sum3(
                acc,
                (home, remote, port_key(record[8], record[7]), countries.get(remote, 0)),
                record[11],
                record[16],
            )
            _dev(devices, home, record[16], record[11])
        flows_out = ledger.flows_out
        for key, (flows, sent, received) in acc.items():
            flows_out.add(key, flows, sent, received)
    if batch.inbound:
        countries = _country_keys(batch.in_countries(country_of)) if country_of else {}
        acc = {}
        tracked = ledger.devices.by_key
        for record, home, remote in zip(batch.inbound, batch.in_home, batch.in_remote, strict=True):
            _sum3(
                acc,
                (home, remote, port_key(record[8], record[7]), countries.get(remote, 0)),
                record[11],
                record[16],
            )
            if home in tracked:
                _dev(devices, home, record[11], record[16])
        flows_in = ledger.flows_in
        for key, (flows, received, sent) in acc.items():
            flows_in.add(key, flows, received, sent)
    tracked = ledger.devices.by_key
    for record in batch.internal:
        version = record[3]
        sender, receiver = addr_key(version, record[4]), addr_key(version, record[5])
        if sender in tracked:
            _dev(devices, sender, record[16], record[11])
        if receiver in tracked:
            _dev(devices, receiver, record[11], record[16])
    device_facts = ledger.device_facts
    for home, (received, sent, flows) in devices.items():
        device_facts.add((home,), received, sent, flows)


def _sum3(acc: _Acc, key: tuple[int, ...], a: int, b: int) -> None:
    entry = acc.get(key)
    if entry is None:
        acc[key] = [1, a, b]
    else:
        entry[0] += 1
        entry[1] += a
        entry[2] += b


def _dev(devices: dict[int, list[int]], key: int, received: int, sent: int) -> None:
    entry = devices.get(key)
    if entry is None:
        devices[key] = [received, sent, 1]
    else:
        entry[0] += received
        entry[1] += sent
        entry[2] += 1
