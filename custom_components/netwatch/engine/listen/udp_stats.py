"""Counters of a UDP listener and of each of its senders: plain numbers the publisher reads."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field


@dataclass(slots=True)
class SenderStats:
    """Counters of one sender on one listener."""

    datagrams: int = 0
    bytes: int = 0
    queue_drops: int = 0
    """Datagrams dropped because this sender's queue was full (it sent faster than its share)."""
    busy_seconds: float = 0.0
    """Loop time spent handling this sender's datagrams."""
    last_seen: float = 0.0


@dataclass(slots=True)
class ReceiverStats:
    """Counters of one receiver; plain numbers read by the publisher."""

    datagrams: int = 0
    bytes: int = 0
    rejected_senders: int = 0
    handler_errors: int = 0
    kernel_drops: int = 0
    queue_drops: int = 0
    """Datagrams dropped from full sender queues (fairness), all senders together."""
    deferred: int = 0
    """Callbacks that left work for the next loop iteration (the time budget was spent)."""
    longest_callback_ms: float = 0.0
    turns: int = 0
    """Loop callbacks run: fewer than datagrams while light traffic is read in batches."""
    pause_ms: float = 0.0
    """The pause between turns now; 0 while datagrams are read as they come."""
    last_datagram: float | None = None
    last_sender: str = ""
    rcvbuf_granted: int = 0
    queued_bytes: int = 0
    senders: OrderedDict[str, SenderStats] = field(default_factory=OrderedDict)
    senders_forgotten: int = 0
