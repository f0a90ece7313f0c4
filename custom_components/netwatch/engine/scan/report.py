"""Turn a detected source's state into the scan event users see: ranked ports, names, severity."""

from __future__ import annotations

from ..addr import addr_to_str
from ..enrich.services import commonly_scanned, protocol_name, service_name
from .events import ScanEvent, ScanPort, rate_severity
from .state import EVIDENCE_SYSLOG, PORT_BASE, SourceState


def build_event(
    state: SourceState, country: str | None, min_ports: int, min_targets: int, top_n: int
) -> ScanEvent:
    """Describe a scan: the ports botnets hunt for first, then the rest by number; top N each."""
    ports: list[tuple[int, int]] = []
    targets: list[int] = []
    for key in state.seen:
        if key < PORT_BASE:
            targets.append(key)
        else:
            ports.append(((key >> 16) & 0xFF, key & 0xFFFF))
    known = sorted({p for p in ports if commonly_scanned(*p)}, key=lambda p: p[1])
    ranked = known + sorted(set(ports) - set(known), key=lambda p: (p[1], p[0]))
    version = state.ip_version
    return ScanEvent(
        source=addr_to_str(version, state.address),
        source_network=(
            f"{addr_to_str(6, state.address >> 64 << 64)}/64" if version == 6 else None
        ),
        ip_version=version,
        country=country,
        protocols=tuple(sorted(protocol_name(p) for p in _bits(state.protocols))),
        ports=tuple(
            ScanPort(port, protocol_name(proto), service_name(proto, port))
            for proto, port in ranked[:top_n]
        ),
        port_count=state.port_count,
        targets=tuple(addr_to_str(version, t) for t in sorted(targets)[:top_n]),
        target_count=state.target_count,
        first_seen=state.first,
        last_seen=state.last,
        attempts=state.attempts,
        evidence="syslog" if state.evidence & EVIDENCE_SYSLOG else "flow",
        severity=rate_severity(
            state.port_count, state.target_count, len(known), min_ports, min_targets
        ),
        known_scanner_ports=tuple(dict.fromkeys(_names(known))),
    )


def _bits(mask: int) -> list[int]:
    found = []
    while mask:
        low = mask & -mask
        found.append(low.bit_length() - 1)
        mask ^= low
    return found


def _names(ports: list[tuple[int, int]]) -> list[str]:
    return [name for proto, port in ports if (name := service_name(proto, port))]
