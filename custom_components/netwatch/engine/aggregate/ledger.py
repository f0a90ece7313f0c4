"""Everything the aggregator counts, in one container shared by snapshot, panels and persistence."""

from __future__ import annotations

from enum import StrEnum

from .facts import DEVICES, EVENTS, FLOWS_IN, FLOWS_OUT, KINDS, FactSeries
from .hll import RollingHLL
from .series import MINUTE, CounterRing, TopSeries
from .tables import CountryTable, DeviceTable, Totals, VerdictJoin


class Ring(StrEnum):
    """Scalar time series (one CounterRing each)."""

    FLOWS = "flows"
    FLOWS_OUT = "flows_out"
    BYTES_IN = "bytes_in"
    BYTES_OUT = "bytes_out"
    DROPS = "inbound_drops"
    ALLOW = "allow"
    DENY = "deny"
    REJECT = "reject"
    ALLOW_BYTES = "allow_bytes"
    DENY_BYTES = "deny_bytes"


class Top(StrEnum):
    """Heavy-hitter time series (one TopSeries each) and what their keys are."""

    DESTINATIONS = "destinations"
    """Remote address key (tables.addr_key) of outbound flows; counts flows, bytes sent."""
    DENIED_PORTS = "denied_ports"
    """tables.port_key(protocol, port) of denied inbound attempts."""
    DENIED_PROTOCOLS = "denied_protocols"
    """IP protocol number (-1 unknown) of denied inbound attempts."""
    DENIED_COUNTRIES = "denied_countries"
    """tables.country_key of the source of denied inbound attempts (0 unknown)."""
    DENIED_TABLE = "denied_table"
    """port_key << 16 | country_key of denied inbound attempts."""


class Ledger:
    """All counters, tables and series of one aggregator, advanced to one current minute."""

    __slots__ = (
        "countries",
        "devices",
        "facts",
        "facts_since",
        "hour",
        "join",
        "last_event_at",
        "last_flow_at",
        "minute",
        "rings",
        "sources",
        "tops",
        "totals",
    )

    def __init__(
        self,
        now: float,
        *,
        max_devices: int,
        max_countries: int,
        max_pending_verdicts: int,
        join_window: float,
    ) -> None:
        self.minute = int(now // MINUTE)
        self.hour = self.minute // 60
        self.totals = Totals()
        self.devices = DeviceTable(max_devices)
        self.countries = CountryTable(max_countries)
        self.join = VerdictJoin(max_pending_verdicts, join_window)
        self.rings = {ring: CounterRing() for ring in Ring}
        self.tops = {top: TopSeries() for top in Top}
        self.facts = {kind.name: FactSeries(kind) for kind in KINDS}
        """Fact tables by kind name (see facts.py): filtered panels, device table, sources."""
        self.facts_since = [now] * 4
        """When each fact level's data begins (earlier for levels restored from a save)."""
        self.sources = RollingHLL()
        """Distinct remote sources of inbound flows and firewall events, last 24 h."""
        self.last_flow_at: float | None = None
        self.last_event_at: float | None = None

    def advance(self, now: float) -> None:
        """Move every series to the minute of `now` (no-op within a minute or backwards)."""
        minute = int(now // MINUTE)
        if minute <= self.minute:
            return
        hour = minute // 60
        for ring in self.rings.values():
            ring.advance(self.minute, minute, self.hour, hour)
        for top in self.tops.values():
            top.advance(self.minute, minute, self.hour, hour)
        for facts in self.facts.values():
            facts.advance(self.minute, minute)
        self.sources.advance(self.hour, hour)
        self.join.purge(now)
        self.minute, self.hour = minute, hour

    def add(self, ring: Ring, value: int) -> None:
        """Add to the current minute and hour of a scalar series."""
        if value:
            self.rings[ring].add(self.minute, self.hour, value)

    def sizes(self) -> dict[str, int]:
        """Return sizes, caps and evictions of every bounded table."""
        out = {
            "devices": len(self.devices),
            "devices_capacity": self.devices.capacity,
            "devices_evicted": self.devices.evicted,
            "countries": len(self.countries),
            "countries_capacity": self.countries.capacity,
            "countries_evicted": self.countries.evicted,
            "pending_verdicts": len(self.join.pending),
            "pending_verdicts_capacity": self.join.capacity,
            "pending_verdicts_evicted": self.join.evicted,
            "pending_verdicts_expired": self.join.expired,
            "linked_flows": self.totals.linked_flows,
            "flows_unclassified": self.totals.flows_unclassified,
            "events_without_address": self.totals.events_without_address,
        }
        for name, top in self.tops.items():
            live, frozen = top.sizes()
            out[f"top_{name}_live"] = live
            out[f"top_{name}_frozen"] = frozen
            out[f"top_{name}_evicted"] = top.evicted
        for kind, facts in self.facts.items():
            live_keys, rows, stored = facts.sizes()
            out[f"facts_{kind}_live"] = live_keys
            out[f"facts_{kind}_rows"] = rows
            out[f"facts_{kind}_bytes"] = stored
        return out

    @property
    def flows_out(self) -> FactSeries:
        """Return the outbound flow facts."""
        return self.facts[FLOWS_OUT.name]

    @property
    def flows_in(self) -> FactSeries:
        """Return the inbound flow facts."""
        return self.facts[FLOWS_IN.name]

    @property
    def events(self) -> FactSeries:
        """Return the firewall verdict facts."""
        return self.facts[EVENTS.name]

    @property
    def device_facts(self) -> FactSeries:
        """Return the per-device facts."""
        return self.facts[DEVICES.name]
