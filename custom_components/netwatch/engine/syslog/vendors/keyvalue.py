"""Helpers for the `key=value` firewall formats (Sophos SFOS, FortiGate): fields, times, zones."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from ...errors import SyslogParseError
from ..common import address, port
from ..header import SyslogMessage

_WAN_WORDS = ("wan", "untrust", "outside", "internet", "external", "isp")


def message_text(msg: SyslogMessage) -> bytes:
    """Return the message, with the tag when a relay took the first `key="value"` for one.

    syslog-ng reads `device_name="SFW"` after the host as a program name.
    """
    return msg.app + b" " + msg.body if b"=" in msg.app else msg.body


def fields(body: bytes, keys: Iterable[bytes]) -> dict[bytes, bytes]:
    """Return the values of `keys` in the line: first occurrence, quotes removed.

    A line has some 60 pairs and a parser needs 20: finding those few (a C-level search each)
    costs a tenth of splitting every pair. A key counts at the line's start or after a space.
    """
    found: dict[bytes, bytes] = {}
    for key in keys:
        probe = key + b"="
        if body.startswith(probe):
            start = len(probe)
        else:
            at = body.find(b" " + probe)
            if at < 0:
                continue
            start = at + 1 + len(probe)
        found[key] = _value(body, start)
    return found


def _value(body: bytes, start: int) -> bytes:
    """Return the value at `start`: a quoted string (unterminated: empty) or up to a space."""
    if body[start : start + 1] != b'"':
        end = body.find(b" ", start)
        return body[start:end] if end >= 0 else body[start:]
    end = start
    while True:
        end = body.find(b'"', end + 1)
        if end < 0:
            return b""
        if body[end - 1] != 0x5C:  # not an escaped quote
            return body[start + 1 : end]


def required_address(kv: dict[bytes, bytes], key: bytes) -> tuple[int, int]:
    """Parse the address in `key`; SyslogParseError when it is missing or malformed."""
    value = kv.get(key, b"")
    if not value:
        raise SyslogParseError("missing_address")
    return address(value)


def optional_port(kv: dict[bytes, bytes], key: bytes) -> int:
    """Parse the port in `key`, -1 when absent or empty."""
    value = kv.get(key, b"")
    return port(value) if value else -1


def is_wan(name: bytes) -> bool:
    """Tell whether an interface role or zone name means the internet side."""
    lowered = name.lower()
    return any(word in lowered.decode("ascii", "replace") for word in _WAN_WORDS)


def iso_time(value: bytes) -> float | None:
    """Parse an ISO 8601 time with a +hhmm or +hh:mm offset; None when it does not parse."""
    try:
        return datetime.fromisoformat(value.decode("ascii")).timestamp()
    except ValueError, UnicodeDecodeError, OverflowError:
        return None


def epoch(value: bytes) -> float | None:
    """Parse an epoch in seconds, milliseconds, microseconds or nanoseconds (by its size)."""
    if not value.isdigit() or len(value) > 20:
        return None
    number = int(value)
    for scale in (1, 1_000, 1_000_000, 1_000_000_000):
        if number / scale < 1e10:  # before the year 2286 in that unit
            return number / scale
    return None
