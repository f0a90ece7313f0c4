"""Helpers for the `key=value` firewall formats (Sophos SFOS, FortiGate): fields, times, zones."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from ...errors import SyslogParseError
from ..common import address, port, remember
from ..header import SyslogMessage

_WAN_WORDS = ("wan", "untrust", "outside", "internet", "external", "isp")
_WAN_CACHE_MAX = 256
# A firewall has a handful of zones and interfaces; names are network data, so the answers kept
# are capped at 256 and emptied when full.
_wan_cache: dict[bytes, bool] = {}


def message_text(msg: SyslogMessage) -> bytes:
    """Return the message, with the tag when a relay took the first `key="value"` for one.

    syslog-ng reads `device_name="SFW"` after the host as a program name.
    """
    return msg.app + b" " + msg.body if b"=" in msg.app else msg.body


type Probes = tuple[tuple[bytes, bytes, int], ...]
"""(key, b" key=", length of the probe) for each key a parser reads: see probes()."""


def probes(keys: Iterable[bytes]) -> Probes:
    """Prepare `keys` for find_fields() once, at import, instead of once per line."""
    return tuple((key, b" " + key + b"=", len(key) + 2) for key in keys)


def fields(body: bytes, keys: Iterable[bytes]) -> dict[bytes, bytes]:
    """Return the values of `keys` in the line: first occurrence, quotes removed.

    A key counts at the line's start or after a space. A quoted value ends at the first `"` not
    preceded by a backslash; one without an end is empty. Parsers call find_fields() with
    probes prepared at import.
    """
    return find_fields(body, probes(keys))


def find_fields(body: bytes, wanted: Probes) -> dict[bytes, bytes]:
    """Return the values of the prepared keys in the line (what fields() describes).

    A line has some 60 pairs and a parser needs 20: finding those few (a C-level search each)
    costs a tenth of splitting every pair. A space put before the line makes a key at its start
    one more ` key=`, so each key costs one search.
    """
    line = b" " + body
    find = line.find
    found: dict[bytes, bytes] = {}
    for key, probe, size in wanted:
        at = find(probe)
        if at < 0:
            continue
        start = at + size
        if line.startswith(b'"', start):
            end = find(b'"', start + 1)
            if end < 0:
                found[key] = b""  # an open quote: no value
            elif line[end - 1] != 0x5C:
                found[key] = line[start + 1 : end]
            else:  # an escaped quote inside: the general reader
                found[key] = _value(line, start)
        else:
            end = find(b" ", start)
            found[key] = line[start:end] if end >= 0 else line[start:]
    return found


def _value(line: bytes, start: int) -> bytes:
    """Return the value at `start`: a quoted string (unterminated: empty) or up to a space."""
    if line[start : start + 1] != b'"':
        end = line.find(b" ", start)
        return line[start:end] if end >= 0 else line[start:]
    end = start
    while True:
        end = line.find(b'"', end + 1)
        if end < 0:
            return b""
        if line[end - 1] != 0x5C:  # not an escaped quote
            return line[start + 1 : end]


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
    found = _wan_cache.get(name)
    if found is None:
        lowered = name.lower()
        found = any(word in lowered.decode("ascii", "replace") for word in _WAN_WORDS)
        remember(_wan_cache, _WAN_CACHE_MAX, name, found)
    return found


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
