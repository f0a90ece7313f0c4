"""Real exporters send synthetic.pcap's flows to nfcapd, which repeats them to our UdpReceiver.

Our decoder's flows must equal what nfdump stored from the very same datagrams.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from custom_components.netwatch.engine.addr import NetworkSet
from custom_components.netwatch.engine.flow import FlowDecoder
from custom_components.netwatch.engine.receiver import UdpReceiver
from custom_components.netwatch.engine.records import FlowRecord
from tests.helpers import require_tool
from tests.helpers import testdata as shared

from .oracle import our_flow, unmatched
from .peers import Nfcapd, run_peer, wait_idle

pytestmark = [pytest.mark.peers, pytest.mark.usefixtures("socket_enabled")]
PCAP = ("netflow", "softflowd", "synthetic.pcap")


class Collector:
    """Our side: UdpReceiver on 127.0.0.1 feeding a FlowDecoder."""

    def __init__(self) -> None:
        self.decoder = FlowDecoder()
        self.records: list[FlowRecord] = []
        self.receiver = UdpReceiver(
            "netflow", "127.0.0.1", 0, self._handle, NetworkSet.from_cidrs(["127.0.0.0/8"])
        )

    def _handle(self, data: bytes, sender: str) -> None:
        self.records.extend(self.decoder.decode(data, sender))

    def __enter__(self) -> Collector:
        self.receiver.start(asyncio.get_running_loop())
        return self

    def __exit__(self, *exc: object) -> None:
        self.receiver.stop()


def _softflowd_argv(version: int, port: int, tmp: Path) -> list[str]:
    argv = [require_tool("softflowd"), "-r", str(shared(*PCAP)), "-n", f"127.0.0.1:{port}"]
    argv += ["-v", str(version), "-a", "-6", "-d", "-c", "none", "-p", str(tmp / "sf.pid")]
    return argv + (["-A", "milli"] if version == 10 else [])


def _pmacctd_argv(version: int, port: int, tmp: Path) -> list[str]:
    conf = tmp / f"pmacctd-{version}.conf"
    conf.write_text(
        "daemonize: false\n"
        f"pcap_savefile: {shared(*PCAP)}\n"
        "plugins: nfprobe\n"
        f"nfprobe_receiver: 127.0.0.1:{port}\n"
        f"nfprobe_version: {version}\n"
        f"pidfile: {tmp / f'pmacctd-{version}.pid'}\n"
    )
    return [require_tool("pmacctd"), "-f", str(conf)]


async def _export(exporter: str, version: int, tmp: Path) -> None:
    with Collector() as ours:
        async with Nfcapd(tmp / f"nfcapd-{exporter}-{version}", ours.receiver.bound_port) as nfcapd:
            make = _softflowd_argv if exporter == "softflowd" else _pmacctd_argv
            await run_peer(*make(version, nfcapd.port, tmp))
            await wait_idle(ours.receiver.stats, "datagrams")
            theirs = await nfcapd.flows()
        health = ours.decoder.stats
        assert ours.receiver.stats.datagrams > 0
        assert ours.receiver.stats.kernel_drops == 0
    assert theirs, "nfdump stored no flows"
    assert health.malformed_total == 0
    assert health.pending == 0
    left, missing = unmatched([our_flow(r) for r in ours.records], theirs, tolerance_ms=1)
    assert left == []
    assert missing == []
    assert {r.version for r in ours.records} == {version}


@pytest.mark.parametrize("version", [5, 9, 10])
async def test_softflowd(version: int, tmp_path: Path) -> None:
    await _export("softflowd", version, tmp_path)


@pytest.mark.slow
async def test_pmacctd_nfprobe(tmp_path: Path) -> None:
    """pmacctd needs ~5 s per capture file, so its three versions run side by side."""
    async with asyncio.TaskGroup() as group:
        for version in (5, 9, 10):
            group.create_task(_export("pmacctd", version, tmp_path))
