"""Notices that need memory of the past: senders that went silent, devices meeting a new country.

Both tables are bounded: senders by MAX_SENDERS (allow-listed routers are few; the oldest is
forgotten when full), device x country pairs by MAX_DEVICES x MAX_COUNTRIES_PER_DEVICE.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .addr import parse_addr
from .classify import addr_key, key_text
from .enrich.country_names import country_name
from .records import iso_time

MAX_SENDERS = 256
MAX_DEVICES = 1024
MAX_COUNTRIES_PER_DEVICE = 64
DEFAULT_SILENCE = 900.0
"""A sender that sent before and has been quiet this long (seconds) is reported once."""
DEFAULT_LEARNING = 86400.0
"""A device's countries during its first day are learned silently, not reported."""


@dataclass(frozen=True, slots=True)
class SenderSilent:
    """An exporter or syslog sender stopped sending."""

    sender: str
    kind: str
    last_seen: float
    silent_for: float

    def as_event_data(self) -> dict[str, Any]:
        """Return the payload of the `netwatch_event` bus event."""
        return {
            "type": "sender_silent",
            "sender": self.sender,
            "kind": self.kind,
            "last_seen": iso_time(self.last_seen),
            "silent_for": round(self.silent_for),
        }


@dataclass(frozen=True, slots=True)
class NewCountry:
    """A home device sent traffic to a country it had never contacted."""

    device: str
    country: str
    remote: str
    """The remote address of the first flow to that country."""
    first_seen: float
    device_name: str | None = None
    mac: str | None = None

    def as_event_data(self) -> dict[str, Any]:
        """Return the payload of the `netwatch_event` bus event."""
        return {
            "type": "new_country",
            "device": self.device,
            "device_name": self.device_name,
            "mac": self.mac,
            "country": self.country,
            "country_name": country_name(self.country),
            "remote": self.remote,
            "first_seen": iso_time(self.first_seen),
        }


class SenderWatch:
    """Remember when each sender was last heard and report each silence once."""

    def __init__(
        self, silence: float = DEFAULT_SILENCE, clock: Callable[[], float] = time.time
    ) -> None:
        """Create an empty watch; `silence` is the quiet time that counts as silent."""
        self.silence = silence
        self._clock = clock
        self._last: OrderedDict[tuple[str, str], float] = OrderedDict()
        self._reported: set[tuple[str, str]] = set()
        self.forgotten = 0

    def seen(self, kind: str, sender: str, now: float) -> None:
        """Record a datagram or message (O(1))."""
        key = (kind, sender)
        self._last[key] = now
        self._last.move_to_end(key)
        self._reported.discard(key)
        if len(self._last) > MAX_SENDERS:
            old, _ = self._last.popitem(last=False)
            self._reported.discard(old)
            self.forgotten += 1

    def check(self, now: float | None = None) -> list[SenderSilent]:
        """Return senders newly silent for longer than `silence` (call on a timer)."""
        now = self._clock() if now is None else now
        out = []
        for key, last in self._last.items():
            if now - last >= self.silence and key not in self._reported:
                self._reported.add(key)
                out.append(SenderSilent(key[1], key[0], last, now - last))
        return out

    def senders(self) -> dict[str, float]:
        """Return "kind sender" -> last seen, for diagnostics."""
        return {f"{kind} {sender}": last for (kind, sender), last in self._last.items()}


class CountryWatch:
    """Report the first time a home device reaches a country, after a learning period.

    Devices are keyed by the aggregator's integer address keys (classify.addr_key); saved state
    uses address text.
    """

    def __init__(self, learning: float = DEFAULT_LEARNING) -> None:
        """Create an empty watch."""
        self.learning = learning
        self._devices: OrderedDict[int, tuple[float, set[str]]] = OrderedDict()
        self.evicted = 0

    def observe(self, device: int, country: str, now: float) -> bool:
        """Record device -> country; tell whether it is new and the learning period is over."""
        entry = self._devices.get(device)
        if entry is None:
            entry = (now, set())
            self._devices[device] = entry
            if len(self._devices) > MAX_DEVICES:
                self._devices.popitem(last=False)
                self.evicted += 1
        first_seen, countries = entry
        if country in countries or len(countries) >= MAX_COUNTRIES_PER_DEVICE:
            return False
        countries.add(country)
        self._devices.move_to_end(device)
        return now - first_seen >= self.learning

    def export_state(self) -> dict[str, Any]:
        """Return the learned countries, JSON-able (devices as address text)."""
        return {key_text(dev): [first, sorted(c)] for dev, (first, c) in self._devices.items()}

    def import_state(self, state: object) -> None:
        """Restore learned countries; malformed entries are skipped."""
        if not isinstance(state, dict):
            return
        for dev, value in list(state.items())[-MAX_DEVICES:]:
            if not (
                isinstance(dev, str)
                and isinstance(value, list)
                and len(value) == 2
                and isinstance(value[0], int | float)
                and isinstance(value[1], list)
            ):
                continue
            try:
                key = addr_key(*parse_addr(dev))
            except ValueError:
                continue
            codes = {c for c in value[1] if isinstance(c, str)}
            self._devices[key] = (float(value[0]), set(list(codes)[:MAX_COUNTRIES_PER_DEVICE]))
