"""Run real exporters (softflowd, pmacctd) into nfcapd, which repeats every datagram to us."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import time
from pathlib import Path
from typing import Any

from tests.helpers import free_port, require_tool

from .oracle import nfdump_flow

DEADLINE = 30.0
"""Upper bound in seconds for any peer to finish (pmacctd needs ~5 s for a capture file)."""


def _bound(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


async def stop(proc: asyncio.subprocess.Process) -> None:
    """Terminate a peer (SIGTERM lets nfcapd flush its file) and reap it; kill if it hangs."""
    if proc.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(proc.wait(), 10)
        except TimeoutError:
            proc.kill()
            await proc.wait()


async def read_to_end_of_capture(log: asyncio.StreamReader) -> None:
    """Wait until pmacctd (`pcap_savefile_wait: true`) says it read the whole capture.

    Waiting for a quiet export alone is not enough on a loaded machine: pmacctd's core hands
    packets to sfprobe in chunks, and a pause of a second is not proof it has read them all.
    """
    while b"finished reading PCAP capture file" not in (line := await log.readline()):
        assert line, "pmacctd ended before reading the whole capture"


class Nfcapd:
    """nfcapd (or sfcapd) on 127.0.0.1 storing into `flowdir`, repeating datagrams to a port."""

    def __init__(self, flowdir: Path, repeat_to: int, tool: str = "nfcapd") -> None:
        self.flowdir = flowdir
        self.repeat_to = repeat_to
        self.tool = tool
        self.port = free_port(tcp=False)  # nfcapd and sfcapd listen on UDP only
        self.proc: asyncio.subprocess.Process | None = None

    async def __aenter__(self) -> Nfcapd:
        self.flowdir.mkdir(parents=True, exist_ok=True)
        # free_port only proposes a port: another test run on the machine can bind it first,
        # and then the collector exits at once. Such an exit is retried on a new port.
        for _attempt in range(3):
            if await self._start():
                return self
            self.port = free_port(tcp=False)  # nfcapd and sfcapd listen on UDP only
        raise RuntimeError(f"{self.tool} exited at start three times (ports taken?)")

    async def _start(self) -> bool:
        """Start the collector; False if it exited before binding, RuntimeError if it hangs."""
        self.proc = await asyncio.create_subprocess_exec(
            require_tool(self.tool), "-b", "127.0.0.1", "-p", str(self.port),
            "-w", str(self.flowdir), "-R", f"127.0.0.1/{self.repeat_to}",
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while not _bound(self.port):
            if self.proc.returncode is not None:
                return False
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.tool} did not bind 127.0.0.1:{self.port} in 30 s")
            await asyncio.sleep(0.02)
        return True

    async def __aexit__(self, *exc: object) -> None:
        if self.proc is not None:
            await stop(self.proc)

    async def flows(self) -> list[dict[str, Any]]:
        """Stop nfcapd and return `nfdump -R flowdir -o json`, normalised."""
        return [nfdump_flow(obj) for obj in await self.raw_flows()]

    async def raw_flows(self) -> list[dict[str, Any]]:
        """Stop the collector and return `nfdump -R flowdir -o json` as printed."""
        if self.proc is not None:
            await stop(self.proc)
        proc = await asyncio.create_subprocess_exec(
            require_tool("nfdump"), "-R", str(self.flowdir), "-o", "json",
            stdout=asyncio.subprocess.PIPE, env={**os.environ, "TZ": "UTC"},
        )  # fmt: skip
        out, _ = await asyncio.wait_for(proc.communicate(), DEADLINE)
        flows: list[dict[str, Any]] = json.loads(out or b"[]")
        return flows


async def run_peer(*argv: str, check: bool = True) -> None:
    """Run an exporter to completion within DEADLINE seconds; fail with its output otherwise."""
    proc = await asyncio.create_subprocess_exec(
        *argv, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    try:
        out, _ = await asyncio.wait_for(proc.communicate(), DEADLINE)
    finally:
        await stop(proc)
    assert proc.returncode == 0 or not check, (argv, out.decode(errors="replace")[-2000:])


async def wait_idle(counter: Any, attr: str, quiet: float = 0.5) -> None:
    """Wait until `counter.attr` stops growing for `quiet` seconds (bounded by DEADLINE)."""
    deadline = time.monotonic() + DEADLINE
    last, since = getattr(counter, attr), time.monotonic()
    while time.monotonic() < deadline:
        await asyncio.sleep(0.05)
        now = getattr(counter, attr)
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
