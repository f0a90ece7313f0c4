"""Memory and saved-state size of the aggregator's fact tables when every bucket is full.

Command (from the project root, in the test rig):
    scripts/rig run python benchmarks/facts_memory.py [--busy 40]

What runs: an Aggregator on a fake clock is fed one minute at a time for 30 days: every minute
3 outbound flows, 3 inbound flows and 3 denied firewall lines with new remote addresses and ports
(enough to fill every hour and 6-hour bucket), and in the last 24 hours `--busy` of each a minute
(enough to fill every 1- and 5-minute bucket). New keys every minute is the worst case: every
bucket holds its maximum number of rows. Printed: traced Python memory of the whole aggregator
and of its fact tables (tracemalloc), their row counts and packed bytes, and the JSON size of the
saved state with and without the facts (orjson, as Home Assistant's Store writes it).
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import tracemalloc
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from custom_components.netwatch.engine.addr import NetworkSet
from custom_components.netwatch.engine.aggregate import Aggregator
from custom_components.netwatch.engine.records import Verdict
from tests.engine.aggregate.flows import event, flow
from tests.helpers import FakeClock

LAN = NetworkSet.from_cidrs(["192.168.0.0/16"])
DEVICES = [f"192.168.1.{n}" for n in range(10, 40)]


def feed(agg: Aggregator, clock: FakeClock, minutes: int, width: int, seed: int) -> int:
    """Feed `minutes` minutes of `width` new remotes per kind; return the next seed."""
    for _ in range(minutes):
        remotes = [(20 << 24) + seed * 64 + n for n in range(width)]
        seed += 1
        records = []
        for n, remote in enumerate(remotes):
            device = DEVICES[(seed + n) % len(DEVICES)]
            records.append(flow(device, remote, dport=(seed + n) % 60000 + 1, nbytes=1000))
            records.append(flow(remote + (1 << 20), device, dport=(seed * 7 + n) % 60000 + 1))
        agg.add_flows(records)
        for n, remote in enumerate(remotes):
            agg.add_firewall_event(
                event(
                    Verdict.DENY, remote + (2 << 20), DEVICES[n % 30], dport=(seed + n) % 60000 + 1
                )
            )
        clock.advance(60)
    return seed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--busy", type=int, default=40)
    args = parser.parse_args()
    clock = FakeClock()
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    agg = Aggregator(home_networks=LAN, clock=clock)
    started = time.process_time()
    seed = feed(agg, clock, 29 * 1440, 3, 0)
    feed(agg, clock, 1440, args.busy, seed)
    cpu = time.process_time() - started
    gc.collect()
    total = tracemalloc.get_traced_memory()[0] - before
    snapshot = tracemalloc.take_snapshot()
    tracemalloc.stop()
    facts = sum(
        stat.size
        for stat in snapshot.statistics("filename")
        if stat.traceback[0].filename.endswith(("facts.py", "count_facts.py", "firewall.py"))
    )
    stats = agg.stats
    rows = {k: v for k, v in stats.items() if k.startswith("facts_") and k.endswith("_rows")}
    packed = sum(v for k, v in stats.items() if k.startswith("facts_") and k.endswith("_bytes"))
    state = agg.export_state()
    with_facts = len(orjson.dumps(state))
    del state["facts"]
    without = len(orjson.dumps(state))
    print(f"fed 30 days in {cpu:.1f} s CPU")
    print(
        f"aggregator traced memory {total / 1e6:.1f} MB; "
        f"allocated in the fact modules {facts / 1e6:.1f} MB"
    )
    print(f"fact rows {rows}; packed {packed / 1e6:.1f} MB")
    print(
        f"saved state {with_facts / 1e6:.1f} MB with the facts, {without / 1e6:.1f} MB without "
        f"(+{(with_facts - without) / 1e6:.1f} MB)"
    )


if __name__ == "__main__":
    main()
