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
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..addr import NetworkSet, parse_addr
from ..classify import FlowBatch, addr_key, classify_flows
from ..enrich.geoip import GeoIP
from ..records import FlowRecord
from .batch_sums import sum_batch
from .count_facts import count_facts
from .count_flows import count_flows
from .firewall import FirewallCounting
from .ledger import Ledger
from .model import NetworkSnapshot
from .panels import PanelQuery, build_panels
from .persist import export_counters, export_ledger, import_ledger
from .snapshot import build_snapshot, format_mac
from .sources import ScanLog

MAX_DEVICE_NAMES = 4096


class Aggregator(FirewallCounting):
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
        self._home = home_networks
        self._contains = home_networks.contains
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
        self.scans = ScanLog()
        """The latest scan events, for the sources panel."""

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

    # ---- ingest (event loop) -------------------------------------------------------------------

    def add_flows(self, records: Sequence[FlowRecord]) -> None:
        """Classify and count a batch of flow records (tests and tools; the engine classifies)."""
        self.add_batch(classify_flows(records, self._home, self._clock()))

    def add_batch(self, batch: FlowBatch) -> None:
        """Count a classified batch of flow records (count_flows.py)."""
        self._ledger.advance(batch.now)
        geoip = self._geoip
        country_of = geoip.country if geoip else None
        sums = sum_batch(batch)
        count_flows(self._ledger, batch, sums, country_of, self._inbound_creates)
        count_facts(self._ledger, batch, sums, country_of)

    # ---- read side (pure) -----------------------------------------------------------------------

    def device_label(self, ip_version: int, addr: int) -> tuple[str | None, str | None]:
        """Return (friendly name, MAC text) of a tracked home device, Nones when unknown."""
        return self.device_label_by_key(addr_key(ip_version, addr))

    def device_label_by_key(self, key: int) -> tuple[str | None, str | None]:
        """Return (friendly name, MAC text) of the device with this table key."""
        device = self._ledger.devices.by_key.get(key)
        name = self._names.get(key) or (device.saved_name if device is not None else None)
        mac = format_mac(device.mac) if device is not None and device.mac else None
        return name, mac

    def snapshot(self) -> NetworkSnapshot:
        """Return frozen counters for the sensors (no side effects)."""
        return build_snapshot(self._ledger, self._clock(), self._names, self._active_window)

    def panels(self, query: PanelQuery | str = "24h") -> dict[str, Any]:
        """Return the `netwatch/panels` answer (a range name or a PanelQuery); ValueError if bad."""
        if isinstance(query, str):
            query = PanelQuery(range=query)
        return build_panels(
            self._ledger,
            query,
            self._clock(),
            geoip=self._geoip,
            geoip_error=self._geoip_error,
            names=self._names,
            scans=self.scans,
            since=self._ledger.facts_since,
        )

    def add_scan(self, payload: dict[str, Any]) -> None:
        """Remember a `scan_detected` payload for the sources panel."""
        self.scans.add(payload)

    def export_state(self) -> dict[str, Any]:
        """Return everything worth keeping across a restart, JSON-able (orjson-safe)."""
        state = export_ledger(self._ledger, self._names, self._clock())
        state["scans"] = self.scans.export()
        return state

    def export_counters(self) -> dict[str, Any]:
        """Return only totals, devices and countries (a small part of export_state)."""
        return export_counters(self._ledger, self._names, self._clock())

    def import_state(self, state: object) -> None:
        """Add a saved state to this aggregator; garbage sections are skipped and counted."""
        self._state_errors += import_ledger(self._ledger, state, self._clock())
        if isinstance(state, dict) and "scans" in state:
            try:
                self.scans.restore(state["scans"])
            except TypeError:
                self._state_errors += 1

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
