"""Fuzz the syslog parser with mutated firewall lines and garbage; no exception may escape.

Command (from the project root, in the test rig):
    scripts/rig run python benchmarks/syslog_fuzz.py [--lines 1000000] [--seed 4]

What runs: lines built from the vendor fixtures (tests/engine/syslog/fixtures) with a seeded
random mutation each -- truncation, byte flips, inserted or deleted runs, spliced lines, vendor
keywords dropped into other vendors' lines, huge numbers, bracket/quote/colon noise, pure random
bytes, oversized lines -- go through `SyslogParser._parse`, the path *without* parse()'s
catch-all, so any exception a parser raises other than its counted SyslogParseError escapes and
is reported here with its traceback. Printed: lines, events, unparsed lines per reason, escaped
exceptions, the parser's bounded state and RSS growth.

Goal: 0 escaped exceptions over >= 1,000,000 lines; memory flat.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from custom_components.netwatch.engine.syslog import SyslogParser  # noqa: E402

FIXTURES = ROOT / "tests" / "engine" / "syslog" / "fixtures"
KEYWORDS = [
    b"filterlog:", b" SRC=", b" DST=", b"PROTO=", b" IN=", b" OUT=", b"->", b" proto ", b": in:",
    b" pattern: ", b"src=", b"dst=", b"[", b"]", b"'", b'"', b",", b":", b"=", b"<13>", b"1 ",
    b"\xef\xbb\xbf", b"\x00", b"\n", b"DESCR=\"", b"MAC=", b"[UFW BLOCK] ", b"firewall,info ",
    b"2026-01-01T00:00:00Z", b"Jan  1 00:00:00 ", b"1700000000.1 MX flows ", b"ICMP", b"ipv6-icmp",
    b' log_type="Firewall" ', b' log_component="Firewall Rule" ', b" logid=", b' type="traffic" ',
    b"%ASA-4-106023: ", b"%ASA-6-302013: ", b" faddr ", b" by access-group ", b",TRAFFIC,",
    b",2018/11/30 16:09:07,", b"[FW_ADT]", b"A=A D=O CD=R ", b" srcintfrole=", b" eventtime=",
]  # fmt: skip
NUMBERS = [b"0", b"-1", b"65536", b"9" * 20, b"1e9", b"0x10", b"", b"256", b"4294967296"]


def load_lines() -> list[bytes]:
    lines: list[bytes] = []
    for path in sorted(FIXTURES.glob("**/*.jsonl")):  # vendor fixtures and unsupported vendors
        lines.extend(json.loads(row)["line"].encode() for row in path.read_text().splitlines())
    return lines


def mutators(rng: random.Random, lines: list[bytes]) -> list[Callable[[bytes], bytes]]:
    """Return the mutation functions; each takes a fixture line and returns a new one."""

    def at(line: bytes) -> int:
        return rng.randrange(len(line) + 1)

    def truncate(line: bytes) -> bytes:
        return line[: at(line)]

    def flip(line: bytes) -> bytes:
        data = bytearray(line)
        for _ in range(rng.randint(1, 6)):
            if data:
                data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)

    def insert(line: bytes) -> bytes:
        i = at(line)
        return line[:i] + rng.randbytes(rng.randint(1, 40)) + line[i:]

    def delete(line: bytes) -> bytes:
        i = at(line)
        return line[:i] + line[i + rng.randint(1, 60) :]

    def splice(line: bytes) -> bytes:
        other = rng.choice(lines)
        return line[: at(line)] + other[rng.randrange(len(other) + 1) :]

    def keyword(line: bytes) -> bytes:
        i = at(line)
        return line[:i] + rng.choice(KEYWORDS) + line[i:]

    def number(line: bytes) -> bytes:
        digits = [i for i, b in enumerate(line) if 0x30 <= b <= 0x39]
        if not digits:
            return line
        i = rng.choice(digits)
        j = i
        while j < len(line) and 0x30 <= line[j] <= 0x39:
            j += 1
        return line[:i] + rng.choice(NUMBERS) + line[j:]

    def noise(line: bytes) -> bytes:
        return bytes(rng.choice(b" []:=,.<>'\"-/0123456789abcdefABCDEF") for _ in range(200))

    def garbage(line: bytes) -> bytes:
        return rng.randbytes(rng.randint(0, 2000))

    def oversized(line: bytes) -> bytes:
        return line * rng.randint(50, 120)

    def repeat_fields(line: bytes) -> bytes:
        i = at(line)
        return line[:i] + line[i:] * rng.randint(2, 5)

    weighted = [truncate, flip, insert, delete, splice, keyword, number, repeat_fields] * 3
    return [*weighted, noise, garbage, oversized]


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--lines", type=int, default=1_000_000)
    args.add_argument("--seed", type=int, default=4)
    opts = args.parse_args()
    rng = random.Random(opts.seed)
    lines = load_lines()
    mutate = mutators(rng, lines)
    parser = SyslogParser()
    escaped: Counter[str] = Counter()
    first_traces: dict[str, str] = {}
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    for i in range(opts.lines):
        data = rng.choice(mutate)(rng.choice(lines))
        try:
            parser._parse(data, f"10.{i % 7}.{i % 251}.{i % 13}")
        except Exception as err:  # an escaped exception is the finding this script looks for
            key = f"{type(err).__name__}: {err}"
            escaped[key] += 1
            first_traces.setdefault(key, traceback.format_exc() + f"line: {data!r}")
    elapsed = time.perf_counter() - start
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    stats = parser.stats
    rate = stats.lines / elapsed
    print(f"seed {opts.seed}: {stats.lines:,} lines in {elapsed:.1f} s ({rate:,.0f}/s)")
    print(f"events {stats.events:,} {dict(stats.parsed)}")
    print("unparsed by reason:")
    for reason, n in sorted(stats.unparsed.items(), key=lambda kv: -kv[1]):
        print(f"  {reason:<28}{n:>10,}")
    print(
        f"bounded state: {len(stats.unparsed_by_sender)} senders with counters, "
        f"{len(stats.sender_vendor)} remembered vendors, {len(stats.samples)} samples"
    )
    print(f"max RSS {rss0 / 1024:.0f} MiB -> {rss1 / 1024:.0f} MiB")
    print(f"escaped exceptions: {sum(escaped.values())}")
    for key, trace in first_traces.items():
        print(f"--- {escaped[key]} x {key}\n{trace}")
    sys.exit(1 if escaped else 0)


if __name__ == "__main__":
    main()
