"""Counters of the syslog parser; every collection keyed by network data is capped."""

from __future__ import annotations

from collections import OrderedDict, deque
from dataclasses import dataclass, field

MAX_SENDERS = 256
"""Senders with per-reason unparsed counters; least recently counted sender evicted beyond it."""
MAX_VENDOR_MEMORY = 1024
"""Senders whose last detected vendor is remembered; least recently used evicted beyond it."""
MAX_SAMPLES = 16
"""Unparsed lines kept for diagnostics; the oldest is dropped beyond it."""
SAMPLE_CHARS = 300
"""Characters kept of each sample line."""


@dataclass(frozen=True, slots=True)
class UnparsedSample:
    """One line that did not parse, kept for diagnostics."""

    time: float
    sender: str
    reason: str
    line: str


@dataclass(slots=True)
class SyslogStats:
    """Counters of one SyslogParser; read by the publisher, written only by the parser.

    Keys of `parsed` are vendor names and keys of `unparsed` are reasons chosen by the code (a
    small fixed set), so both stay bounded without a cap of their own.
    """

    lines: int = 0
    events: int = 0
    internal_errors: int = 0
    parsed: dict[str, int] = field(default_factory=dict)
    unparsed: dict[str, int] = field(default_factory=dict)
    unparsed_by_sender: OrderedDict[str, dict[str, int]] = field(default_factory=OrderedDict)
    senders_evicted: int = 0
    sender_vendor: OrderedDict[str, str] = field(default_factory=OrderedDict)
    samples: deque[UnparsedSample] = field(default_factory=lambda: deque(maxlen=MAX_SAMPLES))

    def count_parsed(self, sender: str, vendor: str) -> None:
        """Count a parsed line and remember the sender's vendor."""
        self.events += 1
        self.parsed[vendor] = self.parsed.get(vendor, 0) + 1
        memory = self.sender_vendor
        if memory.get(sender) != vendor:
            memory[sender] = vendor
            if len(memory) > MAX_VENDOR_MEMORY:
                memory.popitem(last=False)
        # No move_to_end per line: recency is refreshed when the vendor changes, which keeps the
        # hot path to one dict lookup; steady senders are re-added after an eviction.

    def count_unparsed(self, sender: str, reason: str, line: bytes, now: float) -> None:
        """Count a line that produced no event, per reason and per sender, and keep a sample."""
        self.unparsed[reason] = self.unparsed.get(reason, 0) + 1
        per_sender = self.unparsed_by_sender.get(sender)
        if per_sender is None:
            per_sender = self.unparsed_by_sender[sender] = {}
            if len(self.unparsed_by_sender) > MAX_SENDERS:
                self.unparsed_by_sender.popitem(last=False)
                self.senders_evicted += 1
        else:
            self.unparsed_by_sender.move_to_end(sender)
        per_sender[reason] = per_sender.get(reason, 0) + 1
        sample = line[: SAMPLE_CHARS * 4].decode("utf-8", "replace")[:SAMPLE_CHARS]
        self.samples.append(UnparsedSample(now, sender, reason, sample))

    def as_dict(self) -> dict[str, object]:
        """Return a JSON-friendly, bounded snapshot (for diagnostics)."""
        return {
            "lines": self.lines,
            "events": self.events,
            "internal_errors": self.internal_errors,
            "parsed": dict(self.parsed),
            "unparsed": dict(self.unparsed),
            "unparsed_by_sender": {k: dict(v) for k, v in self.unparsed_by_sender.items()},
            "senders_evicted": self.senders_evicted,
            "sender_vendor": dict(self.sender_vendor),
            "samples": [
                {"time": s.time, "sender": s.sender, "reason": s.reason, "line": s.line}
                for s in self.samples
            ],
        }
