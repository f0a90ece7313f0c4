"""Helpers for the `key=value` firewall formats (Sophos SFOS, FortiGate): fields, times, zones."""

from __future__ import annotations

import re
from datetime import datetime

from ...errors import SyslogParseError
from ..common import address, port
from ..header import SyslogMessage

_KV = re.compile(rb'([\w.-]{1,48})=("(?:[^"\\]|\\.)*"|[^\s"]*)')
_MAX_FIELDS = 256
"""A FortiGate traffic line has about 60 keys; more is not a firewall line worth the time."""
_WAN_WORDS = ("wan", "untrust", "outside", "internet", "external", "isp")


def message_text(msg: SyslogMessage) -> bytes:
    """Return the message, with the tag when a relay took the first `key="value"` for one.

    syslog-ng reads `device_name="SFW"` after the host as a program name.
    """
    return msg.app + b" " + msg.body if b"=" in msg.app else msg.body


def fields(body: bytes) -> dict[bytes, bytes]:
    """Return the key=value pairs of a line, quotes removed (at most _MAX_FIELDS)."""
    found: dict[bytes, bytes] = {}
    for m in _KV.finditer(body):
        value = m.group(2)
        if value[:1] == b'"':
            value = value[1:-1]
        found.setdefault(m.group(1), value)
        if len(found) >= _MAX_FIELDS:
            break
    return found


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
