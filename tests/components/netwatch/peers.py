"""Drive the real peers from Home Assistant tests without blocking the event loop."""

from __future__ import annotations

import asyncio

from tests.helpers import require_tool, testdata


def ufw_block(src: str, dst: str, port: int, proto: str = "TCP") -> str:
    """Return a kernel UFW BLOCK line (as UFW logs a dropped inbound probe)."""
    tail = " WINDOW=1024 RES=0x00 SYN URGP=0" if proto == "TCP" else " LEN=28"
    return (
        f"[UFW BLOCK] IN=eth0 OUT= MAC=00:11:22:33:44:55:66:77:88:99:aa:bb:08:00 SRC={src} "
        f"DST={dst} LEN=60 TOS=0x00 PREC=0x00 TTL=50 ID=1 PROTO={proto} SPT=40000 DPT={port}{tail}"
    )


async def run(*argv: str) -> None:
    """Run a peer to completion (60 s at most) and require exit 0."""
    proc = await asyncio.create_subprocess_exec(
        *argv, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 0, (argv, out, err)


async def softflowd_export(port: int, version: str = "9") -> None:
    """Let softflowd export the synthetic test pcap to 127.0.0.1:port (pcap times kept)."""
    pcap = testdata("netflow", "softflowd", "synthetic.pcap")
    await run(
        require_tool("softflowd"), "-r", str(pcap), "-n", f"127.0.0.1:{port}", "-v", version,
        "-a", "-6", "-d", "-c", "none", "-p", f"/tmp/netwatch-test-{port}.pid",
    )  # fmt: skip


async def logger_send(port: int, message: str, *options: str, tag: str = "kernel") -> None:
    """Send one syslog message with util-linux logger (UDP unless options say -T)."""
    transport = () if "-T" in options else ("-d",)
    await run(
        require_tool("logger"), "-n", "127.0.0.1", "-P", str(port), *transport, *options,
        "-t", tag, message,
    )  # fmt: skip
