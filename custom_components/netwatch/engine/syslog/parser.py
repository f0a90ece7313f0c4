"""SyslogParser: one syslog message in, one normalised FirewallEvent (or a counted reason) out."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping

from ..errors import SyslogParseError
from ..ratelimit import RateLimitedLog
from ..records import FirewallEvent
from .common import ParseContext, VendorParser, VerdictMap
from .header import HeaderParser, SyslogMessage
from .stats import SyslogStats
from .vendors import VENDOR_NAMES, VENDORS

_LOGGER = logging.getLogger(__name__)

MAX_LINE = 8192
"""Longest line parsed; longer ones are counted as `oversized` (firewall lines are < 1 KiB)."""
MAX_LINES_PER_DATAGRAM = 256
"""Lines parsed from one UDP datagram (a relay batching 64 KiB of firewall lines sends ~400 at
most; junk floods send thousands); the rest are counted as `too_many_lines`."""

_TRAILER = b"\r\n\x00 \t"
# Reasons that are normal traffic (a router sends all its logs), counted but never logged.
_QUIET_REASONS = frozenset({"unrecognized", "not_firewall", "empty"})


class SyslogParser:
    """Parse firewall syslog lines from any supported vendor into FirewallEvents.

    The vendor is detected per line; the vendor that last parsed a sender's line is tried first
    for that sender. `pinned_vendor` skips detection and hands every line to that vendor.
    `parse()` never raises: lines that yield no event are counted in `stats` per reason and
    sender, with a few samples kept.
    """

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.time,
        prefix_verdicts: Mapping[str, str] | None = None,
        pinned_vendor: str | None = None,
    ) -> None:
        if pinned_vendor is not None and pinned_vendor not in VENDOR_NAMES:
            raise ValueError(f"unknown vendor {pinned_vendor!r}; expected one of {VENDOR_NAMES}")
        self.stats = SyslogStats()
        self.last_reason: str | None = None
        """Why the last parse() returned None (None after an event); for the CLI and tests."""
        self._clock = clock
        self._by_name: dict[str, VendorParser] = {v.NAME: v for v in VENDORS}
        self._pinned = self._by_name.get(pinned_vendor) if pinned_vendor else None
        self._header = HeaderParser()
        self._ctx = ParseContext("", 0.0, VerdictMap(prefix_verdicts))
        self._log = RateLimitedLog(_LOGGER)

    def parse(self, data: bytes, sender: str) -> FirewallEvent | None:
        """Parse one syslog message (one UDP datagram or TCP frame); never raises."""
        try:
            return self._parse(data, sender)
        except Exception:  # noqa: BLE001 - the message boundary: a parser bug must not stop us
            self.stats.internal_errors += 1
            self._unparsed(sender, "internal_error", data[:MAX_LINE])
            self._log.report(
                "internal",
                "syslog parser failed on a line from %s",
                sender,
                sender=sender,
                exc_info=True,
            )
            return None

    def parse_datagram(self, data: bytes, sender: str) -> list[FirewallEvent]:
        """Parse a datagram that may hold several LF-separated messages; never raises.

        RFC 5426 puts one message in a datagram, but some senders batch lines; each non-empty
        line is parsed as its own message (a multi-line message therefore becomes several lines,
        of which the continuations are counted as unparsed).
        """
        newline = data.find(b"\n")
        if newline == -1 or not data[newline:].strip(_TRAILER):  # one line, maybe LF-terminated
            event = self.parse(data, sender)
            return [] if event is None else [event]
        events: list[FirewallEvent] = []
        lines = data.split(b"\n", MAX_LINES_PER_DATAGRAM)
        if len(lines) > MAX_LINES_PER_DATAGRAM:
            rest = lines.pop()
            if extra := sum(1 for line in rest.split(b"\n") if line.strip(_TRAILER)):
                self.stats.lines += extra
                self.stats.unparsed["too_many_lines"] = (
                    self.stats.unparsed.get("too_many_lines", 0) + extra
                )
                self._log.report(
                    "too_many_lines",
                    "syslog datagram from %s holds more than %d lines; the rest were dropped",
                    sender,
                    MAX_LINES_PER_DATAGRAM,
                    sender=sender,
                )
        for line in lines:
            if line.strip(_TRAILER):
                event = self.parse(line, sender)
                if event is not None:
                    events.append(event)
        return events

    def _parse(self, data: bytes, sender: str) -> FirewallEvent | None:
        """Parse without the catch-all (the fuzz benchmark calls this to see real exceptions)."""
        stats = self.stats
        stats.lines += 1
        line = data.strip(_TRAILER)
        if not line:
            self._unparsed(sender, "empty", data)
            return None
        if len(line) > MAX_LINE:
            self._unparsed(sender, "oversized", line)
            return None
        newline = line.find(b"\n")
        if newline != -1:
            # parse() takes one message; parse_datagram() splits batches. Parse the first line
            # and count the rest, so nothing is dropped silently.
            self._unparsed(sender, "extra_lines", line[newline + 1 :])
            line = line[:newline].rstrip(_TRAILER)
        now = self._clock()
        msg = self._header.parse(line, now)
        # The sender's last vendor first, inline: most lines come from a sender whose vendor is
        # known, and two method calls per line (detect, count) cost more than the lookups.
        vendor = self._pinned
        remembered = None
        if vendor is None:
            remembered = stats.sender_vendor.get(sender)
            if remembered is not None:
                vendor = self._by_name[remembered]
                if not vendor.detect(msg):
                    vendor = self._detect_other(msg, vendor)
            else:
                vendor = self._detect_other(msg, None)
            if vendor is None:
                self._unparsed(sender, "unrecognized", line)
                return None
        ctx = self._ctx
        ctx.sender, ctx.received = sender, now
        try:
            event = vendor.parse(msg, ctx)
        except SyslogParseError as err:
            self._unparsed(sender, f"{vendor.NAME}:{err.reason}", line)
            return None
        if event is None:
            self._unparsed(sender, "not_firewall", line)
            return None
        name = vendor.NAME
        if name == remembered:  # what count_parsed does when the sender's vendor is unchanged
            stats.events += 1
            stats.parsed[name] = stats.parsed.get(name, 0) + 1
        else:
            stats.count_parsed(sender, name)
        self.last_reason = None
        return event

    @staticmethod
    def _detect_other(msg: SyslogMessage, tried: VendorParser | None) -> VendorParser | None:
        """Return the first vendor in detection order, other than `tried`, that detects `msg`."""
        for vendor in VENDORS:
            if vendor is not tried and vendor.detect(msg):
                return vendor
        return None

    def _unparsed(self, sender: str, reason: str, line: bytes) -> None:
        """Count a line without an event; log malformed lines of a known vendor rarely."""
        self.last_reason = reason
        self.stats.count_unparsed(sender, reason, line, self._clock())
        if reason not in _QUIET_REASONS:
            self._log.report(
                f"unparsed:{reason}",
                "syslog line from %s not parsed (%s); the diagnostics keep samples",
                sender,
                reason,
                sender=sender,
            )
