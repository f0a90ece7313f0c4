"""Forwarder counters and the immutable snapshot the glue publishes as diagnostic sensors.

Accounting invariant, exact at every moment between two loop steps:
    submitted == indexed + sum(dropped.values()) + queued + in_flight
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

DROP_REASONS: tuple[str, ...] = (
    "queue_full",
    "rejected_by_server",
    "retries_exhausted",
    "auth_failed",
    "invalid_document",
    "shutdown",
)
"""Why a submitted document was not indexed (the keys of `dropped`).

retries_exhausted means "not confirmed": if a node stored a batch but its answer was lost and every
later attempt was refused (429/5xx), the server holds documents counted here.
"""

ERROR_SAMPLES = 20
"""Per-item failures kept for diagnostics (newest win)."""


@dataclass(frozen=True, slots=True)
class ForwarderStats:
    """One consistent snapshot of the forwarder's counters."""

    submitted: int
    """Documents accepted by submit_* (after the send policy)."""
    skipped: int
    """Documents the send policy chose not to forward (not part of the invariant)."""
    queued: int
    in_flight: int
    sent: int
    """Documents the server answered for (indexed + rejected), each counted once."""
    indexed: int
    failed: int
    """Per-item failures reported by the server, including ones that were retried."""
    dropped: MappingProxyType[str, int]
    retries: int
    """Bulk attempts repeated after 429/5xx/timeouts/refused connections."""
    requests: int
    last_success: float | None
    """Epoch seconds of the last bulk request the server accepted."""
    last_error: str | None
    latency_ms_last: float | None
    latency_ms_avg: float | None
    error_samples: tuple[dict[str, Any], ...]

    @property
    def dropped_total(self) -> int:
        """Return all dropped documents, whatever the reason."""
        return sum(self.dropped.values())


@dataclass(slots=True)
class Counters:
    """The mutable counters behind `ForwarderStats` (owned by the forwarder)."""

    submitted: int = 0
    skipped: int = 0
    in_flight: int = 0
    sent: int = 0
    indexed: int = 0
    failed: int = 0
    retries: int = 0
    requests: int = 0
    dropped: dict[str, int] = field(default_factory=lambda: dict.fromkeys(DROP_REASONS, 0))
    last_success: float | None = None
    last_error: str | None = None
    latency_ms_last: float | None = None
    latency_total: float = 0.0
    latency_count: int = 0
    samples: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=ERROR_SAMPLES))

    def drop(self, reason: str, count: int) -> None:
        """Count `count` documents as dropped for `reason`."""
        self.dropped[reason] = self.dropped.get(reason, 0) + count

    def latency(self, ms: float) -> None:
        """Record the latency of one answered bulk request."""
        self.latency_ms_last = ms
        self.latency_total += ms
        self.latency_count += 1

    def snapshot(self, queued: int) -> ForwarderStats:
        """Freeze the counters."""
        avg = self.latency_total / self.latency_count if self.latency_count else None
        return ForwarderStats(
            submitted=self.submitted,
            skipped=self.skipped,
            queued=queued,
            in_flight=self.in_flight,
            sent=self.sent,
            indexed=self.indexed,
            failed=self.failed,
            dropped=MappingProxyType(dict(self.dropped)),
            retries=self.retries,
            requests=self.requests,
            last_success=self.last_success,
            last_error=self.last_error,
            latency_ms_last=self.latency_ms_last,
            latency_ms_avg=avg,
            error_samples=tuple(self.samples),
        )
