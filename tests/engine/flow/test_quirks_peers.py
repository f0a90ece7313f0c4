"""The quirk handling checked against nfdump 1.7.10 itself: same datagrams, same flows."""

from __future__ import annotations

import asyncio
import socket
import struct
from pathlib import Path

import pytest

from custom_components.netwatch.engine.flow import FlowDecoder

from .oracle import our_flow, unmatched
from .peers import Nfcapd, wait_idle
from .test_quirks import DAY, UPTIME, _yaf_silk, forti_datagram, forti_record

pytestmark = [pytest.mark.peers, pytest.mark.usefixtures("socket_enabled")]


class _Count:
    datagrams = 0


async def _nfdump(datagrams: list[bytes], tmp: Path) -> list[dict[str, object]]:
    """Send datagrams to nfcapd (one exporter) and return nfdump's flows, normalised."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sink:
        sink.bind(("127.0.0.1", 0))
        async with Nfcapd(tmp, sink.getsockname()[1]) as nfcapd:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender:
                for data in datagrams:
                    sender.sendto(data, ("127.0.0.1", nfcapd.port))
                    await asyncio.sleep(0.02)
            await wait_idle(_Count, "datagrams", quiet=0.3)
            return await nfcapd.flows()


def _ours(datagrams: list[bytes]) -> list[dict[str, object]]:
    decoder = FlowDecoder()
    return [our_flow(r) for data in datagrams for r in decoder.decode(data, "127.0.0.1")]


async def test_fortigate_times_equal_nfdump(tmp_path: Path) -> None:
    cases = [
        (UPTIME + 7 * DAY, UPTIME + 7 * DAY + 9_000),  # FortiOS 5.2.1: a week above sysUptime
        (UPTIME + 7 * DAY + 9_000, UPTIME - 5_000),  # the start before the wrap, the end after
        (UPTIME - 60_000, UPTIME - 1_000),  # ordinary
        ((1 << 32) - 5_000, UPTIME - 100),  # a real 32-bit wrap
        (UPTIME + 100, UPTIME + 200),  # just above the header's uptime
    ]
    records = [forti_record(first, last, sport) for sport, (first, last) in enumerate(cases, 1)]
    datagrams = [forti_datagram(records)]
    theirs = await _nfdump(datagrams, tmp_path / "forti")
    left, missing = unmatched(_ours(datagrams), theirs, tolerance_ms=0)
    assert left == []
    assert missing == []


V5_RECORD = struct.Struct("!4s4s4sHHIIIIHHxBBBHHBBH")


def _v5_record(port: int, first: int, last: int) -> bytes:
    src, dst = socket.inet_aton("198.51.100.1"), socket.inet_aton("192.0.2.7")
    return V5_RECORD.pack(src, dst, bytes(4), 1, 2, 3, 300, first, last, port, 443, 0x12, 6,
                          0, 0, 0, 0, 0, 0)  # fmt: skip


async def test_v5_wrap_equals_nfdump(tmp_path: Path) -> None:
    head = struct.pack("!HHIIIIBBH", 5, 2, UPTIME, 1_700_000_000, 0, 1, 0, 0, 0)
    body = _v5_record(1, UPTIME + 7 * DAY, UPTIME + 7 * DAY + 5) + _v5_record(2, 10, 20)
    datagrams = [head + body]
    theirs = await _nfdump(datagrams, tmp_path / "v5")
    left, missing = unmatched(_ours(datagrams), theirs, tolerance_ms=0)
    assert left == []
    assert missing == []


async def test_yaf_flows_equal_nfdump_which_misses_the_flags(tmp_path: Path) -> None:
    """nfdump 1.7.10 ignores YAF's CERT IEs 14/15 (flags 0); every other field is equal."""
    datagrams = [_yaf_silk(194, 17), _yaf_silk(0x02, 0x10)]
    theirs = await _nfdump(datagrams, tmp_path / "yaf")
    ours = _ours(datagrams)
    assert sorted(f["tcp_flags"] for f in ours) == [0x12, 0xD3]
    assert [f["tcp_flags"] for f in theirs] == [0, 0]
    left, missing = unmatched(ours, theirs, tolerance_ms=0, ignore=["tcp_flags"])
    assert left == []
    assert missing == []
