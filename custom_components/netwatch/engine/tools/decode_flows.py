"""`decode-flows [--exporter IP] FILE...`: print the flows of raw datagrams or captures as JSON.

Each FILE is one raw datagram (processed in the order given) or a pcap/pcapng capture whose UDP
payloads are decoded in capture order. One JSON object per flow goes to standard output;
rejected datagrams and their reasons go to standard error. Exit status 0 unless a file cannot
be read.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from ..addr import addr_to_str
from ..flow import FlowDecoder
from ..flow.sflow import SFLOW_MAGIC
from ..records import FlowRecord
from .pcap import CaptureError, is_capture, read_udp

DEFAULT_EXPORTER = "0.0.0.0"
_FLOW_VERSIONS = (5, 9, 10)


def iso_ms(epoch_ms: int) -> str:
    """Format epoch milliseconds as ISO 8601 UTC with milliseconds."""
    try:
        stamp = datetime.fromtimestamp(epoch_ms / 1000, UTC)
    except OverflowError, OSError, ValueError:
        return str(epoch_ms)
    return stamp.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _mac(value: int) -> str | None:
    return ":".join(f"{b:02x}" for b in value.to_bytes(6)) if value else None


def record_json(rec: FlowRecord) -> dict[str, Any]:
    """Return the JSON object printed for one flow."""
    out = rec._asdict()
    out["src_addr"] = addr_to_str(rec.ip_version, rec.src_addr)
    out["dst_addr"] = addr_to_str(rec.ip_version, rec.dst_addr)
    out["first"], out["last"] = iso_ms(rec.first), iso_ms(rec.last)
    out["src_mac"], out["dst_mac"] = _mac(rec.src_mac), _mac(rec.dst_mac)
    version = out.pop("next_hop_version")
    out["next_hop"] = addr_to_str(version, rec.next_hop) if version and rec.next_hop else None
    return out


def _is_flow_export(payload: bytes) -> bool:
    """Tell NetFlow/IPFIX (16-bit version) and sFlow v5 (32-bit version 5) from other UDP."""
    return payload[:4] == SFLOW_MAGIC or int.from_bytes(payload[:2]) in _FLOW_VERSIONS


def _datagrams(path: Path, exporter: str | None) -> Iterator[tuple[str, str, bytes]]:
    """Yield (label, exporter, payload) for a raw datagram file or every UDP packet of a capture."""
    with path.open("rb") as stream:
        if not is_capture(stream.read(4)):
            stream.seek(0)
            yield str(path), exporter or DEFAULT_EXPORTER, stream.read()
            return
        stream.seek(0)
        for packet in read_udp(stream):
            payload = packet.payload
            if not _is_flow_export(payload):
                continue  # not flow export traffic (DNS, syslog ...)
            yield f"{path}#{packet.index}", exporter or packet.source, payload


def run(paths: list[Path], exporter: str | None, out: TextIO, err: TextIO) -> int:
    """Decode the files; return the exit status."""
    decoder = FlowDecoder()
    status = 0
    for path in paths:
        try:
            for label, sender, payload in _datagrams(path, exporter):
                for rec in decoder.decode(payload, sender):
                    out.write(json.dumps(record_json(rec)) + "\n")
                if decoder.last_reject is not None:
                    reason, detail = decoder.last_reject
                    err.write(f"{label}: rejected ({reason}): {detail}\n")
        except (OSError, CaptureError) as error:
            err.write(f"{path}: cannot read: {error}\n")
            status = 1
    if decoder.stats.pending:
        err.write(f"{decoder.stats.pending} data set(s) never saw their template\n")
    return status


def decode_flows_main(argv: list[str]) -> int:
    """Run `decode-flows` with command-line arguments (without the command name)."""
    parser = argparse.ArgumentParser(
        prog="decode-flows",
        description="Decode NetFlow v5/v9/IPFIX or sFlow v5 datagram files or pcap/pcapng "
        "captures to JSON lines (one flow per line).",
    )
    parser.add_argument(
        "--exporter",
        metavar="IP",
        help="exporter address for raw datagram files (default 0.0.0.0) and to override the "
        "source address of captured packets",
    )
    parser.add_argument(
        "files",
        metavar="FILE",
        nargs="+",
        type=Path,
        help="a raw datagram (one per file, in the order given) or a pcap/pcapng capture",
    )
    args = parser.parse_args(argv)
    # Rejections are printed per datagram below; the engine's rate-limited log would repeat them.
    engine_log = logging.getLogger(__package__)
    engine_log.addHandler(logging.NullHandler())
    engine_log.propagate = False
    return run(args.files, args.exporter, sys.stdout, sys.stderr)
