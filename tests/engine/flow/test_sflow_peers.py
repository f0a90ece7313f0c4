"""pmacctd's sfprobe exports pcaps as sFlow v5 to sfcapd, which repeats every datagram to us.

Our records must equal what sfcapd stored from the very same datagrams, field by field, with the
counters scaled by the sampling rate; every packet of the capture must show up; the counter
samples pmacctd sends must agree with the flow samples it sent.

pmacctd is run with `pcap_savefile_wait` and stopped with SIGTERM once the export is idle:
without it pmacctd exits before sending its last, partly filled datagram (the last packets of
a capture would be missing on both sides). Its counter poller runs every 20 s: the counter test
keeps pmacctd running that long (marked slow).
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from pathlib import Path

import pytest

from custom_components.netwatch.engine.addr import addr_to_str
from custom_components.netwatch.engine.flow.sflow import SFLOW_VERSION
from custom_components.netwatch.engine.records import FlowRecord
from tests.helpers import require_tool
from tests.helpers import testdata as shared

from .capture import pcap
from .frames import arp, ethernet, icmp, ipv4, ipv6, snap, tcp, udp
from .oracle import unmatched
from .peers import DEADLINE, Nfcapd, read_to_end_of_capture, stop, wait_idle
from .sflow_oracle import has_address, nfdump_sflow, our_sflow
from .test_live import Collector

pytestmark = [pytest.mark.peers, pytest.mark.usefixtures("socket_enabled")]
SYNTHETIC = ("netflow", "softflowd", "synthetic.pcap")

# (frame, expected (protocol, src port, dst port, ICMP type)); None: pmacctd does not export it.
_HOP = (0, b"\x01\x04\0\0\0\0")
RICH: list[tuple[bytes, tuple[int, int, int, int] | None]] = [
    (ethernet(ipv4("203.0.113.9", "192.0.2.10", 6, tcp(51515, 22, 0x02), tos=0xB8), 0x0800),
     (6, 51515, 22, -1)),
    (ethernet(ipv4("198.51.100.7", "192.0.2.10", 17, udp(5353, 53, b"q" * 30)), 0x0800,
              tags=[(0x8100, 100)]), (17, 5353, 53, -1)),
    (ethernet(ipv4("198.51.100.8", "192.0.2.10", 17, udp(4000, 123)), 0x0800,
              tags=[(0x88A8, 200), (0x8100, 300)]), (17, 4000, 123, -1)),
    (ethernet(ipv4("198.51.100.9", "192.0.2.10", 6, tcp(443, 40000, 0x18, b"x" * 1400)), 0x0800),
     (6, 443, 40000, -1)),
    (ethernet(ipv4("198.51.100.10", "192.0.2.10", 17, udp(1, 2), options=b"\x01\x01\x01\0"),
              0x0800), (17, 1, 2, -1)),
    (ethernet(ipv4("198.51.100.11", "192.0.2.10", 17, b"\xab" * 24, frag=0x2000 | 100), 0x0800),
     (17, 0, 0, -1)),
    (ethernet(ipv4("202.196.224.5", "192.0.2.10", 1, icmp(3, 3)), 0x0800), (1, 0, 0, 3)),
    (ethernet(ipv6("2001:218::1", "2001:db8::10", 17, udp(50000, 443), extensions=[_HOP]),
              0x86DD), (17, 50000, 443, -1)),
    (ethernet(ipv6("2001:218::1", "2001:db8::10", 6, tcp(50001, 22, 0x02), tclass=0x20),
              0x86DD, tags=[(0x8100, 5)]), (6, 50001, 22, -1)),
    (ethernet(ipv6("2001:218::2", "2001:db8::10", 58, icmp(128, 0)), 0x86DD), (58, 0, 0, 128)),
    # pmacctd's core passes only Ethernet II frames carrying IP to its plugins: these two never
    # reach sfprobe (the unit tests cover them with hand-built samples).
    (snap(ipv4("198.51.100.12", "192.0.2.10", 6, tcp(7, 8, 0x01))), None),
    (arp(), None),
]  # fmt: skip


def _pmacctd_conf(pcap_file: Path, port: int, tmp: Path, sampling: str, name: str) -> Path:
    conf = tmp / f"pmacctd-{name}.conf"
    conf.write_text(
        "daemonize: false\n"
        f"pcap_savefile: {pcap_file}\n"
        "pcap_savefile_wait: true\n"
        "plugins: sfprobe\n"
        f"sfprobe_receiver: 127.0.0.1:{port}\n"
        "sfprobe_agentip: 127.0.0.1\n"
        "sfprobe_agentsubid: 1402\n"
        f"pidfile: {tmp / f'pmacctd-{name}.pid'}\n" + sampling
    )
    return conf


async def _wait_first(collector: Collector) -> None:
    deadline = time.monotonic() + DEADLINE
    while collector.receiver.stats.datagrams == 0:
        assert time.monotonic() < deadline, "pmacctd sent no sFlow datagram"
        await asyncio.sleep(0.05)


async def _export(
    pcap_file: Path, tmp: Path, sampling: str, name: str, run_for: float = 0.0
) -> tuple[Collector, list[dict[str, object]]]:
    """Run pmacctd -> sfcapd -> us (at least `run_for` s); return ours and sfcapd's records."""
    with Collector() as ours:
        async with Nfcapd(tmp / f"sfcapd-{name}", ours.receiver.bound_port, "sfcapd") as sfcapd:
            conf = _pmacctd_conf(pcap_file, sfcapd.port, tmp, sampling, name)
            proc = await asyncio.create_subprocess_exec(
                require_tool("pmacctd"), "-f", str(conf),
                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
            )  # fmt: skip
            started = time.monotonic()
            assert proc.stderr is not None
            try:
                await asyncio.wait_for(read_to_end_of_capture(proc.stderr), DEADLINE)
                drained = asyncio.get_running_loop().create_task(proc.stderr.read())
                await _wait_first(ours)
                await wait_idle(ours.receiver.stats, "datagrams", quiet=1.0)
                await asyncio.sleep(max(0.0, started + run_for - time.monotonic()))
            finally:
                await stop(proc)  # SIGTERM: the core's last chunk and datagram follow
            # The sfprobe plugin is a child that outlives the core and shares its stderr: the
            # log's end is the end of the export.
            await asyncio.wait_for(drained, DEADLINE)
            await wait_idle(ours.receiver.stats, "datagrams")
            theirs = await sfcapd.raw_flows()
        assert ours.receiver.stats.kernel_drops == 0
    return ours, theirs


def _check_equal(ours: Collector, theirs: list[dict[str, object]], rate: int) -> None:
    records = ours.records
    stats = ours.decoder.stats
    assert records, "no sFlow records decoded"
    assert stats.malformed_total == 0
    assert {r.version for r in records} == {SFLOW_VERSION}
    ip_theirs = [nfdump_sflow(obj) for obj in theirs if has_address(obj)]
    assert stats.sflow.non_ip == len(theirs) - len(ip_theirs)
    # sfcapd stamps its arrival time; ours is the arrival of its repeat, a little later.
    left, missing = unmatched([our_sflow(r) for r in records], ip_theirs, tolerance_ms=2000)
    assert left == []
    assert missing == []
    assert {(r.packets, r.sampling_interval) for r in records} == {(rate, rate)}
    assert all(r.bytes % rate == 0 and r.bytes > 0 for r in records)


def _ip_frames(capture: Path) -> int:
    """Ethernet frames carrying IPv4 or IPv6 in a classic little-endian pcap (VLAN tags skipped)."""
    data = capture.read_bytes()
    assert data[:4] == b"\xd4\xc3\xb2\xa1"
    count, offset = 0, 24
    while offset < len(data):
        length = int.from_bytes(data[offset + 8 : offset + 12], "little")
        frame = data[offset + 16 : offset + 16 + length]
        kind = 12
        while frame[kind : kind + 2] in (b"\x81\x00", b"\x88\xa8"):
            kind += 4
        count += frame[kind : kind + 2] in (b"\x08\x00", b"\x86\xdd")
        offset += 16 + length
    return count


def _seen(records: list[FlowRecord]) -> set[tuple[int, int, int, int]]:
    return {(r.protocol, r.src_port, r.dst_port, r.icmp_type) for r in records}


@pytest.mark.parametrize(("sampling", "rate"), [("", 1), ("pmacctd_ext_sampling_rate: 10\n", 10)])
async def test_synthetic_pcap(sampling: str, rate: int, tmp_path: Path) -> None:
    ours, theirs = await _export(shared(*SYNTHETIC), tmp_path, sampling, f"synthetic-{rate}")
    _check_equal(ours, theirs, rate)
    # Every IP packet of the capture was exported. At SIGTERM pmacctd hands part of its last
    # chunk to sfprobe a second time (171 samples for 125 packets here, sfcapd agrees): more
    # samples than packets is the peer's doing, fewer would be a loss.
    assert len(ours.records) >= _ip_frames(shared(*SYNTHETIC))
    assert Counter(r.ip_version for r in ours.records)[6] >= 3
    assert (1, 0, 0, 8) in _seen(ours.records)  # the ICMP echo requests, type from the wire
    scanner = [r for r in ours.records if addr_to_str(r.ip_version, r.src_addr) == "67.43.156.7"]
    scan = {r.dst_port for r in scanner}
    assert scan == set(range(20, 80))


async def test_vlan_ipv6_icmp_and_fragments(tmp_path: Path) -> None:
    capture = tmp_path / "rich.pcap"
    capture.write_bytes(pcap(frame for frame, _facts in RICH))
    ours, theirs = await _export(capture, tmp_path, "pmacctd_ext_sampling_rate: 4\n", "rich")
    _check_equal(ours, theirs, 4)
    expected = {facts for _frame, facts in RICH if facts is not None}
    assert _seen(ours.records) == expected
    # The tagged frames' VLANs (innermost tag of the QinQ one), as sfcapd read them too.
    assert {r.src_vlan for r in ours.records} == {0, 100, 300, 5}


@pytest.mark.slow
async def test_counter_samples(tmp_path: Path) -> None:
    """pmacctd's interface counters count the packets and bytes it sampled (unscaled)."""
    ours, theirs = await _export(shared(*SYNTHETIC), tmp_path, "", "counters", run_for=22)
    _check_equal(ours, theirs, 1)
    agents = ours.decoder.stats.sflow.agents
    assert list(agents) == ["127.0.0.1/1402"]  # sfprobe_agentip / sfprobe_agentsubid
    counters = list(agents["127.0.0.1/1402"].interfaces.values())
    assert len(counters) == 1
    # sfprobe polls its counters while it works through the core's last chunk (sent at SIGTERM):
    # they count the samples it had taken by then, the first `sampled` of the stream.
    sampled = counters[0].in_packets
    assert 0 < sampled <= len(ours.records)
    # A flow sample's frame_length counts the 4-byte FCS (sFlow v5 `sampled_header`); pmacctd's
    # ifInOctets counts the captured frames without it.
    assert counters[0].in_octets == sum(r.bytes - 4 for r in ours.records[:sampled])
    assert counters[0].speed == 100_000_000  # sfprobe_ifspeed's default
