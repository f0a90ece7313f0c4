"""Fuzz the flow decoder with over a million mutated datagrams; nothing may escape, memory flat.

Command (from the project root, in the test rig):
    scripts/rig run python benchmarks/flow_fuzz.py [--datagrams 1000000] [--seed 3]

What runs: one long-lived FlowDecoder (max_templates 1024, template TTL 300 s and the default
pending buffer, on an injected clock that advances 10 ms per datagram, so templates expire and
buffered sets age out during the run) receives, from 300 exporter addresses (more than the 128
it keeps), datagrams made from the real seeds -- the 69 vendor datagrams and softflowd's v5/v9/
IPFIX exports in tests/data -- by a seeded mutation each:
  - truncation at every offset of every seed (once, deterministic), then random truncation;
  - 1-8 random bit flips, random byte runs inserted or deleted, two seeds spliced;
  - a 16-bit length or count field overwritten with 0, 1, 3, 255, 0x7FFF, 0xFFFF or random;
  - template bombs: v9 and IPFIX template sets with up to 1,400 templates, random field types,
    lengths (incl. 0, 65535 variable-length) and enterprise numbers;
  - thousands of distinct template IDs over many datagrams, data sets for unknown templates
    (pending-buffer flood), huge variable-length prefixes (255 + 0xFFFF), random bytes.
An exception other than DecodeError inside the decoder is caught at its datagram boundary and
counted as `internal_error`; this script prints the first tracebacks and fails if any occurred.
Printed: datagrams, flows, rejections by reason, decoder bounds, RSS after warm-up and at the
end, time. Goal: 0 internal errors over >= 1,000,000 datagrams, RSS growth after warm-up < 32 MB.

Measured (AMD EPYC, 2 shared cores, Debian testing chroot, Python 3.14.8, seed 3):
    datagrams: 1,000,000 in 78.3 s (12,780/s), flows: 1,812,752
    rejections: too_short 15,969, bad_version 41,933, bad_count 49,063, bad_length 169,752,
                bad_set 338,047, bad_template 73,400, template_empty 5,916
    templates: 751 (cap 1024), evicted 50,973; pending: 445 sets / 36,023 bytes, dropped 991,966
    exporters: 128 (cap 128), evicted 854,159
    RSS: start 140.0 MB, after 100k 142.3 MB, end 142.6 MB (+0.3 MB); internal errors: 0
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import random
import struct
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from custom_components.netwatch.engine.flow import FlowDecoder  # noqa: E402
from custom_components.netwatch.engine.flow.state import MAX_EXPORTERS  # noqa: E402

NETFLOW = ROOT / "tests" / "data" / "netflow"
FIELD_TYPES = [1, 2, 4, 5, 6, 7, 8, 10, 11, 12, 21, 22, 27, 28, 32, 34, 48, 56, 61, 82, 89,
               139, 150, 152, 154, 158, 160, 231, 305, 306, 323, 0, 999, 40000]  # fmt: skip
LENGTHS = [0, 1, 2, 3, 4, 6, 8, 16, 65535, 65535]


def rss_mb() -> float:
    """Resident set size of this process in MB (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def seeds() -> list[bytes]:
    paths = sorted((NETFLOW / "vendor").glob("*.dat")) + sorted(NETFLOW.glob("softflowd/raw_v*/*"))
    return [p.read_bytes() for p in paths]


def template_set(rng: random.Random, ipfix: bool, count: int) -> bytes:
    """A template set with `count` random templates (the bomb)."""
    body = bytearray()
    for _ in range(count):
        n = rng.randint(0, 12)
        body += struct.pack("!HH", rng.randint(256, 65535), n)
        for _ in range(n):
            field, length = rng.choice(FIELD_TYPES), rng.choice(LENGTHS)
            if ipfix and rng.random() < 0.2:
                body += struct.pack("!HHI", field | 0x8000, length, rng.choice([9, 29305, 6876]))
            else:
                body += struct.pack("!HH", field, length if ipfix else length % 65535)
        if len(body) > 60_000:
            break
    return struct.pack("!HH", 2 if ipfix else 0, 4 + len(body)) + body


def header(rng: random.Random, ipfix: bool, body: bytes) -> bytes:
    if ipfix:
        return struct.pack("!HHIII", 10, 16 + len(body), 1_700_000_000, rng.getrandbits(32), 0)
    return struct.pack("!HHIIII", 9, 1, 100_000, 1_700_000_000, rng.getrandbits(32), 0)


def mutators(rng: random.Random, pool: list[bytes]) -> list[Callable[[bytes], bytes]]:
    """Each mutator takes a seed datagram and returns a new one."""

    def flip(data: bytes) -> bytes:
        out = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
        return bytes(out)

    def truncate(data: bytes) -> bytes:
        return data[: rng.randrange(len(data) + 1)]

    def insert(data: bytes) -> bytes:
        i = rng.randrange(len(data) + 1)
        return data[:i] + rng.randbytes(rng.randint(1, 64)) + data[i:]

    def delete(data: bytes) -> bytes:
        i = rng.randrange(len(data) + 1)
        return data[:i] + data[i + rng.randint(1, 64) :]

    def splice(data: bytes) -> bytes:
        other = rng.choice(pool)
        return data[: rng.randrange(len(data) + 1)] + other[rng.randrange(len(other) + 1) :]

    def length(data: bytes) -> bytes:
        out = bytearray(data)
        i = rng.randrange(0, max(1, len(out) - 1), 2)
        value = rng.choice([0, 1, 3, 255, 0x7FFF, 0xFFFF, rng.getrandbits(16)])
        out[i : i + 2] = value.to_bytes(2)
        return bytes(out[: len(data)])

    def bomb(_data: bytes) -> bytes:
        ipfix = rng.random() < 0.5
        body = template_set(rng, ipfix, rng.choice([1, 10, 200, 1400]))
        return header(rng, ipfix, body) + body

    def pending_flood(_data: bytes) -> bytes:
        ipfix = rng.random() < 0.5
        body = b"".join(
            struct.pack("!HH", rng.randint(256, 65535), 4 + 64) + rng.randbytes(64)
            for _ in range(rng.randint(1, 20))
        )
        return header(rng, ipfix, body) + body

    def varlen(_data: bytes) -> bytes:
        tid = rng.randint(256, 300)
        tpl = struct.pack("!HHHHHH", 2, 12, tid, 1, 82, 65535)
        data = struct.pack("!HH", tid, 4 + 3 + 20) + b"\xff\xff\xff" + rng.randbytes(20)
        return header(rng, True, tpl + data) + tpl + data

    def garbage(_data: bytes) -> bytes:
        return rng.randbytes(rng.randint(0, 1500))

    weighted = [flip, truncate, insert, delete, splice, length] * 4
    return [*weighted, bomb, pending_flood, pending_flood, varlen, garbage]


def datagrams(rng: random.Random, pool: list[bytes], total: int) -> Iterator[bytes]:
    """Every truncation of every seed first, then random mutations up to `total`."""
    produced = 0
    for seed in pool:
        for cut in range(len(seed)):
            yield seed[:cut]
            produced += 1
    mutate = mutators(rng, pool)
    while produced < total:
        seed = rng.choice(pool)
        yield rng.choice(mutate)(seed) if seed else seed
        produced += 1


class Failures(logging.Handler):
    """Collect the tracebacks the decoder logs for internal errors."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and len(self.records) < 5:
            self.records.append(record)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datagrams", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=3)
    opts = parser.parse_args()
    rng = random.Random(opts.seed)
    pool = seeds()
    failures = Failures()
    log = logging.getLogger("custom_components.netwatch.engine.flow")
    log.addHandler(failures)
    log.setLevel(logging.DEBUG)
    log.propagate = False
    now = [1_700_000_000.0]
    decoder = FlowDecoder(clock=lambda: now[0], max_templates=1024, template_ttl=300)
    exporters = [f"10.{i // 250}.{i % 250}.1" for i in range(300)]
    rss_start = rss_mb()
    rss_warm = 0.0
    flows = count = 0
    started = time.perf_counter()
    for count, data in enumerate(datagrams(rng, pool, opts.datagrams), 1):
        now[0] += 0.01
        flows += len(decoder.decode(data, exporters[count % 300 if count % 7 else 0]))
        if count == 100_000:
            rss_warm = rss_mb()
    elapsed = time.perf_counter() - started
    rss_end = rss_mb()
    stats = decoder.stats
    print(f"machine: {platform.machine()}, {os.cpu_count()} cpus, {platform.python_version()}")
    print(f"datagrams: {count:,} in {elapsed:.1f} s ({count / elapsed:,.0f}/s), flows: {flows:,}")
    print("rejections:", {k: v for k, v in stats.malformed.items() if v})
    print(f"templates: {stats.templates} (cap 1024), evicted {stats.templates_evicted:,}, "
          f"expired {stats.templates_expired:,}, "
          f"withdrawn {stats.templates_withdrawn:,}")  # fmt: skip
    print(f"pending: {stats.pending} sets / {decoder._pending.bytes:,} bytes, "
          f"decoded {stats.pending_decoded:,}, dropped {stats.pending_dropped:,}")  # fmt: skip
    evicted = stats.exporters_evicted
    print(f"exporters: {len(stats.exporters)} (cap {MAX_EXPORTERS}), evicted {evicted:,}")
    print(f"RSS: start {rss_start:.1f} MB, after 100k {rss_warm:.1f} MB, end {rss_end:.1f} MB, "
          f"growth after warm-up {rss_end - rss_warm:+.1f} MB")  # fmt: skip
    for record in failures.records:
        print(logging.Formatter().formatException(record.exc_info))  # type: ignore[arg-type]
    internal = stats.malformed["internal_error"]
    ok = internal == 0 and rss_end - rss_warm < 32 and stats.templates <= 1024
    print(f"internal errors: {internal} -> {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
