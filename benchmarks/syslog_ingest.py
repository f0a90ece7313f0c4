"""UDP syslog ingest loss at 20,000 and 50,000 lines/s: netwatch next to syslog-ng's udp() source.

Command (from the project root, in the test rig):
    scripts/rig run python benchmarks/syslog_ingest.py [--seconds 5] [--rates 20000 50000]

What runs, for each rate and each receiver, on 127.0.0.1:
- the sender: a separate process (this script with --send) that cycles the fixture lines of
  tests/engine/syslog/fixtures/*.jsonl (firewall lines of all four vendors, ~190 bytes) as one
  datagram each, paced in 1 ms ticks, for --seconds;
- netwatch: engine.receiver.UdpReceiver (8 MiB receive buffer requested) feeding
  SyslogParser.parse_datagram in one asyncio loop, as Home Assistant runs it; "received" counts
  the events parsed, so it includes the parsing;
- syslog-ng (the Debian package in the rig; rsyslog's imudp is not installed there): a foreground
  instance with `udp(... so-rcvbuf(8388608))` writing to a file; "received" counts lines written.
Loss = 1 - received / sent. Also printed: the sender's achieved rate, kernel drops seen by
netwatch (SO_RXQ_OVFL) and netwatch's CPU time per line.

Goal: no loss at 20,000 lines/s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIXTURES = ROOT / "tests" / "engine" / "syslog" / "fixtures"
RCVBUF = 8 * 1024 * 1024


def fixture_lines() -> list[bytes]:
    lines: list[bytes] = []
    for path in sorted(FIXTURES.glob("*.jsonl")):
        cases = map(json.loads, path.read_text().splitlines())
        lines.extend(c["line"].encode() for c in cases if "error" not in c["expect"])
    return lines


def send(port: int, rate: int, count: int) -> None:
    """Send `count` fixture lines to 127.0.0.1:port at `rate` per second, paced per millisecond."""
    lines = fixture_lines()
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    target = ("127.0.0.1", port)
    per_tick = rate / 1000.0
    start = time.perf_counter()
    sent = 0
    while sent < count:
        due = min(count, int((time.perf_counter() - start) * 1000.0 * per_tick) + 1)
        while sent < due:
            sock.sendto(lines[sent % len(lines)], target)
            sent += 1
        pause = start + sent / rate - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
    elapsed = time.perf_counter() - start
    print(json.dumps({"sent": sent, "seconds": elapsed}))


def run_sender(port: int, rate: int, count: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--send", str(port), str(rate), str(count)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, float] = json.loads(out)
    return result


async def netwatch_run(rate: int, count: int, *, parse: bool = True) -> dict[str, float]:
    # Imported here: the sender subprocess needs none of the package.
    from custom_components.netwatch.engine.addr import NetworkSet
    from custom_components.netwatch.engine.receiver import UdpReceiver
    from custom_components.netwatch.engine.syslog import SyslogParser

    parser = SyslogParser()
    events = 0

    def handler(data: bytes, sender: str) -> None:
        nonlocal events
        events += len(parser.parse_datagram(data, sender)) if parse else 1

    loop = asyncio.get_running_loop()
    allowed = NetworkSet.from_cidrs(["127.0.0.0/8"])
    receiver = UdpReceiver("bench", "127.0.0.1", 0, handler, allowed, rcvbuf=RCVBUF)
    receiver.start(loop)
    cpu0 = time.process_time()
    try:
        result = await loop.run_in_executor(None, run_sender, receiver.bound_port, rate, count)
        last = -1
        while last != events:  # drain what is still queued
            last = events
            await asyncio.sleep(0.3)
    finally:
        receiver.stop()
    cpu = time.process_time() - cpu0
    return {
        **result,
        "received": events,
        "kernel_drops": receiver.stats.kernel_drops,
        "rcvbuf": receiver.stats.rcvbuf_granted,
        "cpu_us_per_line": cpu / max(events, 1) * 1e6,
    }


SYSLOG_NG_CONF = """@version: 4.12
options {{ stats(freq(0)); use-dns(no); keep-hostname(yes); log-fifo-size(100000); }};
source s_udp {{ udp(ip(127.0.0.1) port({port}) so-rcvbuf({rcvbuf}) log-iw-size(100000)); }};
destination d_file {{ file("{out}" flush-lines(1000)); }};
log {{ source(s_udp); destination(d_file); }};
"""


def syslog_ng_run(rate: int, count: int) -> dict[str, float]:
    binary = shutil.which("syslog-ng") or "/usr/sbin/syslog-ng"
    with tempfile.TemporaryDirectory() as tmp:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        out = Path(tmp) / "out.log"
        conf = Path(tmp) / "syslog-ng.conf"
        conf.write_text(SYSLOG_NG_CONF.format(port=port, rcvbuf=RCVBUF, out=out))
        pidfile = Path(tmp) / "pid"
        args = [binary, "-F", "--no-caps", "-f", str(conf), "-R", f"{tmp}/persist"]
        args += ["-p", str(pidfile), "-c", f"{tmp}/ctl"]
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 15
            while not pidfile.exists():
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"syslog-ng did not start: {proc.stderr.read()!r}")  # type: ignore[union-attr]
                time.sleep(0.05)
            time.sleep(0.3)
            result = run_sender(port, rate, count)
            last = -1
            size = 0
            while size != last:  # wait until the file stops growing
                last = size
                time.sleep(0.5)
                size = out.stat().st_size if out.exists() else 0
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(15)
        received = sum(1 for _ in out.open("rb")) if out.exists() else 0
    return {**result, "received": received}


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--seconds", type=float, default=5.0)
    args.add_argument("--rates", type=int, nargs="+", default=[20_000, 50_000])
    args.add_argument("--send", nargs=3, type=int, help=argparse.SUPPRESS)
    opts = args.parse_args()
    if opts.send:
        send(*opts.send)
        return
    print(f"Python {platform.python_version()}, {os.cpu_count()} cores, {platform.platform()}")
    print(f"load average before: {os.getloadavg()}")
    header = f"{'receiver':<12}{'rate':>8}{'sent':>9}{'sent/s':>9}{'received':>10}{'loss':>8}"
    print(header + "  notes")
    for rate in opts.rates:
        count = int(rate * opts.seconds)
        rows = [
            ("netwatch", asyncio.run(netwatch_run(rate, count))),
            ("syslog-ng", syslog_ng_run(rate, count)),
        ]
        for name, r in rows:
            loss = 1 - r["received"] / r["sent"]
            notes = ""
            if "cpu_us_per_line" in r:
                notes = (
                    f"  kernel drops {r['kernel_drops']:.0f}, rcvbuf {r['rcvbuf'] / 2**20:.0f} MiB,"
                    f" {r['cpu_us_per_line']:.1f} us CPU/line"
                )
            print(
                f"{name:<12}{rate:>8}{r['sent']:>9.0f}{r['sent'] / r['seconds']:>9.0f}"
                f"{r['received']:>10.0f}{loss:>8.2%}{notes}"
            )
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
