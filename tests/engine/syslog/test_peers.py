"""Real senders on 127.0.0.1: logger, loggen and a syslog-ng relay, over UDP and TCP.

Every transport variant of a fixture line must give the event the line gives when parsed directly
(`IDENTITY_KEYS`: vendor, verdict, direction, protocol, addresses, ports, ICMP, interface, rule,
MAC, extra). Header time and host are the transport's: logger writes its own, a relay keeps the
original host or puts the sender's address where there was none.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from custom_components.netwatch.engine.addr import NetworkSet
from custom_components.netwatch.engine.listen import SyslogTcpServer
from custom_components.netwatch.engine.listen.udp import UdpReceiver
from custom_components.netwatch.engine.records import FirewallEvent
from custom_components.netwatch.engine.syslog import SyslogParser
from custom_components.netwatch.engine.syslog.header import HeaderParser
from tests.helpers import free_port, require_tool

from .cases import Case, all_cases, identity, wait_until

pytestmark = pytest.mark.peers

LOOPBACK = NetworkSet.from_cidrs(["127.0.0.0/8"])
CASES = [c for c in all_cases() if c.is_event]


class Sink:
    """A UDP receiver and a TCP server on free ports, each feeding its own parser."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.parser = SyslogParser()
        self.events: list[FirewallEvent] = []
        self.udp = UdpReceiver(name, "127.0.0.1", 0, self._datagram, LOOPBACK)
        self.tcp = SyslogTcpServer("127.0.0.1", 0, self._message, LOOPBACK)

    def _datagram(self, data: bytes, sender: str) -> None:
        self.events.extend(self.parser.parse_datagram(data, sender))

    def _message(self, data: bytes, sender: str) -> None:
        event = self.parser.parse(data, sender)
        if event is not None:
            self.events.append(event)

    async def start(self) -> None:
        self.udp.start(asyncio.get_running_loop())
        await self.tcp.start()

    async def stop(self) -> None:
        self.udp.stop()
        await self.tcp.stop()

    async def take(self, count: int, within: float = 15.0) -> list[FirewallEvent]:
        """Wait until `count` events arrived (or fail), then hand them over."""
        try:
            await wait_until(lambda: len(self.events) >= count, within)
        except TimeoutError:
            stats = self.parser.stats.as_dict()
            pytest.fail(f"{self.name}: {len(self.events)} of {count} events; parser {stats}")
        await asyncio.sleep(0.1)  # anything beyond `count` would be a duplicate: let it show
        events, self.events = self.events, []
        return events


@pytest.fixture
async def sink(socket_enabled: None) -> AsyncIterator[Sink]:
    s = Sink("peers")
    await s.start()
    yield s
    await s.stop()


def direct(case: Case) -> FirewallEvent:
    event = SyslogParser().parse(case.line.encode(), "127.0.0.1")
    assert event is not None
    return event


def keys(events: list[FirewallEvent]) -> list[str]:
    return sorted(json.dumps(identity(e), sort_keys=True) for e in events)


async def run(*argv: str, stdin: bytes | None = None) -> None:
    proc = await asyncio.create_subprocess_exec(
        *argv,
        stdin=asyncio.subprocess.PIPE if stdin is not None else None,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(stdin), 60)
    assert proc.returncode == 0, (argv, out, err)


LOGGER_VARIANTS: dict[str, tuple[str, ...]] = {
    "udp-rfc3164": ("-d", "--rfc3164"),
    "udp-rfc5424": ("-d", "--rfc5424"),
    "tcp-rfc3164-lf": ("-T", "--rfc3164"),
    "tcp-rfc5424-lf": ("-T", "--rfc5424"),
    "tcp-rfc5424-octet-count": ("-T", "--rfc5424", "--octet-count"),
}


@pytest.mark.parametrize("variant", LOGGER_VARIANTS)
async def test_logger_variants_parse_like_the_direct_line(
    sink: Sink, variant: str, tmp_path: Path
) -> None:
    """logger re-sends each fixture message under its tag; the event must not change."""
    logger = require_tool("logger")
    flags = LOGGER_VARIANTS[variant]
    port = sink.tcp.bound_port if "-T" in flags else sink.udp.bound_port
    header = HeaderParser()
    by_tag: dict[str, list[bytes]] = {}
    for case in CASES:
        msg = header.parse(case.line.encode(), 0.0)
        by_tag.setdefault(msg.app.decode() or "netwatch-test", []).append(msg.body)
    for tag, bodies in by_tag.items():
        path = tmp_path / f"{variant}-{len(bodies)}.txt"
        path.write_bytes(b"\n".join(bodies) + b"\n")
        # logger splits messages over 1 KiB by default; Sophos and FortiGate lines reach 1.6 KiB.
        options = (*flags, "--size", "8192", "-t", tag, "-f", str(path))
        await run(logger, "-n", "127.0.0.1", "-P", str(port), *options)
    events = await sink.take(len(CASES))
    assert keys(events) == keys([direct(c) for c in CASES])
    assert sink.parser.stats.unparsed == {}
    # logger writes its own host name; a device name inside the message (Meraki, Sophos,
    # FortiGate, a relayed filterlog header) wins.
    in_message = {
        d.host
        for c in CASES
        if (d := direct(c)).host and d.host.encode() in header.parse(c.line.encode(), 0.0).body
    }
    hostnames = {e.host for e in events}
    assert os.uname().nodename in hostnames
    assert hostnames <= in_message | {os.uname().nodename}


async def test_loggen_load_over_udp_and_tcp_is_lossless(sink: Sink, tmp_path: Path) -> None:
    """loggen replays the fixture lines verbatim: 20,000 over UDP and 20,000 over TCP.

    UDP runs at 2,500/s because loggen sends its first second's worth at full speed (measured:
    1,000 datagrams in 8 ms), which the kernel buffer must absorb (~8,000 datagrams of 200 bytes,
    fewer of the 0.9-1.6 KiB Sophos, FortiGate and Palo Alto lines) while
    other jobs share the two cores; benchmarks/syslog_ingest.py measures higher rates.
    """
    loggen = require_tool("loggen")
    path = tmp_path / "lines.log"
    path.write_text("".join(c.line + "\n" for c in CASES))
    count = 20_000
    common = ("-R", str(path), "-d", "-l", "-Q", "-n", str(count))
    await run(loggen, "-i", "-D", *common, "-r", "2500", "127.0.0.1", str(sink.udp.bound_port))
    events = await sink.take(count, within=30)
    assert len(events) == count
    assert sink.udp.stats.datagrams == count
    await run(loggen, "-i", "-S", *common, "-r", "20000", "127.0.0.1", str(sink.tcp.bound_port))
    events = await sink.take(count, within=30)
    assert len(events) == count
    assert sink.tcp.stats.messages == count
    stats = sink.parser.stats
    assert stats.unparsed == {}
    assert stats.events == 2 * count
    assert set(stats.parsed) == {c.expect["vendor"] for c in CASES}


SYSLOG_NG_CONF = """@version: 4.12
options {{ keep-hostname(yes); keep-timestamp(yes); use-dns(no); stats(freq(0)); }};
source s_bsd {{ network(ip(127.0.0.1) port({bsd_in}) transport(udp)); }};
source s_ietf {{ syslog(ip(127.0.0.1) port({ietf_in}) transport(udp)); }};
destination d_bsd_udp {{ network("127.0.0.1" port({bsd_udp}) transport(udp)); }};
destination d_bsd_tcp {{ network("127.0.0.1" port({bsd_tcp}) transport(tcp)); }};
destination d_ietf_udp {{ syslog("127.0.0.1" port({ietf_udp}) transport(udp)); }};
destination d_ietf_tcp {{ syslog("127.0.0.1" port({ietf_tcp}) transport(tcp)); }};
log {{
  source(s_bsd); source(s_ietf);
  destination(d_bsd_udp); destination(d_bsd_tcp); destination(d_ietf_udp); destination(d_ietf_tcp);
}};
"""
RFC5424_LINE = re.compile(rb"<\d{1,3}>1 \d{4}-")
CSV_AFTER_TIME = re.compile(r"[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d (\d*,[^ ]*)")
FORWARD_FORMATS = ("bsd_udp", "bsd_tcp", "ietf_udp", "ietf_tcp")


@pytest.fixture
async def relay(socket_enabled: None, tmp_path: Path) -> AsyncIterator[dict[str, Any]]:
    """Start syslog-ng as an unprivileged foreground relay with its own files in tmp_path."""
    syslog_ng = require_tool("syslog-ng")
    sinks = {name: Sink(name) for name in FORWARD_FORMATS}
    for sink in sinks.values():
        await sink.start()
    ports = {"bsd_in": free_port(tcp=False), "ietf_in": free_port(tcp=False)}  # udp() sources
    for name, sink in sinks.items():
        ports[name] = sink.udp.bound_port if name.endswith("udp") else sink.tcp.bound_port
    conf = tmp_path / "syslog-ng.conf"
    conf.write_text(SYSLOG_NG_CONF.format(**ports))
    pidfile = tmp_path / "syslog-ng.pid"
    proc = await asyncio.create_subprocess_exec(
        syslog_ng, "-F", "--no-caps", "-f", str(conf), "-R", str(tmp_path / "persist"),
        "-p", str(pidfile), "-c", str(tmp_path / "ctl"),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    tcp_sinks = [sinks["bsd_tcp"], sinks["ietf_tcp"]]
    try:
        async with asyncio.timeout(15):  # ready: pid file written and both TCP peers connected
            while not pidfile.exists() or sum(s.tcp.stats.connections for s in tcp_sinks) < 2:
                assert proc.returncode is None, "syslog-ng exited"
                await asyncio.sleep(0.05)
        yield {"sinks": sinks, "ports": ports}
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
            await asyncio.wait_for(proc.wait(), 15)
        for sink in sinks.values():
            await sink.stop()


async def test_syslog_ng_relay_forward_formats(relay: dict[str, Any]) -> None:
    """syslog-ng relays each line as BSD and IETF (RFC 5424), over UDP and TCP (octet-counted)."""
    ports = relay["ports"]
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as out:
        for case in CASES:
            line = case.line.encode()
            source = "ietf_in" if RFC5424_LINE.match(line) else "bsd_in"
            out.sendto(line, ("127.0.0.1", ports[source]))
            await asyncio.sleep(0.002)
    expected = keys([direct(c) for c in CASES])
    # The relay keeps a host name and puts the sender's address where the line had none, except
    # after a BSD time followed by a CSV (PAN-OS without a host): syslog-ng takes the first CSV
    # field for a host name; netwatch reads none there in BSD, the relay's in RFC 5424. A host
    # without a time before it (`fw1 filterlog[1]: ...`) is the program name to syslog-ng.
    hosts: dict[str, set[str]] = {}
    header = HeaderParser()
    for case in CASES:
        event = direct(case)
        csv_host = CSV_AFTER_TIME.match(case.line)
        allowed = {event.host} if event.host else {"127.0.0.1"}
        if csv_host is not None:
            allowed = {"", csv_host.group(1)}
        elif header.parse(case.line.encode(), 0.0).timestamp is None and event.host:
            allowed.add("127.0.0.1")
        hosts[json.dumps(identity(event), sort_keys=True)] = allowed
    sinks: dict[str, Sink] = relay["sinks"]
    for name, sink in sinks.items():
        events = await sink.take(len(CASES))
        assert keys(events) == expected, name
        for event in events:
            assert event.host in hosts[json.dumps(identity(event), sort_keys=True)], name
        assert sink.parser.stats.unparsed == {}, name
    assert sinks["bsd_tcp"].tcp.stats.framing.lf_framed == len(CASES)
    assert sinks["ietf_tcp"].tcp.stats.framing.octet_counted == len(CASES)
