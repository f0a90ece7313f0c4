"""`parse-syslog [--sender IP] [--vendor NAME] [FILE...]`: print one JSON object per input line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import IO

from ..addr import addr_to_str
from ..records import FirewallEvent
from ..syslog.common import PROTOCOL_NAMES
from ..syslog.parser import SyslogParser
from ..syslog.vendors import VENDOR_NAMES


def event_to_json(event: FirewallEvent) -> dict[str, object]:
    """Render an event as a JSON-friendly dict with text addresses and an ISO 8601 UTC time."""
    has_addr = event.ip_version in (4, 6)
    return {
        "vendor": event.vendor,
        "kind": event.kind,
        "action": str(event.action),
        "direction": str(event.direction),
        "protocol": event.protocol if event.protocol >= 0 else None,
        "protocol_name": PROTOCOL_NAMES.get(event.protocol),
        "ip_version": event.ip_version or None,
        "src_addr": addr_to_str(event.ip_version, event.src_addr) if has_addr else None,
        "src_port": event.src_port if event.src_port >= 0 else None,
        "dst_addr": addr_to_str(event.ip_version, event.dst_addr) if has_addr else None,
        "dst_port": event.dst_port if event.dst_port >= 0 else None,
        "icmp_type": event.icmp_type if event.icmp_type >= 0 else None,
        "icmp_code": event.icmp_code if event.icmp_code >= 0 else None,
        "interface": event.interface,
        "rule": event.rule,
        "mac": event.mac,
        "host": event.host,
        "sender": event.sender,
        "timestamp": datetime.fromtimestamp(event.timestamp, UTC).isoformat(),
        "extra": event.extra,
    }


def parse_syslog_main(argv: list[str], stdin: IO[bytes] | None = None) -> int:
    """Run the command; return the exit status (0 ok, 1 unreadable file, 2 usage)."""
    args = _arguments().parse_args(argv)
    parser = SyslogParser(pinned_vendor=args.vendor)
    status = 0
    out = sys.stdout
    for name in args.files or ["-"]:
        try:
            if name == "-":
                _emit(parser, stdin if stdin is not None else sys.stdin.buffer, args.sender, out)
            else:
                with open(name, "rb") as handle:
                    _emit(parser, handle, args.sender, out)
        except OSError as err:
            print(f"parse-syslog: cannot read {name}: {err.strerror or err}", file=sys.stderr)
            status = 1
    out.flush()
    return status


def _emit(parser: SyslogParser, lines: Iterable[bytes], sender: str, out: IO[str]) -> None:
    """Parse each line and write its JSON object."""
    for line in lines:
        event = parser.parse(line, sender)
        if event is None:
            record: dict[str, object] = {"vendor": None, "error": parser.last_reason}
        else:
            record = event_to_json(event)
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="netwatch parse-syslog",
        description="Parse firewall syslog lines (one per line) and print one JSON object each.",
    )
    parser.add_argument(
        "--sender", default="127.0.0.1", help="address the lines came from (default 127.0.0.1)"
    )
    parser.add_argument(
        "--vendor", choices=VENDOR_NAMES, help="skip detection and parse every line as this vendor"
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="files to read (default stdin)")
    return parser
