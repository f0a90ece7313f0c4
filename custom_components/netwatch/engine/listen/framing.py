"""RFC 6587 framing of a syslog TCP stream: octet counting and LF (non-transparent), per frame.

A frame that starts with `DIGITS SP <` is octet-counted (`MSG-LEN SP SYSLOG-MSG`, and every syslog
message starts with its PRI `<`); anything else runs to the next LF (or NUL, which some senders use
as trailer). Deciding per frame instead of per connection costs nothing and survives senders that
switch. A message longer than `max_message` is skipped and counted, so the buffer holds at most
`max_message` plus one read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

_MAX_COUNT_DIGITS = 9
_BETWEEN_FRAMES = b"\r\n\x00 "  # trailers between frames: CRLF senders, LF after a count

Deliver = Callable[[bytes], None]


@dataclass(slots=True)
class FramingStats:
    """What the framers of one server found."""

    octet_counted: int = 0
    lf_framed: int = 0
    oversized: int = 0
    """Messages longer than the limit, skipped."""
    truncated: int = 0
    """Octet-counted messages cut short by the end of the connection, and partial messages of
    connections closed for idling."""


class Framer:
    """Cut one connection's byte stream into syslog messages."""

    def __init__(self, max_message: int, stats: FramingStats) -> None:
        self.max_message = max_message
        self.stats = stats
        self.buf = bytearray()
        self._skip = 0  # bytes of an oversized octet-counted frame still to discard
        self._discard_line = False  # an oversized LF frame: discard up to the next LF

    def frames(self, deliver: Deliver, more: Callable[[], bool]) -> bool:
        """Deliver complete frames while `more()` allows; True when none is left in the buffer.

        `more` is asked before each frame after the first, so a caller can bound the time spent.
        """
        buf = self.buf
        end = len(buf)
        pos = 0
        done = True
        first = True
        while pos < end:
            if self._skip or self._discard_line:
                pos = self._discard(pos, end)
                continue
            if buf[pos] in _BETWEEN_FRAMES:
                pos += 1
                continue
            if not first and not more():
                done = False
                break
            first = False
            nxt = self._octet_frame(pos, end, deliver)
            if nxt == pos:
                nxt = self._lf_frame(pos, end, deliver)
            if nxt is None:
                break  # the frame is still arriving
            pos = nxt
        if pos:
            del buf[:pos]
        return done

    def finish(self, deliver: Deliver) -> None:
        """Handle what is left at the end of the stream (a last line without its trailer)."""
        rest = bytes(self.buf).strip(b"\r\n\x00 ")
        self.buf = bytearray()
        if self._skip or (rest[:1].isdigit() and b" <" in rest[: _MAX_COUNT_DIGITS + 2]):
            if rest or self._skip:
                self.stats.truncated += 1  # an octet-counted frame cut short
        elif rest and not self._discard_line:
            self.stats.lf_framed += 1
            deliver(rest)
        self._skip = 0

    def discard(self) -> None:
        """Drop an incomplete message (the connection is closed for idling); count it."""
        if self.buf.strip(_BETWEEN_FRAMES) or self._skip:
            self.stats.truncated += 1
        self.buf = bytearray()
        self._skip = 0
        self._discard_line = False

    def _discard(self, pos: int, end: int) -> int:
        """Skip the rest of an oversized frame; return the new position."""
        if self._skip:
            step = min(self._skip, end - pos)
            self._skip -= step
            return pos + step
        lf = self.buf.find(b"\n", pos)
        if lf == -1:
            return end
        self._discard_line = False
        return lf + 1

    def _octet_frame(self, pos: int, end: int, deliver: Deliver) -> int | None:
        """Deliver an octet-counted frame at `pos`; `pos` if it is not one, None if incomplete."""
        buf = self.buf
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
        if size > self.max_message:
            self.stats.oversized += 1
            self._skip = size
            return start
        if end - start < size:
            return None
        self.stats.octet_counted += 1
        deliver(bytes(buf[start : start + size]))
        return start + size

    def _lf_frame(self, pos: int, end: int, deliver: Deliver) -> int | None:
        """Deliver a frame ending in LF (or NUL) at `pos`; None if its trailer has not arrived."""
        buf = self.buf
        lf = buf.find(b"\n", pos)
        nul = buf.find(b"\x00", pos, lf if lf != -1 else end)
        if nul != -1:
            lf = nul
        if lf == -1:
            if end - pos > self.max_message:
                self.stats.oversized += 1
                self._discard_line = True
                return end
            return None
        if lf - pos > self.max_message:
            self.stats.oversized += 1
        else:
            self.stats.lf_framed += 1
            deliver(bytes(buf[pos:lf]))
        return lf + 1
