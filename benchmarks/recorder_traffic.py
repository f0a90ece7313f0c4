"""Offer a busy home's NetFlow v9 and firewall syslog to 127.0.0.1 (sender of recorder_rows.py).

Command (from the project root, in the test rig; recorder_rows.py starts it itself):
    scripts/rig run python benchmarks/recorder_traffic.py NETFLOW_PORT SYSLOG_PORT \
        [--seconds 60] [--rate 10000] [--syslog-rate 20] [--status FILE]

NetFlow v9 (RFC 3954) built with struct: one template of 12 fields, 30 data records per datagram,
the template resent every 20 datagrams, sequence numbers per export packet. Flows: 30 home devices
(192.168.1.10-39, busiest first) as client/server pairs with 300 remote addresses (Zipf: a few
popular services), 200 of them in the MaxMind test database's ranges (GB, US, SE, CN, BT, PH, GI)
so countries appear, plus DNS to the router 192.168.1.1; TCP flows carry ACK (established), so
they are no scan evidence. Syslog: UFW BLOCK lines (RFC 3164 framing) from 610 sources to random
ports of the devices: 10 persistent scanners in test-database ranges send 30 % of the lines, the
other 70 % are background radiation from 600 addresses. Pacing catches up after a stall, so the
offered average stays at the rate; counters go to the --status JSON file every second.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import socket
import struct
import time
from collections import Counter
from pathlib import Path

RECORDS_PER_DATAGRAM = 30
TEMPLATE_EVERY = 20
TEMPLATE_ID = 256
# (field type, length) of RFC 3954 section 8, in the order RECORD packs them: IPV4_SRC_ADDR,
# IPV4_DST_ADDR, L4_SRC_PORT, L4_DST_PORT, PROTOCOL, TCP_FLAGS, IN_BYTES, IN_PKTS, FIRST_SWITCHED,
# LAST_SWITCHED, INPUT_SNMP, OUTPUT_SNMP.
FIELDS = ((8, 4), (12, 4), (7, 2), (11, 2), (4, 1), (6, 1), (1, 4), (2, 4), (22, 4), (21, 4),
          (10, 2), (14, 2))  # fmt: skip
RECORD = struct.Struct(">IIHHBBIIIIHH")
HEADER = struct.Struct(">HHIIII")  # version, count, sysUptime, unix secs, sequence, source id
TEMPLATE = struct.pack(f">4H{2 * len(FIELDS)}H", 0, 8 + 4 * len(FIELDS), TEMPLATE_ID, len(FIELDS),
                       *(v for field in FIELDS for v in field))  # fmt: skip
HOME = [f"192.168.1.{i}" for i in range(10, 40)]
ROUTER = "192.168.1.1"
WAN_MAC = "00:11:22:33:44:55:66:77:88:99:aa:bb:08:00"  # netfilter: dst MAC, src MAC, ethertype
# MaxMind test database ranges (tests/data/README.md), so the test database finds countries.
GEO_RANGES = ("81.2.69.160/27", "81.2.69.144/28", "216.160.83.56/29", "50.114.0.0/22",
              "89.160.20.128/25", "175.16.199.0/24", "111.235.160.0/22", "67.43.156.0/24",
              "202.196.224.0/20", "217.65.48.0/29", "74.209.16.0/20")  # fmt: skip
SERVICES = ((6, 443, 60), (6, 80, 8), (17, 443, 15), (17, 53, 12), (17, 123, 3), (6, 8883, 2))
"""(protocol, server port, weight): HTTPS, HTTP, QUIC, DNS (to the router), NTP, MQTT/TLS."""


def ip(text: str) -> int:
    """Return an IPv4 address as an integer."""
    return int.from_bytes(socket.inet_aton(text))


def public_address(rng: random.Random) -> int:
    """Return a random unicast address outside private, shared and documentation space."""
    while True:
        value = rng.randint(ip("1.0.0.0"), ip("223.255.255.255"))
        if value >> 24 not in (10, 100, 127, 169, 172, 192, 198, 203):
            return value


def in_range(rng: random.Random, cidr: str) -> int:
    """Return a random address inside an IPv4 CIDR."""
    net, bits = cidr.split("/")
    return ip(net) + rng.randrange(1 << (32 - int(bits)))


def flow_pool(rng: random.Random, size: int) -> list[tuple[int, ...]]:
    """Return flow records without times: client/server pairs of the home devices."""
    devices = [ip(a) for a in HOME]
    dev_w = [1 / (i + 1) ** 0.8 for i in range(len(devices))]
    dests = [in_range(rng, GEO_RANGES[i % len(GEO_RANGES)]) for i in range(200)]
    dests += [public_address(rng) for _ in range(100)]
    dest_w = [1 / (i + 1) for i in range(len(dests))]
    weights = [s[2] for s in SERVICES]
    pool: list[tuple[int, ...]] = []
    while len(pool) < size:
        dev = rng.choices(devices, dev_w)[0]
        proto, port, _ = rng.choices(SERVICES, weights)[0]
        peer = ip(ROUTER) if port == 53 else rng.choices(dests, dest_w)[0]
        eph = rng.randint(32768, 60999)
        pkts = rng.randint(1, 40) if proto == 17 else rng.randint(4, 400)
        flags = 0x1B if proto == 6 else 0  # FIN|SYN|PSH|ACK: an established connection
        dur = rng.randint(0, 30_000)
        pool.append(
            (dev, peer, eph, port, proto, flags, pkts * rng.randint(60, 300), pkts, dur, 2, 1)
        )
        pool.append(
            (peer, dev, port, eph, proto, flags, pkts * rng.randint(200, 1400), pkts, dur, 1, 2)
        )
    return pool


def datagram(seq: int, uptime: int, flows: list[tuple[int, ...]], template: bool) -> bytes:
    """Build one export packet: header, the template when due, one data flowset."""
    ago = (seq * 7) % 1000  # flows ended up to a second before export
    body = b"".join(
        RECORD.pack(s, d, sp, dp, pr, fl, by, pk, uptime - ago - dur, uptime - ago, i, o)
        for s, d, sp, dp, pr, fl, by, pk, dur, i, o in flows
    )
    data = struct.pack(">HH", TEMPLATE_ID, 4 + len(body)) + body  # 34-byte records x 30: aligned
    head = HEADER.pack(9, len(flows) + template, uptime, int(time.time()), seq, 1)
    return head + (TEMPLATE if template else b"") + data


def syslog_line(rng: random.Random, src: int) -> bytes:
    """Return one UFW BLOCK line from `src` in RFC 3164 framing, as a router relays it."""
    proto = "TCP" if rng.random() < 0.85 else "UDP"
    tail = " WINDOW=1024 RES=0x00 SYN URGP=0" if proto == "TCP" else ""
    stamp = time.strftime("%b %e %H:%M:%S", time.gmtime())
    return (
        f"<4>{stamp} router kernel: [UFW BLOCK] IN=eth0 OUT= MAC={WAN_MAC}"
        f" SRC={socket.inet_ntoa(src.to_bytes(4))} DST={rng.choice(HOME)} LEN=60 TOS=0x00"
        f" PREC=0x00 TTL=50 ID=1 PROTO={proto} SPT={rng.randint(1024, 65535)}"
        f" DPT={rng.randint(1, 65535)}{tail}"
    ).encode()


def send(args: argparse.Namespace) -> None:
    """Offer the flows and syslog lines until --seconds pass or SIGTERM arrives."""
    rng = random.Random(5)
    pool = flow_pool(rng, 60_000)
    scanners = [in_range(rng, GEO_RANGES[i % len(GEO_RANGES)]) for i in range(10)]
    background = [public_address(rng) for _ in range(600)]
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
    stop = [False]
    signal.signal(signal.SIGTERM, lambda *_: stop.__setitem__(0, True))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent, which stops us
    sent = Counter[str]()
    start = time.monotonic()
    next_dgram = next_line = next_status = start
    step, pos = RECORDS_PER_DATAGRAM / args.rate, 0
    while not stop[0] and (now := time.monotonic()) < start + args.seconds:
        while next_dgram <= now:
            seq = sent["datagrams"]
            flows = pool[pos : pos + RECORDS_PER_DATAGRAM]
            pos = (pos + RECORDS_PER_DATAGRAM) % (len(pool) - RECORDS_PER_DATAGRAM)
            packet = datagram(
                seq, 3_600_000 + int((now - start) * 1000), flows, seq % TEMPLATE_EVERY == 0
            )
            sock.sendto(packet, ("127.0.0.1", args.netflow_port))
            sent.update(datagrams=1, flows=len(flows))
            next_dgram += step
        while next_line <= now:
            src = rng.choice(scanners if rng.random() < 0.3 else background)
            sock.sendto(syslog_line(rng, src), ("127.0.0.1", args.syslog_port))
            sent["syslog_lines"] += 1
            next_line += 1 / args.syslog_rate
        if now >= next_status:
            write_status(args.status, sent, now - start)
            next_status += 1
        time.sleep(max(0.0, min(next_dgram, next_line) - time.monotonic()))
    write_status(args.status, sent, time.monotonic() - start)


def write_status(path: Path | None, sent: Counter[str], seconds: float) -> None:
    """Write the counters atomically (the benchmark reads them at any time)."""
    if path is not None:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({**sent, "seconds": round(seconds, 2)}))
        tmp.replace(path)


def main() -> None:
    """Parse the command line and send."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("netflow_port", type=int)
    parser.add_argument("syslog_port", type=int)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--rate", type=int, default=10_000, help="flows per second")
    parser.add_argument("--syslog-rate", type=float, default=20.0, help="lines per second")
    parser.add_argument("--status", type=Path, help="JSON file for the counters")
    send(parser.parse_args())


if __name__ == "__main__":
    main()
