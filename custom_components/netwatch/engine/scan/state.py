"""Per-source probe state, kept small because internet background noise has millions of sources.

Each source keeps one dict `seen` whose keys live in two ranges, so a one-packet source costs a
single small dict instead of two:
  * a probed address (target): the integer address itself, below 2**128;
  * a probed port: PORT_BASE | protocol << 16 | port.
Values are the arrival time the key was last seen, which is what the sliding window needs.
Protocols used are a bit mask (1 << protocol number).
"""

from __future__ import annotations

from collections import OrderedDict

PORT_BASE = 1 << 128

MAX_KEYS_PER_SOURCE = 128
"""Cap of `seen` per source. Far above the thresholds, so it never delays a detection; past it a
source's new ports/targets are only counted (`extra_*`), which may count a repeat twice."""

EVIDENCE_SYSLOG = 1
EVIDENCE_FLOW = 2


def port_key(protocol: int, port: int) -> int:
    """Return the `seen` key of a probed port."""
    return PORT_BASE | protocol << 16 | port


class SourceState:
    """What one source (an IPv4 address or an IPv6 /64) did inside the window."""

    __slots__ = (
        "address",
        "attempts",
        "detected_at",
        "evidence",
        "extra_ports",
        "extra_targets",
        "first",
        "ip_version",
        "last",
        "n_ports",
        "n_targets",
        "protocols",
        "seen",
    )

    def __init__(self, ip_version: int, address: int, now: float) -> None:
        self.ip_version = ip_version
        self.address = address
        self.first = now
        self.last = now
        self.attempts = 0
        self.evidence = 0
        self.protocols = 0
        self.seen: dict[int, float] = {}
        self.n_ports = 0
        self.n_targets = 0
        self.extra_ports = 0
        self.extra_targets = 0
        self.detected_at: float | None = None
        """Set when the thresholds were crossed; the event goes out once `settle` has passed."""

    @property
    def port_count(self) -> int:
        """Distinct ports seen (tracked plus counted past the cap)."""
        return self.n_ports + self.extra_ports

    @property
    def target_count(self) -> int:
        """Distinct targets seen (tracked plus counted past the cap)."""
        return self.n_targets + self.extra_targets

    def add(self, key: int, now: float) -> int:
        """Record a key seen now; return how many entries were added to `seen` (0 or 1)."""
        seen = self.seen
        if key in seen:
            seen[key] = now
            return 0
        if len(seen) >= MAX_KEYS_PER_SOURCE:
            if key < PORT_BASE:
                self.extra_targets += 1
            else:
                self.extra_ports += 1
            return 0
        seen[key] = now
        if key < PORT_BASE:
            self.n_targets += 1
        else:
            self.n_ports += 1
        return 1

    def prune(self, horizon: float) -> int:
        """Drop keys last seen before `horizon`; return how many entries were removed."""
        old = [key for key, when in self.seen.items() if when < horizon]
        for key in old:
            del self.seen[key]
            if key < PORT_BASE:
                self.n_targets -= 1
            else:
                self.n_ports -= 1
        if old and self.seen:
            self.first = min(self.seen.values())
        return len(old)


class SourceTable:
    """Sources by key in least-recently-seen order, bounded by a source count and an entry budget.

    Eviction rule: when either `max_sources` or `max_entries` (sum of all `seen` sizes) is
    exceeded, the least recently seen source goes. A flood of one-shot spoofed sources can thus
    push out a slow real scanner; the evictions are counted so that shows.
    """

    def __init__(self, max_sources: int, max_entries: int) -> None:
        self.max_sources = max_sources
        self.max_entries = max_entries
        self.sources: OrderedDict[int, SourceState] = OrderedDict()
        self.entries = 0
        self.evictions = 0

    def __len__(self) -> int:
        """Return how many sources are tracked."""
        return len(self.sources)

    def touch(self, key: int, ip_version: int, address: int, now: float) -> SourceState:
        """Return the state of `key` as most recently seen, creating it when new."""
        state = self.sources.get(key)
        if state is None:
            state = SourceState(ip_version, address, now)
            self.sources[key] = state
        else:
            self.sources.move_to_end(key)
        return state

    def over_budget(self) -> bool:
        """Tell whether a cap is exceeded and the oldest source must go."""
        return len(self.sources) > self.max_sources or self.entries > self.max_entries

    def pop_oldest(self) -> tuple[int, SourceState]:
        """Remove and return the least recently seen source (counted as an eviction)."""
        key, state = self.sources.popitem(last=False)
        self.entries -= len(state.seen)
        self.evictions += 1
        return key, state

    def oldest(self) -> SourceState | None:
        """Return the least recently seen source without removing it."""
        if not self.sources:
            return None
        return self.sources[next(iter(self.sources))]

    def remove(self, key: int) -> SourceState | None:
        """Forget a source (after its scan was reported or it went idle)."""
        state = self.sources.pop(key, None)
        if state is not None:
            self.entries -= len(state.seen)
        return state
