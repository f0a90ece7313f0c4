"""Syslog over TCP (RFC 6587): octet-counting and LF (non-transparent) framing, per frame.

A frame that starts with `DIGITS SP <` is octet-counted (`MSG-LEN SP SYSLOG-MSG`, and every syslog
message starts with its PRI `<`); anything else runs to the next LF (or NUL, which some senders use
as trailer). Deciding per frame instead of per connection costs nothing and survives senders that
switch. Limits: `max_message` bytes per message (longer ones are skipped and counted, memory stays
at most max_message plus one read per connection), `max_connections` open connections (more are
closed at once), `idle_timeout` seconds without data (the connection is closed), and the allowed
sender networks (others are closed at once).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from ..addr import NetworkSet
from ..ratelimit import RateLimitedLog
from .sockets import open_tcp_socket

_LOGGER = logging.getLogger(__name__)

MessageHandler = Callable[[bytes, str], None]
"""Called with (message without framing, sender address text) for every message."""

_MAX_COUNT_DIGITS = 9
_V4_MAPPED = "::ffff:"
_BETWEEN_FRAMES = b"\r\n\x00 "  # trailers between frames: CRLF senders, LF after a count


@dataclass(slots=True)
class TcpStats:
    """Counters of one SyslogTcpServer."""

    connections_accepted: int = 0
    connections: int = 0
    rejected_senders: int = 0
    rejected_over_limit: int = 0
    idle_closed: int = 0
    messages: int = 0
    bytes: int = 0
    octet_counted: int = 0
    lf_framed: int = 0
    oversized: int = 0
    truncated: int = 0
    handler_errors: int = 0
    last_message: float | None = None
    last_sender: str = ""


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
        idle_timeout: float = 300.0,
    ) -> None:
        self.host = host
        self.port = port
        self.stats = TcpStats()
        self.max_message = max_message
        self.max_connections = max_connections
        self.idle_timeout = idle_timeout
        self._handler = handler
        self._allowed = allowed
        self._server: asyncio.Server | None = None
        self._connections: set[_Connection] = set()
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
        except Exception:  # the message boundary: count, log rarely, keep the connection
            stats.handler_errors += 1
            if self._log.warning("handler", "syslog TCP handler failed on a message"):
                _LOGGER.debug("handler failure", exc_info=True)

    def admit(self, conn: _Connection, sender: str) -> bool:
        """Register a new connection unless its sender or the connection limit forbids it."""
        if not self._allowed.contains_text(sender):
            self.stats.rejected_senders += 1
            self._log.warning(
                f"sender:{sender}",
                "syslog TCP: closed a connection from %s, which is not in the allowed senders",
                sender,
            )
            return False
        if len(self._connections) >= self.max_connections:
            self.stats.rejected_over_limit += 1
            self._log.warning(
                "limit", "syslog TCP: %d connections open, closed a new one", len(self._connections)
            )
            return False
        self._connections.add(conn)
        self.stats.connections_accepted += 1
        self.stats.connections = len(self._connections)
        return True

    def forget(self, conn: _Connection) -> None:
        """Drop a closed connection."""
        self._connections.discard(conn)
        self.stats.connections = len(self._connections)


class _Connection(asyncio.Protocol):
    """One TCP connection: buffer, frame, deliver; close when idle."""

    def __init__(self, server: SyslogTcpServer) -> None:
        self._server = server
        self._transport: asyncio.Transport | None = None
        self._sender = ""
        self._buf = bytearray()
        self._skip = 0  # bytes of an oversized octet-counted frame still to discard
        self._discard_line = False  # an oversized LF frame: discard up to the next LF
        self._last = 0.0
        self._timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Check the sender and the connection limit, then start the idle timer."""
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
        """Append data and deliver every complete frame."""
        if self._transport is None:
            return
        self._last = asyncio.get_running_loop().time()
        self._buf += data
        self._frame()

    def eof_received(self) -> bool:
        """Deliver a last LF-framed message that lacks its trailer, then close."""
        self._flush()
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        """Cancel the timer and unregister."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._transport is not None:
            self._flush()
            self._transport = None
            self._server.forget(self)

    def close(self) -> None:
        """Close the connection (server stop)."""
        if self._transport is not None:
            self._transport.close()

    def _check_idle(self) -> None:
        if self._transport is None:
            return
        loop = asyncio.get_running_loop()
        idle = loop.time() - self._last
        if idle >= self._server.idle_timeout:
            self._server.stats.idle_closed += 1
            self._transport.close()
            return
        self._timer = loop.call_later(self._server.idle_timeout - idle, self._check_idle)

    def _flush(self) -> None:
        """Handle what is left in the buffer at end of stream."""
        buf, self._buf = self._buf, bytearray()
        rest = bytes(buf).strip(b"\r\n\x00 ")
        if self._skip or (rest[:1].isdigit() and b" <" in rest[: _MAX_COUNT_DIGITS + 2]):
            if rest or self._skip:
                self._server.stats.truncated += 1  # an octet-counted frame cut short
        elif rest and not self._discard_line:
            self._server.stats.lf_framed += 1
            self._server.deliver(rest, self._sender)
        self._skip = 0

    def _frame(self) -> None:
        """Cut complete frames out of the buffer and deliver them."""
        buf = self._buf
        end = len(buf)
        pos = 0
        while pos < end:
            if self._skip or self._discard_line:
                pos = self._discard(pos, end)
            elif buf[pos] in _BETWEEN_FRAMES:
                pos += 1
            else:
                nxt = self._octet_frame(pos, end)
                if nxt == pos:
                    nxt = self._lf_frame(pos, end)
                if nxt is None:
                    break  # the frame is still arriving
                pos = nxt
        if pos:
            del buf[:pos]
        self._server.stats.last_message = time.time()

    def _discard(self, pos: int, end: int) -> int:
        """Skip the rest of an oversized frame; return the new position."""
        if self._skip:
            step = min(self._skip, end - pos)
            self._skip -= step
            return pos + step
        lf = self._buf.find(b"\n", pos)
        if lf == -1:
            return end
        self._discard_line = False
        return lf + 1

    def _octet_frame(self, pos: int, end: int) -> int | None:
        """Deliver an octet-counted frame at `pos`; `pos` if it is not one, None if incomplete."""
        buf = self._buf
        sp = buf.find(b" ", pos, pos + _MAX_COUNT_DIGITS + 1)
        if sp == -1:
            # Still arriving if all we have are a few digits; otherwise not octet-counted.
            digits_only = end - pos <= _MAX_COUNT_DIGITS and buf[pos:end].isdigit()
            return None if digits_only else pos
        if sp + 1 >= end and buf[pos:sp].isdigit():
            return None  # cannot tell yet whether a PRI follows
        if not (buf[pos:sp].isdigit() and buf[sp + 1] == 0x3C):  # DIGITS SP '<'
            return pos  # a LF-framed line (it may start with a number)
        size = int(buf[pos:sp])
        start = sp + 1
        stats = self._server.stats
        if size > self._server.max_message:
            stats.oversized += 1
            self._skip = size
            return start
        if end - start < size:
            return None
        stats.octet_counted += 1
        self._server.deliver(bytes(buf[start : start + size]), self._sender)
        return start + size

    def _lf_frame(self, pos: int, end: int) -> int | None:
        """Deliver a frame ending in LF (or NUL) at `pos`; None if its trailer has not arrived."""
        buf = self._buf
        stats = self._server.stats
        lf = buf.find(b"\n", pos)
        nul = buf.find(b"\x00", pos, lf if lf != -1 else end)
        if nul != -1:
            lf = nul
        if lf == -1:
            if end - pos > self._server.max_message:
                stats.oversized += 1
                self._discard_line = True
                return end
            return None
        if lf - pos > self._server.max_message:
            stats.oversized += 1
        else:
            stats.lf_framed += 1
            self._server.deliver(bytes(buf[pos:lf]), self._sender)
        return lf + 1
