"""CPU per flow and per line of the whole engine path that runs in Home Assistant (in-process).

Command (from the project root, in the test rig):
    scripts/rig run python benchmarks/engine_path.py [--datagrams 2000] [--repeat 5] [--json FILE]
    scripts/rig run env NETWATCH_CODE=/host/<other checkout> python benchmarks/engine_path.py ...

What runs, in this process, on NetwatchEngine exactly as Home Assistant builds it (home network
192.168.0.0/16, GeoIP from MaxMind's GeoIP2 test database, the scan detector and the new-country
watch on, forwarding off): decoding, classification, aggregation, scan detection and the
new-country watch -- everything after the socket. CPU is this process's CPU time
(time.process_time), so other jobs on shared cores do not count; the median of --repeat runs.

Flows (benchmarks/traffic.py: 30-record NetFlow v9 datagrams of a busy home, 2,000 distinct):
  - home:        the home's traffic with a firewall log configured (flows are no scan evidence);
  - flows only:  the same without a firewall log (every batch goes through flow scan detection);
  - scanned:     20 % of the records are inbound SYN probes from random sources (no firewall log);
each fed in batches as the NetFlow listener hands them on at high rates (`batched`: MAX_BATCH
records), and one datagram per batch (`per datagram`: the worst case at very low rates; the
listener coalesces 50 ms, so a real home is in between).
Syslog: the fixture lines of each vendor (tests/engine/syslog/fixtures, the lines that give an
event) through `ingest_syslog_datagram`: parse, classify, aggregate, scan detection.

Measured: see benchmarks/README.md (same machine, same run, medians).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
# NETWATCH_CODE: another checkout's netwatch to measure on the same traffic (before/after runs).
sys.path.insert(0, os.environ.get("NETWATCH_CODE", str(ROOT)))

import traffic  # noqa: E402

from custom_components.netwatch.engine.config import EngineConfig  # noqa: E402
from custom_components.netwatch.engine.enrich import GeoIP  # noqa: E402
from custom_components.netwatch.engine.pipeline import MAX_BATCH, NetwatchEngine  # noqa: E402
from custom_components.netwatch.engine.speedups import STATUS  # noqa: E402
from tests.helpers import testdata  # noqa: E402

FIXTURES = ROOT / "tests" / "engine" / "syslog" / "fixtures"
VENDORS = ("meraki", "filterlog", "netfilter", "mikrotik")
UFW_LINE = (
    b"<4>Jan 15 08:00:00 router kernel: [UFW BLOCK] IN=eth0 OUT= SRC=198.51.100.7 "
    b"DST=192.168.1.10 LEN=60 TOS=0x00 PREC=0x00 TTL=50 ID=1 PROTO=TCP SPT=4000 DPT=23 SYN URGP=0"
)


def engine() -> NetwatchEngine:
    """An engine as Home Assistant builds it, with the MaxMind test database."""
    built = NetwatchEngine(
        EngineConfig(
            bind_address="127.0.0.1",
            netflow_port=0,
            syslog_port=0,
            home_networks=traffic.HOME_NETWORKS,
            allowed_senders=("127.0.0.0/8",),
        )
    )
    built.set_geoip(GeoIP.open(str(testdata("geoip", "GeoIP2-Country-Test.mmdb"))), None)
    return built


def flow_run(datagrams: list[bytes], firewall_log: bool, per_datagram: bool) -> float:
    """Return CPU microseconds per flow for feeding every datagram once into a fresh engine."""
    built = engine()
    if firewall_log:
        built.ingest_syslog_datagram(UFW_LINE, "127.0.0.1")
    built.ingest_flow_datagram(datagrams[0], "127.0.0.1")  # the template
    feed: Callable[[bytes, str], None] = (
        built.ingest_flow_datagram if per_datagram else built.queue_flow_datagram
    )
    # The listener hands a batch on once it holds MAX_BATCH records (engine/pipeline.py).
    every = max(1, MAX_BATCH // traffic.FLOWS_PER_DATAGRAM)
    cpu = time.process_time()
    for i, data in enumerate(datagrams, 1):
        feed(data, "127.0.0.1")
        if i % every == 0:
            built.flush_flows()
    built.flush_flows()
    spent = time.process_time() - cpu
    flows = built.flows - traffic.FLOWS_PER_DATAGRAM
    return spent / flows * 1e6


def syslog_run(lines: list[bytes], total: int) -> float:
    """Return CPU microseconds per line through the engine."""
    built = engine()
    stream = (lines * (total // len(lines) + 1))[:total]
    ingest = built.ingest_syslog_datagram
    cpu = time.process_time()
    for line in stream:
        ingest(line, "192.168.1.1")
    return (time.process_time() - cpu) / total * 1e6


def vendor_lines(vendor: str) -> list[bytes]:
    """The fixture lines of a vendor that give an event."""
    cases = [json.loads(line) for line in (FIXTURES / f"{vendor}.jsonl").read_text().splitlines()]
    return [c["line"].encode() for c in cases if "error" not in c["expect"]]


def median_of(repeat: int, run: Callable[[], float]) -> float:
    """Run `run` `repeat` times; return the median."""
    return statistics.median(run() for _ in range(repeat))


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--datagrams", type=int, default=2000)
    args.add_argument("--lines", type=int, default=100_000)
    args.add_argument("--repeat", type=int, default=5)
    args.add_argument("--json", type=Path, help="also write the results here")
    opts = args.parse_args()
    print(
        f"Python {platform.python_version()} on {platform.machine()}; "
        f"load {os.getloadavg()[0]:.2f}; median of {opts.repeat}; "
        f"engine {'compiled' if STATUS.active else 'pure Python'} ({STATUS.reason}); "
        f"code {Path(__import__('custom_components').__path__[0]).parent}"
    )
    results: dict[str, float] = {}
    plain = traffic.home_datagrams(opts.datagrams)
    scanned = traffic.home_datagrams(opts.datagrams, probes=0.2)
    print(f"{'flows':<14}{'batched us/flow':>17}{'flows/s/core':>14}{'per datagram':>14}")
    for name, data, log in (
        ("home", plain, True),
        ("flows only", plain, False),
        ("scanned", scanned, False),
    ):
        batched = median_of(opts.repeat, lambda d=data, g=log: flow_run(d, g, False))
        single = median_of(opts.repeat, lambda d=data, g=log: flow_run(d, g, True))
        results[f"flows/{name}/batched"] = batched
        results[f"flows/{name}/per_datagram"] = single
        print(f"{name:<14}{batched:>17.2f}{1e6 / batched:>14,.0f}{single:>14.2f}")
    print(f"{'syslog':<14}{'us/line':>17}{'lines/s/core':>14}")
    for vendor in VENDORS:
        lines = vendor_lines(vendor)
        per_line = median_of(opts.repeat, lambda v=lines: syslog_run(v, opts.lines))
        results[f"syslog/{vendor}"] = per_line
        print(f"{vendor:<14}{per_line:>17.2f}{1e6 / per_line:>14,.0f}")
    print(f"load {os.getloadavg()[0]:.2f} at the end")
    if opts.json:
        opts.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
