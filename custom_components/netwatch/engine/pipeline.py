"""Wire the engine stages: listeners -> decoders and parsers -> classify -> sinks; the read API.

Flow records are handed on in batches: the NetFlow and sFlow listeners decode the datagrams of
one bounded loop turn, then `flush_flows` classifies them once (classify.py) and gives the
classified batch to every sink: the aggregator, the scan detector, the new-country watch and the
forwarder. One FlowDecoder serves both listeners (sFlow's version is 32 bits, NetFlow's 16).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from . import persistence, read, stages
from .addr import NetworkSet
from .aggregate import Aggregator, NetworkSnapshot, PanelQuery
from .classify import CountryOf, FlowBatch, classify_flows, event_homes
from .config import EngineConfig
from .enrich.asn import AsnDatabase
from .enrich.geoip import GeoIP
from .enrich.names import Names
from .enrich.rdns import ReverseDNS
from .flow import FlowDecoder
from .forward import Forwarder
from .listen import SyslogTcpServer
from .listen.udp import UdpReceiver
from .ratelimit import RateLimitedLog, flush_all
from .records import FirewallEvent, FlowRecord
from .scan import ScanDetector, ScanEvent, ScanNotice, ScanSummary
from .stats import EngineStats
from .syslog import SyslogParser
from .watch import CountryWatch, NewCountry, SenderSilent, SenderWatch

_LOGGER = logging.getLogger(__name__)

FlowSink = Callable[[FlowBatch], None]
EventSink = Callable[[FirewallEvent, tuple[bool, bool]], None]
"""Called with a firewall event and whether its (source, destination) are at home."""
type Notice = ScanNotice | SenderSilent | NewCountry
MAX_BATCH = 256
"""Flow records handed to the sinks at once: under a millisecond here, a few on a Raspberry Pi."""
FLUSH_DELAY = 0.05
"""Seconds decoded records may wait for more: at a few hundred datagrams a second, batches of
many datagrams share the per-batch work (one table update per device and remote, not per flow).
"""
NoticeSink = Callable[[Notice], None]


class NetwatchEngine:
    """One running instance: its listeners, decoders and the sinks fed from them."""

    def __init__(self, config: EngineConfig) -> None:
        self.config = config
        self.home_networks = NetworkSet.from_cidrs(config.home_networks)
        self.flow_decoder = FlowDecoder()
        self.geoip: GeoIP | None = None
        self.aggregator = Aggregator(
            home_networks=self.home_networks, max_devices=config.max_devices
        )
        self.syslog_parser = SyslogParser(
            prefix_verdicts=config.prefix_verdicts, pinned_vendor=config.syslog_vendor
        )
        self._listeners(config, NetworkSet.from_cidrs(config.allowed_senders))
        self.detector = ScanDetector(
            is_home=self.home_networks.contains,
            settings=config.scan,
            country_fn=self._country,
        )
        self.senders = SenderWatch(config.silence)
        self.countries = CountryWatch()
        self._flow_sinks: list[FlowSink] = [
            self.aggregator.add_batch,
            self._detect_flow_scans,
            self._watch_countries,
            self._forward_flows,
        ]
        self._event_sinks: list[EventSink] = [
            self.aggregator.add_firewall_event,
            self._detect_event_scans,
            self._forward_event,
        ]
        self._notice_sinks: list[NoticeSink] = [self._forward_notice, self._remember_scan]
        self.names = Names()
        """Host names (reverse DNS) and autonomous systems of remote addresses."""
        self.forwarder: Forwarder | None = None
        self._flow_batch: list[FlowRecord] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._flush_handle: asyncio.TimerHandle | None = None
        self.flows = 0
        self.firewall_events = 0
        self._last_firewall_event = float("-inf")
        self._log = RateLimitedLog(_LOGGER)
        self.sink_errors = 0

    def _listeners(self, config: EngineConfig, allowed: NetworkSet) -> None:
        """Create the listeners (bound by async_start): NetFlow, sFlow, syslog UDP and TCP."""
        host = config.bind_address
        self.netflow = UdpReceiver(
            "netflow",
            host,
            config.netflow_port,
            self.queue_flow_datagram,
            allowed,
            flush=self._end_of_turn,
        )
        self.sflow: UdpReceiver | None = None
        if config.sflow_port is not None:
            self.sflow = UdpReceiver(
                "sflow",
                host,
                config.sflow_port,
                self.queue_sflow_datagram,
                allowed,
                flush=self._end_of_turn,
            )
        self.syslog_udp = UdpReceiver(
            "syslog", host, config.syslog_port, self.ingest_syslog_datagram, allowed
        )
        self.syslog_tcp: SyslogTcpServer | None = None
        if config.syslog_tcp:
            self.syslog_tcp = SyslogTcpServer(
                host, config.syslog_port, self.ingest_syslog_message, allowed
            )

    def add_flow_sink(self, sink: FlowSink) -> Callable[[], None]:
        """Feed every decoded batch of flow records to `sink`; return an unsubscribe callable."""
        self._flow_sinks.append(sink)
        return lambda: self._flow_sinks.remove(sink)

    def add_event_sink(self, sink: EventSink) -> Callable[[], None]:
        """Feed every parsed firewall event to `sink`; return an unsubscribe callable."""
        self._event_sinks.append(sink)
        return lambda: self._event_sinks.remove(sink)

    def add_notice_sink(self, sink: NoticeSink) -> Callable[[], None]:
        """Receive scans, summaries, silent senders and new countries; return an unsubscribe."""
        self._notice_sinks.append(sink)
        return lambda: self._notice_sinks.remove(sink)

    def attach_forwarder(self, forwarder: Forwarder | None) -> None:
        """Send flows, firewall events and scans to `forwarder` too (None stops sending)."""
        self.forwarder = forwarder
        if forwarder is not None:
            forwarder.set_enricher(self.names.describe)

    def _forward_flows(self, batch: FlowBatch) -> None:
        if self.forwarder is not None:
            stages.forward_flows(self.forwarder, batch, self._country_of())

    def _forward_event(self, event: FirewallEvent, homes: tuple[bool, bool]) -> None:
        if self.forwarder is not None:
            stages.forward_event(self.forwarder, event, homes, self._country_of())

    def _forward_notice(self, notice: Notice) -> None:
        if self.forwarder is not None and isinstance(notice, ScanEvent | ScanSummary):
            self.forwarder.submit_scan(notice.as_event_data())

    def tick(self, now: float | None = None) -> None:
        """Run the timed checks: due scans, summaries, silent senders, log summaries."""
        self._publish([*self.detector.flush(), *self.senders.check(now)])
        flush_all()

    def _publish(self, notices: list[Notice]) -> None:
        for notice in notices:
            # Scan events wait (bounded) for their source's host name before they go out.
            self.names.deliver(notice, self._deliver)

    def _deliver(self, notice: Notice) -> None:
        self._feed(self._notice_sinks, (notice,))

    def _remember_scan(self, notice: Notice) -> None:
        if isinstance(notice, ScanEvent):
            self.aggregator.add_scan(notice.as_event_data())

    def _feed[*T](self, sinks: list[Callable[[*T], None]], item: tuple[*T]) -> None:
        """Hand `item` to every sink; a failing sink is counted and logged now and then."""
        for sink in sinks:
            try:
                sink(*item)
            except Exception:  # noqa: BLE001 - the stage boundary: one broken sink must not stop the others
                self.sink_errors += 1
                name = getattr(sink, "__qualname__", repr(sink))
                self._log.report(f"sink:{name}", "netwatch stage %s failed", name, exc_info=True)

    def _country(self, ip_version: int, addr: int) -> str | None:
        return self.geoip.country(ip_version, addr) if self.geoip is not None else None

    def _country_of(self) -> CountryOf | None:
        return self.geoip.country if self.geoip is not None else None

    def _detect_flow_scans(self, batch: FlowBatch) -> None:
        if notices := stages.flow_scans(self.detector, batch, self._last_firewall_event):
            self._publish(list(notices))

    def _detect_event_scans(self, event: FirewallEvent, homes: tuple[bool, bool]) -> None:
        if notices := self.detector.add_firewall_event(event, homes[0]):
            self._publish(list(notices))

    def _watch_countries(self, batch: FlowBatch) -> None:
        """Note which countries each home device sends to (only with a GeoIP database)."""
        notices = stages.new_countries(self.countries, self.aggregator, batch, self._country_of())
        if notices:
            self._publish(list(notices))

    async def async_start(self, loop: asyncio.AbstractEventLoop) -> None:
        """Bind every listener; on failure close what was opened and raise the ListenerError."""
        self._loop = loop
        try:
            self.netflow.start(loop)
            if self.sflow is not None:
                self.sflow.start(loop)
            self.syslog_udp.start(loop)
            if self.syslog_tcp is not None:
                await self.syslog_tcp.start()
        except BaseException:
            await self.async_stop()
            raise

    async def async_stop(self) -> None:
        """Close every listener, then hand on what is decoded; safe to call more than once."""
        self.netflow.stop()  # a listener's last turn may still decode what waited in its buffer
        if self.sflow is not None:
            self.sflow.stop()
        self.syslog_udp.stop()
        if self.syslog_tcp is not None:
            await self.syslog_tcp.stop()
        self.flush_flows()
        await self.names.async_close()

    def ingest_flow_datagram(self, data: bytes, exporter: str) -> None:
        """Decode one NetFlow/IPFIX datagram and hand its records to the sinks now."""
        self.queue_flow_datagram(data, exporter)
        self.flush_flows()

    def queue_flow_datagram(self, data: bytes, exporter: str, kind: str = "netflow") -> None:
        """Decode one datagram into the current batch (handed on by `flush_flows`)."""
        records = self.flow_decoder.decode(data, exporter)
        self.senders.seen(kind, exporter, time.time())
        if records:
            batch = self._flow_batch
            batch += records
            if len(batch) >= 4 * MAX_BATCH:  # a listener's turn ends long before this
                self.flush_flows()

    def queue_sflow_datagram(self, data: bytes, agent: str) -> None:
        """Decode one datagram of the sFlow listener into the current batch."""
        self.queue_flow_datagram(data, agent, "sflow")

    def _end_of_turn(self) -> None:
        """After a listener turn: hand on a full batch now, else soon (see FLUSH_DELAY)."""
        if len(self._flow_batch) >= MAX_BATCH or self._loop is None:
            self.flush_flows()
        elif self._flow_batch and self._flush_handle is None:
            self._flush_handle = self._loop.call_later(FLUSH_DELAY, self.flush_flows)

    def flush_flows(self) -> None:
        """Classify the decoded flow records once and hand the batch to every flow sink."""
        if self._flush_handle is not None:
            self._flush_handle.cancel()
            self._flush_handle = None
        records = self._flow_batch
        if records:
            self._flow_batch = []
            self.flows += len(records)
            batch = classify_flows(records, self.home_networks, time.time())
            self._feed(self._flow_sinks, (batch,))

    def ingest_syslog_datagram(self, data: bytes, sender: str) -> None:
        """Parse a UDP datagram (senders may batch LF-separated lines) and feed the sinks."""
        now = time.time()
        self.senders.seen("syslog", sender, now)
        for event in self.syslog_parser.parse_datagram(data, sender):
            self._event(event, now)

    def ingest_syslog_message(self, data: bytes, sender: str) -> None:
        """Parse one framed syslog message (TCP) and hand a firewall event to the sinks."""
        now = time.time()
        self.senders.seen("syslog", sender, now)
        event = self.syslog_parser.parse(data, sender)
        if event is not None:
            self._event(event, now)

    def _event(self, event: FirewallEvent, now: float) -> None:
        self.firewall_events += 1
        self._last_firewall_event = now
        homes = event_homes(event, self.home_networks.contains)
        self._feed(self._event_sinks, (event, homes))

    def stats(self) -> EngineStats:
        """Return a copy of the counters (no side effects)."""
        tcp, sflow = self.syslog_tcp, self.sflow
        return EngineStats(
            netflow=replace(self.netflow.stats, senders=OrderedDict()),
            sflow=replace(sflow.stats, senders=OrderedDict()) if sflow else None,
            syslog=replace(self.syslog_udp.stats, senders=OrderedDict()),
            syslog_tcp=replace(tcp.stats, framing=replace(tcp.stats.framing)) if tcp else None,
            flows=self.flows,
            firewall_events=self.firewall_events,
            sink_errors=self.sink_errors,
            netflow_port=self.netflow.bound_port,
            sflow_port=sflow.bound_port if sflow else 0,
            syslog_port=self.syslog_udp.bound_port,
            scan=self.detector.stats,
            forwarder=self.forwarder.stats if self.forwarder else None,
            tables=self.aggregator.stats,
        )

    # ---- read API (no side effects) -------------------------------------------------------------

    def snapshot(self) -> NetworkSnapshot:
        """Return frozen network counters for the sensors."""
        return self.aggregator.snapshot()

    def panels(self, query: PanelQuery | str = "24h") -> dict[str, Any]:
        """Return the `netwatch/panels` answer (contract/panels.schema.json); ValueError if bad."""
        return read.panels(self, PanelQuery(range=query) if isinstance(query, str) else query)

    def diagnostics(self) -> dict[str, Any]:
        """Return counters and table sizes for a diagnostics download (no settings, no secrets)."""
        return read.diagnostics(self)

    # ---- settings pushed in by the host ----------------------------------------------------------

    def set_device_names(self, names: Mapping[str, str]) -> None:
        """Name home devices by address text (from the host's device trackers)."""
        self.aggregator.set_device_names(names)

    def set_names(self, rdns: ReverseDNS | None, asn: AsnDatabase | None) -> None:
        """Look up host names (None: no reverse DNS) and autonomous systems (None: none)."""
        self.names.rdns = rdns
        self.names.asn = asn

    def set_scan_ignore(self, sources: tuple[str, ...]) -> None:
        """Never report scans from these addresses or networks (CIDR text)."""
        ignored = NetworkSet.from_cidrs(sources) if sources else None
        self.detector.set_ignored(ignored.contains if ignored is not None else None)

    def set_geoip(self, geoip: GeoIP | None, error: str | None) -> GeoIP | None:
        """Use another GeoIP database everywhere; return the previous one for closing."""
        old, self.geoip = self.geoip, geoip
        self.aggregator.set_geoip(geoip, error)
        return old

    def export_state(self) -> dict[str, Any]:
        """Return everything that survives a restart (JSON-able; see persistence.py)."""
        return persistence.export_full(self)

    def export_counters(self) -> dict[str, Any]:
        """Return the small part of the state that is saved often (see persistence.py)."""
        return persistence.export_counters(self)

    def import_state(self, state: object, counters: object = None) -> None:
        """Restore a saved state (and newer saved counters) into this fresh engine."""
        persistence.import_state(self, persistence.newest(state, counters))
