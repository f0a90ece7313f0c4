"""Give the demo a day of history: 24 h of flows and firewall verdicts through the real engine.

A fresh demo has minutes of data, but the card's 24 h panels (and its load time) matter with a
full day. `build_state` feeds netwatch's own Aggregator, on a fake clock stepping one minute at a
time from 24 h ago to now, with: the shared softflowd export (decoded by the engine's FlowDecoder),
replayed now and then as the live demo does; synthetic home devices with daily habits (people by
day and in the evening, a TV in the evening, a NAS backing up at night, a thermostat all day); and
denied scans from the MaxMind test ranges (steady background plus a few bursts) with some allowed
and rejected lines. The GeoIP database gives the countries. `write_store` writes the result in
Home Assistant's Store format where the entry's store reads it; scripts/demo_run.py disables the
entry around that write (its unload would overwrite the file otherwise).

Run alone to see what it makes (inside the rig):
    scripts/rig run python scripts/demo_seed.py [--geoip DB] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from ipaddress import ip_address, ip_network
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from custom_components.netwatch.const import DOMAIN, STORAGE_VERSION  # noqa: E402
from custom_components.netwatch.engine.addr import NetworkSet  # noqa: E402
from custom_components.netwatch.engine.aggregate import Aggregator  # noqa: E402
from custom_components.netwatch.engine.enrich.geoip import GeoIP  # noqa: E402
from custom_components.netwatch.engine.flow import FlowDecoder  # noqa: E402
from custom_components.netwatch.engine.records import (  # noqa: E402
    Direction,
    FirewallEvent,
    FlowRecord,
    Verdict,
)

CACHE = Path(os.environ.get("NETWATCH_CACHE", Path.home() / ".cache" / "netwatch"))
DATA = PROJECT / "tests" / "data"
RAW_V9 = DATA / "netflow" / "softflowd" / "raw_v9"
TEST_GEOIP = DATA / "geoip" / "GeoIP2-Country-Test.mmdb"
WAN_HOST = "192.0.2.10"  # the shared pcap's server: the firewall lines' target, as in the live demo
TCP, UDP = 6, 17
SCAN_RATE = 45.0
"""Denied inbound attempts per minute in the background, near what the live demo sends (~60-80)."""

# Relative activity per hour of the (UTC, the demo's time zone) day.
PEOPLE = (1, 1, 1, 1, 1, 3, 12, 30, 35, 22, 18, 20, 28, 24, 20, 22, 30, 55, 75, 90, 100, 90, 55, 15)
EVENING = (1, 0, 0, 0, 0, 0, 0, 2, 3, 2, 2, 3, 5, 4, 4, 6, 15, 35, 70, 95, 100, 85, 40, 8)
NIGHT = (15, 80, 100, 100, 60, 5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2)
ALWAYS = (100,) * 24

# Remote ends: MaxMind test ranges (countries with the test database and with DB-IP) and public
# resolvers (countries with DB-IP only), weighted so the top-10 series differ.
WEB = (
    ("81.2.69.142", 30),
    ("216.160.83.56", 24),
    ("89.160.20.112", 14),
    ("2.125.160.218", 11),
    ("50.114.0.7", 9),
    ("111.235.160.4", 7),
    ("217.65.48.2", 5),
    ("175.16.199.10", 4),
    ("202.196.224.5", 3),
    ("67.43.156.7", 2),
)
WEB6 = (("2001:218::1", 5), ("2001:220::1", 3), ("2001:250::7", 2))
RESOLVERS = (("1.1.1.1", 3), ("8.8.8.8", 2))
# Scan sources: CIDR ranges of the MaxMind test database, weighted.
SCAN_RANGES = (
    ("175.16.199.0/24", 26),
    ("111.235.160.0/22", 14),
    ("67.43.156.0/24", 12),
    ("202.196.224.0/20", 10),
    ("81.2.69.160/27", 9),
    ("216.160.83.56/29", 8),
    ("89.160.20.128/25", 8),
    ("50.114.0.0/22", 6),
    ("217.65.48.0/29", 3),
    ("2001:250::/31", 4),
)
SCAN_PORTS = (
    ((TCP, 23), 30),
    ((TCP, 22), 20),
    ((TCP, 80), 12),
    ((TCP, 3389), 12),
    ((TCP, 8080), 10),
    ((UDP, 53413), 10),
    ((TCP, 445), 3),
    ((UDP, 5060), 2),
    ((TCP, 8443), 1),
)


@dataclass(frozen=True, slots=True)
class Device:
    """A synthetic home device and its habits."""

    address: str
    name: str
    mac: int
    hours: tuple[int, ...]
    peak: float
    """Connections per minute at the device's busiest hour."""
    remotes: tuple[tuple[str, int], ...]
    port: tuple[int, int]
    """(protocol, remote port) of its connections."""
    up: int
    """Typical bytes sent per connection."""
    down: int
    """Typical bytes received per connection."""


DEVICES = (
    Device("192.168.1.20", "laptop", 0x3C22FB4A1020, PEOPLE, 25, WEB, (TCP, 443), 4_000, 180_000),
    Device("192.168.1.21", "phone", 0xA4C3F0551021, PEOPLE, 15, WEB, (TCP, 443), 2_500, 90_000),
    Device(
        "192.168.1.30",
        "living-room-tv",
        0x7C646C301030,
        EVENING,
        6,
        WEB[:3],
        (TCP, 443),
        3_000,
        2_400_000,
    ),
    Device(
        "192.168.1.40",
        "nas",
        0x0011324A1040,
        NIGHT,
        10,
        (("89.160.20.112", 1),),
        (TCP, 22),
        6_000_000,
        40_000,
    ),
    Device(
        "192.168.1.50",
        "thermostat",
        0x18B4301A1050,
        ALWAYS,
        1,
        (("216.160.83.56", 1),),
        (TCP, 8883),
        700,
        400,
    ),
    Device("2001:db8::20", "tablet", 0x5C5F6702D020, EVENING, 5, WEB6, (TCP, 443), 2_000, 150_000),
)


def _ip(text: str) -> tuple[int, int]:
    addr = ip_address(text)
    return addr.version, int(addr)


def _curve(hours: tuple[int, ...], minute_of_day: int) -> float:
    """Return activity 0..1 at a minute of the day, interpolating between the hourly values."""
    hour, frac = divmod(minute_of_day / 60.0, 1.0)
    here, there = hours[int(hour) % 24], hours[(int(hour) + 1) % 24]
    return (here + (there - here) * frac) / max(hours)


def _poisson(rng: random.Random, mean: float) -> int:
    """Draw a Poisson count (Knuth for small means, normal approximation above)."""
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _pick[T](rng: random.Random, weighted: tuple[tuple[T, int], ...]) -> T:
    return rng.choices([item for item, _ in weighted], [w for _, w in weighted])[0]


@cache
def _network(cidr: str) -> tuple[int, int, int]:
    net = ip_network(cidr)
    return net.version, int(net.network_address), min(net.num_addresses, 1 << 16)


def _in_range(rng: random.Random, cidr: str) -> tuple[int, int]:
    version, first, size = _network(cidr)
    return version, first + rng.randrange(1, size)


def shared_export() -> list[FlowRecord]:
    """Decode the shared softflowd NetFlow v9 export of synthetic.pcap (what the demo replays)."""
    decoder = FlowDecoder()
    records: list[FlowRecord] = []
    for path in sorted(RAW_V9.glob("*.bin")):
        records.extend(decoder.decode(path.read_bytes(), "127.0.0.1"))
    return records


class Day:
    """Generate one minute of traffic at a time on a shared fake clock."""

    def __init__(self, rng: random.Random, pcap: list[FlowRecord]) -> None:
        self.rng = rng
        self.pcap = pcap
        self.template = next(r for r in pcap if r.protocol == TCP and r.ip_version == 4)
        self.template6 = next((r for r in pcap if r.ip_version == 6), self.template)
        self.wan = _ip(WAN_HOST)
        self.now_ms = 0
        """The fake clock, UTC epoch ms (set by the caller each minute)."""
        self.bursts: dict[int, tuple[tuple[int, int], tuple[int, int], float]] = {}

    def plan_bursts(self, minutes: int) -> None:
        """Place a few scan sweeps: one source, one port, tens of attempts a minute."""
        rng = self.rng
        for _ in range(7):
            start, length = rng.randrange(minutes), rng.randint(4, 25)
            source = _in_range(rng, _pick(rng, SCAN_RANGES[:-1]))
            port = _pick(rng, SCAN_PORTS)
            for m in range(start, min(minutes, start + length)):
                self.bursts[m] = (source, port, rng.uniform(80, 250))

    def flow(
        self,
        src: tuple[int, int],
        dst: tuple[int, int],
        ports: tuple[int, int, int],
        size: int,
        *,
        src_mac: int = 0,
    ) -> FlowRecord:
        """Build a flow record in softflowd's shape (template from the shared export)."""
        protocol, sport, dport = ports
        base = self.template6 if src[0] == 6 else self.template
        return base._replace(
            src_addr=src[1],
            dst_addr=dst[1],
            src_port=sport,
            dst_port=dport,
            protocol=protocol,
            tcp_flags=0x1B if protocol == TCP else 0,
            bytes=size,
            packets=max(1, size // 1200),
            first=self.now_ms - self.rng.randrange(1000, 60_000),
            last=self.now_ms,
            src_mac=src_mac,
            dst_mac=0,
            icmp_type=-1,
            icmp_code=-1,
        )

    def devices(self, minute_of_day: int) -> tuple[list[FirewallEvent], list[FlowRecord]]:
        """Return the allow lines and both flow directions of the home devices' connections."""
        rng, events, flows = self.rng, [], []
        for dev in DEVICES:
            home = _ip(dev.address)
            count = _poisson(rng, dev.peak * _curve(dev.hours, minute_of_day))
            for _ in range(count):
                remote = _ip(_pick(rng, dev.remotes))
                protocol, rport = dev.port
                sport = rng.randrange(32768, 61000)
                up = int(dev.up * rng.lognormvariate(0, 0.6))
                down = int(dev.down * rng.lognormvariate(0, 0.8))
                if rng.random() < 0.6:  # the pass rule logs new outbound connections (filterlog)
                    ports = (protocol, sport, rport)
                    events.append(
                        self.event("filterlog", Verdict.ALLOW, home, remote, ports, inbound=False)
                    )
                flows.append(self.flow(home, remote, (protocol, sport, rport), up, src_mac=dev.mac))
                flows.append(self.flow(remote, home, (protocol, rport, sport), down))
            # A DNS lookup now and then, logged as allowed by the firewall (filterlog pass out).
            if count and home[0] == 4 and rng.random() < 0.5:
                resolver, sport = _ip(_pick(rng, RESOLVERS)), rng.randrange(1024, 65535)
                events.append(
                    self.event(
                        "filterlog", Verdict.ALLOW, home, resolver, (UDP, sport, 53), inbound=False
                    )
                )
                flows.append(self.flow(home, resolver, (UDP, sport, 53), 70, src_mac=dev.mac))
                flows.append(self.flow(resolver, home, (UDP, 53, sport), 180))
        return events, flows

    def scans(self, minute: int) -> tuple[list[FirewallEvent], list[FlowRecord]]:
        """Return denied inbound attempts (background noise plus bursts) and a few rejects."""
        rng, events, flows = self.rng, [], []
        attempts: list[tuple[tuple[int, int], tuple[int, int]]] = [
            (_in_range(rng, _pick(rng, SCAN_RANGES)), _pick(rng, SCAN_PORTS))
            # Scanners are busy around the clock; let the rate drift slowly so the line is not flat.
            for _ in range(_poisson(rng, SCAN_RATE * (1 + 0.35 * math.sin(minute / 190.0))))
        ]
        if burst := self.bursts.get(minute):
            sweeper, swept, rate = burst
            attempts.extend((sweeper, swept) for _ in range(_poisson(rng, rate)))
        for source, (protocol, port) in attempts:
            target = self.wan if source[0] == 4 else _ip("2001:db8::10")
            sport = rng.randrange(1024, 65535)
            events.append(
                self.event("netfilter", Verdict.DENY, source, target, (protocol, sport, port))
            )
            if rng.random() < 0.3:  # the exporter saw the probe before the firewall dropped it
                flows.append(self.flow(source, target, (protocol, sport, port), 60))
        if rng.random() < 0.02:  # ident probes answered with a reset
            source = _in_range(rng, _pick(rng, SCAN_RANGES[:-1]))
            events.append(
                self.event("netfilter", Verdict.REJECT, source, self.wan, (TCP, 40000, 113))
            )
        if rng.random() < 0.05:  # the NAS's forwarded port, reached from outside
            source = _ip(_pick(rng, WEB[:4]))
            events.append(
                self.event(
                    "netfilter", Verdict.ALLOW, source, _ip("192.168.1.40"), (TCP, 50000, 443)
                )
            )
        return events, flows

    @staticmethod
    def event(
        vendor: str,
        verdict: Verdict,
        src: tuple[int, int],
        dst: tuple[int, int],
        ports: tuple[int, int, int],
        *,
        inbound: bool = True,
    ) -> FirewallEvent:
        """Build a firewall event as the syslog parser would (timestamp set when fed)."""
        protocol, sport, dport = ports
        return FirewallEvent(
            timestamp=0.0,
            sender="127.0.0.1",
            vendor=vendor,
            action=verdict,
            direction=Direction.IN if inbound else Direction.OUT,
            protocol=protocol,
            ip_version=src[0],
            src_addr=src[1],
            src_port=sport,
            dst_addr=dst[1],
            dst_port=dport,
            interface="eth0" if inbound else "igb1",
        )


def build_state(
    home_networks: tuple[str, ...],
    geoip_path: Path | None = None,
    existing: dict[str, Any] | None = None,
    *,
    hours: int = 24,
    seed: int = 2026,
) -> tuple[dict[str, Any], dict[str, int]]:
    """Return (engine state in NetwatchEngine.export_state's shape, counts of what was fed).

    `existing` is the state the entry saved; its counters and flow templates are kept (added).
    """
    now = time.time()
    minutes = hours * 60
    # The minute ring holds buckets current-1439..current: start there, not at now - 24 h exactly.
    start = (now // 60 - minutes + 1) * 60 + 30
    clock = [start]
    geoip = GeoIP.open(geoip_path) if geoip_path else None
    agg = Aggregator(
        home_networks=NetworkSet.from_cidrs(home_networks), geoip=geoip, clock=lambda: clock[0]
    )
    rng = random.Random(seed)
    day = Day(rng, shared_export())
    day.plan_bursts(minutes)
    fed = {"flows": 0, "events": 0}
    for i in range(minutes):
        clock[0] = min(start + 60.0 * i, now)
        day.now_ms = now_ms = int(clock[0] * 1000)
        events, flows = day.scans(i)
        more_events, more_flows = day.devices(int(clock[0] // 60) % 1440)
        events += more_events
        flows += more_flows
        if rng.random() < 0.15:  # the demo's pcap replayed (softflowd), as the live loop does
            flows += [r._replace(first=now_ms - 5000, last=now_ms) for r in day.pcap]
        for event in events:
            event.timestamp = clock[0]
            agg.add_firewall_event(event)
        agg.add_flows(flows)
        fed["flows"] += len(flows)
        fed["events"] += len(events)
    agg.set_device_names({dev.address: dev.name for dev in DEVICES})
    clock[0] = time.time()
    if existing and "aggregator" in existing:
        agg.import_state(existing["aggregator"])
    if geoip is not None:
        geoip.close()
    return {**(existing or {}), "aggregator": agg.export_state()}, fed


def store_key(entry_id: str) -> str:
    """Return the Store key of an entry's saved state (custom_components/netwatch/storage.py)."""
    return f"{DOMAIN}.{entry_id}"


def write_store(config_dir: Path, entry_id: str, state: dict[str, Any]) -> Path:
    """Write `state` as Home Assistant's Store would (helpers/storage.py), atomically, private."""
    key = store_key(entry_id)
    path = config_dir / ".storage" / key
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {"version": STORAGE_VERSION, "minor_version": 1, "key": key, "data": state}
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{key}.")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(body, out, separators=(",", ":"))
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
    return path


def read_store(config_dir: Path, entry_id: str) -> dict[str, Any] | None:
    """Return the state an entry saved, None when there is none (or it is not a Store file)."""
    path = config_dir / ".storage" / store_key(entry_id)
    try:
        data = json.loads(path.read_text(encoding="utf-8")).get("data")
    except OSError, ValueError, AttributeError:
        return None
    return data if isinstance(data, dict) else None


def default_geoip() -> Path:
    """Return the demo's country database, else the MaxMind test database."""
    dbip = CACHE / "geoip" / "dbip-country.mmdb"
    return dbip if dbip.exists() else TEST_GEOIP


def seed_entry(
    config_dir: Path, entry_id: str, home_networks: tuple[str, ...], log: Callable[[str], None]
) -> dict[str, int]:
    """Replace a (disabled) entry's saved state with a day of history plus what it had saved."""
    began = time.monotonic()
    state, fed = build_state(home_networks, default_geoip(), read_store(config_dir, entry_id))
    write_store(config_dir, entry_id, state)
    log(
        f"24 h of history built with the engine in {time.monotonic() - began:.1f} s: "
        f"{fed['flows']:,} flows, {fed['events']:,} firewall events"
    )
    return fed


def main() -> int:
    """Build a day, print what the 24 h panels would show, optionally write the state as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--geoip", type=Path, default=default_geoip())
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    from demo_run import HOME_NETWORKS  # the demo's config flow answers

    began = time.monotonic()
    state, fed = build_state(HOME_NETWORKS, args.geoip)
    took = time.monotonic() - began
    agg = Aggregator(home_networks=NetworkSet.from_cidrs(HOME_NETWORKS))
    agg.import_state(state["aggregator"])
    panels = agg.panels("24h")
    flows = panels["outbound_destinations"]["series"]
    busy = [any(s["counts"][i] for s in flows) for i in range(len(panels["buckets"]))]
    print(
        f"built in {took:.1f} s: {fed['flows']:,} flows, {fed['events']:,} events; 24h panel: "
        f"{sum(busy)}/{len(busy)} minutes with outbound flows, "
        f"{panels['inbound_drops']['total']:,} inbound drops, verdicts {panels['verdicts']}, "
        f"{len(panels['devices'])} devices, countries {panels['denied_by_country'][:5]}"
    )
    if args.out:
        args.out.write_text(json.dumps(state), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
