"""Reverse DNS (PTR) names of remote addresses: asynchronous, cached, bounded, rate-limited.

Nothing here ever waits: `name()` answers from the cache and, on a miss, queues a lookup whose
answer lands in the cache for the next caller. Lookups go through aiodns (c-ares), whose sockets
and timers run beside the event loop; answers come back as loop callbacks.

Bounds: `cache_size` names (LRU; positive answers kept for the record's TTL clamped to
`MIN_TTL`..`MAX_TTL`, "no name" (NXDOMAIN, no PTR) for `NEGATIVE_TTL`, timeouts and server errors
for `FAILURE_TTL`); at most `max_queue` waiting and `max_in_flight` running lookups; at most `rate`
lookups a second (a token bucket), so a storm of new remote addresses costs the DNS server a
steady trickle and netwatch a fixed amount of memory. Requests beyond the queue are dropped and
counted. Names are attacker-controlled (a scanner writes its own PTR records): only host names
made of letters, digits, '-', '_' and '.' and at most 253 characters are kept.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import re
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

_LOGGER = logging.getLogger(__name__)

DEFAULT_CACHE_SIZE = 8192
DEFAULT_MAX_QUEUE = 256
DEFAULT_MAX_IN_FLIGHT = 16
DEFAULT_RATE = 20.0
"""Lookups started per second at most."""
DEFAULT_TIMEOUT = 2.0
MIN_TTL = 600.0
MAX_TTL = 86400.0
NEGATIVE_TTL = 3600.0
FAILURE_TTL = 300.0
_V6_TAG = 1 << 128
_ARES_ENODATA, _ARES_ENOTFOUND, _ARES_ETIMEOUT = 1, 4, 12
_HOSTNAME = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,251}[A-Za-z0-9_])?$")


class _Missing:
    """The cache has no answer (yet) for an address."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing()
type Callback = Callable[[str | None], None]


@dataclass(slots=True)
class RdnsStats:
    """Counters of the resolver, for diagnostics and the benchmark."""

    hits: int = 0
    misses: int = 0
    queued: int = 0
    dropped: int = 0
    lookups: int = 0
    answered: int = 0
    no_name: int = 0
    timeouts: int = 0
    errors: int = 0
    invalid: int = 0
    evictions: int = 0
    no_loop: int = 0


def ptr_name(key: int) -> str:
    """Return the in-addr.arpa / ip6.arpa name of an address key."""
    if key & _V6_TAG:
        return ipaddress.IPv6Address(key ^ _V6_TAG).reverse_pointer
    return ipaddress.IPv4Address(key).reverse_pointer


def clean_hostname(name: object) -> str | None:
    """Return a PTR answer as a lower-case host name, None when it is not a plain host name."""
    if not isinstance(name, str):
        return None
    text = name.rstrip(".").lower()
    return text if _HOSTNAME.match(text) else None


class ReverseDNS:
    """Cached, rate-limited PTR lookups keyed by address key (`tables.addr_key`)."""

    def __init__(
        self,
        nameservers: list[str] | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        tries: int = 1,
        cache_size: int = DEFAULT_CACHE_SIZE,
        max_queue: int = DEFAULT_MAX_QUEUE,
        max_in_flight: int = DEFAULT_MAX_IN_FLIGHT,
        rate: float = DEFAULT_RATE,
        clock: Callable[[], float] = time.monotonic,
        resolver_factory: Callable[[asyncio.AbstractEventLoop], Any] | None = None,
    ) -> None:
        """Configure; nothing is opened until the first lookup (inside a running loop)."""
        self.nameservers = list(nameservers or [])
        self.timeout = timeout
        self.tries = max(1, tries)
        self.capacity = max(1, cache_size)
        self.max_queue = max(1, max_queue)
        self.max_in_flight = max(1, max_in_flight)
        self.rate = max(0.1, rate)
        self._clock = clock
        self._factory = resolver_factory or self._make_resolver
        self._resolver: Any = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._cache: OrderedDict[int, tuple[str | None, float]] = OrderedDict()
        self._queue: OrderedDict[int, list[Callback]] = OrderedDict()
        self._flight: dict[int, list[Callback]] = {}
        self._tokens = self.rate
        self._refilled = clock()
        self._timer: asyncio.TimerHandle | None = None
        self._closed = False
        self.stats = RdnsStats()

    def _make_resolver(self, loop: asyncio.AbstractEventLoop) -> Any:
        import aiodns  # noqa: PLC0415 - c-ares is loaded only when names are wanted

        kwargs: dict[str, Any] = {"timeout": self.timeout, "tries": self.tries}
        if self.nameservers:
            kwargs["nameservers"] = self.nameservers
        return aiodns.DNSResolver(loop=loop, **kwargs)

    # ---- cache ---------------------------------------------------------------------------------

    def cached(self, key: int) -> str | _Missing | None:
        """Return the cached name (None: known to have none), or MISSING; no lookup."""
        found = self._cache.get(key)
        if found is None:
            return MISSING
        if found[1] < self._clock():
            del self._cache[key]
            return MISSING
        self._cache.move_to_end(key)
        return found[0]

    def name(self, key: int) -> str | None:
        """Return the cached name of an address, queueing a lookup on a miss (never waits)."""
        found = self.cached(key)
        if found is MISSING:
            self.stats.misses += 1
            self.request(key)
            return None
        self.stats.hits += 1
        return found  # type: ignore[return-value]

    def _store(self, key: int, name: str | None, ttl: float) -> None:
        cache = self._cache
        cache[key] = (name, self._clock() + ttl)
        cache.move_to_end(key)
        while len(cache) > self.capacity:
            cache.popitem(last=False)
            self.stats.evictions += 1

    # ---- lookups -------------------------------------------------------------------------------

    def request(self, key: int, callback: Callback | None = None) -> bool:
        """Look an address up in the background; `callback(name)` runs when it is answered.

        Return False when the request was dropped (queue full, closed, no running loop); the
        callback is not called then.
        """
        waiting = self._flight.get(key)
        if waiting is None:
            waiting = self._queue.get(key)
        if waiting is not None:
            if callback is not None:
                waiting.append(callback)
            return True
        if self._closed:
            return False
        if self._loop is None:
            try:
                self._loop = asyncio.get_running_loop()
            except RuntimeError:
                self.stats.no_loop += 1
                return False
        if len(self._queue) >= self.max_queue:
            self.stats.dropped += 1
            return False
        self._queue[key] = [callback] if callback is not None else []
        self.stats.queued += 1
        self._pump()
        return True

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self.rate, self._tokens + (now - self._refilled) * self.rate)
        self._refilled = now

    def _pump(self) -> None:
        """Start queued lookups while the rate and the in-flight bound allow."""
        self._timer = None
        if self._closed:
            return
        self._refill()
        while self._queue and len(self._flight) < self.max_in_flight and self._tokens >= 1:
            key, callbacks = self._queue.popitem(last=False)
            self._tokens -= 1
            self._flight[key] = callbacks
            self._start(key)
        if self._queue and self._timer is None and self._loop is not None:
            delay = max(0.01, (1 - self._tokens) / self.rate)
            if len(self._flight) < self.max_in_flight:
                self._timer = self._loop.call_later(delay, self._pump)

    def _start(self, key: int) -> None:
        self.stats.lookups += 1
        try:
            if self._resolver is None:
                assert self._loop is not None
                self._resolver = self._factory(self._loop)
            future = self._resolver.query_dns(ptr_name(key), "PTR")
        except Exception as err:  # noqa: BLE001 - a broken resolver must not break ingest
            self.stats.errors += 1
            _LOGGER.debug("reverse DNS could not start: %s", err)
            self._finish(key, None, FAILURE_TTL)
            return
        future.add_done_callback(partial(self._done, key))

    def _done(self, key: int, future: asyncio.Future[Any]) -> None:
        if future.cancelled():
            self.stats.errors += 1
            self._finish(key, None, FAILURE_TTL)
            return
        error = future.exception()
        if error is not None:
            code = error.args[0] if error.args else None
            if code in (_ARES_ENOTFOUND, _ARES_ENODATA):
                self.stats.no_name += 1
                self._finish(key, None, NEGATIVE_TTL)
            elif code == _ARES_ETIMEOUT:
                self.stats.timeouts += 1
                self._finish(key, None, FAILURE_TTL)
            else:
                self.stats.errors += 1
                self._finish(key, None, FAILURE_TTL)
            return
        name, ttl = None, NEGATIVE_TTL
        for record in getattr(future.result(), "answer", ()):
            dname = getattr(getattr(record, "data", None), "dname", None)
            if dname is not None:
                name = clean_hostname(dname)
                ttl = min(MAX_TTL, max(MIN_TTL, float(getattr(record, "ttl", 0) or 0)))
                if name is None:
                    self.stats.invalid += 1
                break
        if name is not None:
            self.stats.answered += 1
        else:
            self.stats.no_name += 1
        self._finish(key, name, ttl)

    def _finish(self, key: int, name: str | None, ttl: float) -> None:
        self._store(key, name, ttl)
        callbacks = self._flight.pop(key, [])
        for callback in callbacks:
            try:
                callback(name)
            except Exception:
                _LOGGER.exception("reverse DNS callback failed")
        if self._queue and self._timer is None:
            self._pump()

    # ---- state ---------------------------------------------------------------------------------

    @property
    def sizes(self) -> dict[str, int]:
        """Return cache, queue and in-flight sizes with their bounds."""
        return {
            "cache": len(self._cache),
            "cache_capacity": self.capacity,
            "queue": len(self._queue),
            "queue_capacity": self.max_queue,
            "in_flight": len(self._flight),
        }

    async def async_close(self) -> None:
        """Stop: cancel the pump and running lookups and close the resolver."""
        self._closed = True
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._queue.clear()
        resolver, self._resolver = self._resolver, None
        if resolver is not None:
            with contextlib.suppress(Exception):
                resolver.cancel()
            close = getattr(resolver, "close", None)
            if close is not None:
                with contextlib.suppress(Exception):
                    await close()
        self._flight.clear()
