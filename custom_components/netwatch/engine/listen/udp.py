"""A UDP receiver that owns its non-blocking socket and drains it from the event loop.

asyncio's datagram transport calls recvfrom(256 KiB) once per datagram, which costs several times
more CPU than draining the socket ourselves with recvmsg(65535) from a reader callback. Each
callback handles at most `budget` datagrams and then yields, so a flood cannot stall the loop;
epoll is level-triggered, so the callback runs again on the next loop iteration.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass

from ..addr import NetworkSet
from ..ratelimit import RateLimitedLog
from .sockets import DEFAULT_RCVBUF, SO_RXQ_OVFL, open_udp_socket

_LOGGER = logging.getLogger(__name__)

DatagramHandler = Callable[[bytes, str], None]
"""Called with (payload, sender address text) for every accepted datagram."""

_MAX_DATAGRAM = 65535
_SENDER_CACHE_MAX = 1024


@dataclass(slots=True)
class ReceiverStats:
    """Counters of one receiver; plain integers read by the publisher."""

    datagrams: int = 0
    bytes: int = 0
    rejected_senders: int = 0
    handler_errors: int = 0
    kernel_drops: int = 0
    last_datagram: float | None = None
    last_sender: str = ""
    rcvbuf_granted: int = 0


class UdpReceiver:
    """Receive UDP datagrams on one address and port and hand accepted ones to a handler."""

    def __init__(
        self,
        name: str,
        host: str,
        port: int,
        handler: DatagramHandler,
        allowed_senders: NetworkSet,
        *,
        budget: int = 2048,
        rcvbuf: int = DEFAULT_RCVBUF,
    ) -> None:
        self.name = name
        self.host = host
        self.port = port
        self.stats = ReceiverStats()
        self._handler = handler
        self._allowed = allowed_senders
        self._budget = budget
        self._rcvbuf = rcvbuf
        self._sock: socket.socket | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._sender_ok: dict[str, bool] = {}
        self._log = RateLimitedLog(_LOGGER)

    @property
    def bound_port(self) -> int:
        """Port actually bound (useful when started with port 0)."""
        return self._sock.getsockname()[1] if self._sock else self.port

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        """Bind the socket and start draining it; raise a ListenerError when binding fails."""
        self._sock = open_udp_socket(self.host, self.port, self._rcvbuf)
        self.stats.rcvbuf_granted = self._sock.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)
        self._loop = loop
        loop.add_reader(self._sock.fileno(), self._drain)

    def stop(self) -> None:
        """Stop draining and close the socket; safe to call twice."""
        if self._sock is None:
            return
        if self._loop is not None and not self._loop.is_closed():
            self._loop.remove_reader(self._sock.fileno())
        self._sock.close()
        self._sock = None

    def _drain(self) -> None:
        sock = self._sock
        if sock is None:
            return
        stats = self.stats
        handler = self._handler
        for _ in range(self._budget):
            try:
                data, ancdata, _flags, addr = sock.recvmsg(_MAX_DATAGRAM, 64)
            except BlockingIOError, InterruptedError:
                break
            except OSError as err:  # ICMP errors surface here on some kernels; keep draining later
                self._log.warning("recv", "%s receiver: recvmsg failed: %s", self.name, err)
                break
            for level, kind, value in ancdata:
                if level == socket.SOL_SOCKET and kind == SO_RXQ_OVFL and len(value) >= 4:
                    stats.kernel_drops = struct.unpack("=I", value[:4])[0]
            sender = addr[0]
            if sender.startswith("::ffff:") and "." in sender:
                sender = sender[7:]  # IPv4 on a dual-stack socket: one name per router
            if not self._sender_allowed(sender):
                stats.rejected_senders += 1
                self._log.warning(
                    f"sender:{sender}",
                    "%s receiver: dropped datagrams from %s, which is not in the allowed senders;"
                    " add its network to the allowed senders in the netwatch options if it is"
                    " yours",
                    self.name,
                    sender,
                )
                continue
            stats.datagrams += 1
            stats.bytes += len(data)
            stats.last_sender = sender
            try:
                handler(data, sender)
            except Exception:  # the datagram boundary: count, log rarely, keep receiving
                stats.handler_errors += 1
                if self._log.warning("handler", "%s receiver: datagram handler failed", self.name):
                    _LOGGER.debug("handler failure", exc_info=True)
        stats.last_datagram = time.time()

    def _sender_allowed(self, sender: str) -> bool:
        ok = self._sender_ok.get(sender)
        if ok is None:
            ok = self._allowed.contains_text(sender)
            if len(self._sender_ok) >= _SENDER_CACHE_MAX:
                self._sender_ok.clear()
            self._sender_ok[sender] = ok
        return ok
