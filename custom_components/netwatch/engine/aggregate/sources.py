"""The sources panel: top remote sources of inbound traffic, and the recent scans.

Sources come from the verdict facts (inbound firewall lines) and the inbound flow facts of the
window, grouped by remote address. Scans come from a short history of the scan detector's
events (`ScanLog`, bounded to `MAX_SCANS`, saved across restarts).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from ..classify import key_text
from .facts import DIR_IN, LEVELS, VERDICT_ALLOW, VERDICT_DENY, VERDICT_REJECT, key_of16
from .filters import EVENT_FIELDS, FLOW_FIELDS, Filters, port_text
from .tables import country_key, unpack_country_key
from .views import SOURCE_ROWS, FactReader

MAX_SCANS = 50
_MAX_SET = 64
"""Distinct ports and targets remembered per source while grouping (more are only counted)."""
_SHOWN_PORTS = 5
_SHOWN_TARGETS = 3


def iso_utc(timestamp: float) -> str:
    """Format epoch seconds as 2026-11-27T20:00:00Z."""
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class _Source:
    """What one remote address did in the window."""

    __slots__ = (
        "allowed",
        "attempts",
        "bytes",
        "country",
        "denied",
        "first",
        "flows",
        "last",
        "more_ports",
        "more_targets",
        "ports",
        "targets",
    )

    def __init__(self, country: int, bucket: int) -> None:
        self.country = country
        self.attempts = self.denied = self.allowed = self.flows = self.bytes = 0
        self.first = self.last = bucket
        self.ports: dict[int, int] = {}
        self.targets: dict[bytes, int] = {}
        self.more_ports = self.more_targets = 0

    def seen(self, bucket: int, port: int, target: bytes, count: int) -> None:
        self.first = min(self.first, bucket)
        self.last = max(self.last, bucket)
        for table, key, attr in (
            (self.ports, port, "more_ports"),
            (self.targets, target, "more_targets"),
        ):
            if key in table:
                table[key] += count  # type: ignore[index]
            elif len(table) < _MAX_SET:
                table[key] = count  # type: ignore[index]
            else:
                setattr(self, attr, getattr(self, attr) + 1)


def top_sources(reader: FactReader, filters: Filters) -> tuple[list[dict[str, Any]], int]:
    """Return the busiest inbound sources of the window and the unattributed count."""
    ledger = reader.ledger
    sources: dict[bytes, _Source] = {}

    def source(remote: bytes, country: int, bucket: int) -> _Source:
        found = sources.get(remote)
        if found is None:
            found = sources[remote] = _Source(country, bucket)
        return found

    per, lost = reader.scan(ledger.events, filters.matcher(EVENT_FIELDS))
    for bucket, rows in zip(reader.buckets, per, strict=True):
        for vd, home, remote, port, country, count in rows:
            if vd & 0xF0 != DIR_IN:
                continue
            src = source(remote, country, bucket)
            src.attempts += count
            verdict = vd & 0x0F
            if verdict in (VERDICT_DENY, VERDICT_REJECT):
                src.denied += count
            elif verdict == VERDICT_ALLOW:
                src.allowed += count
            src.seen(bucket, port, home, count)
    per, missed = reader.scan(ledger.flows_in, filters.matcher(FLOW_FIELDS))
    for bucket, rows in zip(reader.buckets, per, strict=True):
        for home, remote, port, country, flows, received, _sent in rows:
            src = source(remote, country, bucket)
            src.flows += flows
            src.bytes += received
            src.seen(bucket, port, home, flows)
    ranked = sorted(
        sources.items(), key=lambda item: (-(item[1].attempts + item[1].flows), item[0])
    )
    seconds = LEVELS[reader.level].seconds
    return [_row(remote, src, seconds) for remote, src in ranked[:SOURCE_ROWS]], lost + missed


def _row(remote: bytes, src: _Source, seconds: int) -> dict[str, Any]:
    ports = sorted(src.ports.items(), key=lambda item: (-item[1], item[0]))
    targets = sorted(src.targets.items(), key=lambda item: (-item[1], item[0]))
    if src.denied and src.allowed:
        verdict = "mixed"
    elif src.denied:
        verdict = "denied"
    elif src.allowed:
        verdict = "allowed"
    else:
        verdict = "flows only" if src.flows else "unknown"
    return {
        "address": key_text(key_of16(remote)),
        "country": unpack_country_key(src.country),
        "attempts": src.attempts,
        "denied": src.denied,
        "flows": src.flows,
        "bytes": src.bytes,
        "port_count": len(ports) + src.more_ports,
        "ports": [port_text(port) for port, _count in ports[:_SHOWN_PORTS]],
        "target_count": len(targets) + src.more_targets,
        "targets": [key_text(key_of16(t)) for t, _count in targets[:_SHOWN_TARGETS] if any(t)],
        "first_seen": iso_utc(src.first * seconds),
        "last_seen": iso_utc((src.last + 1) * seconds),
        "verdict": verdict,
    }


class ScanLog:
    """The latest scan events (payloads of `netwatch_event`), newest last, at most MAX_SCANS."""

    def __init__(self) -> None:
        self.items: deque[dict[str, Any]] = deque(maxlen=MAX_SCANS)

    def add(self, payload: dict[str, Any]) -> None:
        """Remember one `scan_detected` payload (times as ISO 8601 text)."""
        self.items.append(dict(payload))

    def in_window(self, start: float, end: float, filters: Filters) -> list[dict[str, Any]]:
        """Return the scans whose last probe falls in [start, end) and that match the filters."""
        out = []
        for item in reversed(self.items):
            try:
                last = datetime.fromisoformat(str(item["last_seen"])).timestamp()
            except KeyError, ValueError:
                continue
            if start <= last < end + 60 and _scan_matches(item, filters):
                out.append(item)
        return out

    def export(self) -> list[dict[str, Any]]:
        """Return the history as JSON-able data."""
        return list(self.items)

    def restore(self, data: object) -> None:
        """Add saved scans (older first); entries without a source and times are skipped."""
        if not isinstance(data, list):
            raise TypeError("scans is not a list")
        kept = [
            item
            for item in data
            if isinstance(item, dict)
            and isinstance(item.get("source"), str)
            and isinstance(item.get("last_seen"), str)
        ]
        self.items = deque([*kept, *self.items][-MAX_SCANS:], maxlen=MAX_SCANS)


def _scan_matches(item: dict[str, Any], filters: Filters) -> bool:
    """Tell whether a scan matches the filters (by source, country, probed ports and targets)."""
    from .filters import parse_port  # noqa: PLC0415

    text = filters.as_dict()
    if "remote" in text and item.get("source") != text["remote"]:
        return False
    if filters.country is not None and country_key(item.get("country")) != filters.country:
        return False
    if "device" in text and text["device"] not in (item.get("targets") or []):
        return False
    ports: Iterable[dict[str, Any]] = item.get("ports") or []
    keys = set()
    for port in ports:
        try:
            keys.add(parse_port(f"{port['port']}/{port['protocol']}"))
        except KeyError, ValueError:
            continue
    if filters.port is not None and filters.port not in keys:
        return False
    return filters.protocol is None or any(k >> 17 == filters.protocol + 1 for k in keys)
