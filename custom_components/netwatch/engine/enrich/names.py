"""Names of remote addresses: reverse DNS host name and autonomous system, from one place.

The panels, the forwarded documents and the scan events ask here. Reverse DNS answers only from
its cache (a miss queues a lookup for later callers); a scan event is held until its source's
lookup finishes (or `HOLD_SECONDS` pass), so the event carries the host name. At most
`MAX_HELD` events wait at once; more go out at once without a host name.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable, Iterable
from typing import Any

from ..addr import parse_addr
from .asn import AsnDatabase
from .rdns import MISSING, ReverseDNS
from .special import is_special

HOLD_SECONDS = 5.0
MAX_HELD = 64
_V6_TAG = 1 << 128

type AddressNames = tuple[str | None, int | None, str | None]
"""(host name, AS number, AS organisation)."""


def address_key(ip_version: int, addr: int) -> int:
    """Return the key of an address (IPv4-mapped IPv6 folds onto IPv4), as tables.addr_key."""
    if ip_version == 4:
        return addr
    if addr >> 32 == 0xFFFF:
        return addr & 0xFFFFFFFF
    return addr | _V6_TAG


class Names:
    """Host names and autonomous systems of remote addresses (both optional)."""

    def __init__(self) -> None:
        self.rdns: ReverseDNS | None = None
        self.asn: AsnDatabase | None = None
        self._held = 0

    def describe(self, ip_version: int, addr: int, *, lookup: bool = True) -> AddressNames:
        """Return what is known now; `lookup` queues a reverse DNS lookup on a cache miss."""
        number = org = hostname = None
        if self.asn is not None:
            number, org = self.asn.lookup(ip_version, addr)
        rdns = self.rdns
        if rdns is not None and not is_special(ip_version, addr):
            key = address_key(ip_version, addr)
            if lookup:
                hostname = rdns.name(key)
            else:
                found = rdns.cached(key)
                hostname = None if found is MISSING else found  # type: ignore[assignment]
        return hostname, number, org

    def for_addresses(self, addresses: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Return {address text: {hostname, asn, as_org}} for the addresses that have any."""
        out: dict[str, dict[str, Any]] = {}
        if self.rdns is None and self.asn is None:
            return out
        for text in addresses:
            try:
                version, value = parse_addr(text)
            except ValueError:
                continue
            hostname, number, org = self.describe(version, value)
            if hostname or number:
                out[text] = {"hostname": hostname, "asn": number, "as_org": org}
        return out

    def deliver[T](self, notice: T, publish: Callable[[T], None]) -> None:
        """Publish a notice; one with a `source` address gets names first (waiting for DNS)."""
        source = getattr(notice, "source", None)
        if not isinstance(source, str) or not dataclasses.is_dataclass(notice):
            publish(notice)
            return
        try:
            version, value = parse_addr(source)
        except ValueError:
            publish(notice)
            return
        hostname, number, org = self.describe(version, value, lookup=False)
        named = dataclasses.replace(notice, asn=number, as_org=org, hostname=hostname)  # type: ignore[type-var]
        rdns = self.rdns
        if rdns is None or hostname is not None or self._held >= MAX_HELD:
            publish(named)
            return
        key = address_key(version, value)
        if rdns.cached(key) is not MISSING:
            publish(named)
            return
        self._hold(named, key, publish)

    def _hold[T](self, notice: T, key: int, publish: Callable[[T], None]) -> None:
        """Publish once the source's name is known, or after HOLD_SECONDS."""
        done = False
        timer: asyncio.TimerHandle | None = None

        def release(name: str | None) -> None:
            nonlocal done
            if done:
                return
            done = True
            self._held -= 1
            if timer is not None:
                timer.cancel()
            publish(dataclasses.replace(notice, hostname=name) if name else notice)  # type: ignore[type-var]

        self._held += 1
        assert self.rdns is not None
        if not self.rdns.request(key, release):
            release(None)
            return
        try:
            timer = asyncio.get_running_loop().call_later(HOLD_SECONDS, release, None)
        except RuntimeError:  # pragma: no cover - request() needs a running loop already
            release(None)

    async def async_close(self) -> None:
        """Close the resolver and the ASN database."""
        if self.rdns is not None:
            await self.rdns.async_close()
            self.rdns = None
        if self.asn is not None:
            self.asn.close()
            self.asn = None
