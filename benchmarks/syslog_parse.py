"""Syslog parsing speed: lines per second per core, for each vendor parser.

Command (from the project root, in the test rig):
    scripts/rig run python benchmarks/syslog_parse.py [--lines 200000] [--repeat 3]

What runs: for each vendor, the fixture lines of tests/engine/syslog/fixtures/<vendor>.jsonl that
yield an event (written from the vendors' documented formats: BSD, RFC 5424 and relay headers,
IPv4/IPv6, TCP/UDP/ICMP, allow/deny) are cycled through `SyslogParser.parse(line, sender)` -- the
full path: header, detection (sender memory), vendor parser, event, counters. "per core" is
process CPU time (time.process_time), so other jobs on the shared cores do not count against us;
wall-clock rates are printed too. The best of --repeat runs is reported. Also printed: the same
for lines no parser recognises (a router's other daemons) and for a mixed stream.

Goal (issue 16): >= 150,000 lines/s per core for every vendor.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from custom_components.netwatch.engine.syslog import VENDOR_NAMES, SyslogParser  # noqa: E402

GOAL = 150_000
"""Lines per second per core every vendor should reach (issue 16)."""
FIXTURES = ROOT / "tests" / "engine" / "syslog" / "fixtures"
VENDORS = VENDOR_NAMES
OTHER_DAEMONS = [
    b"<30>Dec  5 10:29:11 dhcpd: DHCPACK on 192.168.1.20 to 52:54:00:00:02:01 via igb1",
    b"<38>Jan  5 10:00:00 host1 sshd[812]: Accepted publickey for admin from 192.0.2.5 port 5",
    b"<30>1 2026-01-05T10:00:00Z gw dnsmasq 77 - - query[A] example.com from 192.168.1.20",
]


def vendor_lines(vendor: str) -> list[bytes]:
    cases = [json.loads(line) for line in (FIXTURES / f"{vendor}.jsonl").read_text().splitlines()]
    return [c["line"].encode() for c in cases if "error" not in c["expect"]]


def measure(lines: list[bytes], total: int, repeat: int) -> tuple[float, float, int]:
    """Return (lines/s per CPU second, lines/s wall) of the best run, and events produced."""
    stream = (lines * (total // len(lines) + 1))[:total]
    best_cpu = best_wall = 0.0
    events = 0
    for _ in range(repeat):
        parser = SyslogParser()
        parse = parser.parse
        cpu0, wall0 = time.process_time(), time.perf_counter()
        for line in stream:
            parse(line, "192.0.2.1")
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        best_cpu = max(best_cpu, total / cpu)
        best_wall = max(best_wall, total / wall)
        events = parser.stats.events
    return best_cpu, best_wall, events


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--lines", type=int, default=200_000)
    args.add_argument("--repeat", type=int, default=3)
    opts = args.parse_args()
    print(f"Python {platform.python_version()} on {platform.machine()}, {platform.processor()}")
    print(f"{'stream':<22}{'lines':>8}{'events':>9}{'lines/s/core':>15}{'lines/s wall':>15}")
    mixed: list[bytes] = []
    rows = [(v, vendor_lines(v)) for v in VENDORS]
    for _, lines in rows:
        mixed.extend(lines)
    rows += [("unrecognised lines", OTHER_DAEMONS), ("mixed vendors", mixed)]
    worst = float("inf")
    for name, lines in rows:
        cpu, wall, events = measure(lines, opts.lines, opts.repeat)
        if name in VENDORS:
            worst = min(worst, cpu)
        print(f"{name:<22}{len(lines):>8}{events:>9}{cpu:>15,.0f}{wall:>15,.0f}")
    verdict = "meets" if worst >= GOAL else "MISSES"
    print(f"slowest vendor: {worst:,.0f} lines/s per core ({verdict} the {GOAL:,} goal)")


if __name__ == "__main__":
    main()
