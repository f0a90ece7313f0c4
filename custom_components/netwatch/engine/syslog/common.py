"""Helpers every vendor parser shares: context, verdict prefixes, protocols, addresses, ports."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol, TypeVar

from ..addr import parse_addr
from ..errors import SyslogParseError
from ..records import Direction, FirewallEvent, Verdict
from .header import SyslogMessage

DEFAULT_PREFIX_VERDICTS: Mapping[str, str] = {
    "accept": "allow",
    "allow": "allow",
    "pass": "allow",
    "permit": "allow",
    "drop": "deny",
    "deny": "deny",
    "block": "deny",
    "reject": "reject",
}
"""Log-prefix substrings (case-insensitive) and the verdict they mean, when the user sets none."""

PROTOCOLS: Mapping[bytes, int] = {
    b"icmp": 1,
    b"igmp": 2,
    b"tcp": 6,
    b"udp": 17,
    b"ipv6": 41,
    b"gre": 47,
    b"esp": 50,
    b"ah": 51,
    b"icmpv6": 58,
    b"icmp6": 58,
    b"ipv6-icmp": 58,
    b"ospf": 89,
    b"pim": 103,
    b"carp": 112,
    b"vrrp": 112,
    b"sctp": 132,
    b"udplite": 136,
    b"tcp/ip": 6,  # Meraki IDS alerts
    b"udp/ip": 17,
    b"icmp/ip": 1,
}
"""Protocol names as the vendors write them (lower case) -> IANA protocol number."""

PROTOCOL_NAMES: Mapping[int, str] = {
    1: "icmp", 2: "igmp", 6: "tcp", 17: "udp", 41: "ipv6", 47: "gre", 50: "esp", 51: "ah",
    58: "ipv6-icmp", 89: "ospf", 103: "pim", 112: "carp", 132: "sctp", 136: "udplite",
}  # fmt: skip
"""IANA protocol number -> short name, for display."""

PORT_PROTOCOLS = frozenset({6, 17, 132, 136})
"""Protocols whose first header words are source and destination ports."""

ICMP_PROTOCOLS = frozenset({1, 58})

_ADDRESS_CACHE_MAX = 4096
# Firewall logs repeat the same few addresses (LAN hosts, the WAN address, busy scanners):
# remembering their parsed form halves the cost of an address. Keyed by network data, so capped
# at 4,096 entries and emptied when full.
_address_cache: dict[bytes, tuple[int, int] | None] = {}
"""Parsed addresses; None for a text that is no address (Cisco ASA tries `if:addr` tokens)."""
_NOT_CACHED = (-1, -1)

_K = TypeVar("_K")
_V = TypeVar("_V")


def remember(cache: dict[_K, _V], cap: int, key: _K, value: _V) -> _V:  # noqa: UP047 - Cython
    """Store `value` under `key` and return it; a cache that holds `cap` entries is emptied first.

    The parsers' caches are keyed by network data: each has a cap, and emptying it when full
    keeps the few keys that matter (they come back at once) without bookkeeping per lookup.
    """
    if len(cache) >= cap:
        cache.clear()
    cache[key] = value
    return value


class VerdictMap:
    """Map a user's log prefix to a verdict: case-insensitive substring, longest key first."""

    __slots__ = ("_cache", "_items")

    def __init__(self, mapping: Mapping[str, str] | None = None) -> None:
        items: list[tuple[str, Verdict]] = []
        for key, value in (DEFAULT_PREFIX_VERDICTS if mapping is None else mapping).items():
            if not key.strip():
                raise ValueError("a log-prefix key must not be empty")
            try:
                items.append((key.strip().lower(), Verdict(value.strip().lower())))
            except ValueError as err:
                raise ValueError(
                    f"verdict for prefix {key!r} must be allow, deny, reject or unknown"
                ) from err
        self._items = tuple(sorted(items, key=lambda item: -len(item[0])))
        # Prefixes come from a handful of rules, but they are network data: cap the cache.
        self._cache: dict[str, Verdict] = {}

    def match(self, prefix: str) -> Verdict:
        """Return the verdict of the longest key found in `prefix`, else UNKNOWN."""
        verdict = self._cache.get(prefix)
        if verdict is None:
            lowered = prefix.lower()
            verdict = next((v for key, v in self._items if key in lowered), Verdict.UNKNOWN)
            if len(self._cache) >= 256:  # cap 256 distinct prefixes; clear when full
                self._cache.clear()
            self._cache[prefix] = verdict
        return verdict


@dataclass(slots=True)
class ParseContext:
    """What a vendor parser needs besides the message: who sent it, when, and the user's options."""

    sender: str
    received: float
    verdicts: VerdictMap


class VendorParser(Protocol):
    """A vendor module: a name, a cheap detector and a parser (modules satisfy this protocol)."""

    NAME: str

    def detect(self, msg: SyslogMessage) -> bool:
        """Tell cheaply whether the message looks like this vendor's firewall log."""

    def parse(self, msg: SyslogMessage, ctx: ParseContext) -> FirewallEvent | None:
        """Parse the message; None when it is this vendor's but not a firewall event.

        Raises SyslogParseError(reason) when the line is malformed.
        """


class LastMatch:
    """The last message a vendor's detect() searched and the match it found.

    The parser calls detect(msg) and then parse(msg, ctx) on the same message: parse() takes the
    match from here instead of searching again. Keyed by the message object (the reference kept
    here makes `is` safe) and stored as one tuple, so a reader never pairs a message with another
    message's match.
    """

    __slots__ = ("last",)

    def __init__(self) -> None:
        self.last: tuple[SyslogMessage | None, re.Match[bytes] | None] = (None, None)

    def keep(self, msg: SyslogMessage, found: re.Match[bytes] | None) -> bool:
        """Remember what detect() found for `msg`; return whether it found anything."""
        self.last = (msg, found)
        return found is not None


def protocol_number(name: bytes) -> int:
    """Return the IANA number for a protocol name or number text, -1 when unknown."""
    number = PROTOCOLS.get(name.lower())
    if number is not None:
        return number
    if name.isdigit() and len(name) <= 3 and int(name) <= 255:
        return int(name)
    return -1


def address(text: bytes) -> tuple[int, int]:
    """Parse an IPv4/IPv6 address (an IPv6 zone is dropped) into (version, int)."""
    parsed = _address_cache.get(text, _NOT_CACHED)
    if parsed is _NOT_CACHED:
        parsed = _read_address(text)
    if parsed is None:
        raise SyslogParseError("bad_address")
    return parsed


def maybe_address(text: bytes) -> tuple[int, int] | None:
    """Parse an address like address(), None instead of an error (no exception to pay for)."""
    parsed = _address_cache.get(text, _NOT_CACHED)
    return _read_address(text) if parsed is _NOT_CACHED else parsed


def _read_address(text: bytes) -> tuple[int, int] | None:
    """Parse an address text not in the cache and cache the answer (None: not an address)."""
    parsed: tuple[int, int] | None
    try:
        parsed = parse_addr(text.split(b"%", 1)[0].decode("ascii"))
    except ValueError, UnicodeDecodeError:
        parsed = None
    return remember(_address_cache, _ADDRESS_CACHE_MAX, text, parsed)


def port(text: bytes) -> int:
    """Parse a port number; SyslogParseError when it is not 0-65535."""
    if not text.isdigit() or len(text) > 5:
        raise SyslogParseError("bad_port")
    value = int(text)
    if value > 65535:
        raise SyslogParseError("bad_port")
    return value


def small_int(text: bytes) -> int:
    """Parse an ICMP type or code (0-255); -1 when absent or invalid."""
    if text.isdigit() and len(text) <= 3:
        value = int(text)
        return value if value <= 255 else -1
    return -1


def endpoint(text: bytes) -> tuple[int, int, int]:
    """Parse `ip`, `ip:port`, `[ipv6]:port` or 9-group `ipv6:port` into (version, address, port)."""
    if text.startswith(b"["):
        close = text.find(b"]")
        if close == -1:
            raise SyslogParseError("bad_address")
        rest = text[close + 1 :]
        version, value = address(text[1:close])
        if not rest:
            return version, value, -1
        if not rest.startswith(b":"):
            raise SyslogParseError("bad_address")
        return version, value, port(rest[1:])
    colons = text.count(b":")
    if colons == 1 or (colons == 8 and b"::" not in text):
        # ip:port; or IPv6 written in full with the port after a ninth group and no brackets
        # (Cisco Meraki urls/firewall lines): eight groups are the address, so it is unambiguous.
        host, _, port_text = text.rpartition(b":")
        version, value = address(host)
        return version, value, port(port_text)
    version, value = address(text)  # IPv4 without port, or bare IPv6 (ports are bracketed)
    return version, value, -1


def text(value: bytes) -> str:
    """Decode network bytes for display; invalid UTF-8 is replaced, never fatal."""
    return value.decode("utf-8", "replace")


def firewall_event(  # noqa: PLR0917 - hot parsers call it positionally (cheaper)
    msg: SyslogMessage,
    ctx: ParseContext,
    vendor: str,
    action: Verdict,
    direction: Direction,
    protocol: int,
    ip_version: int,
    src_addr: int,
    src_port: int,
    dst_addr: int,
    dst_port: int,
    icmp_type: int = -1,
    icmp_code: int = -1,
    interface: str = "",
    rule: str = "",
    mac: str = "",
    host: str = "",
    kind: str = "firewall",
    extra: dict[str, str] | None = None,
    timestamp: float | None = None,
) -> FirewallEvent:
    """Build the event of a parsed line: time, sender, host and raw text come from the message.

    Hot vendor parsers pass everything positionally (keywords cost more per call); the rest
    name the fields.

    `timestamp` is the line's own time when the vendor writes one (else the header's, else the
    arrival); `host` the device name the line carries (else the header's host).
    """
    if timestamp is None:
        timestamp = msg.timestamp if msg.timestamp is not None else ctx.received
    # Positional: a dataclass __init__ takes positional arguments faster than keywords.
    return FirewallEvent(
        timestamp, ctx.sender, vendor, action, direction, protocol, ip_version, src_addr,
        src_port, dst_addr, dst_port, icmp_type, icmp_code, interface, rule, mac,
        host or msg.host, kind, msg.raw.decode("utf-8", "replace"), extra,
    )  # fmt: skip
