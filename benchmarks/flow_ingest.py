"""UDP flow ingest on 127.0.0.1: UdpReceiver + FlowDecoder in an asyncio loop, beside nfcapd.

Command (from the project root, in the test rig):
    scripts/rig run python benchmarks/flow_ingest.py [--rates 100000,300000] [--seconds 5]

What runs: a sender process (this file with --send) replays softflowd's real v9 export of
tests/data's pcap -- template datagram raw_v9/0000.bin first, then raw_v9/0001.bin cut to
30 records, its sequence number counting up -- to 127.0.0.1 at each offered rate (flows/s =
datagrams/s x 30), paced every 2 ms, for `--seconds`. Receivers, one at a time:
  - ours: one asyncio event loop (one core) running UdpReceiver (non-blocking socket drained by
    loop.add_reader, 8 MiB SO_RCVBUF requested) whose handler is FlowDecoder.decode, counting the
    flows; CPU = this process's CPU time / sending time (sender excluded: another process);
  - nfcapd (nfdump 1.7): `nfcapd -b 127.0.0.1 -p PORT -w DIR -B 8388608` (the same receive
    buffer), flows counted from its closing statistics, CPU from /proc/PID/stat (all threads).
Loss = 1 - flows received / flows sent. Goal: >= 300k flows/s with < 0.1 % loss.

Measured (AMD EPYC, 2 cores shared with other jobs, Debian testing chroot, Python 3.14.8):
    receiver    offered/s       sent   received     loss  CPU (1 core)  kernel drops
    ours          100,000    499,950    499,950   0.000%            6%             0
    nfcapd        100,000    499,860    499,860   0.000%            2%             -
    ours          300,000  1,499,520  1,499,520   0.000%           13%             0
    nfcapd        300,000  1,499,730  1,499,730   0.000%            5%             -
    ours        1,000,000  4,999,200  4,999,200   0.000%           40%             0
    nfcapd      1,000,000  4,999,320  4,999,320   0.000%           22%             -
(the last two rows with --rates 1000000.)
nfcapd with its default receive buffer (no -B) lost 0.6 % at 100k and 2.6 % at 300k here.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import signal
import socket
import struct
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The port helper comes from this checkout, imported before NETWATCH_CODE's path goes in front.
sys.path.insert(0, str(ROOT))
from tests.helpers import free_port  # noqa: E402

# NETWATCH_CODE: another checkout's netwatch to measure with this file's data (before/after runs).
sys.path.insert(0, os.environ.get("NETWATCH_CODE", str(ROOT)))

from custom_components.netwatch.engine.addr import NetworkSet  # noqa: E402
from custom_components.netwatch.engine.flow import FlowDecoder  # noqa: E402
from custom_components.netwatch.engine.listen.udp import UdpReceiver  # noqa: E402

SOFTFLOWD = ROOT / "tests" / "data" / "netflow" / "softflowd"
FLOWS_PER_DATAGRAM = 30
TICKS = os.sysconf("SC_CLK_TCK")
RCVBUF = [0]
RCVBUF_ASK = 8 * 1024 * 1024
"""Socket receive buffer both receivers ask for (UdpReceiver's default; nfcapd -B)."""


def datagrams() -> tuple[bytes, bytes]:
    """(templates-only datagram, data datagram with 30 records of template 1024)."""
    # raw_v9/0000.bin: four templates, the options template and its record, then data sets
    # from byte 347 on; keep only the templates so every counted flow comes from the data.
    template = (SOFTFLOWD / "raw_v9" / "0000.bin").read_bytes()[:347]
    data = (SOFTFLOWD / "raw_v9" / "0001.bin").read_bytes()
    body = data[24 : 24 + FLOWS_PER_DATAGRAM * 42]
    header = data[:2] + struct.pack("!H", FLOWS_PER_DATAGRAM) + data[4:20]
    return template, header + struct.pack("!HH", 1024, 4 + len(body)) + body


def send(port: int, rate: int, seconds: float) -> None:
    """Sender process: template, then data datagrams at `rate` flows/s; print the count sent."""
    template, data = datagrams()
    packet = bytearray(data)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.connect(("127.0.0.1", port))
    sock.send(template)
    per_second = rate / FLOWS_PER_DATAGRAM
    sent, sequence, start = 0, 2, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        due = int(elapsed * per_second)
        while sent < due:
            struct.pack_into("!I", packet, 12, sequence)
            try:
                sock.send(packet)
            except BlockingIOError:
                continue
            sent, sequence = sent + 1, sequence + 1
        time.sleep(0.002)
    print(sent, flush=True)


async def sender(port: int, rate: int, seconds: float) -> int:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "--send", str(port), str(rate), str(seconds),
        stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, _ = await proc.communicate()
    return int(out.strip()) * FLOWS_PER_DATAGRAM


async def ours(rate: int, seconds: float) -> tuple[int, int, float, int]:
    """Return (flows sent, flows decoded, CPU share of one core, kernel drops)."""
    decoder = FlowDecoder()
    flows = [0]

    def handle(data: bytes, sender_addr: str) -> None:
        flows[0] += len(decoder.decode(data, sender_addr))

    receiver = UdpReceiver("bench", "127.0.0.1", 0, handle, NetworkSet.from_cidrs(["127.0.0.0/8"]))
    receiver.start(asyncio.get_running_loop())
    cpu, wall = time.process_time(), time.perf_counter()
    sent = await sender(receiver.bound_port, rate, seconds)
    last = -1
    while last != receiver.stats.datagrams:  # drain what is still queued
        last = receiver.stats.datagrams
        await asyncio.sleep(0.2)
    share = (time.process_time() - cpu) / (time.perf_counter() - wall)
    receiver.stop()
    RCVBUF[0] = receiver.stats.rcvbuf_granted
    return sent, flows[0], share, receiver.stats.kernel_drops


def _cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:  # procfs: never blocks
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


async def nfcapd(rate: int, seconds: float) -> tuple[int, int, float, int]:
    """Same offered load into nfcapd; return (sent, stored, CPU share, -1)."""
    with tempfile.TemporaryDirectory() as flowdir:
        port = free_port(tcp=False)  # nfcapd listens on UDP only
        proc = await asyncio.create_subprocess_exec(
            "nfcapd", "-b", "127.0.0.1", "-p", str(port), "-w", flowdir, "-B", str(RCVBUF_ASK),
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        await asyncio.sleep(0.5)
        cpu, wall = _cpu_seconds(proc.pid), time.perf_counter()
        sent = await sender(port, rate, seconds)
        await asyncio.sleep(0.5)
        share = (_cpu_seconds(proc.pid) - cpu) / (time.perf_counter() - wall)
        proc.send_signal(signal.SIGTERM)
        out, _ = await asyncio.wait_for(proc.communicate(), 20)
    stored = sum(int(n) for n in re.findall(r"Flows: (\d+)", out.decode()))
    return sent, stored, share, -1


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


async def main(rates: list[int], seconds: float, cpu: str) -> None:
    print(f"machine: {cpu}, {os.cpu_count()} cpus; Python {platform.python_version()}; "
          f"{seconds:.0f} s per run")  # fmt: skip
    print(f"{'receiver':<10}{'offered/s':>11}{'sent':>11}{'received':>11}{'loss':>9}"
          f"{'CPU (1 core)':>14}{'kernel drops':>14}")  # fmt: skip
    for rate in rates:
        for name, run in (("ours", ours), ("nfcapd", nfcapd)):
            sent, got, share, drops = await run(rate, seconds)
            loss = 1 - got / sent if sent else 0.0
            print(f"{name:<10}{rate:>11,}{sent:>11,}{got:>11,}{loss:>9.3%}{share:>14.0%}"
                  f"{drops if drops >= 0 else '-':>14}")  # fmt: skip
    print(f"ours: SO_RCVBUF granted {RCVBUF[0]:,} bytes")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--send":
        send(int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]))
        sys.exit(0)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rates", default="100000,300000")
    parser.add_argument("--seconds", type=float, default=5.0)
    opts = parser.parse_args()
    asyncio.run(main([int(r) for r in opts.rates.split(",")], opts.seconds, cpu_model()))
