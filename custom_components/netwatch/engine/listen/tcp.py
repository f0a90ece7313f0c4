"""Syslog over TCP: accept allowed senders, frame their streams (framing.py), bounded everywhere.

Limits, each counted where users see it:
- only the allowed sender networks (others are closed at once: `rejected_senders`);
- `max_connections` open connections in all (`rejected_over_limit`) and `max_per_sender` per
  sender address (`rejected_per_sender`), so one host cannot take every slot from the others;
- `idle_timeout` seconds without a *complete* message closes a connection (`idle_closed`): a slow
  sender that trickles bytes cannot hold a slot;
- `max_message` bytes per message (`oversized`), and per loop callback at most `budget` seconds of
  framing and handling: a connection with more queued stops reading until its backlog is handled
  on later loop iterations (TCP flow control then slows the sender down, nothing is lost).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast

from ..addr import NetworkSet
from ..ratelimit import RateLimitedLog
from .framing import Framer, FramingStats
from .sockets import open_tcp_socket

_LOGGER = logging.getLogger(__name__)

MessageHandler = Callable[[bytes, str], None]
"""Called with (message without framing, sender address text) for every message."""

_V4_MAPPED = "::ffff:"
DEFAULT_BUDGET = 0.002
_CHECK_EVERY = 16


@dataclass(slots=True)
class TcpStats:
    """Counters of one SyslogTcpServer."""

    connections_accepted: int = 0
    connections: int = 0
    rejected_senders: int = 0
    rejected_over_limit: int = 0
    rejected_per_sender: int = 0
    idle_closed: int = 0
    messages: int = 0
    bytes: int = 0
    handler_errors: int = 0
    paused: int = 0
    """Times a connection stopped reading because its backlog exceeded one callback's budget."""
    framing: FramingStats = field(default_factory=FramingStats)
    last_message: float | None = None
    last_sender: str = ""

    @property
    def refused(self) -> int:
        """Connections closed at once: foreign sender, server full or sender at its limit."""
        return self.rejected_senders + self.rejected_over_limit + self.rejected_per_sender


class SyslogTcpServer:
    """Accept syslog over TCP and hand each framed message to a handler."""

    def __init__(
        self,
        host: str,
        port: int,
        handler: MessageHandler,
        allowed: NetworkSet,
        *,
        max_message: int = 8192,
        max_connections: int = 64,
        max_per_sender: int = 8,
        idle_timeout: float = 300.0,
        budget: float = DEFAULT_BUDGET,
    ) -> None:
        self.host = host
        self.port = port
        self.stats = TcpStats()
        self.max_message = max_message
        self.max_connections = max_connections
        self.max_per_sender = max_per_sender
        self.idle_timeout = idle_timeout
        self.budget = budget
        self._handler = handler
        self._allowed = allowed
        self._server: asyncio.Server | None = None
        self._connections: set[_Connection] = set()
        self._per_sender: dict[str, int] = {}
        self._log = RateLimitedLog(_LOGGER)

    @property
    def bound_port(self) -> int:
        """Port actually bound (useful when started with port 0)."""
        if self._server is not None and self._server.sockets:
            return cast(int, self._server.sockets[0].getsockname()[1])
        return self.port

    async def start(self) -> None:
        """Bind and listen; raise a ListenerError subclass when binding fails."""
        sock = open_tcp_socket(self.host, self.port)
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(lambda: _Connection(self), sock=sock)

    async def stop(self) -> None:
        """Stop listening and close every connection; safe to call twice."""
        server, self._server = self._server, None
        if server is not None:
            server.close()
        for conn in list(self._connections):
            conn.close()
        if server is not None:
            await server.wait_closed()

    def deliver(self, message: bytes, sender: str) -> None:
        """Hand one message to the handler, counting it; the handler's errors are contained."""
        stats = self.stats
        stats.messages += 1
        stats.bytes += len(message)
        stats.last_sender = sender
        try:
            self._handler(message, sender)
        except Exception:  # noqa: BLE001 - the message boundary: count, log rarely, go on
            stats.handler_errors += 1
            self._log.report("handler", "syslog TCP handler failed on a message", exc_info=True)

    def admit(self, conn: _Connection, sender: str) -> bool:
        """Register a new connection unless its sender or a connection limit forbids it."""
        stats = self.stats
        if not self._allowed.contains_text(sender):
            stats.rejected_senders += 1
            self._log.report(
                "foreign_sender",
                "syslog TCP: closed connections from senders outside the allowed senders, such"
                " as %s",
                sender,
                sender=sender,
            )
            return False
        if len(self._connections) >= self.max_connections:
            stats.rejected_over_limit += 1
            self._log.report(
                "limit",
                "syslog TCP: %d connections open, closed a new one from %s",
                len(self._connections),
                sender,
                sender=sender,
            )
            return False
        held = self._per_sender.get(sender, 0)
        if held >= self.max_per_sender:
            stats.rejected_per_sender += 1
            self._log.report(
                "per_sender_limit",
                "syslog TCP: %s already has %d connections open, closed another one",
                sender,
                held,
                sender=sender,
            )
            return False
        self._per_sender[sender] = held + 1
        self._connections.add(conn)
        stats.connections_accepted += 1
        stats.connections = len(self._connections)
        return True

    def forget(self, conn: _Connection, sender: str) -> None:
        """Drop a closed connection."""
        if conn in self._connections:
            self._connections.discard(conn)
            left = self._per_sender.get(sender, 1) - 1
            if left > 0:
                self._per_sender[sender] = left
            else:
                self._per_sender.pop(sender, None)
        self.stats.connections = len(self._connections)


class _Connection(asyncio.Protocol):
    """One TCP connection: buffer, frame, deliver within a budget; close when idle."""

    def __init__(self, server: SyslogTcpServer) -> None:
        self._server = server
        self._transport: asyncio.Transport | None = None
        self._sender = ""
        self._framer = Framer(server.max_message, server.stats.framing)
        self._last = 0.0
        self._timer: asyncio.TimerHandle | None = None
        self._paused = False
        self._deadline = 0.0
        self._count = 0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Check the sender and the connection limits, then start the idle timer."""
        self._transport = cast(asyncio.Transport, transport)
        peer = transport.get_extra_info("peername")
        sender = str(peer[0]) if peer else ""
        if sender.startswith(_V4_MAPPED):  # dual-stack sockets report IPv4 peers as ::ffff:a.b.c.d
            sender = sender[len(_V4_MAPPED) :]
        self._sender = sender
        if not self._server.admit(self, sender):
            self._transport.abort()
            self._transport = None
            return
        loop = asyncio.get_running_loop()
        self._last = loop.time()
        self._timer = loop.call_later(self._server.idle_timeout, self._check_idle)

    def data_received(self, data: bytes) -> None:
        """Append data and deliver complete frames within the budget."""
        if self._transport is None:
            return
        self._framer.buf += data
        self._frames()

    def eof_received(self) -> bool:
        """Deliver a last LF-framed message that lacks its trailer, then close."""
        self._framer.finish(self._deliver)
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        """Cancel the timer and unregister."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._transport is not None:
            self._framer.finish(self._deliver)
            self._transport = None
            self._server.forget(self, self._sender)

    def close(self) -> None:
        """Close the connection (server stop)."""
        if self._transport is not None:
            self._transport.close()

    def _deliver(self, message: bytes) -> None:
        self._count += 1
        self._last = asyncio.get_running_loop().time()  # only complete messages keep it open
        self._server.deliver(message, self._sender)

    def _more(self) -> bool:
        """Tell whether this callback may handle another frame."""
        return bool(self._count % _CHECK_EVERY) or time.perf_counter() < self._deadline

    def _frames(self) -> None:
        """Frame and deliver until done or out of time; then pause or resume reading."""
        if self._transport is None:
            return
        self._deadline = time.perf_counter() + self._server.budget
        self._count = 0
        done = self._framer.frames(self._deliver, self._more)
        self._server.stats.last_message = time.time()
        if done and self._paused:
            self._paused = False
            self._transport.resume_reading()
        elif not done:
            if not self._paused:
                self._paused = True
                self._server.stats.paused += 1
                self._transport.pause_reading()
            asyncio.get_running_loop().call_soon(self._frames)

    def _check_idle(self) -> None:
        if self._transport is None:
            return
        loop = asyncio.get_running_loop()
        idle = loop.time() - self._last
        if idle >= self._server.idle_timeout:
            self._server.stats.idle_closed += 1
            self._framer.discard()  # a message that never completed is not delivered
            self._transport.close()
            return
        self._timer = loop.call_later(self._server.idle_timeout - idle, self._check_idle)
