"""Classify a batch of flow records once, for every consumer: direction, home and remote keys.

The aggregator, the scan detector, the new-country watch and the forwarder all need to know which
end of a flow is at home. Deciding that once per batch (and the remote's country once per distinct
remote) instead of once per consumer is most of what a flow costs after decoding.

Keys are the aggregator's table keys: the integer address, IPv4-mapped IPv6 folded onto IPv4 and
other IPv6 addresses tagged with V6_TAG, so one int never mixes the two families.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

from .addr import NetworkSet, addr_to_str
from .records import FirewallEvent, FlowRecord

V6_TAG = 1 << 128
"""Added to IPv6 integer addresses so one int key never mixes the two families."""
_MAPPED = 0xFFFF

# TypeAlias, not the `type` statement: Cython (netwatch-speedups) cannot parse that yet.
Contains: TypeAlias = Callable[[int, int], bool]  # noqa: UP040
CountryOf: TypeAlias = Callable[[int, int], str | None]  # noqa: UP040


def addr_key(ip_version: int, addr: int) -> int:
    """Return the table key of an address (IPv4-mapped IPv6 folds onto IPv4)."""
    if ip_version == 4:
        return addr
    if addr >> 32 == _MAPPED:
        return addr & 0xFFFFFFFF
    return addr | V6_TAG


def key_text(key: int) -> str:
    """Render a table key as address text."""
    if key & V6_TAG:
        return addr_to_str(6, key ^ V6_TAG)
    return addr_to_str(4, key)


def key_version(key: int) -> int:
    """Return the IP version of a table key."""
    return 6 if key & V6_TAG else 4


@dataclass(slots=True)
class FlowBatch:
    """One batch of flow records, split by direction, with the keys of both ends.

    `out_*` lists run parallel to `outbound` (home end = source), `in_*` to `inbound` (home end =
    destination). `internal` flows have both ends at home, `other` neither (a WAN-side export).
    """

    now: float
    records: Sequence[FlowRecord]
    outbound: list[FlowRecord] = field(default_factory=list)
    out_home: list[int] = field(default_factory=list)
    out_remote: list[int] = field(default_factory=list)
    inbound: list[FlowRecord] = field(default_factory=list)
    in_home: list[int] = field(default_factory=list)
    in_remote: list[int] = field(default_factory=list)
    internal: list[FlowRecord] = field(default_factory=list)
    other: list[FlowRecord] = field(default_factory=list)
    _countries: dict[int, str | None] = field(default_factory=dict)
    _looked_up: set[str] = field(default_factory=set)

    def out_countries(self, lookup: CountryOf) -> dict[int, str | None]:
        """Return a key -> country map covering every outbound remote (one lookup per key)."""
        return self._countries_of("out", self.out_remote, lookup)

    def in_countries(self, lookup: CountryOf) -> dict[int, str | None]:
        """Return a key -> country map covering every inbound remote (one lookup per key)."""
        return self._countries_of("in", self.in_remote, lookup)

    def _countries_of(self, side: str, keys: list[int], lookup: CountryOf) -> dict[int, str | None]:
        countries = self._countries
        if side not in self._looked_up:
            self._looked_up.add(side)
            for key in set(keys).difference(countries):
                countries[key] = lookup(6, key ^ V6_TAG) if key & V6_TAG else lookup(4, key)
        return countries


def event_homes(event: FirewallEvent, contains: Contains) -> tuple[bool, bool]:
    """Tell whether a firewall event's source and destination are at home."""
    version = event.ip_version
    if version not in (4, 6):
        return False, False
    return contains(version, event.src_addr), contains(version, event.dst_addr)


def classify_flows(records: Sequence[FlowRecord], home: NetworkSet, now: float) -> FlowBatch:
    """Split a batch by where its ends are: one home-network test per end and record."""
    # `home.contains(...)`, not a bound-method alias: compiled, it is a C call (classify.pxd).
    batch = FlowBatch(now, records)
    outbound, out_home, out_remote = batch.outbound, batch.out_home, batch.out_remote
    inbound, in_home, in_remote = batch.inbound, batch.in_home, batch.in_remote
    internal, other = batch.internal, batch.other
    for record in records:
        version, src, dst = record[3], record[4], record[5]
        if home.contains(version, src):
            if home.contains(version, dst):
                internal.append(record)
            else:
                outbound.append(record)
                if version == 4:
                    out_home.append(src)
                    out_remote.append(dst)
                else:
                    out_home.append(addr_key(6, src))
                    out_remote.append(addr_key(6, dst))
        elif home.contains(version, dst):
            inbound.append(record)
            if version == 4:
                in_home.append(dst)
                in_remote.append(src)
            else:
                in_home.append(addr_key(6, dst))
                in_remote.append(addr_key(6, src))
        else:
            other.append(record)
    return batch
