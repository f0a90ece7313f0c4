"""The adversary suite's senders send what benchmarks/adversary.py says they send.

The suite itself needs a real Home Assistant (minutes); these checks take a few seconds: the good
exporter's NetFlow v9 is read by a real collector (nfcapd/nfdump), and the many-source sender's
datagrams arrive from the claimed 127/8 addresses.
"""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.engine.flow.peers import Nfcapd

TRAFFIC = Path(__file__).resolve().parent.parent / "benchmarks" / "adversary_traffic.py"


def run_sender(kind: str, port: int, status: Path, *args: str) -> dict[str, object]:
    """Run one sender of the suite to completion and return its counters."""
    cmd = [sys.executable, str(TRAFFIC), kind, "--port", str(port), "--status", str(status), *args]
    subprocess.run(cmd, check=True, timeout=30)
    counters: dict[str, object] = json.loads(status.read_text())
    return counters


@pytest.mark.peers
async def test_good_exporter_flows_are_read_by_nfdump(socket_enabled: None, tmp_path: Path) -> None:
    repeat = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)  # nfcapd repeats datagrams here
    repeat.bind(("127.0.0.1", 0))
    async with Nfcapd(tmp_path / "flows", repeat.getsockname()[1]) as nfcapd:
        sent = await asyncio.to_thread(
            run_sender,
            "good_v9",
            nfcapd.port,
            tmp_path / "s.json",
            "--rate",
            "2000",
            "--seconds",
            "1",
            "--src",
            "127.0.2.9",
            "--records",
            "20",
        )
        await asyncio.sleep(0.5)  # nfcapd has stored the last datagram
        flows = await nfcapd.flows()
    repeat.close()
    assert sent["template_datagrams"] == 1
    assert 0 < sent["flows"] <= 2000  # fewer when this machine is too busy to keep the pace
    assert len(flows) == sent["flows"]
    assert {f["src"].rsplit(".", 1)[0] for f in flows} == {"192.168.1"}


def test_many_source_sender_uses_each_address(socket_enabled: None, tmp_path: Path) -> None:
    sink = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sink.bind(("127.0.0.1", 0))
    sink.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    sent = run_sender(
        "junk_senders",
        sink.getsockname()[1],
        tmp_path / "s.json",
        "--rate",
        "400",
        "--seconds",
        "2",
        "--senders",
        "200",
    )
    sink.settimeout(1)
    seen: dict[str, int] = {}
    try:
        while True:
            data, (src, _port) = sink.recvfrom(100)
            assert data == b"\x00\x09\x01"
            seen[src] = seen.get(src, 0) + 1
    except TimeoutError:
        pass
    sink.close()
    assert sum(seen.values()) == sent["datagrams"]
    assert sorted(seen) == sorted(f"127.0.0.{i}" for i in range(2, 202))
