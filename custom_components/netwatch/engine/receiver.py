"""A UDP receiver that owns its non-blocking socket and drains it from the event loop.

asyncio's datagram transport calls recvfrom(256 KiB) once per datagram, which costs several times
more CPU than draining the socket ourselves with recvmsg(65535) from a reader callback. Each
callback handles at most `budget` datagrams and then yields, so a flood cannot stall the loop;
epoll is level-triggered, so the callback runs again on the next loop iteration.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass

from .addr import NetworkSet, parse_addr
from .errors import listener_error_from_oserror
from .ratelimit import RateLimitedLog

_LOGGER = logging.getLogger(__name__)

DatagramHandler = Callable[[bytes, str], None]
"""Called with (payload, sender address text) for every accepted datagram."""

_SO_RXQ_OVFL = getattr(socket, "SO_RXQ_OVFL", 40)  # Linux: ancillary count of kernel drops
_SO_RCVBUFFORCE = getattr(socket, "SO_RCVBUFFORCE", 33)  # Linux: SO_RCVBUF above rmem_max
_MAX_DATAGRAM = 65535
_SENDER_CACHE_MAX = 1024
DEFAULT_RCVBUF = 8 * 1024 * 1024


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
                if level == socket.SOL_SOCKET and kind == _SO_RXQ_OVFL and len(value) >= 4:
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


def _grow_receive_buffer(sock: socket.socket, size: int) -> None:
    """Ask for a receive buffer that holds bursts; stats report what the kernel granted.

    SO_RCVBUF is silently capped at net.core.rmem_max (often 208 KiB to 4 MiB); a process with
    CAP_NET_ADMIN (Home Assistant OS runs as root) may exceed it with SO_RCVBUFFORCE.
    """
    try:
        sock.setsockopt(socket.SOL_SOCKET, _SO_RCVBUFFORCE, size)
    except OSError:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, size)


def open_udp_socket(host: str, port: int, rcvbuf: int = DEFAULT_RCVBUF) -> socket.socket:
    """Open a bound, non-blocking UDP socket; `::` listens on IPv4 and IPv6."""
    family = socket.AF_INET
    if host in ("", "::") or ":" in host:
        family = socket.AF_INET6
    else:
        try:
            parse_addr(host)
        except ValueError:
            family = socket.AF_INET
    sock = socket.socket(family, socket.SOCK_DGRAM)
    try:
        sock.setblocking(False)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        _grow_receive_buffer(sock, rcvbuf)
        with contextlib.suppress(OSError):  # drop counting is best effort
            sock.setsockopt(socket.SOL_SOCKET, _SO_RXQ_OVFL, 1)
        sock.bind((host or "::", port))
    except OSError as err:
        sock.close()
        raise listener_error_from_oserror(err, host, port) from err
    return sock
