"""Count flows and firewall verdicts per device, country, port and time bucket, in bounded memory.

Direction comes from the home networks: inbound (source outside, destination inside), outbound
(source inside, destination outside), internal (both inside). A flow with neither end inside is
counted as unclassified (typically a WAN-side export after NAT: add the WAN address to the home
networks). Buckets use the arrival time on the injected clock, not the exporter's flow times:
exporters' clocks drift and active timeouts deliver minutes-old flows.

A home address becomes a device when it sends (outbound or internal source); traffic *to* an
address only updates an existing device, so a scanner sweeping a home IPv6 /64 cannot fill the
device table (set `inbound_creates_devices` to change that).

Verdict x flow join: a firewall event is held for `join_window` seconds under
(protocol, remote address, remote port, home-side port). A later flow of either direction with
the same key adds its bytes to allow_bytes or deny_bytes (reject counts as deny). The home-side
*address* is left out on purpose: NAT rewrites it between the WAN-side log (public address) and
the LAN-side flow (private address), while the remote end and the ports survive (Linux
masquerading keeps the source port when it is free). ICMP and events without ports are not joined.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..addr import NetworkSet, parse_addr
from ..enrich.geoip import GeoIP
from ..enrich.services import TCP, UDP
from ..records import Direction, FirewallEvent, FlowRecord, Verdict
from .ledger import Ledger, Ring, Top
from .model import NetworkSnapshot
from .panels import build_panels
from .persist import export_counters, export_ledger, import_ledger
from .snapshot import build_snapshot, format_mac
from .tables import (
    ALLOWED,
    DENIED,
    addr_key,
    country_key,
    home_matcher,
    parse_mac,
    port_key,
)

MAX_DEVICE_NAMES = 4096
_JOINED_PROTOCOLS = frozenset({TCP, UDP, 132})  # protocols with ports (132 = SCTP)
_VERDICT_CODE = {Verdict.ALLOW: ALLOWED, Verdict.DENY: DENIED, Verdict.REJECT: DENIED}


class Aggregator:
    """Turn FlowRecords and FirewallEvents into snapshots, panel data and persistent state."""

    def __init__(
        self,
        *,
        home_networks: NetworkSet,
        geoip: GeoIP | None = None,
        max_devices: int = 256,
        max_countries: int = 64,
        max_pending_verdicts: int = 4096,
        join_window: float = 120.0,
        active_window: float = 300.0,
        inbound_creates_devices: bool = False,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """Create an empty aggregator; `clock` returns UTC epoch seconds."""
        self._contains = home_matcher(home_networks)
        self._geoip = geoip
        self._geoip_error: str | None = None
        self._clock = clock
        self._active_window = active_window
        self._inbound_creates = inbound_creates_devices
        self._names: dict[int, str] = {}
        self._state_errors = 0
        self._ledger = Ledger(
            clock(),
            max_devices=max_devices,
            max_countries=max_countries,
            max_pending_verdicts=max_pending_verdicts,
            join_window=join_window,
        )

    # ---- configuration -------------------------------------------------------------------------

    def set_geoip(self, geoip: GeoIP | None, error: str | None = None) -> None:
        """Use another GeoIP database (None: no countries); `error` is shown in panel status."""
        self._geoip = geoip
        self._geoip_error = error

    def set_device_names(self, names: Mapping[str, str]) -> None:
        """Replace the friendly names by address text (from HA device trackers / DHCP)."""
        parsed: dict[int, str] = {}
        for text, name in names.items():
            try:
                version, value = parse_addr(text.strip())
            except ValueError:
                continue
            parsed[addr_key(version, value)] = str(name)
            if len(parsed) >= MAX_DEVICE_NAMES:
                break
        self._names = parsed

    # ---- ingest (event loop, O(1) per record) --------------------------------------------------

    def add_flows(self, records: Iterable[FlowRecord]) -> None:
        """Count a batch of flow records (one clock read per batch)."""
        ledger = self._ledger
        now = self._clock()
        ledger.advance(now)
        totals = ledger.totals
        before = (totals.flows_out, totals.bytes_in, totals.bytes_out)
        joined_before = (totals.allow_bytes, totals.deny_bytes)
        contains = self._contains
        count = 0
        for record in records:
            count += 1
            version = record.ip_version
            if contains(version, record.src_addr):
                if contains(version, record.dst_addr):
                    self._internal(record, now)
                else:
                    self._outbound(record, now)
            elif contains(version, record.dst_addr):
                self._inbound(record, now)
            else:
                totals.flows_unclassified += 1
                if ledger.join.pending:
                    self._link_unclassified(record, now)
        if not count:
            return
        totals.flows += count
        ledger.last_flow_at = now
        ledger.add(Ring.FLOWS, count)
        ledger.add(Ring.FLOWS_OUT, totals.flows_out - before[0])
        ledger.add(Ring.BYTES_IN, totals.bytes_in - before[1])
        ledger.add(Ring.BYTES_OUT, totals.bytes_out - before[2])
        ledger.add(Ring.ALLOW_BYTES, totals.allow_bytes - joined_before[0])
        ledger.add(Ring.DENY_BYTES, totals.deny_bytes - joined_before[1])

    def _outbound(self, record: FlowRecord, now: float) -> None:
        """Count a flow from a home device to the outside."""
        ledger = self._ledger
        totals = ledger.totals
        nbytes, back = record.bytes, record.reverse_bytes
        totals.flows_out += 1
        totals.bytes_out += nbytes
        totals.packets_out += record.packets
        totals.bytes_in += back
        totals.packets_in += record.reverse_packets
        version = record.ip_version
        key = addr_key(version, record.src_addr)
        device = ledger.devices.by_key.get(key) or ledger.devices.create(key, now)
        device.bytes_out += nbytes
        device.packets_out += record.packets
        device.bytes_in += back
        device.packets_in += record.reverse_packets
        device.flows += 1
        device.last_seen = now
        if device.minute != ledger.minute:
            ledger.devices.touch(device, ledger.minute)
        device.cur_out += nbytes
        device.cur_in += back
        if record.src_mac:
            device.mac = record.src_mac
        remote = addr_key(version, record.dst_addr)
        ledger.tops[Top.DESTINATIONS].add(remote, 1, nbytes)
        if self._geoip is not None:
            code = self._geoip.country(version, record.dst_addr)
            if code is not None:
                country = ledger.countries.get(code, now)
                country.outbound_bytes += nbytes
                country.outbound_flows += 1
        if ledger.join.pending:
            self._link(record, (record.protocol, remote, record.dst_port, record.src_port), now)

    def _inbound(self, record: FlowRecord, now: float) -> None:
        """Count a flow from the outside to a home address."""
        ledger = self._ledger
        totals = ledger.totals
        nbytes, back = record.bytes, record.reverse_bytes
        totals.flows_in += 1
        totals.bytes_in += nbytes
        totals.packets_in += record.packets
        totals.bytes_out += back
        totals.packets_out += record.reverse_packets
        version = record.ip_version
        remote = addr_key(version, record.src_addr)
        ledger.sources.add(ledger.hour, remote)
        key = addr_key(version, record.dst_addr)
        device = ledger.devices.by_key.get(key)
        if device is None and self._inbound_creates:
            device = ledger.devices.create(key, now)
        if device is not None:
            device.bytes_in += nbytes
            device.packets_in += record.packets
            device.bytes_out += back
            device.packets_out += record.reverse_packets
            device.flows += 1
            device.last_seen = now
            if device.minute != ledger.minute:
                ledger.devices.touch(device, ledger.minute)
            device.cur_in += nbytes
            device.cur_out += back
            if record.dst_mac:
                device.mac = record.dst_mac
        if ledger.join.pending:
            self._link(record, (record.protocol, remote, record.src_port, record.dst_port), now)

    def _internal(self, record: FlowRecord, now: float) -> None:
        """Count a flow between two home addresses (sender's out, receiver's in)."""
        ledger = self._ledger
        totals = ledger.totals
        totals.flows_internal += 1
        totals.bytes_internal += record.bytes + record.reverse_bytes
        totals.packets_internal += record.packets + record.reverse_packets
        version = record.ip_version
        key = addr_key(version, record.src_addr)
        sender = ledger.devices.by_key.get(key) or ledger.devices.create(key, now)
        receiver = ledger.devices.by_key.get(addr_key(version, record.dst_addr))
        for device, sent, received in (
            (sender, record.bytes, record.reverse_bytes),
            (receiver, record.reverse_bytes, record.bytes),
        ):
            if device is None:
                continue
            device.bytes_out += sent
            device.bytes_in += received
            device.flows += 1
            device.last_seen = now
            if device.minute != ledger.minute:
                ledger.devices.touch(device, ledger.minute)
            device.cur_out += sent
            device.cur_in += received
        if record.src_mac:
            sender.mac = record.src_mac

    def _link(self, record: FlowRecord, key: tuple[int, int, int, int], now: float) -> bool:
        """Add the flow's bytes to the verdict pending under `key`; tell whether one was."""
        verdict = self._ledger.join.match(key, now)
        if not verdict:
            return False
        totals = self._ledger.totals
        nbytes = record.bytes + record.reverse_bytes
        totals.linked_flows += 1
        if verdict == ALLOWED:
            totals.allow_bytes += nbytes
        else:
            totals.deny_bytes += nbytes
        return True

    def _link_unclassified(self, record: FlowRecord, now: float) -> None:
        """Join a flow seen outside the home networks (WAN side of NAT): try both orientations."""
        version = record.ip_version
        src = addr_key(version, record.src_addr)
        dst = addr_key(version, record.dst_addr)
        if not self._link(record, (record.protocol, src, record.src_port, record.dst_port), now):
            self._link(record, (record.protocol, dst, record.dst_port, record.src_port), now)

    def add_firewall_event(self, event: FirewallEvent) -> None:
        """Count one firewall verdict and hold it for the flow join."""
        ledger = self._ledger
        now = self._clock()
        ledger.advance(now)
        totals = ledger.totals
        totals.events += 1
        ledger.last_event_at = now
        action = event.action
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
        if event.ip_version not in (4, 6):
            totals.events_without_address += 1
            return
        direction = self._event_direction(event)
        if direction is Direction.IN:
            remote = addr_key(event.ip_version, event.src_addr)
            ledger.sources.add(ledger.hour, remote)
            if action is Verdict.DENY or action is Verdict.REJECT:
                self._denied_inbound(event, now)
            join_key = (event.protocol, remote, event.src_port, event.dst_port)
        elif direction is Direction.OUT:
            remote = addr_key(event.ip_version, event.dst_addr)
            join_key = (event.protocol, remote, event.dst_port, event.src_port)
            self._event_mac(event, now)
        else:
            self._event_mac(event, now)
            return
        code = _VERDICT_CODE.get(action)
        has_ports = event.src_port >= 0 and event.dst_port >= 0
        if code and has_ports and event.protocol in _JOINED_PROTOCOLS:
            ledger.join.remember(join_key, code, now)

    def _event_direction(self, event: FirewallEvent) -> Direction:
        """Classify by the home networks; neither end inside (WAN address): trust the log."""
        src_home = self._contains(event.ip_version, event.src_addr)
        dst_home = self._contains(event.ip_version, event.dst_addr)
        if src_home and dst_home:
            return Direction.INTERNAL
        if dst_home:
            return Direction.IN
        if src_home:
            return Direction.OUT
        return Direction.OUT if event.direction is Direction.OUT else Direction.IN

    def _denied_inbound(self, event: FirewallEvent, now: float) -> None:
        """Count a denied inbound attempt by port, protocol, country and target device."""
        ledger = self._ledger
        ledger.totals.denied_inbound += 1
        ledger.add(Ring.DROPS, 1)
        code = self._geoip.country(event.ip_version, event.src_addr) if self._geoip else None
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
        if (
            device is None
            and self._inbound_creates
            and self._contains(event.ip_version, event.dst_addr)
        ):
            device = ledger.devices.create(key, now)
        if device is not None:
            device.denied_inbound += 1

    def _event_mac(self, event: FirewallEvent, now: float) -> None:
        """Take the sender's MAC from a log line about traffic a home device sent."""
        mac = parse_mac(event.mac)
        if not mac or not self._contains(event.ip_version, event.src_addr):
            return
        device = self._ledger.devices.by_key.get(addr_key(event.ip_version, event.src_addr))
        if device is not None:
            device.mac = mac
            device.last_seen = max(device.last_seen, now)

    # ---- read side (pure) -----------------------------------------------------------------------

    def device_label(self, ip_version: int, addr: int) -> tuple[str | None, str | None]:
        """Return (friendly name, MAC text) of a tracked home device, Nones when unknown."""
        key = addr_key(ip_version, addr)
        device = self._ledger.devices.by_key.get(key)
        name = self._names.get(key) or (device.saved_name if device is not None else None)
        mac = format_mac(device.mac) if device is not None and device.mac else None
        return name, mac

    def snapshot(self) -> NetworkSnapshot:
        """Return frozen counters for the sensors (no side effects)."""
        return build_snapshot(self._ledger, self._clock(), self._names, self._active_window)

    def panels(self, range_name: str) -> dict[str, Any]:
        """Return the panel data contract for "1h", "24h", "7d" or "30d"; ValueError otherwise."""
        return build_panels(
            self._ledger,
            range_name,
            self._clock(),
            geoip=self._geoip,
            geoip_error=self._geoip_error,
            names=self._names,
        )

    def export_state(self) -> dict[str, Any]:
        """Return everything worth keeping across a restart, JSON-able (orjson-safe)."""
        return export_ledger(self._ledger, self._names, self._clock())

    def export_counters(self) -> dict[str, Any]:
        """Return only totals, devices and countries (a small part of export_state)."""
        return export_counters(self._ledger, self._names, self._clock())

    def import_state(self, state: object) -> None:
        """Add a saved state to this aggregator; garbage sections are skipped and counted."""
        self._state_errors += import_ledger(self._ledger, state, self._clock())

    @property
    def stats(self) -> dict[str, int]:
        """Return sizes, caps and evictions of every bounded table, for diagnostics."""
        return {
            **self._ledger.sizes(),
            "device_names": len(self._names),
            "state_errors": self._state_errors,
        }

    # ---- device lifecycle -----------------------------------------------------------------------

    def forget_device(self, address: str) -> bool:
        """Drop one device's counters (the user removed it); tell whether it was tracked."""
        try:
            key = addr_key(*parse_addr(address))
        except ValueError:
            return False
        return self._ledger.devices.by_key.pop(key, None) is not None

    def prune_devices(self, max_idle: float) -> list[str]:
        """Drop devices not seen for `max_idle` seconds; return their addresses."""
        now = self._clock()
        stale = [d for d in self._ledger.devices if now - d.last_seen > max_idle]
        for device in stale:
            del self._ledger.devices.by_key[device.key]
        return [device.address for device in stale]
