"""Delivery of encoded batches: `_bulk` requests, retries with backoff, per-item accounting."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from typing import Any

from ..errors import ForwarderError
from ..ratelimit import RateLimitedLog
from .bulk import BULK_PATH, NDJSON, parse_response
from .client import SearchClient, check_auth
from .config import ForwarderConfig
from .errors import ForwarderAuthError, ForwarderConnectionError, ForwarderResponseError
from .stats import Counters


class _TransientError(ForwarderError):
    """A whole bulk request failed in a way worth retrying (internal; never escapes)."""


class BulkDelivery:
    """Send batches and settle every document in the shared counters (indexed or dropped)."""

    def __init__(
        self,
        client: SearchClient,
        config: ForwarderConfig,
        counters: Counters,
        *,
        clock: Callable[[], float],
        sleep: Callable[[float], Awaitable[Any]],
        log: RateLimitedLog,
        on_auth_error: Callable[[ForwarderAuthError], None],
        cancel_reason: Callable[[], str] = lambda: "shutdown",
    ) -> None:
        self._client = client
        self.config = config
        self._counters = counters
        self._clock = clock
        self._sleep = sleep
        self._log = log
        self._on_auth_error = on_auth_error
        self._cancel_reason = cancel_reason

    async def async_deliver(self, lines: list[bytes]) -> None:
        """Send one batch, retrying what may succeed later with backoff and jitter."""
        counters, pending, attempt = self._counters, lines, 0
        try:
            while pending:
                try:
                    retry = await self._async_bulk(pending)
                except _TransientError as err:
                    retry = pending
                    counters.last_error = str(err)
                    self._log.report("transient", "Forwarder: %s; will retry", err)
                except ForwarderAuthError as err:
                    counters.last_error = str(err)
                    self._resolve_dropped("auth_failed", len(pending))
                    self._on_auth_error(err)
                    return
                if retry and attempt >= self.config.max_retries:
                    self._resolve_dropped("retries_exhausted", len(retry))
                    self._log.report("exhausted", "Forwarder gave up on %d documents", len(retry))
                    return
                if retry:
                    attempt += 1
                    counters.retries += 1
                    await self._sleep(self.backoff(attempt))
                pending = retry
        except asyncio.CancelledError:
            # Cancelled because another batch found the credentials refused, or at shutdown.
            self._resolve_dropped(self._cancel_reason(), len(pending))
            raise

    def _resolve_dropped(self, reason: str, count: int) -> None:
        self._counters.in_flight -= count
        self._counters.drop(reason, count)

    def backoff(self, attempt: int) -> float:
        """Return an exponential delay with "equal jitter" (half fixed, half random)."""
        delay = min(self.config.backoff_max, self.config.backoff_base * 2.0 ** (attempt - 1))
        return delay / 2 + random.uniform(0, delay / 2)  # noqa: S311 - jitter, not secrecy

    async def _async_bulk(self, lines: list[bytes]) -> list[bytes]:
        """Send one `_bulk` request; count what the server settled and return what to retry."""
        counters = self._counters
        started = time.perf_counter()
        url = self._client.url
        try:
            resp = await self._client.request("POST", BULK_PATH, b"".join(lines), NDJSON)
        except ForwarderConnectionError as err:
            self._client.rotate(url)
            raise _TransientError(str(err)) from err
        counters.requests += 1
        check_auth(resp)
        if resp.status == 429 or resp.status >= 500:
            if resp.status >= 500:
                self._client.rotate(url)
            raise _TransientError(f"HTTP {resp.status}")
        if resp.status != 200:
            reason = resp.body[:300].decode("utf-8", "replace")
            self._sample([{"status": resp.status, "type": "request", "reason": reason}])
            counters.sent += len(lines)
            counters.failed += len(lines)
            self._resolve_dropped("rejected_by_server", len(lines))
            return []
        try:
            outcome = parse_response(resp.body, lines)
        except ForwarderResponseError as err:
            raise _TransientError(str(err)) from err
        counters.latency((time.perf_counter() - started) * 1000.0)
        counters.last_success = self._clock()
        settled = outcome.indexed + outcome.rejected
        counters.sent += settled
        counters.indexed += outcome.indexed
        counters.failed += outcome.rejected + len(outcome.retry)
        self._resolve_dropped("rejected_by_server", outcome.rejected)
        counters.in_flight -= outcome.indexed
        if outcome.errors:
            self._sample(outcome.errors)
        return outcome.retry

    def _sample(self, errors: list[dict[str, Any]]) -> None:
        now = self._clock()
        for error in errors:
            self._counters.samples.append({**error, "time": now})
        self._counters.last_error = f"{errors[0].get('type')}: {errors[0].get('reason')}"
