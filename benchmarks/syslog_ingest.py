"""UDP syslog ingest loss at 20,000 and 50,000 lines/s: netwatch, syslog-ng udp(), rsyslog imudp.

Command (from the project root, in the test rig):
    scripts/rig run python benchmarks/syslog_ingest.py [--seconds 5] [--rates 20000 50000]
        [--receivers netwatch syslog-ng rsyslog]

What runs, for each rate and each receiver in turn, on 127.0.0.1:
- the sender: a separate process (this script with --send) that cycles the fixture lines of
  tests/engine/syslog/fixtures/*.jsonl (firewall lines of all vendors, ~320 bytes; ~190 before
  Sophos, FortiGate, Cisco ASA, PAN-OS and Firewalla joined) as one datagram each, paced in
  1 ms ticks, for --seconds;
- netwatch: the whole engine path in one asyncio loop, as Home Assistant runs it (since
  2026-12-03; before, the receiver and the parser only): NetwatchEngine as benchmarks/engine_path.py
  builds it (GeoIP test database, scan detector, country watch) with its own syslog listener
  (8 MiB receive buffer requested); "received" counts the firewall events the engine took in, so it
  includes parsing, classification, aggregation and scan detection;
- syslog-ng (the Debian package in the rig): a foreground instance with
  `udp(... so-rcvbuf(8388608))` writing to a file; "received" counts lines written;
- rsyslog (Debian's package, fetched and unpacked by benchmarks/rsyslog_peer.py because it cannot
  be installed next to syslog-ng-core): `rsyslogd -n` with imudp (default threads and batch
  size, rcvbufSize set so that the kernel buffer equals the others') bound to its own ruleset,
  whose omfile action writes asynchronously to a file; "received" counts lines written.
Loss = 1 - received / sent. Also printed: the sender's achieved rate, kernel drops (netwatch:
SO_RXQ_OVFL; peers: the socket's drop counter from `ss`), the kernel receive buffer actually
granted (`rb`, twice the accepted request; net.core.rmem_max is 4 MiB here, so 8 MiB for all
three) and the receiver's CPU time per line (netwatch: this process; peers: /proc/PID/stat, all
threads). A peer's drain ends when its socket queue is empty and its file has not grown for
QUIET seconds.

Goal: no loss at 20,000 lines/s.

Measured 2026-11-27 (AMD EPYC, 2 cores shared with a CI run, Debian testing chroot, Python 3.14.8,
syslog-ng 4.12, rsyslogd 8.2608.0), loss at --seconds 5, four runs:
    load avg 1m   netwatch 20k  syslog-ng 20k  rsyslog 20k  netwatch 50k  syslog-ng 50k  rsyslog 50k
    1.41 -> 1.72      0 %            0 %          0 %           0 %            0 %          0 %
    1.90 -> 2.22      0 %            0 %          0 %        2.22 %            0 %          0 %
    1.59 -> 0.96      0 %            0 %          0 %        9.43 %            0 %          0 %
    0.88 -> 0.87      0 %            0 %          0 %           0 %            0 %          0 %
CPU per line: netwatch 16-18 us at 20k, 13 us at 50k; syslog-ng 22-30 / 13-14 us; rsyslog
10-12 / 5-8 us. With --rates 100000 --seconds 3 (load 0.80): netwatch 14.1 % (CPU-bound: 11.9
us/line), syslog-ng 0.82 %, rsyslog 0 %.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rsyslog_peer import Rsyslog, ensure_rsyslog, rsyslog_command, rsyslog_env
from rsyslog_peer import version as rsyslog_version

ROOT = Path(__file__).resolve().parent.parent
# The port helper comes from this checkout, imported before NETWATCH_CODE's path goes in front.
sys.path.insert(0, str(ROOT))
from tests.helpers import free_port  # noqa: E402

# NETWATCH_CODE: another checkout's netwatch to measure with this file's lines (before/after runs).
sys.path.insert(0, os.environ.get("NETWATCH_CODE", str(ROOT)))
# NETWATCH_VENDORS: only these fixture files (names without .jsonl), e.g. the families both
# checkouts of a before/after run parse.
VENDORS = os.environ.get("NETWATCH_VENDORS", "").split()

FIXTURES = ROOT / "tests" / "engine" / "syslog" / "fixtures"
RCVBUF = 8 * 1024 * 1024
QUIET = 1.5  # s without output growth that ends a peer's drain; > rsyslog omfile's 1 s flush


def fixture_lines() -> list[bytes]:
    lines: list[bytes] = []
    for path in sorted(FIXTURES.glob("*.jsonl")):
        if VENDORS and path.stem not in VENDORS:
            continue
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
    """Send to the whole engine as Home Assistant runs it (its own syslog listener, the parser,
    classification, aggregation, GeoIP, scan detection); `parse=False`: the receiver alone."""
    # Imported here: the sender subprocess needs none of the package.
    from engine_path import engine

    from custom_components.netwatch.engine.addr import NetworkSet
    from custom_components.netwatch.engine.listen.udp import UdpReceiver

    loop = asyncio.get_running_loop()
    built = engine()
    received = 0

    def count_only(data: bytes, sender: str) -> None:
        nonlocal received
        received += 1

    allowed = NetworkSet.from_cidrs(["127.0.0.0/8"])
    receiver = UdpReceiver("bench", "127.0.0.1", 0, count_only, allowed, rcvbuf=RCVBUF)
    if parse:
        await built.async_start(loop)
        receiver = built.syslog_udp
    else:
        receiver.start(loop)

    def events() -> int:
        return built.firewall_events if parse else received

    cpu0 = time.process_time()
    try:
        result = await loop.run_in_executor(None, run_sender, receiver.bound_port, rate, count)
        last = -1
        while last != events():  # drain what is still queued
            last = events()
            await asyncio.sleep(0.3)
    finally:
        if parse:
            await built.async_stop()
        else:
            receiver.stop()
    cpu = time.process_time() - cpu0
    return {
        **result,
        "received": events(),
        "kernel_drops": receiver.stats.kernel_drops,
        "rcvbuf": receiver.stats.rcvbuf_granted,
        "cpu_us_per_line": cpu / max(events(), 1) * 1e6,
    }


def plain_rcvbuf_request() -> int:
    """Return what SO_RCVBUF=RCVBUF gets without privileges (net.core.rmem_max caps it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RCVBUF)
        # The kernel reports twice the accepted request (bookkeeping overhead).
        granted: int = probe.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF) // 2
    return granted


def socket_memory(port: int) -> dict[str, int]:
    """Return the UDP socket's skmem counters from `ss` (rb: buffer, d: drops, r: queued)."""
    out = subprocess.run(
        ["ss", "-uamnH", f"sport = :{port}"], capture_output=True, text=True, check=False
    ).stdout
    found = re.search(r"skmem:\(([^)]*)\)", out)
    if not found:
        return {}
    return {m[1]: int(m[2]) for m in re.finditer(r"([a-z]+)(\d+)", found[1])}


def cpu_seconds(pid: int) -> float:
    """Return user + system CPU of a process and all its threads, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peer_run(
    args: list[str],
    tmp: Path,
    port: int,
    rate: int,
    count: int,
    *,
    env: dict[str, str] | None = None,
) -> dict[str, float]:
    """Run a peer on port writing tmp/out.log, send to it, and count the lines it wrote."""
    out, pidfile = tmp / "out.log", tmp / "pid"
    with (tmp / "stderr").open("wb") as stderr:
        proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        deadline = time.monotonic() + 15
        while not pidfile.exists() or not socket_memory(port):
            if proc.poll() is not None or time.monotonic() > deadline:
                error = (tmp / "stderr").read_text(errors="replace")
                raise RuntimeError(f"{Path(args[0]).name} did not start: {error}")
            time.sleep(0.05)
        cpu0 = cpu_seconds(proc.pid)
        result = run_sender(port, rate, count)
        last, size = -1, 0
        while size != last or socket_memory(port).get("r"):  # until drained and written
            last = size
            time.sleep(QUIET)
            size = out.stat().st_size if out.exists() else 0
        cpu = cpu_seconds(proc.pid) - cpu0
        memory = socket_memory(port)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    received = sum(1 for _ in out.open("rb")) if out.exists() else 0
    return {
        **result,
        "received": received,
        "kernel_drops": memory.get("d", -1),
        "rcvbuf": memory.get("rb", 0),
        "cpu_us_per_line": cpu / max(received, 1) * 1e6,
    }


SYSLOG_NG_CONF = """@version: 4.12
options {{ stats(freq(0)); use-dns(no); keep-hostname(yes); log-fifo-size(100000); }};
source s_udp {{ udp(ip(127.0.0.1) port({port}) so-rcvbuf({rcvbuf}) log-iw-size(100000)); }};
destination d_file {{ file("{out}" flush-lines(1000)); }};
log {{ source(s_udp); destination(d_file); }};
"""


def syslog_ng_run(rate: int, count: int) -> dict[str, float]:
    binary = shutil.which("syslog-ng") or "/usr/sbin/syslog-ng"
    with tempfile.TemporaryDirectory() as name:
        tmp, port = Path(name), free_port(tcp=False)  # udp() source only
        conf = tmp / "syslog-ng.conf"
        conf.write_text(SYSLOG_NG_CONF.format(port=port, rcvbuf=RCVBUF, out=tmp / "out.log"))
        args = [binary, "-F", "--no-caps", "-f", str(conf), "-R", f"{tmp}/persist"]
        args += ["-p", str(tmp / "pid"), "-c", f"{tmp}/ctl"]
        return peer_run(args, tmp, port, rate, count)


# The input is bound to its own ruleset so that rsyslogd's own messages (start, stop), which go
# to the default ruleset, are not counted as received lines.
RSYSLOG_CONF = """global(workDirectory="{tmp}/work" net.enableDNS="off")
main_queue(queue.size="100000")
module(load="imudp")
input(type="imudp" address="127.0.0.1" port="{port}" rcvbufSize="{rcvbuf}" ruleset="bench")
ruleset(name="bench") {{
  action(type="omfile" file="{tmp}/out.log" asyncWriting="on" flushOnTXEnd="off"
         ioBufferSize="64k")
}}
"""


def rsyslog_run(rate: int, count: int, peer: Rsyslog) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as name:
        tmp, port = Path(name), free_port(tcp=False)  # imudp only
        (tmp / "work").mkdir()
        conf = tmp / "rsyslog.conf"
        # imudp asks with SO_RCVBUFFORCE, which as root bypasses net.core.rmem_max: request what
        # netwatch and syslog-ng get from their plain SO_RCVBUF of RCVBUF, so all three match.
        rcvbuf = plain_rcvbuf_request()
        conf.write_text(RSYSLOG_CONF.format(tmp=tmp, port=port, rcvbuf=rcvbuf))
        args = rsyslog_command(peer, conf, tmp / "pid")
        return peer_run(args, tmp, port, rate, count, env=rsyslog_env(peer))


RECEIVERS = ("netwatch", "syslog-ng", "rsyslog")


def run_one(name: str, rate: int, count: int, peer: Rsyslog | None) -> dict[str, float]:
    if name == "netwatch":
        return asyncio.run(netwatch_run(rate, count))
    if name == "syslog-ng":
        return syslog_ng_run(rate, count)
    assert peer is not None
    return rsyslog_run(rate, count, peer)


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--seconds", type=float, default=5.0)
    args.add_argument("--rates", type=int, nargs="+", default=[20_000, 50_000])
    args.add_argument("--receivers", nargs="+", choices=RECEIVERS, default=list(RECEIVERS))
    args.add_argument("--send", nargs=3, type=int, help=argparse.SUPPRESS)
    opts = args.parse_args()
    if opts.send:
        send(*opts.send)
        return
    peer = ensure_rsyslog() if "rsyslog" in opts.receivers else None
    print(f"Python {platform.python_version()}, {os.cpu_count()} cores, {platform.platform()}")
    if peer:
        print(f"{rsyslog_version(peer)} ({peer.binary})")
    print(f"load average before: {os.getloadavg()}")
    header = f"{'receiver':<12}{'rate':>8}{'sent':>9}{'sent/s':>9}{'received':>10}{'loss':>8}"
    print(header + "  kernel drops, receive buffer, receiver CPU per line")
    for rate in opts.rates:
        count = int(rate * opts.seconds)
        for name in opts.receivers:
            r = run_one(name, rate, count, peer)
            loss = 1 - r["received"] / r["sent"]
            print(
                f"{name:<12}{rate:>8}{r['sent']:>9.0f}{r['sent'] / r['seconds']:>9.0f}"
                f"{r['received']:>10.0f}{loss:>8.2%}  {r['kernel_drops']:>6.0f},"
                f" {r['rcvbuf'] / 2**20:.0f} MiB, {r['cpu_us_per_line']:.1f} us",
                flush=True,
            )
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
