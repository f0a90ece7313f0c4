"""Split one syslog line into header fields and the message, whatever header it carries.

Accepted shapes (all on bytes; invalid UTF-8 never fails a line):
- RFC 5424: `<PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD]|- MSG`, MSG may start with a UTF-8 BOM.
- RFC 3164: `<PRI>Mmm dd hh:mm:ss [HOST] TAG[PID]: MSG` (pfSense and many devices omit HOST).
- Relay variants: an RFC 3339 time in a BSD header (rsyslog/syslog-ng forward formats), runs of
  spaces between fields, a missing PRI.
- Cisco Meraki's `<PRI>1 EPOCH.NANOS DEVICE TYPE ...`: not RFC 5424 (the "time" is an epoch), so it
  is left in the message for the Meraki parser.
- No header at all: the whole line is the message (a TAG: at its start is still split off).

BSD times carry neither year nor zone: they are read in the local time zone of this process (Home
Assistant sets it to the configured one) in the year that puts them at most two days in the future.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import datetime

_BOM = b"\xef\xbb\xbf"
_PRI = re.compile(rb"<(\d{1,3})>")
# RFC 5424 HEADER after PRI; the timestamp must be RFC 3339 or NILVALUE, which tells it apart from
# Meraki's `1 <epoch>` pseudo-header.
_RFC5424 = re.compile(rb"1 +(-|\d{4}-\d\d-\d\dT\S+) +(\S+) +(\S+) +(\S+) +(\S+)(?: +|$)")
_SD_ELEMENTS = re.compile(rb'(?:\[[^\]"]*(?:"(?:[^"\\]|\\.)*"[^\]"]*)*\])+')
_BSD_TIME = re.compile(rb"([A-Z][a-z]{2}) +(\d{1,2}) +(\d\d):(\d\d):(\d\d)(\.\d{1,9})?(?: +|$)")
_ISO_TIME = re.compile(
    rb"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d)?)(?: +|$)"
)
_TAG = re.compile(rb"([\w./-]{1,64})(?:\[[^\]\s]{0,32}\])?:(?: +|$)")
# A host is one token of host-name or address characters; commas (MikroTik topics), brackets and
# '=' mean the token is already part of the message.
_HOST = re.compile(rb"([\w.:%-]{1,255}) +")
_MONTHS = {
    b"Jan": 1, b"Feb": 2, b"Mar": 3, b"Apr": 4, b"May": 5, b"Jun": 6,
    b"Jul": 7, b"Aug": 8, b"Sep": 9, b"Oct": 10, b"Nov": 11, b"Dec": 12,
}  # fmt: skip
_FUTURE_SLACK = 2 * 86400.0
_TIME_CACHE = 512
"""Distinct header times whose conversion is kept (per kind); the cache is emptied when full."""
# Exception tuples, not `except A, B:` (PEP 758): Cython (netwatch-speedups) cannot parse that yet.
_BAD_ISO_TIME = (ValueError, UnicodeDecodeError, OverflowError)
_BAD_LOCAL_TIME = (OverflowError, ValueError)


@dataclass(slots=True)
class SyslogMessage:
    """One syslog line split into its header fields and the message."""

    raw: bytes
    """The whole line without trailing LF, CR or NUL."""
    pri: int
    """PRI value, -1 when the line has none."""
    timestamp: float | None
    """UTC epoch seconds from the header, None when it has no (usable) time."""
    host: str
    """HOSTNAME from the header, "" when absent."""
    app: bytes
    """TAG / APP-NAME without PID and colon, b"" when absent."""
    body: bytes
    """The message after header and tag."""


class HeaderParser:
    """Parse syslog headers, caching time conversions (mktime and fromisoformat cost ~1 us)."""

    __slots__ = ("_bsd", "_iso")

    def __init__(self) -> None:
        # Keyed by header time text from the network: capped at _TIME_CACHE, emptied when full.
        self._bsd: dict[bytes, float | None] = {}
        self._iso: dict[bytes, float | None] = {}

    def parse(self, line: bytes, now: float) -> SyslogMessage:
        """Split `line` (already stripped of trailing LF/NUL) into a SyslogMessage."""
        pri = -1
        pos = 0
        m = _PRI.match(line) if line[:1] == b"<" else None
        if m is not None:
            pri = int(m.group(1))
            pos = m.end()
        timestamp: float | None = None
        host = ""
        if not line.startswith(b"1 ", pos):
            timestamp, host, pos = self._legacy_header(line, pos, now)
        # RFC 5424 right after PRI; or behind a BSD-only relay (syslog-ng network(), rsyslog's
        # legacy forward) that prepends its own header: the inner header is the sender's.
        if line.startswith(b"1 ", pos):
            m5 = _RFC5424.match(line, pos)
            if m5 is not None:
                return self._rfc5424(line, pri, m5)
        app = b""
        mtag = _TAG.match(line, pos)
        if mtag is not None and mtag.end() < len(line):
            app = mtag.group(1)
            pos = mtag.end()
        body = line[pos:]
        if body.startswith(_BOM):
            body = body[3:]
        return SyslogMessage(line, pri, timestamp, host, app, body)

    def _legacy_header(self, line: bytes, pos: int, now: float) -> tuple[float | None, str, int]:
        """Read a BSD or RFC 3339 time and the host after it; return (time, host, position)."""
        mt = _BSD_TIME.match(line, pos)
        if mt is not None:
            timestamp = self._bsd_time(mt, now)
        else:
            mt = _ISO_TIME.match(line, pos)
            if mt is None:
                return None, "", pos  # no header: a raw line (a TAG: may still follow)
            timestamp = self._iso_time(mt.group(1))
        pos = mt.end()
        space = line.find(b" ", pos)
        if space > pos and line[space - 1] != 0x3A:  # a token ending in ':' is a tag, no host
            mh = _HOST.match(line, pos)
            if mh is not None:
                return timestamp, mh.group(1).decode("ascii"), mh.end()
        return timestamp, "", pos

    def _rfc5424(self, line: bytes, pri: int, m: re.Match[bytes]) -> SyslogMessage:
        ts, host, app = m.group(1), m.group(2), m.group(3)
        pos = m.end()
        if line.startswith(b"-", pos):
            pos += 1
        else:
            sd = _SD_ELEMENTS.match(line, pos)
            if sd is not None:
                pos = sd.end()
        body = line[pos:].lstrip(b" ")
        if body.startswith(_BOM):
            body = body[3:]
        return SyslogMessage(
            line,
            pri,
            None if ts == b"-" else self._iso_time(ts),
            "" if host == b"-" else host.decode("utf-8", "replace"),
            b"" if app == b"-" else app,
            body,
        )

    def _iso_time(self, text: bytes) -> float | None:
        cache = self._iso
        if text in cache:
            return cache[text]
        try:
            value: float | None = datetime.fromisoformat(text.decode("ascii")).timestamp()
        except _BAD_ISO_TIME:
            value = None
        if len(cache) >= _TIME_CACHE:
            cache.clear()
        cache[text] = value
        return value

    def _bsd_time(self, m: re.Match[bytes], now: float) -> float | None:
        key = m.group(0)
        cache = self._bsd
        if key in cache:
            return cache[key]
        month = _MONTHS.get(m.group(1))
        value: float | None = None
        if month is not None:
            fields = (int(m.group(2)), int(m.group(3)), int(m.group(4)), int(m.group(5)))
            frac = float(m.group(6)) if m.group(6) else 0.0
            year = time.localtime(now).tm_year
            try:
                value = _local_epoch((year, month, *fields)) + frac
                if value > now + _FUTURE_SLACK:  # December lines read in January
                    value = _local_epoch((year - 1, month, *fields)) + frac
            except _BAD_LOCAL_TIME:
                value = None
        if len(cache) >= _TIME_CACHE:
            cache.clear()  # also bounds how long a year guessed at new year's eve is reused
        cache[key] = value
        return value


def _local_epoch(fields: tuple[int, int, int, int, int, int]) -> float:
    """Convert local (year, month, day, hour, minute, second) to UTC epoch seconds."""
    year, month, day, hour, minute, second = fields
    if not (1 <= day <= 31 and hour < 24 and minute < 60 and second < 61):
        raise ValueError("time field out of range")
    return time.mktime((year, month, day, hour, minute, second, 0, 0, -1))
