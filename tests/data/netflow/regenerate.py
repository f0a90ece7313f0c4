"""Regenerate the softflowd exports and the nfdump reference decodings in tests/data/netflow.

Runs the real peers (softflowd, nfcapd, nfdump) on 127.0.0.1 inside the test rig:

    scripts/rig run python tests/data/netflow/regenerate.py softflowd OUTDIR
    scripts/rig run python tests/data/netflow/regenerate.py vendor OUTDIR

`softflowd` lets softflowd export softflowd/synthetic.pcap as NetFlow v5, v9 and IPFIX, stores every
UDP payload it sent (OUTDIR/raw_vN/NNNN.bin) and how nfdump decodes them
(OUTDIR/nfdump_oracle_vN.json). `vendor` sends each device's datagrams (templates first) from its
own loopback address to nfcapd and writes nfdump's decoding as OUTDIR/nfdump_oracle.json. Each run
prints how the new files differ from the committed ones: the stored files were made with
softflowd 1.1.0 and nfdump 1.7.1 (Debian 12); newer versions may differ in details (see README.md).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PCAP = HERE / "softflowd" / "synthetic.pcap"
VENDOR = HERE / "vendor"
# The fields the vendor oracle keeps (the rest of nfdump's JSON is collector bookkeeping).
VENDOR_FIELDS = (
    "src4_addr", "dst4_addr", "src6_addr", "dst6_addr", "src_port", "dst_port", "proto",
    "in_packets", "in_bytes", "out_packets", "out_bytes", "sampled", "first", "last",
    "tcp_flags", "icmp_type", "icmp_code",
)  # fmt: skip
GROUP = re.compile(r"^(.*?)_(?:opttpl|tpl|data)")
sys.path.insert(0, str(HERE.parents[2]))  # the project root, for tests.helpers
from tests.helpers import free_port  # noqa: E402


def tool(name: str) -> str:
    """Return the path of a peer program or stop with a hint."""
    path = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
    if path is None:
        sys.exit(f"{name} is missing: run this inside the rig (scripts/rig run python ...)")
    return path


def softflowd_datagrams(version: int, workdir: Path) -> list[bytes]:
    """Run softflowd over the pcap and return the UDP payloads it sent, in order."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.settimeout(2.0)
        port = sock.getsockname()[1]
        argv = [tool("softflowd"), "-r", str(PCAP), "-n", f"127.0.0.1:{port}", "-v", str(version)]
        argv += ["-a", "-6", "-d", "-c", "none", "-p", str(workdir / "softflowd.pid")]
        argv += ["-A", "milli"] if version == 10 else []
        subprocess.run(argv, check=True, capture_output=True, timeout=60)
        datagrams = []
        try:
            while True:
                datagrams.append(sock.recv(65535))
        except TimeoutError:
            pass
    return datagrams


def nfdump_decode(batches: list[tuple[str, list[bytes]]], workdir: Path) -> list[dict[str, Any]]:
    """Send each (source address, datagrams) batch to nfcapd; return `nfdump -o json` flows."""
    flowdir = workdir / "nfcapd"
    flowdir.mkdir()
    port = free_port(tcp=False)  # nfcapd listens on UDP only
    nfcapd = subprocess.Popen(
        [tool("nfcapd"), "-b", "127.0.0.1", "-p", str(port), "-w", str(flowdir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        time.sleep(1.0)  # nfcapd binds its socket after start-up
        for source, datagrams in batches:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
                sock.bind((source, 0))
                for data in datagrams:
                    sock.sendto(data, ("127.0.0.1", port))
                    time.sleep(0.01)
        time.sleep(1.0)
    finally:
        nfcapd.terminate()  # SIGTERM makes nfcapd flush its file
        nfcapd.wait(30)
    out = subprocess.run(
        [tool("nfdump"), "-R", str(flowdir), "-o", "json"],
        check=True, capture_output=True, env={**os.environ, "TZ": "UTC"}, timeout=60,
    ).stdout  # fmt: skip
    flows: list[dict[str, Any]] = json.loads(out or b"[]")
    return flows


def cmd_softflowd(outdir: Path) -> None:
    """Export the pcap with softflowd in each version; store payloads and nfdump's decoding."""
    for version in (5, 9, 10):
        with tempfile.TemporaryDirectory() as tmp:
            datagrams = softflowd_datagrams(version, Path(tmp))
            raw = outdir / f"raw_v{version}"
            raw.mkdir(parents=True, exist_ok=True)
            for index, data in enumerate(datagrams):
                (raw / f"{index:04d}.bin").write_bytes(data)
            flows = nfdump_decode([("127.0.0.1", datagrams)], Path(tmp))
        oracle = outdir / f"nfdump_oracle_v{version}.json"
        oracle.write_text(json.dumps(flows, indent=1) + "\n")
        stored = json.loads((HERE / "softflowd" / oracle.name).read_text())
        print(f"v{version}: {len(datagrams)} datagrams, {len(flows)} flows (stored: {len(stored)})")


def vendor_groups() -> dict[str, list[str]]:
    """Group the vendor datagrams by device; options templates, then templates, then data."""
    groups: dict[str, list[str]] = {}
    for path in sorted(VENDOR.glob("*.dat")):
        match = GROUP.match(path.stem)
        groups.setdefault(match.group(1) if match else path.stem, []).append(path.name)

    def order(name: str) -> tuple[int, str]:
        return (0 if "_opttpl" in name else 1 if "_tpl" in name else 2), name

    return {key: sorted(names, key=order) for key, names in sorted(groups.items())}


def cmd_vendor(outdir: Path) -> None:
    """Decode each device group with nfdump, one loopback source address per group."""
    groups = vendor_groups()
    sources = {key: f"127.0.1.{index + 1}" for index, key in enumerate(groups)}
    batches = [
        (sources[key], [(VENDOR / name).read_bytes() for name in names])
        for key, names in groups.items()
    ]
    with tempfile.TemporaryDirectory() as tmp:
        flows = nfdump_decode(batches, Path(tmp))
    oracle: dict[str, Any] = {}
    for key, names in groups.items():
        mine = [f for f in flows if f.get("ip4_router") == sources[key]]
        kept = [{k: f[k] for k in VENDOR_FIELDS if k in f} for f in mine]
        oracle[key] = {"files_in_order": names, "nfdump_flows": kept}
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / "nfdump_oracle.json").write_text(json.dumps(oracle, indent=1) + "\n")
    stored = json.loads((VENDOR / "nfdump_oracle.json").read_text())
    for key in sorted(set(stored) | set(oracle)):
        old = stored.get(key, {"files_in_order": None, "nfdump_flows": []})
        new = oracle.get(key, {"files_in_order": None, "nfdump_flows": []})
        same = old == new
        print(f"{key}: {len(new['nfdump_flows'])} flows (stored {len(old['nfdump_flows'])})"
              f"{'' if same else '  DIFFERS'}")  # fmt: skip


def main(argv: list[str]) -> int:
    """Dispatch the subcommand."""
    if len(argv) != 2 or argv[0] not in ("softflowd", "vendor"):
        print(__doc__, file=sys.stderr)
        return 2
    (cmd_softflowd if argv[0] == "softflowd" else cmd_vendor)(Path(argv[1]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
