"""Real exporters send synthetic.pcap's flows to nfcapd, which repeats them to our UdpReceiver.

Our decoder's flows must equal what nfdump stored from the very same datagrams.
"""

from __future__ import annotations

import asyncio
import io
import json
import socket
from pathlib import Path

import pytest

from custom_components.netwatch.engine.addr import NetworkSet
from custom_components.netwatch.engine.flow import FlowDecoder
from custom_components.netwatch.engine.listen.udp import UdpReceiver
from custom_components.netwatch.engine.records import FlowRecord
from custom_components.netwatch.engine.tools.decode_flows import run
from tests.helpers import free_port, require_tool, testdata

from .oracle import cli_flow, nfdump_flow, our_flow, unmatched
from .peers import Nfcapd, run_peer, stop, wait_idle

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
    argv = [require_tool("softflowd"), "-r", str(testdata(*PCAP)), "-n", f"127.0.0.1:{port}"]
    argv += ["-v", str(version), "-a", "-6", "-d", "-c", "none", "-p", str(tmp / "sf.pid")]
    return argv + (["-A", "milli"] if version == 10 else [])


def _pmacctd_argv(version: int, port: int, tmp: Path) -> list[str]:
    conf = tmp / f"pmacctd-{version}.conf"
    conf.write_text(
        "daemonize: false\n"
        f"pcap_savefile: {testdata(*PCAP)}\n"
        "plugins: nfprobe\n"
        f"nfprobe_receiver: 127.0.0.1:{port}\n"
        f"nfprobe_version: {version}\n"
        f"pidfile: {tmp / f'pmacctd-{version}.pid'}\n"
    )
    return [require_tool("pmacctd"), "-f", str(conf)]


async def _export(exporter: str, version: int, tmp: Path) -> None:
    with Collector() as ours:
        async with Nfcapd(tmp / f"nfcapd-{exporter}-{version}", ours.receiver.bound_port) as nfcapd:
            if exporter == "softflowd":
                await run_peer(*_softflowd_argv(version, nfcapd.port, tmp))
            else:
                # pmacctd 1.7.8's core sometimes sees its plugin finish first and exits 1 ("no
                # more plugins active") after a complete export: judge it by the flows instead.
                await run_peer(*_pmacctd_argv(version, nfcapd.port, tmp), check=False)
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


async def test_cli_reads_a_tcpdump_capture(tmp_path: Path) -> None:
    """tcpdump captures softflowd's v9 export on loopback; decode-flows reads the pcap."""
    capture, port = tmp_path / "export.pcap", free_port(tcp=False)
    argv = ["-i", "lo", "--immediate-mode", "-U", "-w", str(capture), "udp", "port", str(port)]
    tcpdump = await asyncio.create_subprocess_exec(
        require_tool("tcpdump"), *argv, stderr=asyncio.subprocess.PIPE
    )
    try:
        assert tcpdump.stderr is not None
        line = await asyncio.wait_for(tcpdump.stderr.readline(), 10)
        assert b"listening on" in line
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sink:  # so no ICMP errors
            sink.bind(("127.0.0.1", port))
            await run_peer(*_softflowd_argv(9, port, tmp_path))
            await asyncio.sleep(0.3)
    finally:
        await stop(tcpdump)
    out, err = io.StringIO(), io.StringIO()
    assert run([capture], None, out, err) == 0
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    assert {x["exporter"] for x in lines} == {"127.0.0.1"}
    oracle = json.loads(testdata("netflow", "softflowd", "nfdump_oracle_v9.json").read_text())
    left, missing = unmatched([cli_flow(x) for x in lines], [nfdump_flow(o) for o in oracle])
    assert left == []
    assert missing == []
