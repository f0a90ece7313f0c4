"""Wire the engine stages: receivers -> decoders and parsers -> sinks."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from .addr import NetworkSet
from .flow import FlowDecoder
from .receiver import ReceiverStats, UdpReceiver
from .records import FirewallEvent, FlowRecord
from .syslog import SyslogParser, SyslogTcpServer

_LOGGER = logging.getLogger(__name__)

FlowSink = Callable[[list[FlowRecord]], None]
EventSink = Callable[[FirewallEvent], None]


@dataclass(frozen=True, slots=True)
class EngineConfig:
    """Listener settings of one netwatch instance."""

    bind_address: str
    netflow_port: int
    syslog_port: int
    syslog_tcp: bool = True
    home_networks: tuple[str, ...] = ()
    allowed_senders: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EngineStats:
    """A copy of the engine's counters at one moment."""

    netflow: ReceiverStats
    syslog: ReceiverStats
    syslog_tcp_messages: int = 0
    syslog_tcp_connections: int = 0
    syslog_tcp_rejected: int = 0
    flows: int = 0
    firewall_events: int = 0
    sink_errors: int = 0
    netflow_port: int = 0
    syslog_port: int = 0
    extra: dict[str, int] = field(default_factory=dict)


class NetwatchEngine:
    """One running instance: its listeners, decoders and the sinks fed from them."""

    def __init__(self, config: EngineConfig) -> None:
        self.config = config
        self.home_networks = NetworkSet.from_cidrs(config.home_networks)
        allowed = NetworkSet.from_cidrs(config.allowed_senders)
        self.flow_decoder = FlowDecoder()
        self.syslog_parser = SyslogParser()
        self.netflow = UdpReceiver(
            "netflow", config.bind_address, config.netflow_port, self.ingest_flow_datagram, allowed
        )
        self.syslog_udp = UdpReceiver(
            "syslog", config.bind_address, config.syslog_port, self.ingest_syslog_message, allowed
        )
        self.syslog_tcp: SyslogTcpServer | None = None
        if config.syslog_tcp:
            self.syslog_tcp = SyslogTcpServer(
                config.bind_address, config.syslog_port, self.ingest_syslog_message, allowed
            )
        self._flow_sinks: list[FlowSink] = []
        self._event_sinks: list[EventSink] = []
        self.flows = 0
        self.firewall_events = 0
        self.sink_errors = 0

    def add_flow_sink(self, sink: FlowSink) -> Callable[[], None]:
        """Feed every decoded batch of flow records to `sink`; return an unsubscribe callable."""
        self._flow_sinks.append(sink)
        return lambda: self._flow_sinks.remove(sink)

    def add_event_sink(self, sink: EventSink) -> Callable[[], None]:
        """Feed every parsed firewall event to `sink`; return an unsubscribe callable."""
        self._event_sinks.append(sink)
        return lambda: self._event_sinks.remove(sink)

    async def async_start(self, loop: asyncio.AbstractEventLoop) -> None:
        """Bind every listener; on failure close what was opened and raise the ListenerError."""
        try:
            self.netflow.start(loop)
            self.syslog_udp.start(loop)
            if self.syslog_tcp is not None:
                await self.syslog_tcp.start()
        except BaseException:
            await self.async_stop()
            raise

    async def async_stop(self) -> None:
        """Close every listener; safe to call more than once."""
        self.netflow.stop()
        self.syslog_udp.stop()
        if self.syslog_tcp is not None:
            await self.syslog_tcp.stop()

    def ingest_flow_datagram(self, data: bytes, exporter: str) -> None:
        """Decode one NetFlow/IPFIX datagram and hand its records to the sinks."""
        records = self.flow_decoder.decode(data, exporter)
        if not records:
            return
        self.flows += len(records)
        for sink in self._flow_sinks:
            try:
                sink(records)
            except Exception:  # one broken sink must not stop the others
                self.sink_errors += 1
                _LOGGER.exception("netwatch flow sink %r failed", sink)

    def ingest_syslog_message(self, data: bytes, sender: str) -> None:
        """Parse one syslog message and hand a firewall event to the sinks."""
        event = self.syslog_parser.parse(data, sender)
        if event is None:
            return
        self.firewall_events += 1
        for sink in self._event_sinks:
            try:
                sink(event)
            except Exception:  # one broken sink must not stop the others
                self.sink_errors += 1
                _LOGGER.exception("netwatch event sink %r failed", sink)

    def stats(self) -> EngineStats:
        """Return a copy of the counters (no side effects)."""
        tcp = self.syslog_tcp
        return EngineStats(
            netflow=replace(self.netflow.stats),
            syslog=replace(self.syslog_udp.stats),
            syslog_tcp_messages=tcp.stats.messages if tcp else 0,
            syslog_tcp_connections=tcp.stats.connections if tcp else 0,
            syslog_tcp_rejected=tcp.stats.rejected_senders if tcp else 0,
            flows=self.flows,
            firewall_events=self.firewall_events,
            sink_errors=self.sink_errors,
            netflow_port=self.netflow.bound_port,
            syslog_port=self.syslog_udp.bound_port,
        )
