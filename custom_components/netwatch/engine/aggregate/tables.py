"""The aggregator's bounded tables: totals, devices, countries, pending verdicts.

Every table keyed by network data states its cap and eviction rule here and counts evictions.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import TypeAlias

from ..classify import key_text
from .series import MINUTE


@dataclass(slots=True)
class Totals:
    """Whole-network counters since the first start (restored across restarts, never reset)."""

    flows: int = 0
    flows_in: int = 0
    flows_out: int = 0
    flows_internal: int = 0
    flows_unclassified: int = 0
    """Flows with neither end in the home networks (e.g. exported on the WAN side of NAT)."""
    bytes_in: int = 0
    bytes_out: int = 0
    bytes_internal: int = 0
    packets_in: int = 0
    packets_out: int = 0
    packets_internal: int = 0
    events: int = 0
    events_without_address: int = 0
    allow: int = 0
    deny: int = 0
    reject: int = 0
    unknown_verdict: int = 0
    denied_inbound: int = 0
    denied_outbound: int = 0
    """Denied or rejected connections a home address tried to open."""
    linked_flows: int = 0
    """Flow records joined to a pending firewall verdict."""
    allow_bytes: int = 0
    deny_bytes: int = 0

    def as_dict(self) -> dict[str, int]:
        """Return every counter by name."""
        return {name: getattr(self, name) for name in TOTAL_FIELDS}


TOTAL_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Totals))


class Device:
    """Counters of one home address."""

    __slots__ = (
        "bytes_in",
        "bytes_out",
        "cur_in",
        "cur_out",
        "denied_inbound",
        "first_seen",
        "flows",
        "key",
        "last_seen",
        "mac",
        "minute",
        "packets_in",
        "packets_out",
        "prev_in",
        "prev_out",
        "saved_name",
    )

    def __init__(self, key: int, now: float) -> None:
        self.key = key
        self.mac = 0
        self.bytes_in = self.bytes_out = self.packets_in = self.packets_out = 0
        self.flows = self.denied_inbound = 0
        self.first_seen = self.last_seen = now
        self.minute = int(now // MINUTE)
        self.cur_in = self.cur_out = self.prev_in = self.prev_out = 0
        self.saved_name: str | None = None

    @property
    def address(self) -> str:
        """Return the address text (built on demand: devices churn on the hot path)."""
        return key_text(self.key)

    def roll(self, minute: int) -> None:
        """Start a new rate minute; the finished one becomes the previous minute."""
        if minute == self.minute + 1:
            self.prev_in, self.prev_out = self.cur_in, self.cur_out
        else:
            self.prev_in = self.prev_out = 0
        self.cur_in = self.cur_out = 0
        self.minute = minute

    def rates(self, now_minute: int) -> tuple[float, float]:
        """Return bytes/s in and out over the last complete minute."""
        if self.minute == now_minute:
            return self.prev_in / MINUTE, self.prev_out / MINUTE
        if self.minute == now_minute - 1:
            return self.cur_in / MINUTE, self.cur_out / MINUTE
        return 0.0, 0.0


class DeviceTable:
    """Home addresses; at most `capacity`, the least recently seen evicted when a new one comes.

    Kept in recency order with one-minute precision: a device moves to the end when its rate
    minute rolls (`touch`), so eviction pops the front in O(1) however many devices churn.
    """

    __slots__ = ("by_key", "capacity", "evicted")

    def __init__(self, capacity: int) -> None:
        self.by_key: OrderedDict[int, Device] = OrderedDict()
        self.capacity = max(1, capacity)
        self.evicted = 0

    def create(self, key: int, now: float) -> Device:
        """Add a device, evicting the least recently seen one when full."""
        if len(self.by_key) >= self.capacity:
            self.by_key.popitem(last=False)
            self.evicted += 1
        device = Device(key, now)
        self.by_key[key] = device
        return device

    def touch(self, device: Device, minute: int) -> None:
        """Roll the device's rate minute and mark it recently seen."""
        device.roll(minute)
        self.by_key.move_to_end(device.key)

    def __iter__(self) -> Iterator[Device]:
        return iter(self.by_key.values())

    def __len__(self) -> int:
        return len(self.by_key)


class Country:
    """Counters of one country."""

    __slots__ = ("code", "inbound_denied", "last_seen", "outbound_bytes", "outbound_flows")

    def __init__(self, code: str, now: float) -> None:
        self.code = code
        self.inbound_denied = self.outbound_bytes = self.outbound_flows = 0
        self.last_seen = now

    @property
    def activity(self) -> int:
        """Return the eviction score: denied attempts plus outbound flows."""
        return self.inbound_denied + self.outbound_flows


class CountryTable:
    """Countries; at most `capacity`, the least active (then least recent) evicted when full."""

    __slots__ = ("by_code", "capacity", "evicted")

    def __init__(self, capacity: int) -> None:
        self.by_code: dict[str, Country] = {}
        self.capacity = max(1, capacity)
        self.evicted = 0

    def get(self, code: str, now: float) -> Country:
        """Return the entry of a country, creating it (and evicting) when needed."""
        country = self.by_code.get(code)
        if country is None:
            if len(self.by_code) >= self.capacity:
                loser = min(self.by_code.values(), key=lambda c: (c.activity, c.last_seen))
                del self.by_code[loser.code]
                self.evicted += 1
            country = self.by_code[code] = Country(code, now)
        country.last_seen = max(country.last_seen, now)
        return country

    def __iter__(self) -> Iterator[Country]:
        return iter(self.by_code.values())

    def __len__(self) -> int:
        return len(self.by_code)


ALLOWED = 1
DENIED = 2

# TypeAlias, not the `type` statement: Cython (netwatch-speedups) cannot parse that yet.
JoinKey: TypeAlias = tuple[int, int, int, int]  # noqa: UP040
"""(protocol, remote address key, remote port, home-side port)."""


class VerdictJoin:
    """Firewall verdicts waiting for the flows of the same connection.

    At most `capacity` keys; expired ones (`window` seconds after the last event or match) are
    purged first, then the oldest is evicted. A match refreshes the expiry, so every flow record
    of a long connection (one per active timeout, both directions) links to the verdict.
    """

    __slots__ = ("capacity", "evicted", "expired", "pending", "remotes", "window")

    def __init__(self, capacity: int, window: float) -> None:
        self.pending: OrderedDict[JoinKey, list[float]] = OrderedDict()
        self.remotes: dict[int, int] = {}
        """Remote address key -> pending keys with it: most flows skip the join with one lookup."""
        self.capacity = max(1, capacity)
        self.window = window
        self.evicted = 0
        self.expired = 0

    def remember(self, key: JoinKey, verdict: int, now: float) -> None:
        """Hold a verdict for `window` seconds (the latest verdict for a key wins)."""
        pending = self.pending
        if key in pending:
            pending.move_to_end(key)
        else:
            if len(pending) >= self.capacity:
                self.purge(now)
                if len(pending) >= self.capacity:
                    self._forget(pending.popitem(last=False)[0])
                    self.evicted += 1
            self.remotes[key[1]] = self.remotes.get(key[1], 0) + 1
        pending[key] = [float(verdict), now + self.window]

    def match(self, key: JoinKey, now: float) -> int:
        """Return ALLOWED/DENIED for a pending verdict of `key`, else 0."""
        found = self.pending.get(key)
        if found is None or found[1] < now:
            return 0
        found[1] = now + self.window
        self.pending.move_to_end(key)
        return int(found[0])

    def purge(self, now: float) -> None:
        """Drop expired verdicts from the oldest end."""
        pending = self.pending
        while pending:
            key, found = next(iter(pending.items()))
            if found[1] >= now:
                break
            del pending[key]
            self._forget(key)
            self.expired += 1

    def _forget(self, key: JoinKey) -> None:
        left = self.remotes[key[1]] - 1
        if left:
            self.remotes[key[1]] = left
        else:
            del self.remotes[key[1]]


def port_key(protocol: int, port: int) -> int:
    """Pack (protocol, port) into an int key; -1 means unknown/absent for either."""
    return ((protocol + 1) & 0x1FF) << 17 | (port + 1) & 0x1FFFF


def unpack_port_key(key: int) -> tuple[int, int]:
    """Return (protocol, port) from `port_key`; -1 for unknown/absent."""
    return ((key >> 17) & 0x1FF) - 1, (key & 0x1FFFF) - 1


def country_key(code: str | None) -> int:
    """Pack a two-letter country code into 16 bits (0 = unknown)."""
    if not code:
        return 0
    return ord(code[0]) << 8 | ord(code[1])


def unpack_country_key(key: int) -> str | None:
    """Return the country code packed by `country_key`, None for unknown."""
    if not key:
        return None
    return chr(key >> 8) + chr(key & 0xFF)


@lru_cache(maxsize=1024)
def parse_mac(text: str) -> int:
    """Return a MAC as an int from "aa:bb:..", or the source MAC of netfilter's 14-octet MAC=."""
    octets = text.replace("-", ":").split(":") if text else []
    if len(octets) == 14:
        octets = octets[6:12]  # netfilter logs destination MAC, source MAC, ethertype
    if len(octets) != 6 or not all(1 <= len(o) <= 2 and all(c in _HEX for c in o) for o in octets):
        return 0
    return int("".join(o.zfill(2) for o in octets), 16)


_HEX = frozenset("0123456789abcdefABCDEF")
