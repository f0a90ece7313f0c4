"""The node is SIGKILLed mid-stream and restarted: every document is indexed once or counted."""

from __future__ import annotations

import asyncio
import itertools
import time

import aiohttp
import pytest

from custom_components.netwatch.engine.forward import Forwarder
from tests.search_servers import SearchNode

from .conftest import config_for, remove_prefix
from .helpers import assert_invariant, running, softflowd_flows, wait_settled

pytestmark = [pytest.mark.search, pytest.mark.slow]

RATE_CHUNK = 100  # documents per tick
TICK = 0.05  # 2,000 documents/s
OUTAGE = 3.0  # seconds between the kill and the restart command


class LagProbe:
    """Measure how late a 10 ms ticker wakes up: the event loop's worst stall.

    `max_busy` is the CPU time the loop's thread spent between two ticks: the part of a stall
    that is our own work, as opposed to the scheduler giving the two cores to the JVM.
    """

    def __init__(self) -> None:
        self.max_lag = 0.0
        self.max_busy = 0.0
        self.ticks = 0

    async def run(self) -> None:
        """Tick until cancelled."""
        loop = asyncio.get_running_loop()
        while True:
            start, cpu = loop.time(), time.thread_time()
            await asyncio.sleep(0.01)
            self.max_lag = max(self.max_lag, loop.time() - start - 0.01)
            self.max_busy = max(self.max_busy, time.thread_time() - cpu)
            self.ticks += 1


async def _produce(fwd: Forwarder, stop: asyncio.Event) -> None:
    flows = itertools.cycle(softflowd_flows())
    while not stop.is_set():
        for _ in range(RATE_CHUNK):
            fwd.submit_flow(next(flows))
        await asyncio.sleep(TICK)


async def test_kill_and_restart_mid_stream(
    elasticsearch_node: SearchNode, http_session: aiohttp.ClientSession, prefix: str
) -> None:
    node = elasticsearch_node
    node.wait_healthy()
    config = config_for(
        node,
        prefix,
        batch_size=500,
        max_queue=6000,  # smaller than what the outage brings: some queue_full drops
        max_retries=300,  # the node's restart may take minutes on a loaded machine
        backoff_base=0.2,
        backoff_max=1.0,
        request_timeout=5.0,
    )
    fwd = Forwarder(http_session, config)
    probe = LagProbe()
    probe_task = asyncio.create_task(probe.run())
    stop = asyncio.Event()
    try:
        async with running(fwd, flush_timeout=30.0):
            producer = asyncio.create_task(_produce(fwd, stop))
            for _ in range(400):  # until the stream is flowing (index creation takes ~1 s)
                if fwd.stats.indexed >= 2000:
                    break
                await asyncio.sleep(0.05)
            assert fwd.stats.indexed > 0
            await asyncio.to_thread(node.kill)
            killed_at = fwd.stats
            await asyncio.sleep(OUTAGE)
            await asyncio.to_thread(node.restart)  # blocks a thread ~15 s, not the loop
            await asyncio.sleep(1.0)
            stop.set()
            await producer
            await wait_settled(fwd, limit=60.0)
            assert_invariant(fwd.stats)
    finally:
        stop.set()
        probe_task.cancel()
        await asyncio.gather(probe_task, return_exceptions=True)
    stats = fwd.stats
    node.ok("POST", f"/{prefix}-*/_refresh")
    on_server = int(node.ok("GET", f"/{prefix}-*/_count")["count"])
    remove_prefix(node, prefix)
    assert stats.retries > 0
    assert stats.dropped["queue_full"] > 0
    assert stats.dropped_total == stats.dropped["queue_full"], dict(stats.dropped)
    assert on_server == stats.indexed > killed_at.indexed
    assert stats.submitted == stats.indexed + stats.dropped_total
    assert_invariant(stats)
    assert probe.ticks > 100
    print(
        f"\nsubmitted {stats.submitted}, indexed {stats.indexed} (server {on_server}), "
        f"dropped {stats.dropped_total} (queue_full), retries {stats.retries}; max loop lag "
        f"{probe.max_lag * 1000:.1f} ms, max busy {probe.max_busy * 1000:.1f} ms"
    )
    # Our own work between two ticks is what the forwarder controls; the wall-clock lag also
    # holds the time the scheduler gave the machine's cores to others (the JVM beside us, other
    # jobs), so it only has to stay far from a stall.
    assert probe.max_busy < 0.05, f"the loop's own work took {probe.max_busy * 1000:.0f} ms"
    assert probe.max_lag < 1.0, f"event loop stalled {probe.max_lag * 1000:.0f} ms"
