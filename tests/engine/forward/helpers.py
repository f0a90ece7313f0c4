"""Shared test helpers: real records, running a forwarder, the accounting invariant."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from custom_components.netwatch.engine.flow import FlowDecoder
from custom_components.netwatch.engine.forward import Forwarder, ForwarderStats
from custom_components.netwatch.engine.records import FirewallEvent, FlowRecord
from custom_components.netwatch.engine.syslog import SyslogParser
from tests.helpers import PROJECT, testdata

SYSLOG_FIXTURES = PROJECT / "tests" / "engine" / "syslog" / "fixtures"


def softflowd_flows(version: int = 9) -> list[FlowRecord]:
    """Decode softflowd's real export of the synthetic pcap (tests/data)."""
    decoder = FlowDecoder()
    flows: list[FlowRecord] = []
    for path in sorted(testdata("netflow", "softflowd", f"raw_v{version}").glob("*.bin")):
        flows.extend(decoder.decode(path.read_bytes(), "127.0.0.1"))
    return flows


def nfdump_oracle(version: int = 9) -> list[dict[str, object]]:
    """Return nfdump's decoding of the same datagrams."""
    path = testdata("netflow", "softflowd", f"nfdump_oracle_v{version}.json")
    return list(json.loads(path.read_text()))


def firewall_events() -> list[FirewallEvent]:
    """Parse every real vendor line of the syslog fixtures."""
    parser = SyslogParser()
    events: list[FirewallEvent] = []
    for path in sorted(Path(SYSLOG_FIXTURES).glob("*.jsonl")):
        for line in path.read_text().splitlines():
            case = json.loads(line)
            if (event := parser.parse(case["line"].encode(), "192.0.2.1")) is not None:
                events.append(event)
    return events


def assert_invariant(stats: ForwarderStats) -> None:
    """Every submitted document is indexed, dropped with a reason, queued or in flight."""
    accounted = stats.indexed + stats.dropped_total + stats.queued + stats.in_flight
    assert stats.submitted == accounted, stats


async def wait_settled(fwd: Forwarder, limit: float = 30.0) -> None:
    """Wait until nothing is queued or in flight."""
    deadline = time.monotonic() + limit
    while fwd.stats.queued or fwd.stats.in_flight:
        if time.monotonic() > deadline:
            raise AssertionError(f"not settled after {limit} s: {fwd.stats}")
        await asyncio.sleep(0.02)


@asynccontextmanager
async def running(fwd: Forwarder, flush_timeout: float = 10.0) -> AsyncIterator[asyncio.Task[None]]:
    """Run `fwd.async_run()` for the block; stop it (flushing) afterwards."""
    task = asyncio.create_task(fwd.async_run())
    try:
        yield task
    finally:
        await fwd.async_stop(flush_timeout)
        if not task.done():
            task.cancel()
        await asyncio.gather(task, return_exceptions=True)
