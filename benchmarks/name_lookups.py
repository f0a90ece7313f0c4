"""Reverse DNS under load: cache hit rate, added loop time and memory at 10k flows/s.

Command (from the project root, in the test rig):
    scripts/rig run python benchmarks/name_lookups.py [--seconds 20] [--rate 10000]
        [--remotes 100000] [--named 2000]

What runs: a real dnsmasq on 127.0.0.1 (free port) answers PTR queries: `--named` of the remote
addresses have a PTR record, every other one gets NXDOMAIN (its zone is served only from local
data). An asyncio loop calls `Names.describe()` — what the forwarder does for the remote end of
every flow document — `--rate` times a second in ticks of 10 ms, for `--seconds`, with the
remote drawn from `--remotes` distinct addresses, once uniformly and once Zipf-distributed
(s = 1.1: a few remotes get most flows, as real traffic does). Each run uses netwatch's default
resolver bounds (8,192 cached names, 256 queued, 16 in flight, 20 lookups/s).

Printed per distribution: cache hit rate over the run and over its last quarter, lookups sent,
requests dropped at the full queue, process CPU (loop plus c-ares thread) per second with names
minus the same run without reverse DNS (the added cost), the longest single tick, and the memory
the resolver holds at the end (tracemalloc of a second, untimed run).

Measured on the 2-core shared dev machine (Debian testing chroot, Python 3.14.8), 20 s runs:
    see benchmarks/README.md ("Reverse DNS under load").
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from custom_components.netwatch.engine.enrich.names import Names
from custom_components.netwatch.engine.enrich.rdns import ReverseDNS
from tests.peers.dnsmasq import dnsmasq

TICK = 0.01
BASE = (20 << 24) | (1 << 16)  # 20.1.0.0: a public range, served only from local data


def remotes(count: int) -> list[int]:
    """Return `count` distinct public IPv4 addresses (as ints) from 20.1.0.0 upwards."""
    return [BASE + n for n in range(count)]


def draw(rng: random.Random, count: int, zipf: bool, n: int) -> list[int]:
    """Return `n` indexes of remotes: uniform, or Zipf-like with s = 1.1 (a few are popular)."""
    if not zipf:
        return [rng.randrange(count) for _ in range(n)]
    weights = [1 / (rank + 1) ** 1.1 for rank in range(count)]
    return rng.choices(range(count), weights=weights, k=n)


async def run(
    server: str | None, addresses: list[int], picks: list[int], rate: int, seconds: float
) -> dict[str, Any]:
    """Call describe() `rate` times a second for `seconds`; return timings and counters."""
    names = Names()
    if server is not None:
        names.rdns = ReverseDNS([server])
    per_tick = max(1, int(rate * TICK))
    ticks = int(seconds / TICK)
    hits_late = calls_late = 0
    worst = 0.0
    cpu0, wall0 = time.process_time(), time.monotonic()
    index = 0
    for tick in range(ticks):
        started = time.perf_counter()
        for _ in range(per_tick):
            names.describe(4, addresses[picks[index % len(picks)]])
            index += 1
        worst = max(worst, time.perf_counter() - started)
        if tick == ticks * 3 // 4 and names.rdns is not None:
            hits_late, calls_late = names.rdns.stats.hits, index
        await asyncio.sleep(max(0.0, (tick + 1) * TICK - (time.monotonic() - wall0)))
    cpu = time.process_time() - cpu0
    result: dict[str, Any] = {"calls": index, "cpu_s": cpu, "worst_tick_ms": worst * 1000}
    rdns = names.rdns
    if rdns is not None:
        stats = rdns.stats
        result |= {
            "hit_rate": stats.hits / index,
            "hit_rate_last_quarter": (stats.hits - hits_late) / (index - calls_late),
            "lookups": stats.lookups,
            "answered": stats.answered,
            "no_name": stats.no_name,
            "dropped": stats.dropped,
            "cache": rdns.sizes["cache"],
        }
    await names.async_close()
    return result


async def held_memory(server: str, addresses: list[int], picks: list[int], rate: int) -> int:
    """Return the bytes a resolver holds after a short flood (tracemalloc, untimed)."""
    gc.collect()
    tracemalloc.start()
    names = Names()
    names.rdns = ReverseDNS([server])
    before = tracemalloc.get_traced_memory()[0]
    # Fill the cache completely: more distinct answered names than it holds.
    for start in range(0, 20000, 200):
        for n in picks[start : start + 200]:
            names.describe(4, addresses[n])
        await asyncio.sleep(0.05)
    for n in range(names.rdns.capacity + 100):  # and the cache itself to its bound
        names.rdns._store(addresses[n], f"host-{n}.example.net", 3600)
    gc.collect()
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    await names.async_close()
    del rate
    return held


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--rate", type=int, default=10_000)
    parser.add_argument("--remotes", type=int, default=100_000)
    parser.add_argument("--named", type=int, default=2_000)
    args = parser.parse_args()
    addresses = remotes(args.remotes)
    rng = random.Random(13)
    named = rng.sample(range(args.remotes), args.named)
    records = {f"{a >> 24}.{a >> 16 & 255}.{a >> 8 & 255}.{a & 255}": f"h{i}.example.net"
               for i, a in enumerate(addresses[n] for n in named)}  # fmt: skip
    total = int(args.rate * args.seconds)
    with dnsmasq(records, local=("20.in-addr.arpa",), silent=()) as server:
        for zipf in (False, True):
            picks = draw(rng, args.remotes, zipf, total)
            base = await run(None, addresses, picks, args.rate, args.seconds)
            named_run = await run(server.nameserver, addresses, picks, args.rate, args.seconds)
            held = await held_memory(server.nameserver, addresses, picks, args.rate)
            added = (named_run["cpu_s"] - base["cpu_s"]) / args.seconds
            label = "zipf" if zipf else "uniform"
            print(
                f"{label}: {named_run['calls']:,} describe() calls at {args.rate:,}/s from "
                f"{args.remotes:,} remotes; hit rate {named_run['hit_rate']:.1%} (last quarter "
                f"{named_run['hit_rate_last_quarter']:.1%}); {named_run['lookups']:,} lookups "
                f"({named_run['answered']:,} named, {named_run['no_name']:,} NXDOMAIN), "
                f"{named_run['dropped']:,} requests dropped; CPU "
                f"{named_run['cpu_s'] / args.seconds:.1%} of a core vs "
                f"{base['cpu_s'] / args.seconds:.1%} without names (added {added:.1%}); worst "
                f"tick {named_run['worst_tick_ms']:.2f} ms (without {base['worst_tick_ms']:.2f} "
                f"ms); resolver memory at its bounds {held / 1e6:.2f} MB"
            )


if __name__ == "__main__":
    asyncio.run(main())
