"""A bounded cache in front of a database lookup by integer address (country, ASN).

An uncached MaxMind DB lookup costs 7-13 µs, a cache hit ~0.2 µs, so answers are kept in an LRU
of `capacity` addresses. Special-purpose ranges (private, loopback, documentation ...) are
answered "nothing" without touching the database or the cache.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .special import is_special

_V6_TAG = 1 << 128


@dataclass(frozen=True, slots=True)
class LookupStats:
    """Lookup counters and cache size, for diagnostics."""

    hits: int
    misses: int
    not_found: int
    skipped: int
    errors: int
    evictions: int
    cache_size: int
    cache_capacity: int


class CachedLookup[T]:
    """Answer `read(ip_version, addr)` through a bounded LRU; `nothing` means "not found"."""

    def __init__(self, read: Callable[[int, int], T], nothing: T, capacity: int) -> None:
        self._read: Callable[[int, int], T] | None = read
        self._nothing = nothing
        self._cache: OrderedDict[int, T] = OrderedDict()
        self.capacity = max(1, capacity)
        self.hits = self.misses = self.not_found = self.skipped = self.evictions = 0
        self.errors = 0
        """Read failures; the reader counts them (it knows what failed)."""

    def lookup(self, ip_version: int, addr: int) -> T:
        """Return the cached or freshly read answer for an address."""
        key = addr if ip_version == 4 else addr | _V6_TAG
        cache = self._cache
        found = cache.get(key)
        if found is not None:
            cache.move_to_end(key)
            self.hits += 1
            return found
        read = self._read
        if read is None or is_special(ip_version, addr):
            self.skipped += 1
            return self._nothing
        self.misses += 1
        found = read(ip_version, addr)
        if found is self._nothing:
            self.not_found += 1
        cache[key] = found
        if len(cache) > self.capacity:
            cache.popitem(last=False)
            self.evictions += 1
        return found

    def close(self) -> None:
        """Answer "nothing" from now on and drop the cache."""
        self._read = None
        self._cache.clear()

    @property
    def stats(self) -> LookupStats:
        """Return the counters and the cache size."""
        return LookupStats(
            hits=self.hits,
            misses=self.misses,
            not_found=self.not_found,
            skipped=self.skipped,
            errors=self.errors,
            evictions=self.evictions,
            cache_size=len(self._cache),
            cache_capacity=self.capacity,
        )


class CachedDatabase[T]:
    """A MaxMind-format database read through a bounded CachedLookup (country or ASN).

    Holds what every such database shares: its metadata, the cache, the counters and closing.
    Subclasses read one record in `_read`.
    """

    def __init__(self, reader: Any, path: str, nothing: T, cache_size: int) -> None:
        meta = reader.metadata()
        self.path = path
        self.database_type = str(meta.database_type)
        self.build_epoch = int(meta.build_epoch)
        self._reader: Any = reader
        self._lookups = CachedLookup(self._read, nothing, cache_size)

    def _read(self, ip_version: int, addr: int) -> T:
        raise NotImplementedError

    @property
    def stats(self) -> LookupStats:
        """Return lookup counters and the cache size."""
        return self._lookups.stats

    def close(self) -> None:
        """Close the database; later lookups answer the empty answer (None or (None, None))."""
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        self._lookups.close()
