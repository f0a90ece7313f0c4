"""Split one syslog line into header fields and the message, whatever header it carries.

Accepted shapes (all on bytes; invalid UTF-8 never fails a line):
- RFC 5424: `<PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD]|- MSG`, MSG may start with a UTF-8 BOM.
- RFC 3164: `<PRI>Mmm dd hh:mm:ss [HOST] TAG[PID]: MSG` (pfSense and many devices omit HOST).
- Relay variants: an RFC 3339 time in a BSD header (rsyslog/syslog-ng forward formats), runs of
  spaces between fields, a missing PRI, RFC 5424 fields without PRI and version (`TIME HOST APP
  PROCID MSGID SD MSG`), a host but no time before the tag (`host filterlog[74604]: ...`).
- Cisco's BSD time with a year (`Oct 10 2018 12:34:56`), with or without a colon after it.
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
_RFC5424 = re.compile(rb"1 ++(-|\d{4}-\d\d-\d\dT\S++) ++(\S++) ++(\S++) ++(\S++) ++(\S++)(?: +|$)")
# Structured data as RFC 5424 section 6.3 has it: [SD-ID *(SP NAME="VALUE")], values escaping
# `"`, `\` and `]`. Anything else in brackets (`[UFW BLOCK]` after a NILVALUE-less header) is
# message text, not SD.
_SD_ELEMENTS = re.compile(
    rb'(?:\[[^\]\s="]{1,32}(?: +[^\]\s="]{1,32}="(?:[^"\\]|\\.)*")*\])+(?= |$)'
)
# The rest of an RFC 5424 header after a relay's (or the device's) `TIME HOST`: APP PROCID MSGID,
# then "-" or SD. Without PRI and version this is how some devices and relays write it.
_RFC5424_REST = re.compile(
    rb"([!-9;-~][!-~]{0,47}+) ++([!-~]{1,128}+) ++([!-~]{1,32}+) ++(?=-(?: |$)|\[)"
)
_BSD_TIME = re.compile(
    rb"([A-Z][a-z]{2}) +(\d{1,2}) +(?:(\d{4}) +)?(\d\d):(\d\d):(\d\d)(\.\d{1,9})?:?(?: +|$)"
)
_ISO_TIME = re.compile(
    rb"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d)?)(?: +|$)"
)
_TAG = re.compile(rb"([\w./-]{1,64}+)(?:\[[^\]\s]{0,32}+\])?+:(?: +|$)")
# A host is one token of host-name or address characters; commas (MikroTik topics), brackets and
# '=' mean the token is already part of the message.
_HOST = re.compile(rb"([\w.:%-]{1,255}+) +")
_HOST_TAG = re.compile(rb"([\w.:%-]{1,255}+) ++(?=[\w./-]{1,64}+(?:\[[^\]\s]{0,32}+\])?+:(?: +|$))")
# The common BSD line in one match: `<PRI>Mmm dd hh:mm:ss [host ]tag[pid]: msg`, or the same
# without a tag (MikroTik's `host firewall,info ...`, Cisco's `host %ASA-...`). Group 2 is the text
# _BSD_TIME matches (the time cache's key). The host is a token that does not end in ':' and is
# atomic: the step-by-step path below takes it whenever it is there, so no match may leave it out.
# A tag ends in ':' with text after it -- exactly the lines for which the step-by-step path finds
# the same host and tag (a tag ending in ':' is never RFC 5424's APP PROCID MSGID). A line without
# a tag (group 4 None) is taken only when nothing follows that the step-by-step path could read
# otherwise: not `1 ` (an RFC 5424 header behind a relay's) and no `APP PROCID MSGID -|[`
# (_RFC5424_REST with a wider lookahead); those rarer lines take the step-by-step path. (A tag
# the first branch misses, `tag:` at the end, gives the same message either way: no app.)
_FAST_BSD = re.compile(
    rb"(?:<(\d{1,3})>)?([A-Z][a-z]{2} ++\d{1,2} ++(?:\d{4} ++)?\d\d:\d\d:\d\d(?:\.\d{1,9})?+:?+ ++)"
    rb"(?>(?:([\w.:%-]{1,255}+)(?<!:) ++)?)"
    rb"(?:([\w./-]{1,64}+)(?:\[[^\]\s]{0,32}+\])?+: ++(?=[^ ])"
    rb"|(?!1 |[!-9;-~][!-~]{0,47}+ ++[!-~]{1,128}+ ++[!-~]{1,32}+ ++[-\[]))"
)
"""Possessive quantifiers: no backtracking, and none is needed (each run ends where the next
part's first character cannot be part of it)."""
_MONTHS = {
    b"Jan": 1, b"Feb": 2, b"Mar": 3, b"Apr": 4, b"May": 5, b"Jun": 6,
    b"Jul": 7, b"Aug": 8, b"Sep": 9, b"Oct": 10, b"Nov": 11, b"Dec": 12,
}  # fmt: skip
_FUTURE_SLACK = 2 * 86400.0
_UNSEEN = -1.0e300
"""What the time cache gives for a time not seen yet (no header time is that far back)."""
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
        first = line[:1]  # the fast path's line starts with a PRI or a month name
        fast = _FAST_BSD.match(line) if first == b"<" or b"A" <= first <= b"Z" else None
        if fast is not None:
            pri_text, key, host, app = fast.groups()
            timestamp = self._bsd.get(key, _UNSEEN)
            # A time seen before (one a second); without a tag, only a valid one (an invalid
            # time without host sends the step-by-step path looking for `host tag:`).
            if timestamp is not _UNSEEN and (app is not None or timestamp is not None):
                body = line[fast.end() :]
                return SyslogMessage(
                    line,
                    -1 if pri_text is None else int(pri_text),
                    timestamp,
                    "" if host is None else host.decode("ascii"),
                    b"" if app is None else app,
                    body[3:] if body.startswith(_BOM) else body,
                )
        return self._parse(line, now)

    def _parse(self, line: bytes, now: float) -> SyslogMessage:
        """Split a line step by step: every header shape (and a BSD time not seen before)."""
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
        elif host and timestamp is not None:
            rest = self._rfc5424_rest(line, pos)
            if rest is not None:
                app, pos = rest
                return SyslogMessage(line, pri, timestamp, host, app, _body(line, pos))
        elif not host and timestamp is None:
            mtag = _TAG.match(line, pos)
            if mtag is None:
                mh = _HOST_TAG.match(line, pos)  # a host, no time, then the tag
                if mh is not None:
                    host, pos = mh.group(1).decode("ascii"), mh.end()
                    mtag = _TAG.match(line, pos)
            return _tagged(line, pri, timestamp, host, pos=pos, mtag=mtag)
        return _tagged(line, pri, timestamp, host, pos=pos, mtag=_TAG.match(line, pos))

    def _legacy_header(self, line: bytes, pos: int, now: float) -> tuple[float | None, str, int]:
        """Read a BSD or RFC 3339 time and the host after it; return (time, host, position)."""
        # The first byte says which time can follow: a month name or a year (saves a regex call).
        first = line[pos : pos + 1]
        mt = _BSD_TIME.match(line, pos) if b"A" <= first <= b"Z" else None
        if mt is not None:
            timestamp = self._bsd_time(mt, now)
        else:
            mt = _ISO_TIME.match(line, pos) if first.isdigit() else None
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
        return SyslogMessage(
            line,
            pri,
            None if ts == b"-" else self._iso_time(ts),
            "" if host == b"-" else host.decode("utf-8", "replace"),
            b"" if app == b"-" else app,
            _body(line, _skip_sd(line, m.end())),
        )

    @staticmethod
    def _rfc5424_rest(line: bytes, pos: int) -> tuple[bytes, int] | None:
        """Read `APP PROCID MSGID SD` after a PRI-less header's time and host, if it is there."""
        m = _RFC5424_REST.match(line, pos)
        if m is None:
            return None
        end = m.end()
        if not line.startswith(b"-", end) and _SD_ELEMENTS.match(line, end) is None:
            return None  # brackets that are no SD: a BSD line whose message starts with them
        app = m.group(1)
        if app.endswith(b":"):
            return None  # a BSD tag: `host kernel: [1.2] [UFW ...`
        return (b"" if app == b"-" else app), _skip_sd(line, end)

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
            fields = (int(m.group(2)), int(m.group(4)), int(m.group(5)), int(m.group(6)))
            frac = float(m.group(7)) if m.group(7) else 0.0
            year = int(m.group(3)) if m.group(3) else time.localtime(now).tm_year
            try:
                value = _local_epoch((year, month, *fields)) + frac
                if value > now + _FUTURE_SLACK and not m.group(3):  # December read in January
                    value = _local_epoch((year - 1, month, *fields)) + frac
            except _BAD_LOCAL_TIME:
                value = None
        if len(cache) >= _TIME_CACHE:
            cache.clear()  # also bounds how long a year guessed at new year's eve is reused
        cache[key] = value
        return value


def _skip_sd(line: bytes, pos: int) -> int:
    """Skip "-" or valid structured data at `pos`; text in brackets that is no SD stays."""
    if line.startswith(b"-", pos) and line[pos + 1 : pos + 2] in (b" ", b""):
        return pos + 1
    sd = _SD_ELEMENTS.match(line, pos)
    return sd.end() if sd is not None else pos


def _body(line: bytes, pos: int) -> bytes:
    """Return the message from `pos`: leading spaces and a UTF-8 BOM removed."""
    body = line[pos:].lstrip(b" ")
    return body[3:] if body.startswith(_BOM) else body


def _tagged(
    line: bytes,
    pri: int,
    timestamp: float | None,
    host: str,
    *,
    pos: int,
    mtag: re.Match[bytes] | None,
) -> SyslogMessage:
    """Build the message of a BSD-style line whose tag (if any) `mtag` matched at `pos`."""
    app = b""
    if mtag is not None and mtag.end() < len(line):
        app = mtag.group(1)
        pos = mtag.end()
    body = line[pos:]
    if body.startswith(_BOM):
        body = body[3:]
    return SyslogMessage(line, pri, timestamp, host, app, body)


def _local_epoch(fields: tuple[int, int, int, int, int, int]) -> float:
    """Convert local (year, month, day, hour, minute, second) to UTC epoch seconds."""
    year, month, day, hour, minute, second = fields
    if not (1 <= day <= 31 and hour < 24 and minute < 60 and second < 61):
        raise ValueError("time field out of range")
    return time.mktime((year, month, day, hour, minute, second, 0, 0, -1))
