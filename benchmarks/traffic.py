"""Realistic NetFlow v9 for the whole-path benchmarks: a busy home, optionally under a scan.

Built on recorder_traffic.py's flow pool (30 home devices, busiest first, talking to 300 remote
addresses of which 200 are in the MaxMind test database's ranges, so countries appear; TCP flows
carry ACK, i.e. established). `probes` replaces that share of the records with inbound SYN-only
probes from random public sources to random ports of the home devices: what a scanned router
exports, and the expensive case for the scan detector when no firewall log is configured.
"""

from __future__ import annotations

import random
import struct

import recorder_traffic as rt

FLOWS_PER_DATAGRAM = rt.RECORDS_PER_DATAGRAM
HOME_NETWORKS = ("192.168.0.0/16",)
_SEQUENCE_AT = 12  # v9 header: version, count, sysUptime, unix secs, *sequence*, source id


def home_datagrams(count: int, probes: float = 0.0, seed: int = 7) -> list[bytes]:
    """Return `count` distinct v9 datagrams of 30 records; the first carries the template."""
    rng = random.Random(seed)
    pool = rt.flow_pool(rng, 4000)
    devices = [rt.ip(a) for a in rt.HOME]
    out = []
    for i in range(count):
        flows = []
        for _ in range(FLOWS_PER_DATAGRAM):
            if rng.random() < probes:
                src = rt.public_address(rng)
                flows.append((src, rng.choice(devices), rng.randint(1024, 65535),
                              rng.randint(1, 65535), 6, 0x02, 60, 1, 0, 1, 2))  # fmt: skip
            else:
                flows.append(rng.choice(pool))
        out.append(rt.datagram(i, 100_000 + i, flows, template=i % 20 == 0))
    return out


def with_sequence(datagram: bytes, sequence: int) -> bytes:
    """Return a copy of a v9 datagram with another export sequence number."""
    packet = bytearray(datagram)
    struct.pack_into("!I", packet, _SEQUENCE_AT, sequence & 0xFFFFFFFF)
    return bytes(packet)
