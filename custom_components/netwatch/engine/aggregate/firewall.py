"""Firewall verdicts in the aggregator: counters, denied-inbound tables, facts, the flow join."""

from __future__ import annotations

from collections.abc import Callable

from ..classify import addr_key, event_homes
from ..enrich.geoip import GeoIP
from ..enrich.services import TCP, UDP
from ..records import Direction, FirewallEvent, Verdict
from .facts import (
    DIR_IN,
    DIR_INTERNAL,
    DIR_OUT,
    VERDICT_ALLOW,
    VERDICT_DENY,
    VERDICT_REJECT,
    VERDICT_UNKNOWN,
)
from .ledger import Ledger, Ring, Top
from .tables import ALLOWED, DENIED, country_key, parse_mac, port_key

_JOINED_PROTOCOLS = frozenset({TCP, UDP, 132})  # protocols with ports (132 = SCTP)
_VERDICT_CODE = {Verdict.ALLOW: ALLOWED, Verdict.DENY: DENIED, Verdict.REJECT: DENIED}
_FACT_VERDICT = {
    Verdict.ALLOW: VERDICT_ALLOW,
    Verdict.DENY: VERDICT_DENY,
    Verdict.REJECT: VERDICT_REJECT,
}
_FACT_DIRECTION = {
    Direction.IN: DIR_IN,
    Direction.OUT: DIR_OUT,
    Direction.INTERNAL: DIR_INTERNAL,
    Direction.UNKNOWN: 0,
}


def event_direction(event: FirewallEvent, src_home: bool, dst_home: bool) -> Direction:
    """Classify by the home networks; neither end inside (WAN address): trust the log."""
    if src_home and dst_home:
        return Direction.INTERNAL
    if dst_home:
        return Direction.IN
    if src_home:
        return Direction.OUT
    return Direction.OUT if event.direction is Direction.OUT else Direction.IN


class FirewallCounting:
    """The firewall half of the Aggregator (mixed in; the attributes are the aggregator's)."""

    _ledger: Ledger
    _geoip: GeoIP | None
    _clock: Callable[[], float]
    _contains: Callable[[int, int], bool]
    _inbound_creates: bool

    def add_firewall_event(
        self, event: FirewallEvent, homes: tuple[bool, bool] | None = None
    ) -> None:
        """Count one firewall verdict and hold it for the flow join.

        `homes` tells whether source and destination are at home, when the caller knows it.
        """
        ledger = self._ledger
        now = self._clock()
        ledger.advance(now)
        ledger.totals.events += 1
        ledger.last_event_at = now
        action = event.action
        self._count_verdict(action)
        verdict = _FACT_VERDICT.get(action, VERDICT_UNKNOWN)
        version = event.ip_version
        if version not in (4, 6):
            ledger.totals.events_without_address += 1
            ledger.events.add((verdict, 0, 0, port_key(event.protocol, event.dst_port), 0), 1)
            return
        src_home, dst_home = homes or event_homes(event, self._contains)
        direction = event_direction(event, src_home, dst_home)
        if direction is Direction.IN:
            home, remote = addr_key(version, event.dst_addr), addr_key(version, event.src_addr)
            code = self._geoip.country(version, event.src_addr) if self._geoip else None
        else:
            home, remote = addr_key(version, event.src_addr), addr_key(version, event.dst_addr)
            code = None
            if direction is Direction.OUT and self._geoip is not None:
                code = self._geoip.country(version, event.dst_addr)
        fact = (verdict | _FACT_DIRECTION[direction], home, remote)
        ledger.events.add((*fact, port_key(event.protocol, event.dst_port), country_key(code)), 1)
        denied = action is Verdict.DENY or action is Verdict.REJECT
        if direction is Direction.IN:
            ledger.sources.add(ledger.hour, remote)
            if denied:
                self._denied_inbound(event, code, dst_home, now)
            join_key = (event.protocol, remote, event.src_port, event.dst_port)
        elif direction is Direction.OUT:
            if denied:
                ledger.totals.denied_outbound += 1
            join_key = (event.protocol, remote, event.dst_port, event.src_port)
            if src_home:
                self._event_mac(event, now)
        else:
            if src_home:
                self._event_mac(event, now)
            return
        verdict_code = _VERDICT_CODE.get(action)
        has_ports = event.src_port >= 0 and event.dst_port >= 0
        if verdict_code and has_ports and event.protocol in _JOINED_PROTOCOLS:
            ledger.join.remember(join_key, verdict_code, now)

    def _count_verdict(self, action: Verdict) -> None:
        ledger = self._ledger
        totals = ledger.totals
        if action is Verdict.ALLOW:
            totals.allow += 1
            ledger.add(Ring.ALLOW, 1)
        elif action is Verdict.DENY:
            totals.deny += 1
            ledger.add(Ring.DENY, 1)
        elif action is Verdict.REJECT:
            totals.reject += 1
            ledger.add(Ring.REJECT, 1)
        else:
            totals.unknown_verdict += 1

    def _denied_inbound(
        self, event: FirewallEvent, code: str | None, dst_home: bool, now: float
    ) -> None:
        """Count a denied inbound attempt by port, protocol, country and target device."""
        ledger = self._ledger
        ledger.totals.denied_inbound += 1
        ledger.add(Ring.DROPS, 1)
        ports = port_key(event.protocol, event.dst_port)
        ccode = country_key(code)
        tops = ledger.tops
        tops[Top.DENIED_PORTS].add(ports)
        tops[Top.DENIED_PROTOCOLS].add(event.protocol)
        tops[Top.DENIED_COUNTRIES].add(ccode)
        tops[Top.DENIED_TABLE].add(ports << 16 | ccode)
        if code is not None:
            ledger.countries.get(code, now).inbound_denied += 1
        key = addr_key(event.ip_version, event.dst_addr)
        device = ledger.devices.by_key.get(key)
        if device is None and self._inbound_creates and dst_home:
            device = ledger.devices.create(key, now)
        if device is not None:
            device.denied_inbound += 1
            ledger.device_facts.add((key,), 0, 0, 0, 1)

    def _event_mac(self, event: FirewallEvent, now: float) -> None:
        """Take the sender's MAC from a log line about traffic a home device sent."""
        mac = parse_mac(event.mac)
        if not mac:
            return
        device = self._ledger.devices.by_key.get(addr_key(event.ip_version, event.src_addr))
        if device is not None:
            device.mac = mac
            device.last_seen = max(device.last_seen, now)
