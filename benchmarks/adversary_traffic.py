"""Paced senders for benchmarks/adversary.py: each runs as its own process, bounded in time.

    python benchmarks/adversary_traffic.py KIND --port P --seconds S --rate R --status FILE ...

KIND is one of the attacks (template_flood, syslog_junk, wide_templates, junk_senders, foreign,
tcp_hold) or good traffic (good_v9, good_syslog, tcp_good). Every sender sends to 127.0.0.1 only,
stops after --seconds (or earlier on SIGTERM) and writes what it sent to --status as JSON. Rates
are kept with 1 ms ticks; a sender that cannot keep up sends what it can and says so (`sent` vs
`offered`). Source addresses are other 127/8 addresses: one socket bound to --src, or, for many
sources, IP_PKTINFO on each sendmsg (loopback accepts any 127/8 source).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import random
import resource
import select
import signal
import socket
import struct
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import adversary_packets as pk

TARGET = "127.0.0.1"
Counters = dict[str, Any]


def paced(rate: float, seconds: float, tick: float = 0.001) -> Iterator[int]:
    """Yield how many units are due at each tick, until rate x seconds are sent or time is up."""
    start = time.monotonic()
    total, sent = int(rate * seconds), 0
    while sent < total:
        elapsed = time.monotonic() - start
        if elapsed >= seconds:
            return
        due = min(total, int(rate * elapsed) + 1) - sent
        if due > 0:
            yield due
            sent += due
        time.sleep(tick)


def udp_socket(src: str) -> socket.socket:
    """Return a UDP socket bound to `src` with a large send buffer."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
    sock.bind((src, 0))
    return sock


def send_from(sock: socket.socket, data: bytes, src: str, port: int) -> None:
    """Send one datagram with `src` as its source address (IP_PKTINFO, ipi_spec_dst)."""
    info = struct.pack("=I4s4s", 0, socket.inet_aton(src), b"\x00\x00\x00\x00")
    sock.sendmsg([data], [(socket.IPPROTO_IP, socket.IP_PKTINFO, info)], 0, (TARGET, port))


def _send_pool(args: argparse.Namespace, pool: list[bytearray], per: int) -> Counters:
    """Send datagrams from a pool round robin (v9: patch sequence and times); count them."""
    sock, sent, c = udp_socket(args.src), 0, {"datagrams": 0, "errors": 0}
    start = time.time()
    for due in paced(args.rate, args.seconds):
        for _ in range(due):
            data = pool[sent % len(pool)]
            if data[:2] == b"\x00\x09":
                now = time.time()
                pk.stamp(data, sent, int((now - start) * 1000) + 1_000_000, int(now))
            try:
                sock.sendto(data, (TARGET, args.port))
            except OSError:
                c["errors"] += 1
            sent += 1
    c.update(datagrams=sent, units_per_datagram=per, bytes_per_datagram=len(pool[0]))
    return c


def template_flood(args: argparse.Namespace) -> Counters:
    """Send v9 datagrams that each announce --templates new one-field templates."""
    pool = [pk.template_flood(i * args.templates, args.templates, 7) for i in range(64)]
    return _send_pool(args, pool, args.templates)


def syslog_junk(args: argparse.Namespace) -> Counters:
    """Send syslog datagrams of --lines LF-separated junk lines each."""
    rng = random.Random(args.seed)
    pool = [bytearray(pk.junk_lines(rng, args.lines)) for _ in range(16)]
    return _send_pool(args, pool, args.lines)


def wide_templates(args: argparse.Namespace) -> Counters:
    """Re-announce a 256-field template (two definitions in turn) with one record each time."""
    return _send_pool(args, [pk.wide_datagram(0, 8), pk.wide_datagram(1, 8)], 1)


def _many_sources(args: argparse.Namespace, sources: list[str], ports: list[int]) -> Counters:
    sock = udp_socket("0.0.0.0")
    sent, errors = 0, 0
    for due in paced(args.rate, args.seconds):
        for _ in range(due):
            try:
                send_from(sock, b"\x00\x09\x01", sources[sent % len(sources)], ports[sent % 2])
            except OSError:
                errors += 1
            sent += 1
    return {"datagrams": sent, "errors": errors, "sources": len(sources), "ports": ports}


def junk_senders(args: argparse.Namespace) -> Counters:
    """Send three-byte datagrams from --senders addresses 127.0.0.2, 127.0.0.3, ..."""
    sources = [f"127.0.{(i + 2) // 256}.{(i + 2) % 256}" for i in range(args.senders)]
    return _many_sources(args, sources, [args.port, args.port])


def foreign(args: argparse.Namespace) -> Counters:
    """Send from --senders addresses in 127.1.0.0/16 to the NetFlow and syslog ports in turn."""
    sources = [f"127.1.{i // 250}.{i % 250 + 1}" for i in range(args.senders)]
    return _many_sources(args, sources, [args.port, args.second_port or args.port])


def good_v9(args: argparse.Namespace) -> Counters:
    """Send the template once, then --rate flows/s (steady, or in bursts every --burst s)."""
    rng = random.Random(args.seed)
    sock, source = udp_socket(args.src), 1000 + args.seed
    pool = [pk.good_data(rng, args.records, source, 10) for _ in range(32)]
    first = pk.good_template(source)
    start = time.time()
    pk.stamp(first, 0, 1_000_000, int(start))
    sock.sendto(first, (TARGET, args.port))
    time.sleep(0.2)  # the template goes first, in quiet: the exporter never sends it again
    sent = 0

    def send(count: int) -> None:
        nonlocal sent
        for _ in range(count):
            data = pool[sent % len(pool)]
            now = time.time()
            pk.stamp(data, sent + 1, int((now - start) * 1000) + 1_000_000, int(now))
            sock.sendto(data, (TARGET, args.port))
            sent += 1

    if args.burst > 0:  # a router that flushes its flow cache every --burst seconds
        per_burst = max(1, round(args.rate * args.burst / args.records))
        for due in paced(1 / args.burst, args.seconds, 0.01):
            send(due * per_burst)
    else:
        for due in paced(args.rate / args.records, args.seconds):
            send(due)
    return {"datagrams": sent + 1, "flows": sent * args.records, "template_datagrams": 1}


def _scanners(args: argparse.Namespace) -> list[str]:
    base = 5 * (args.seed % 50)
    return [f"203.0.113.{base + i + 1}" for i in range(5)]


def good_syslog(args: argparse.Namespace) -> Counters:
    """Send --rate UFW BLOCK lines/s, one per datagram, from five scanners per sender."""
    rng, sock, sent = random.Random(args.seed), udp_socket(args.src), 0
    scanners = _scanners(args)
    for due in paced(args.rate, args.seconds):
        for _ in range(due):
            sock.sendto(pk.ufw_line(rng, scanners), (TARGET, args.port))
            sent += 1
    return {"datagrams": sent, "lines": sent, "scanners": scanners}


def _alive(sock: socket.socket) -> bool:
    """Tell whether the server still holds this connection (no FIN/RST arrived)."""
    # poll() first: a socket with a timeout would wait in recv() even with MSG_DONTWAIT.
    poller = select.poll()
    poller.register(sock, select.POLLIN)
    if not poller.poll(0):
        return True
    try:
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False


def _connect(src: str, port: int) -> socket.socket | None:
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((src, 0))
        sock.settimeout(5)
        sock.connect((TARGET, port))
    except OSError:
        sock.close()
        return None
    return sock


def tcp_good(args: argparse.Namespace) -> Counters:
    """Send --rate LF-framed UFW lines/s over TCP; reconnect when closed or every --reconnect s.

    Lines that cannot be sent (no connection) wait in a queue of at most 10 s of lines, as a
    relay's queue would; what is still queued at the end, or overflowed it, is `lost_lines`.
    """
    rng, scanners = random.Random(args.seed), _scanners(args)
    c = {"lines": 0, "connects": 0, "refused": 0, "closed_by_server": 0, "lost_lines": 0}
    sock: socket.socket | None = None
    opened = wait_until = 0.0
    queued, queue_max = 0, 10 * args.rate
    for due in paced(args.rate, args.seconds):
        now = time.monotonic()
        queued += due
        c["lost_lines"] += max(0, queued - queue_max)
        queued = min(queued, queue_max)
        if sock is not None and args.reconnect and now - opened > args.reconnect:
            # Like a sender that connects per batch (logger connects per line): the slot it
            # frees is open to anyone until it comes back.
            sock.close()
            sock, wait_until = None, now + 0.5
        if sock is not None and not _alive(sock):
            c["closed_by_server"] += 1
            sock.close()
            sock = None
        if sock is None:
            if now < wait_until:
                continue
            sock, opened = _connect(args.src, args.port), now
            c["connects"] += 1
            time.sleep(0.05)  # an over-limit connection is accepted, then closed at once
            if sock is None or not _alive(sock):
                c["refused"] += 1
                if sock is not None:
                    sock.close()
                sock, wait_until = None, time.monotonic() + 0.2
                continue
        data = b"".join(pk.ufw_line(rng, scanners) + b"\n" for _ in range(queued))
        try:
            sock.sendall(data)
            c["lines"] += queued
            queued = 0
        except OSError:
            sock.close()
            sock = None
    if sock is not None:
        sock.close()
    c["lost_lines"] += queued
    return c


def tcp_hold(args: argparse.Namespace) -> Counters:
    """Hold --connections idle connections (reopening closed ones) plus one 1 byte/s sender."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, args.connections + 256)), hard))
    c = {"opened": 0, "connect_errors": 0, "closed_by_server": 0, "slow_bytes": 0}
    held: list[socket.socket] = []
    slow = _connect(args.src, args.port)
    deadline, next_byte = time.monotonic() + args.seconds, time.monotonic()
    while time.monotonic() < deadline:
        for _ in range(min(args.rate // 5 or 1, args.connections - len(held))):  # rate/s
            sock = _connect(args.src, args.port)
            c["opened" if sock else "connect_errors"] += 1
            if sock is not None:
                held.append(sock)
        if slow is not None and time.monotonic() >= next_byte:
            with contextlib.suppress(OSError):
                slow.send(b"<")  # a line that never ends: one byte a second
                c["slow_bytes"] += 1
            next_byte += 1.0
        alive = [s for s in held if _alive(s)]
        c["closed_by_server"] += len(held) - len(alive)
        for sock in set(held) - set(alive):
            sock.close()
        held = alive
        time.sleep(0.2)
    c.update(held_at_end=len(held), slow_alive_at_end=slow is not None and _alive(slow))
    for sock in [*held, *([slow] if slow else [])]:
        sock.close()
    return c


KINDS: dict[str, Callable[[argparse.Namespace], Counters]] = {
    f.__name__: f
    for f in (
        template_flood,
        syslog_junk,
        wide_templates,
        junk_senders,
        foreign,
        good_v9,
        good_syslog,
        tcp_good,
        tcp_hold,
    )
}


def main() -> int:
    """Run one sender and write its counters."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("kind", choices=sorted(KINDS))
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--second-port", type=int, default=0)
    p.add_argument("--seconds", type=float, default=20.0)
    p.add_argument("--rate", type=int, default=1000, help="datagrams, flows or lines per second")
    p.add_argument("--src", default="127.0.0.1")
    p.add_argument("--status", type=Path, required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--templates", type=int, default=170)
    p.add_argument("--lines", type=int, default=300)
    p.add_argument("--records", type=int, default=20)
    p.add_argument("--senders", type=int, default=200)
    p.add_argument("--connections", type=int, default=1000)
    p.add_argument("--burst", type=float, default=0.0, help="good_v9: seconds between bursts")
    p.add_argument("--reconnect", type=float, default=0.0, help="tcp_good: seconds per connection")
    args = p.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    started, counters = time.time(), {}
    try:
        counters = KINDS[args.kind](args)
    except OSError as err:
        counters = {"error": f"{errno.errorcode.get(err.errno or 0, '')} {err}"}
    finally:
        counters.update(
            kind=args.kind,
            src=args.src,
            seconds=round(time.time() - started, 2),
            offered_rate=args.rate,
        )
        tmp = args.status.with_suffix(".tmp")
        tmp.write_text(json.dumps(counters))
        tmp.replace(args.status)
    return 0


if __name__ == "__main__":
    sys.exit(main())
