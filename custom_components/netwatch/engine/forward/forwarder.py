"""The forwarder: a bounded queue in the event loop, drained into `_bulk` by `async_run`."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import orjson

from ..ratelimit import RateLimitedLog
from ..records import Direction, FirewallEvent, FlowRecord, Verdict
from . import retention
from .bulk import DocIds, action_head, encode
from .client import SearchClient, ServerInfo
from .config import ForwarderConfig, SendPolicy
from .delivery import BulkDelivery
from .documents import Doc, Enricher, firewall_document, flow_document, scan_document
from .errors import ForwarderAuthError, ForwarderConnectionError, ForwarderResponseError
from .schema import daily_index, index_template, stream_name
from .stats import Counters, ForwarderStats

_LOGGER = logging.getLogger(__name__)
_FLOW, _FIREWALL, _SCAN = 0, 1, 2
_DATASET = ("flows", "firewall", "scans")
_DENIED = (Verdict.DENY, Verdict.REJECT)
type _Entry = tuple[int, Any, Any, Any, Any]
# What building a document from a malformed record can raise (the record is dropped, counted).
_BAD_INPUT = (
    ValueError,
    TypeError,
    OverflowError,
    AttributeError,
    KeyError,
    orjson.JSONEncodeError,
)


class Forwarder:
    """Forward flows, firewall events and scan notices to Elasticsearch or OpenSearch."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        config: ForwarderConfig,
        *,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self.config = config
        self._client = SearchClient(session, config)
        self._clock = clock
        self._sleep = sleep
        self._queue: deque[_Entry] = deque()
        self._first_at = 0.0
        self._counters = Counters()
        self._sample_seen = [0, 0, 0]
        self._ids = DocIds()
        self._log = RateLimitedLog(_LOGGER)
        self._delivery = BulkDelivery(
            self._client,
            config,
            self._counters,
            clock=clock,
            sleep=sleep,
            log=self._log,
            on_auth_error=self._on_auth_error,
            cancel_reason=lambda: "auth_failed" if self._auth_error is not None else "shutdown",
        )
        self._wakeup = asyncio.Event()
        self._slots = asyncio.Semaphore(config.max_in_flight)
        self._tasks: set[asyncio.Task[None]] = set()
        self._info: ServerInfo | None = None
        self._data_streams = False
        self._lifecycle = False
        self._ready = False
        self._stopping = False
        self._deadline = 0.0
        self._running = False
        self._done = asyncio.Event()
        self._auth_error: ForwarderAuthError | None = None
        self._names: Enricher | None = None

    def set_enricher(self, names: Enricher | None) -> None:
        """Add host names and AS numbers of remote ends to documents (from caches only)."""
        self._names = names

    # --- public state ------------------------------------------------------------------------
    @property
    def stats(self) -> ForwarderStats:
        """Return a snapshot of the counters."""
        return self._counters.snapshot(len(self._queue))

    @property
    def server(self) -> ServerInfo | None:
        """Return what `async_check` learnt about the server, if it ran."""
        return self._info

    @property
    def storage(self) -> str:
        """Return "data_streams" or "daily_indices" (valid after `async_setup`)."""
        return "data_streams" if self._data_streams else "daily_indices"

    # --- setup -------------------------------------------------------------------------------
    async def async_check(self) -> ServerInfo:
        """Connect, authenticate and identify the server; raise a ForwarderError subclass."""
        self._info = await self._client.async_server_info()
        return self._info

    async def async_setup(self) -> None:
        """Install the index template; choose data streams where the server has them."""
        info = self._info or await self.async_check()
        storage = self.config.storage
        if storage == "data_streams" and not info.features.data_streams:
            raise ForwarderResponseError("unsupported_server", 0, "no data streams on this server")
        self._data_streams = storage == "data_streams" or (
            storage == "auto" and info.features.data_streams
        )
        self._lifecycle = self._data_streams and info.features.data_stream_lifecycle
        body = index_template(
            self.config.prefix,
            data_streams=self._data_streams,
            lifecycle_days=self.config.retention_days if self._lifecycle else None,
        )
        await self._client.call("PUT", f"/_index_template/{self.config.prefix}", body)
        self._ready = True

    async def async_apply_retention(self) -> list[str]:
        """Apply the retention now; return the names of the indices deleted."""
        if not self._ready:
            await self.async_setup()
        return await retention.async_apply(
            self._client,
            self.config.prefix,
            self.config.retention_days,
            self._clock(),
            data_streams=self._data_streams,
            lifecycle=self._lifecycle,
        )

    # --- submit (sync, O(1), never raises) -----------------------------------------------------
    def submit_flow(
        self,
        rec: FlowRecord,
        *,
        country_src: str | None = None,
        country_dst: str | None = None,
        direction: str = Direction.UNKNOWN,
        denied: bool | None = None,
    ) -> bool:
        """Queue a flow record; `denied` defaults to the exporter's forwarding status."""
        if denied is None:
            denied = 0x80 <= rec.forwarding_status <= 0xBF
        if not self._admit(_FLOW, self.config.send_flows, denied):
            return False
        return self._push((_FLOW, rec, country_src, country_dst, direction))

    def submit_firewall(
        self, ev: FirewallEvent, *, country_src: str | None = None, country_dst: str | None = None
    ) -> bool:
        """Queue a firewall event."""
        if not self._admit(_FIREWALL, self.config.send_firewall, ev.action in _DENIED):
            return False
        return self._push((_FIREWALL, ev, country_src, country_dst, None))

    def submit_scan(self, payload: dict[str, Any]) -> bool:
        """Queue a scan notice (`ScanEvent/ScanSummary.as_event_data()`); always "denied"."""
        if not self._admit(_SCAN, self.config.send_scans, True):
            return False
        return self._push((_SCAN, payload, None, None, None))

    def _admit(self, kind: int, policy: SendPolicy, denied: bool) -> bool:
        """Apply the send policy: mode first, then a deterministic 1-in-N sample."""
        if policy.mode == "none" or (policy.mode == "denied" and not denied):
            self._counters.skipped += 1
            return False
        if policy.sample > 1:
            seen = self._sample_seen[kind] = self._sample_seen[kind] + 1
            if seen % policy.sample:
                self._counters.skipped += 1
                return False
        return True

    def _push(self, entry: _Entry) -> bool:
        counters = self._counters
        counters.submitted += 1
        if self._stopping or self._auth_error is not None:
            reason = "shutdown" if self._stopping else "auth_failed"
            counters.drop(reason, 1)
            return False
        queue = self._queue
        if len(queue) >= self.config.max_queue:
            counters.drop("queue_full", 1)
            self._log.report("queue_full", "Forwarder queue full (%d): dropping", len(queue))
            return False
        if not queue:
            self._first_at = time.monotonic()
        queue.append(entry)
        # Wake the pump for the first document (it sleeps until the flush time of the oldest)
        # and for a full batch.
        if len(queue) == 1 or len(queue) == self.config.batch_size:
            self._wakeup.set()
        return True

    # --- the loop ----------------------------------------------------------------------------
    async def async_run(self) -> None:
        """Send batches until `async_stop`; raise ForwarderAuthError if credentials fail."""
        if self._running:
            raise RuntimeError("async_run is already running")
        self._running = True
        self._done.clear()
        try:
            if await self._async_setup_until_ready():
                await self._async_pump()
        finally:
            await self._async_abandon()
            self._running = False
            self._done.set()
        if self._auth_error is not None:
            raise self._auth_error

    async def async_stop(self, flush_timeout: float) -> None:
        """Flush for up to `flush_timeout` seconds, then drop what is left (reason shutdown)."""
        self._stopping = True
        self._deadline = time.monotonic() + flush_timeout
        self._wakeup.set()
        if self._running:
            try:
                async with asyncio.timeout(flush_timeout + 5.0):
                    await self._done.wait()
            except TimeoutError:
                _LOGGER.warning("Forwarder did not stop within %.1f s", flush_timeout + 5.0)
        else:
            await self._async_abandon()

    async def _async_setup_until_ready(self) -> bool:
        """Install the template, retrying while the server is away; False if stopped first."""
        attempt = 0
        while not self._ready and not self._stopping:
            try:
                await self.async_setup()
            except ForwarderAuthError as err:
                self._auth_error = err
                return False
            except (ForwarderConnectionError, ForwarderResponseError) as err:
                attempt += 1
                self._counters.last_error = str(err)
                self._log.report("setup", "Forwarder cannot set up the server yet: %s", err)
                self._wakeup.clear()
                try:
                    async with asyncio.timeout(self._delivery.backoff(attempt)):
                        await self._wakeup.wait()  # stop() interrupts the wait
                except TimeoutError:
                    pass
        return self._ready

    async def _async_pump(self) -> None:
        """Dispatch batches by size and age; flush within the deadline once stopping."""
        retention_due = time.monotonic()
        while self._auth_error is None:
            if self._stopping:
                try:
                    async with asyncio.timeout(max(self._deadline - time.monotonic(), 0.0)):
                        while self._queue and self._auth_error is None:
                            await self._async_dispatch()
                        if self._tasks:
                            await asyncio.wait(set(self._tasks))
                except TimeoutError:
                    pass
                return
            interval = self.config.retention_interval
            if interval > 0 and time.monotonic() >= retention_due:
                retention_due = time.monotonic() + interval
                self._spawn(self._async_retention_pass())
            await self._async_wait_batch(retention_due if interval > 0 else None)
            if self._queue and (
                len(self._queue) >= self.config.batch_size
                or time.monotonic() - self._first_at >= self.config.flush_interval
            ):
                await self._async_dispatch()

    async def _async_wait_batch(self, retention_due: float | None) -> None:
        """Sleep until a full batch, the oldest document's flush time, stop or retention."""
        if self._stopping or len(self._queue) >= self.config.batch_size:
            return
        now = time.monotonic()
        wake = retention_due if retention_due is not None else now + 3600.0
        if self._queue:
            wake = min(wake, self._first_at + self.config.flush_interval)
        self._wakeup.clear()
        try:
            async with asyncio.timeout(max(wake - now, 0.0)):
                await self._wakeup.wait()
        except TimeoutError:
            pass

    async def _async_dispatch(self) -> None:
        """Take one batch off the queue, encode it and start sending it."""
        await self._slots.acquire()
        try:
            lines = self._take_batch()
        except BaseException:
            self._slots.release()
            raise
        if not lines:
            self._slots.release()
            return
        self._spawn(self._async_deliver(lines))

    def _spawn(self, coro: Awaitable[None]) -> None:
        task: asyncio.Task[None] = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _take_batch(self) -> list[bytes]:
        """Pop up to batch_size entries and encode them; undecodable ones are dropped."""
        queue, counters, config = self._queue, self._counters, self.config
        count = min(len(queue), config.batch_size)
        now = self._clock()
        heads = [action_head(self._index_name(ds, now)) for ds in _DATASET]
        lines: list[bytes] = []
        for _ in range(count):
            entry = queue.popleft()
            kind = entry[0]
            try:
                doc = self._document(entry, now)
                lines.append(encode(heads[kind], self._ids.take(), doc))
            except _BAD_INPUT as err:
                counters.drop("invalid_document", 1)
                self._log.report("encode", "Cannot encode a %s document: %s", _DATASET[kind], err)
        if queue:
            self._first_at = time.monotonic()
        counters.in_flight += len(lines)
        return lines

    def _index_name(self, dataset: str, now: float) -> str:
        if self._data_streams:
            return stream_name(self.config.prefix, dataset)
        return daily_index(self.config.prefix, dataset, now)

    def _document(self, entry: _Entry, now: float) -> Doc:
        kind, obj, a, b, c = entry
        if kind == _FLOW:
            return flow_document(obj, a, b, c, self._names)
        if kind == _FIREWALL:
            return firewall_document(obj, a, b, self._names)
        return scan_document(obj, int(now * 1000))

    async def _async_deliver(self, lines: list[bytes]) -> None:
        """Deliver one batch in its in-flight slot."""
        try:
            await self._delivery.async_deliver(lines)
        finally:
            self._slots.release()

    def _on_auth_error(self, err: ForwarderAuthError) -> None:
        self._auth_error = err
        self._wakeup.set()

    async def _async_retention_pass(self) -> None:
        """Run the retention from the loop; failures are logged (rate-limited), never raised."""
        try:
            await self.async_apply_retention()
        except ForwarderAuthError as err:
            self._log.report("retention_auth", "Retention not applied: %s", err)
        except (ForwarderConnectionError, ForwarderResponseError) as err:
            self._log.report("retention", "Retention not applied: %s", err)

    async def _async_abandon(self) -> None:
        """Cancel unfinished deliveries and drop everything still queued (reason shutdown)."""
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.wait(set(self._tasks))
        if self._queue:
            reason = "auth_failed" if self._auth_error is not None else "shutdown"
            self._counters.drop(reason, len(self._queue))
            self._queue.clear()
