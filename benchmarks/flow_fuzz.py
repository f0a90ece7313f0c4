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

`--sflow` fuzzes the sFlow v5 path instead: seeds are the 24 datagrams pmacctd's sfprobe exported
(tests/engine/flow/fixtures/sflow_pmacct) plus hand-built datagrams with every sample and record
type netwatch reads; besides the mutations above (which keep the 32-bit version so the sFlow
decoder is what runs), sample-count and record-count bombs, random sample/record tags and
lengths, raw headers of random bytes under each header protocol, random VLAN/MPLS/IPv6 extension
chains, and counter samples from thousands of agents with random ifIndexes (the agent and
interface tables must stay at their caps).
Measured: see benchmarks/README.md.
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
from custom_components.netwatch.engine.flow.sflow_stats import (  # noqa: E402
    MAX_AGENTS,
    MAX_INTERFACES,
)
from custom_components.netwatch.engine.flow.state import MAX_EXPORTERS  # noqa: E402
from tests.engine.flow import frames  # noqa: E402

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
    paths += sorted((ROOT / "tests" / "engine" / "flow" / "fixtures" / "yaf_logstash").glob("*"))
    return [p.read_bytes() for p in paths if p.suffix in {".bin", ".dat"}]


SFLOW_FIXTURES = ROOT / "tests" / "engine" / "flow" / "fixtures" / "sflow_pmacct"


def sflow_seeds() -> list[bytes]:
    """pmacctd's exports plus hand-built datagrams of every sample and record type we read."""
    real = [p.read_bytes() for p in sorted(SFLOW_FIXTURES.glob("*.bin"))]
    v6 = frames.ethernet(frames.ipv6("2001:db8::1", "2001:db8::2", 58, frames.icmp(128, 0)),
                         0x86DD, tags=[(0x8100, 7)])  # fmt: skip
    v4 = frames.ethernet(frames.ipv4("192.0.2.1", "198.51.100.2", 6, frames.tcp(1, 2, 2)), 0x0800)
    ip4 = struct.pack("!II4s4sIIII", 60, 6, bytes(4), bytes(4), 1, 2, 2, 0)
    built = frames.sflow(
        [
            frames.flow_sample(
                [frames.raw_header(v6), frames.extended_switch(1, 2)], expanded=True, rate=8
            ),
            frames.flow_sample(
                [frames.record(3, ip4), frames.extended_router("10.0.0.1", 8, 8)],
                out_if=(1 << 30) | 258,
            ),
            frames.flow_sample([frames.raw_header(v4[14:], protocol=11, fcs=0)], rate=100),
            frames.counter_sample([frames.if_counters(3, 100, 200), frames.record(2, bytes(52))]),
        ],
        agent="2001:db8::1",
    )
    return [*real, built]


def sflow_mutators(rng: random.Random) -> list[Callable[[bytes], bytes]]:
    """sFlow-specific generators: bombs, random structure, random headers, agent floods."""

    def tag() -> int:
        return rng.choice([1, 2, 3, 4, 1001, 1002, 7, (4413 << 12) | 1, rng.getrandbits(32)])

    def sample_bomb(_data: bytes) -> bytes:
        items = [frames.record(tag(), rng.randbytes(rng.randint(0, 16)))
                 for _ in range(rng.randint(0, 300))]  # fmt: skip
        return frames.sflow(items, count=rng.choice([len(items), 0xFFFFFFFF, rng.getrandbits(16)]))

    def record_bomb(_data: bytes) -> bytes:
        recs = [frames.record(tag(), rng.randbytes(rng.randint(0, 40)))
                for _ in range(rng.randint(0, 200))]  # fmt: skip
        sample = rng.choice([frames.flow_sample, frames.counter_sample])(recs)
        return frames.sflow([sample])

    def random_header(_data: bytes) -> bytes:
        head = struct.pack("!IIII", rng.choice([1, 11, 12, 3, 0]), rng.getrandbits(32),
                           rng.getrandbits(8), rng.randint(0, 300))  # fmt: skip
        body = rng.randbytes(rng.randint(0, 300))
        return frames.sflow([frames.flow_sample([frames.record(1, head + body)])])

    def random_frame(_data: bytes) -> bytes:
        tags = [(rng.choice([0x8100, 0x88A8, 0x8847]), rng.getrandbits(16))
                for _ in range(rng.randint(0, 12))]  # fmt: skip
        exts = [
            (rng.choice([0, 43, 44, 51, 60]), rng.randbytes(6)) for _ in range(rng.randint(0, 10))
        ]
        proto = rng.choice([1, 6, 17, 58, 132, 0])
        packet = rng.choice([
            frames.ipv6("::1", "::2", proto, rng.randbytes(rng.randint(0, 30)), extensions=exts),
            frames.ipv4("1.2.3.4", "5.6.7.8", proto, rng.randbytes(rng.randint(0, 30)),
                        frag=rng.getrandbits(16)),
        ])  # fmt: skip
        frame = frames.ethernet(packet, rng.choice([0x0800, 0x86DD, 0x8847, 100]), tags=tags)
        return frames.sflow(
            [frames.flow_sample([frames.raw_header(frame, snap_len=rng.randint(0, 256))])]
        )

    def agent_flood(_data: bytes) -> bytes:
        ifs = [frames.if_counters(rng.getrandbits(32), 1, 2) for _ in range(rng.randint(1, 32))]
        agent = f"10.{rng.getrandbits(8)}.{rng.getrandbits(8)}.{rng.getrandbits(8)}"
        return frames.sflow([frames.counter_sample(ifs)], agent=agent, sub_agent=rng.getrandbits(4))

    return [sample_bomb, record_bomb, random_header, random_frame, random_frame, agent_flood]


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


def mutators(
    rng: random.Random, pool: list[bytes], sflow: bool = False
) -> list[Callable[[bytes], bytes]]:
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
    if sflow:
        # Keep the 32-bit version 5 in front: the point is to run the sFlow decoder.
        keep = [lambda d, m=m: frames.sflow([])[:4] + m(d)[4:] for m in weighted]
        return [*keep, *sflow_mutators(rng) * 3, garbage]
    return [*weighted, bomb, pending_flood, pending_flood, varlen, garbage]


def datagrams(
    rng: random.Random, pool: list[bytes], total: int, sflow: bool = False
) -> Iterator[bytes]:
    """Every truncation of every seed first, then random mutations up to `total`."""
    produced = 0
    for seed in pool:
        for cut in range(len(seed)):
            yield seed[:cut]
            produced += 1
    mutate = mutators(rng, pool, sflow)
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
    parser.add_argument("--sflow", action="store_true", help="fuzz the sFlow v5 path")
    opts = parser.parse_args()
    rng = random.Random(opts.seed)
    pool = sflow_seeds() if opts.sflow else seeds()
    failures = Failures()
    log = logging.getLogger("custom_components.netwatch.engine.flow")
    log.addHandler(failures)
    log.setLevel(logging.DEBUG)
    log.propagate = False
    now = [1_700_000_000.0]
    decoder = FlowDecoder(clock=lambda: now[0], max_templates=1024, template_ttl=300)
    # sFlow: 100 exporter addresses, below the 128 kept with recent flows, so that no datagram is
    # refused as exporters_full before the sFlow decoder sees it (its agents come from the data).
    senders = 100 if opts.sflow else 300
    exporters = [f"10.{i // 250}.{i % 250}.1" for i in range(senders)]
    rss_start = rss_mb()
    rss_warm = 0.0
    flows = count = 0
    started = time.perf_counter()
    for count, data in enumerate(datagrams(rng, pool, opts.datagrams, opts.sflow), 1):
        now[0] += 0.01
        flows += len(decoder.decode(data, exporters[count % senders if count % 7 else 0]))
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
    sfs = stats.sflow
    print(f"sflow: datagrams {sfs.datagrams:,}, flow samples {sfs.flow_samples:,}, counter "
          f"samples {sfs.counter_samples:,}, other {sfs.other_samples:,}, non-IP "
          f"{sfs.non_ip:,}, over limit {sfs.over_limit:,}; agents {len(sfs.agents)} "
          f"(cap {MAX_AGENTS}), evicted {sfs.agents_evicted:,}, interfaces evicted "
          f"{sfs.interfaces_evicted:,}")  # fmt: skip
    for record in failures.records:
        print(logging.Formatter().formatException(record.exc_info))  # type: ignore[arg-type]
    internal = stats.malformed["internal_error"]
    ok = internal == 0 and rss_end - rss_warm < 32 and stats.templates <= 1024
    ok = ok and len(sfs.agents) <= MAX_AGENTS
    ok = ok and all(len(a.interfaces) <= MAX_INTERFACES for a in sfs.agents.values())
    print(f"internal errors: {internal} -> {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
