"""The engine's counters as data: a frozen copy for publishing, JSON for diagnostics and saving."""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

from .forward import ForwarderStats
from .listen import ReceiverStats, TcpStats
from .scan import ScanStats

GAUGES = frozenset(
    {"connections", "rcvbuf_granted", "queued_bytes", "longest_callback_ms", "pending"}
)
"""Integer fields that describe the present, not a history: never saved or restored."""


@dataclass(frozen=True, slots=True)
class EngineStats:
    """A copy of the engine's counters at one moment."""

    netflow: ReceiverStats
    syslog: ReceiverStats
    syslog_tcp: TcpStats | None = None
    sflow: ReceiverStats | None = None
    flows: int = 0
    firewall_events: int = 0
    sink_errors: int = 0
    netflow_port: int = 0
    sflow_port: int = 0
    syslog_port: int = 0
    scan: ScanStats | None = None
    forwarder: ForwarderStats | None = None
    tables: dict[str, int] = field(default_factory=dict)
    """Sizes, caps and evictions of the bounded tables."""


def jsonable(value: object) -> Any:
    """Return `value` as JSON-able data: dataclasses and mappings as dicts, sequences as lists."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset | deque):
        items = [jsonable(item) for item in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def counters_of(stats: object) -> dict[str, int]:
    """Return the history counters (integer fields, gauges left out) of a stats dataclass."""
    if not is_dataclass(stats):
        return {}
    out: dict[str, int] = {}
    for f in fields(stats):
        value = getattr(stats, f.name)
        if isinstance(value, int) and not isinstance(value, bool) and f.name not in GAUGES:
            out[f.name] = value
    return out


def restore_counters(stats: object, saved: object) -> None:
    """Set the history counters of a fresh stats dataclass from `counters_of` output."""
    if not isinstance(saved, Mapping):
        return
    for name, value in counters_of(stats).items():
        restored = saved.get(name)
        if isinstance(restored, int) and not isinstance(restored, bool) and restored >= 0:
            setattr(stats, name, value + restored)
