"""A UDP listener that owns its non-blocking socket and shares the event loop fairly.

asyncio's datagram transport calls recvfrom(256 KiB) once per datagram, which costs several times
more CPU than draining the socket ourselves with recvmsg(65535) from a reader callback.

Each loop callback is bounded in wall-clock time (`budget`, 2 ms): it first moves datagrams from
the kernel buffer into one bounded queue per sender (cheap: a receive and an append), then hands
queued datagrams to the handler, round robin across senders by processing time (deficit round
robin), until the budget is spent. What is left waits in the queues (a continuation runs on the
next loop iteration) or in the kernel buffer. So a sender that floods, or whose datagrams are
expensive, fills and overflows only its own queue (counted per sender as `queue_drops`), while
the other senders keep their share; the kernel buffer overflows (counted as `kernel_drops`) only
when datagrams arrive faster than they can be received at all. While nothing is queued and one
sender speaks (a home with one router), its datagrams skip the queues: the happy path costs what
a plain receive loop costs.

While traffic is light the socket is read in batches: after a turn that emptied it, the receiver
stops watching the socket and runs its next turn after a pause (`linger`, 20 ms), so a busy home's
router costs one wakeup per pause instead of one per datagram. A wakeup is dear beyond its own
instructions: after a sleep the engine's tables are out of the CPU caches, and its work per flow
costs two to three times what it costs in a busy loop. The pause is shortened to what fills at
most a quarter of the kernel receive buffer at the measured arrival rate (which rises at once and
falls slowly), and it grows from 4 ms by doubling after a quiet spell; below 2 ms every datagram
wakes the loop again as before. A turn that found nothing goes back to waiting on the socket, so
an idle listener costs no timer.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import struct
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from ..addr import NetworkSet
from ..ratelimit import RateLimitedLog
from .sockets import DEFAULT_RCVBUF, SO_RXQ_OVFL, open_udp_socket
from .udp_stats import ReceiverStats, SenderStats

_LOGGER = logging.getLogger(__name__)

DatagramHandler = Callable[[bytes, str], None]
"""Called with (payload, sender address text) for every accepted datagram."""
FlushHandler = Callable[[], None]
"""Called after each sender's turn (the engine hands a full batch of records to its sinks)."""

_MAX_DATAGRAM = 65535
_SENDER_CACHE_MAX = 1024
DEFAULT_BUDGET = 0.002
"""Seconds of loop time one callback may use."""
RECEIVE_SHARE = 0.5
"""Share of the budget spent moving datagrams from the kernel into the queues."""
QUANTUM = 0.0002
"""Processing time a sender earns per round robin turn."""
MAX_QUEUE_BYTES = 1024 * 1024
"""Bytes one sender may have queued; more are dropped and counted for that sender."""
MAX_TOTAL_BYTES = 16 * 1024 * 1024
"""Bytes all senders together may have queued."""
MAX_SENDERS = 256
"""Senders with their own counters; the least recently heard is forgotten beyond it."""
_CHECK_EVERY = 32
"""Datagrams received between two clock reads."""
_IDLE_QUEUES = 32
"""Empty sender queues kept for reuse (a router's queue is not rebuilt at every wakeup)."""
DEFAULT_LINGER = 0.02
"""Longest pause between turns while traffic is light (seconds). 200 ms halved the CPU per flow
in a bare loop but raised Home Assistant's HTTP p99 at 10k flows/s from 5 to 21 ms (the backlog of
a pause is worked off in back-to-back turns); at 20 ms the p99 is as without pauses."""
MIN_LINGER = 0.002
"""A shorter pause is not taken: every datagram wakes the loop instead."""
BUFFER_SHARE = 0.25
"""Share of the kernel receive buffer the datagrams of one pause may fill at the measured rate."""
DATAGRAM_OVERHEAD = 768
"""Bytes beyond twice its payload counted per datagram. The kernel charges a queued datagram more
than its payload (measured with `ss -m`: 64 B → 832, 320 → 1,280, 1,400 → 2,304, 8,000 →
16,640), never more than twice the payload plus this."""
RATE_HALF_LIFE = 1.0
"""Seconds in which a measured arrival rate that is not seen again counts half."""
QUIET_SPELL = 1.0
"""Seconds without a datagram after which the pause starts again from its shortest."""


@dataclass(slots=True)
class _Queue:
    """Datagrams of one sender waiting for their turn, and the sender's processing credit."""

    items: deque[bytes] = field(default_factory=deque)
    size: int = 0
    credit: float = 0.0


_NOBODY = SenderStats()
"""Placeholder counters before the first allowed sender of a straight turn is known."""


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
        flush: FlushHandler | None = None,
        budget: float = DEFAULT_BUDGET,
        rcvbuf: int = DEFAULT_RCVBUF,
        max_queue_bytes: int = MAX_QUEUE_BYTES,
        linger: float = DEFAULT_LINGER,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.name = name
        self.host = host
        self.port = port
        self.stats = ReceiverStats()
        self._handler = handler
        self._flush = flush
        self._allowed = allowed_senders
        self._budget = budget
        self._rcvbuf = rcvbuf
        self._max_queue = max_queue_bytes
        self._clock = clock
        self._sock: socket.socket | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._sender_ok: dict[str, bool] = {}
        self._queues: dict[str, _Queue] = {}
        self._turns: deque[str] = deque()  # senders with queued datagrams, round robin order
        self._continuation: asyncio.Handle | None = None
        self._linger = linger
        self._watching = False  # the socket is registered with the loop's reader
        self._arrived = 0  # bytes + overhead received since the last turn ended
        self._drained = False  # the last receive loop met an empty socket
        self._rate = 0.0  # bytes (+ overhead) per second arriving, rising at once, decaying
        self._rate_at = clock()
        self._pause = 0.0  # the last pause taken (kept while waiting on the socket)
        self._heard = self._rate_at  # when the last turn received something
        self._kernel_base = 0
        self._log = RateLimitedLog(_LOGGER)

    @property
    def bound_port(self) -> int:
        """Port actually bound (useful when started with port 0)."""
        return self._sock.getsockname()[1] if self._sock else self.port

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        """Bind the socket and start draining it; raise a ListenerError when binding fails."""
        self._sock = open_udp_socket(self.host, self.port, self._rcvbuf)
        self.stats.rcvbuf_granted = self._sock.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)
        self._kernel_base = self.stats.kernel_drops  # restored drops; the socket counts from 0
        self._loop = loop
        self._watch(True)

    def stop(self) -> None:
        """Stop draining, drop what is queued and close the socket; safe to call twice.

        Datagrams already in the kernel buffer (say, waiting out a pause) get one last bounded
        turn first.
        """
        self._cancel_continuation()
        if self._sock is not None and self._loop is not None and not self._loop.is_closed():
            self._run()
            self._cancel_continuation()
        self._queues.clear()
        self._turns.clear()
        self.stats.queued_bytes = 0
        if self._sock is None:
            return
        if self._loop is not None and not self._loop.is_closed():
            self._watch(False)
        self._watching = False
        self._sock.close()
        self._sock = None

    def _cancel_continuation(self) -> None:
        if self._continuation is not None:
            self._continuation.cancel()
            self._continuation = None

    def _on_readable(self) -> None:
        """Run a turn, unless one is already scheduled for this loop iteration."""
        if self._continuation is None:
            self._run()

    def _watch(self, on: bool) -> None:
        """Start or stop waking up for every datagram (the loop's reader on the socket)."""
        if on == self._watching or self._sock is None or self._loop is None:
            return
        if on:
            self._loop.add_reader(self._sock.fileno(), self._on_readable)
        else:
            self._loop.remove_reader(self._sock.fileno())
        self._watching = on

    def _run(self) -> None:
        """One bounded turn: receive into the queues, process them round robin, plan the next."""
        self._continuation = None
        if self._sock is None:
            return
        start = self._clock()
        deadline = start + self._budget
        self._drained = False
        if self._turns or not self._direct(deadline):
            self._receive(start + self._budget * RECEIVE_SHARE)
        if self._turns:
            self._process(deadline)
        end = self._clock()
        stats = self.stats
        stats.turns += 1
        if end - start > stats.longest_callback_ms / 1000:
            stats.longest_callback_ms = (end - start) * 1000
        if self._loop is None:
            return
        if self._turns:
            stats.deferred += 1
            self._continuation = self._loop.call_soon(self._run)
        elif not self._drained:  # out of time with datagrams still in the kernel buffer
            stats.deferred += 1
            if not self._watching:
                self._continuation = self._loop.call_soon(self._run)
        else:
            self._pace(end)

    def _pace(self, now: float) -> None:
        """After a turn that emptied the socket: pause before the next turn, or wait on it.

        The pause doubles per turn that received something, from 4 ms after a quiet spell, up
        to `linger` and to what the arrival rate lets the kernel buffer hold (see the module
        docstring). A turn that received nothing waits on the socket again, keeping the pause
        for the next datagram unless it comes after a quiet spell.
        """
        arrived, self._arrived = self._arrived, 0
        elapsed = max(now - self._rate_at, MIN_LINGER)  # two datagrams 10 µs apart are no rate
        self._rate = max(arrived / elapsed, self._rate * 0.5 ** (elapsed / RATE_HALF_LIFE))
        self._rate_at = now
        pause = 0.0
        if arrived:
            if now - self._heard > QUIET_SPELL:
                self._pause = 0.0  # measure a router that starts again before a long pause
            self._heard = now
            pause = min(self._linger, max(2 * self._pause, 2 * MIN_LINGER))
            if self._rate > 0:
                pause = min(pause, BUFFER_SHARE * self.stats.rcvbuf_granted / self._rate)
            self._pause = pause = pause if pause >= MIN_LINGER else 0.0
        self.stats.pause_ms = pause * 1000
        self._watch(not pause)
        if pause and self._loop is not None:
            self._continuation = self._loop.call_later(pause, self._run)

    def _direct(self, deadline: float) -> bool:
        """Hand one sender's datagrams straight to the handler while nothing is queued.

        The common case (one router): until the socket is empty or the deadline passes, then
        return True. A second sender ends it (return False): its datagram is queued and the
        rest of the turn is shared round robin. This path costs what a plain receive loop costs.
        """
        sock = self._sock
        stats, clock, hand_on = self.stats, self._clock, self._hand_on
        first, per = "", _NOBODY
        began = now = clock()
        next_flush = now + QUANTUM  # the batch is handed on as often as in a round robin turn
        received = 0
        last_ancdata: list[tuple[int, int, bytes]] = []
        while sock is not None and now < deadline:
            got = self._recv(sock)
            if got is None:
                break
            data, ancdata, sender = got
            received += 1
            if received % 4 == 0:
                now = clock()
                if now >= next_flush and first:
                    self._call_flush()
                    now = clock()
                    next_flush = now + QUANTUM
            last_ancdata = ancdata or last_ancdata
            if not first and self._sender_allowed(sender):
                first, per = sender, self._sender_stats(sender)
            if sender != first:
                self._enqueue(data, sender)  # a second sender, or a foreign one (rejected)
                if self._turns:
                    break
                continue
            hand_on(data, sender, per)
        if first:
            per.busy_seconds += clock() - began
            stats.last_sender = first
            stats.last_datagram = time.time()
            self._call_flush()
        self._note_kernel_drops(last_ancdata)
        return not self._turns

    def _recv(self, sock: socket.socket) -> tuple[bytes, list[tuple[int, int, bytes]], str] | None:
        """Receive one datagram: (payload, ancillary data, sender); None once the socket is empty.

        IPv4 senders on a dual-stack socket are named a.b.c.d (one name per router).
        """
        try:
            data, ancdata, _flags, addr = sock.recvmsg(_MAX_DATAGRAM, 64)
        except BlockingIOError, InterruptedError:
            self._drained = True
            return None
        except OSError as err:  # ICMP errors surface here on some kernels; keep draining later
            self._log.report("recv", "%s receiver: recvmsg failed: %s", self.name, err)
            self._drained = True
            return None
        self._arrived += 2 * len(data) + DATAGRAM_OVERHEAD
        sender: str = addr[0]
        if sender.startswith("::ffff:") and "." in sender:
            sender = sender[7:]
        return data, ancdata, sender

    def _hand_on(self, data: bytes, sender: str, per: SenderStats) -> None:
        """Count an accepted datagram and hand it to the handler; a failure is counted."""
        stats = self.stats
        stats.datagrams += 1
        stats.bytes += len(data)
        per.datagrams += 1
        per.bytes += len(data)
        try:
            self._handler(data, sender)
        except Exception:  # noqa: BLE001 - the datagram boundary: count, log rarely
            stats.handler_errors += 1
            self._log.report(
                "handler", "%s receiver: datagram handler failed", self.name, exc_info=True
            )

    def _note_kernel_drops(self, ancdata: list[tuple[int, int, bytes]]) -> None:
        """Take the kernel's cumulative drop count from the newest datagram's copy."""
        for level, kind, value in ancdata:
            if level == socket.SOL_SOCKET and kind == SO_RXQ_OVFL and len(value) >= 4:
                self.stats.kernel_drops = self._kernel_base + struct.unpack("=I", value[:4])[0]

    def _receive(self, deadline: float) -> None:
        """Move datagrams from the kernel into the sender queues until empty or out of time."""
        sock = self._sock
        if sock is None:
            return
        stats = self.stats
        clock = self._clock
        received = 0
        last_ancdata: list[tuple[int, int, bytes]] = []
        enqueue = self._enqueue
        while True:
            got = self._recv(sock)
            if got is None:
                break
            data, ancdata, sender = got
            if ancdata:
                last_ancdata = ancdata
            enqueue(data, sender)
            received += 1
            if received % _CHECK_EVERY == 0 and clock() > deadline:
                break
        if received:
            stats.last_datagram = time.time()
            self._note_kernel_drops(last_ancdata)

    def _enqueue(self, data: bytes, sender: str) -> None:
        """Queue an allowed sender's datagram unless its queue or all queues are full."""
        stats = self.stats
        if not self._sender_allowed(sender):
            stats.rejected_senders += 1
            self._log.report(
                "foreign_sender",
                "%s receiver: dropped datagrams from senders outside the allowed senders, such as"
                " %s; add their network to the allowed senders in the netwatch options if they"
                " are yours",
                self.name,
                sender,
                sender=sender,
            )
            return
        size = len(data)
        queue = self._queues.get(sender)
        if queue is None:
            queue = self._queues[sender] = _Queue()
        if queue.size + size > self._max_queue or stats.queued_bytes + size > MAX_TOTAL_BYTES:
            stats.queue_drops += 1
            self._sender_stats(sender).queue_drops += 1
            self._log.report(
                "queue_full",
                "%s receiver: %s sends faster than netwatch may process it; its excess"
                " datagrams are dropped (counted as queue drops) so other senders keep their share",
                self.name,
                sender,
                sender=sender,
            )
            return
        if not queue.items:
            self._turns.append(sender)
        queue.items.append(data)
        queue.size += size
        stats.queued_bytes += size

    def _process(self, deadline: float) -> None:
        """Hand queued datagrams to the handler, round robin by processing time, until deadline.

        After each sender's turn the flush hook runs (the engine hands a full batch on); its time
        is charged to nobody, so a sender does not pay for the records of all.
        """
        clock = self._clock
        turns = self._turns
        now = clock()
        while turns and now < deadline:
            sender = turns[0]
            queue = self._queues[sender]
            queue.credit = min(queue.credit + QUANTUM, QUANTUM)
            now = self._turn(sender, queue, deadline, now)
            if queue.items:
                turns.rotate(-1)
            else:
                turns.popleft()
                queue.credit = 0.0  # an emptied queue keeps no debt or savings (as in DRR)
                if len(self._queues) > _IDLE_QUEUES:
                    del self._queues[sender]
            self._call_flush()
            now = clock()

    def _turn(self, sender: str, queue: _Queue, deadline: float, now: float) -> float:
        """Handle one sender's datagrams while its credit and the deadline last."""
        stats = self.stats
        per = self._sender_stats(sender)
        hand_on, clock = self._hand_on, self._clock
        began = now
        while queue.items and queue.credit > 0 and now < deadline:
            data = queue.items.popleft()
            size = len(data)
            queue.size -= size
            stats.queued_bytes -= size
            hand_on(data, sender, per)
            after = clock()
            queue.credit -= after - now
            now = after
        per.busy_seconds += now - began
        stats.last_sender = sender
        return now

    def _call_flush(self) -> None:
        if self._flush is None:
            return
        try:
            self._flush()
        except Exception:  # noqa: BLE001 - the batch boundary: as for a datagram
            self.stats.handler_errors += 1
            self._log.report("flush", "%s receiver: batch handler failed", self.name, exc_info=True)

    def _sender_stats(self, sender: str) -> SenderStats:
        """Return (creating) a sender's counters; the least recently heard is forgotten."""
        senders = self.stats.senders
        per = senders.get(sender)
        if per is None:
            per = senders[sender] = SenderStats()
            if len(senders) > MAX_SENDERS:
                senders.popitem(last=False)
                self.stats.senders_forgotten += 1
        else:
            senders.move_to_end(sender)
        per.last_seen = time.time()
        return per

    def _sender_allowed(self, sender: str) -> bool:
        ok = self._sender_ok.get(sender)
        if ok is None:
            ok = self._allowed.contains_text(sender)
            if len(self._sender_ok) >= _SENDER_CACHE_MAX:
                self._sender_ok.clear()
            self._sender_ok[sender] = ok
        return ok
