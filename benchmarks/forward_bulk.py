"""Forwarder throughput into a real single-node Elasticsearch, and the CPU it costs this process.

Command (from the project root; the host fetches the distribution once, the rig runs the rest):
    scripts/search-servers fetch
    scripts/rig run python benchmarks/forward_bulk.py [--rate 20000] [--seconds 10] [--max 200000]

What runs: a private Elasticsearch node (tests/search_servers.py: 512 MiB heap, nice 10, security
on, file-realm user) and one Forwarder on a plain aiohttp session (as Home Assistant's shared one)
forwarding real flow records (softflowd's export of tests/data's pcap, decoded by our decoder,
cycled; every document gets its own _id and a GeoIP country), in two phases:
  1. paced: `--rate` documents/s submitted every 10 ms for `--seconds`, then drained. Reported:
     documents/s indexed (wall), CPU of this process (process time / wall = share of one core)
     and CPU per document; the server must keep up (nothing dropped, all indexed).
  2. flat out: `--max` documents submitted as fast as the queue takes them (the producer yields
     when the queue is 80 % full). Reported: the ceiling in documents/s and its CPU.
The JVM's own CPU is not counted: on a real install Elasticsearch runs on another machine.
Then `_count` on the server is checked against the forwarder's `indexed`.

Measured 2026-11-27 on the 2-core / 24 GB dev machine (x86_64, shared with other sessions, load
average ~4), Debian testing chroot, Python 3.14.8, Elasticsearch 8.19.21 integ-test zip (Maven
Central has no 9.x one), batch 1000, 2 requests in flight, `--warmup 8`:
    paced at 20,000/s: 199,813/199,813 indexed, 16,654 docs/s including the 2 s drain;
                       CPU 0.93 s = 7.7 % of one core (4.6 us/doc)
    flat out:          200,000/200,000 indexed at 23,853 docs/s; CPU 12.6 % of one core (5.3 us/doc)
    server _count == forwarder indexed (439,782); nothing dropped; bulk latency avg 78 ms.
Earlier runs under heavier load from other sessions gave 11-19k docs/s flat out: the single
512 MiB node sharing the two cores is the limit; this process stays at 4.6-7.1 us per document.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import platform
import sys
import time
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from custom_components.netwatch.engine.enrich.geoip import GeoIP
from custom_components.netwatch.engine.forward import Forwarder, ForwarderConfig
from custom_components.netwatch.engine.records import Direction, FlowRecord
from tests.engine.forward.helpers import softflowd_flows
from tests.helpers import testdata
from tests.search_servers import SearchNode, running_node

TICK = 0.01


def _records() -> list[tuple[FlowRecord, str | None, str | None]]:
    geo = GeoIP.open(testdata("geoip", "GeoIP2-Country-Test.mmdb"))
    try:
        return [
            (r, geo.country(r.ip_version, r.src_addr), geo.country(r.ip_version, r.dst_addr))
            for r in softflowd_flows()
        ]
    finally:
        geo.close()


async def _wait_idle(fwd: Forwarder) -> None:
    while fwd.stats.queued or fwd.stats.in_flight:  # noqa: ASYNC110 - polls published counters
        await asyncio.sleep(0.005)


async def _paced(fwd: Forwarder, rate: int, seconds: float) -> dict[str, float]:
    """Offer `rate` documents/s for `seconds`; return wall, CPU and counts."""
    source = itertools.cycle(_records())
    loop = asyncio.get_running_loop()
    before = fwd.stats.indexed
    wall0, cpu0 = time.perf_counter(), time.process_time()
    start, sent = loop.time(), 0
    while (elapsed := loop.time() - start) < seconds:
        due = int(elapsed * rate) - sent
        for rec, c_src, c_dst in itertools.islice(source, max(due, 0)):
            fwd.submit_flow(rec, country_src=c_src, country_dst=c_dst, direction=Direction.IN)
        sent += max(due, 0)
        await asyncio.sleep(TICK)
    await _wait_idle(fwd)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    return {"docs": fwd.stats.indexed - before, "offered": sent, "wall": wall, "cpu": cpu}


async def _flat_out(fwd: Forwarder, total: int) -> dict[str, float]:
    """Submit `total` documents as fast as the queue takes them."""
    source = itertools.cycle(_records())
    high = int(fwd.config.max_queue * 0.8)
    before = fwd.stats.indexed
    wall0, cpu0 = time.perf_counter(), time.process_time()
    sent = 0
    while sent < total:
        room = min(high - fwd.stats.queued, total - sent)
        for rec, c_src, c_dst in itertools.islice(source, max(room, 0)):
            fwd.submit_flow(rec, country_src=c_src, country_dst=c_dst, direction=Direction.IN)
        sent += max(room, 0)
        await asyncio.sleep(0.002)
    await _wait_idle(fwd)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    return {"docs": fwd.stats.indexed - before, "offered": sent, "wall": wall, "cpu": cpu}


def _line(name: str, res: dict[str, float]) -> str:
    rate = res["docs"] / res["wall"]
    share = res["cpu"] / res["wall"] * 100
    per_doc = res["cpu"] / max(res["docs"], 1) * 1e6
    return (
        f"{name}: {res['docs']:,.0f}/{res['offered']:,.0f} docs indexed in {res['wall']:.2f} s "
        f"= {rate:,.0f} docs/s; CPU {res['cpu']:.2f} s = {share:.1f} % of one core "
        f"({per_doc:.1f} us/doc)"
    )


async def _run(node: SearchNode, args: argparse.Namespace) -> None:
    config = ForwarderConfig(
        urls=[node.url],
        username=node.username,
        password=node.password,
        prefix="nwbench",
        batch_size=args.batch,
        max_in_flight=args.in_flight,
        max_queue=50_000,
        retention_interval=0,
    )
    async with aiohttp.ClientSession() as session:
        fwd = Forwarder(session, config)
        info = await fwd.async_check()
        await fwd.async_setup()
        task = asyncio.create_task(fwd.async_run())
        try:
            # Warm-up: index creation and the JVM's JIT would otherwise land in the first phase.
            await _paced(fwd, 5000, args.warmup)
            paced = await _paced(fwd, args.rate, args.seconds)
            flat = await _flat_out(fwd, args.max)
        finally:
            await fwd.async_stop(30.0)
            await asyncio.gather(task, return_exceptions=True)
        node.ok("POST", "/nwbench-*/_refresh")
        count = int(node.ok("GET", "/nwbench-*/_count")["count"])
        stats = fwd.stats
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}")
    print(
        f"python {platform.python_version()}, {info.product} {info.version}, "
        f"batch {args.batch}, in flight {args.in_flight}"
    )
    print(_line(f"paced at {args.rate:,}/s", paced))
    print(_line("flat out", flat))
    print(
        f"server count {count:,} == indexed {stats.indexed:,}: {count == stats.indexed}; "
        f"dropped {dict(stats.dropped)}; retries {stats.retries}; requests {stats.requests}; "
        f"bulk latency avg {stats.latency_ms_avg or 0:.1f} ms"
    )


def main() -> None:
    """Parse options, start the node, run both phases, stop the node."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=int, default=20_000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--max", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--in-flight", type=int, default=2)
    parser.add_argument("--warmup", type=float, default=5.0)
    args = parser.parse_args()
    with running_node("elasticsearch") as node:
        asyncio.run(_run(node, args))


if __name__ == "__main__":
    main()
