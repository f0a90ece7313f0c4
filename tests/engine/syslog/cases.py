"""Vendor fixture lines (written from the vendors' documented formats) and how to check them."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from custom_components.netwatch.engine.records import FirewallEvent
from custom_components.netwatch.engine.tools.parse_syslog import event_to_json

FIXTURES = Path(__file__).parent / "fixtures"
VENDOR_FILES = (
    "meraki", "filterlog", "netfilter", "mikrotik", "sophos", "fortigate", "cisco_asa", "paloalto",
    "firewalla",
)  # fmt: skip
IDENTITY_KEYS = (
    "vendor", "kind", "action", "direction", "protocol", "ip_version", "src_addr", "src_port",
    "dst_addr", "dst_port", "icmp_type", "icmp_code", "interface", "rule", "mac", "extra",
)  # fmt: skip
"""Fields that must not depend on how a line travelled (header, relay, framing)."""


@dataclass(frozen=True)
class Case:
    """One fixture line and what the vendor documentation says it means."""

    vendor_file: str
    name: str
    line: str
    expect: dict[str, Any]

    @property
    def id(self) -> str:
        return f"{self.vendor_file}: {self.name}"

    @property
    def is_event(self) -> bool:
        return "error" not in self.expect


def load(vendor_file: str) -> list[Case]:
    path = FIXTURES / f"{vendor_file}.jsonl"
    return [
        Case(vendor_file, d["name"], d["line"], d["expect"])
        for d in map(json.loads, path.read_text().splitlines())
    ]


def all_cases() -> list[Case]:
    return [case for name in VENDOR_FILES for case in load(name)]


def mismatches(event: FirewallEvent, expect: dict[str, Any], keys: Any = None) -> dict[str, Any]:
    """Return {field: (got, expected)} for every expected field the event gets wrong."""
    got = event_to_json(event)
    wanted = expect if keys is None else {k: v for k, v in expect.items() if k in keys}
    return {k: (got.get(k), v) for k, v in wanted.items() if got.get(k) != v}


def identity(event: FirewallEvent) -> dict[str, Any]:
    """Return the fields that identify what the firewall did, independent of transport."""
    got = event_to_json(event)
    return {k: got[k] for k in IDENTITY_KEYS}


async def wait_until(condition: Callable[[], bool], within: float = 5.0) -> None:
    """Poll a condition on counters (servers expose counters, not events) until it holds."""
    async with asyncio.timeout(within):
        while not condition():  # noqa: ASYNC110 - counters have no event to wait on
            await asyncio.sleep(0.01)
