"""The engine's read side: the card's panels with names, and the diagnostics download."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from . import speedups
from .aggregate import PanelQuery
from .stats import jsonable

if TYPE_CHECKING:
    from .pipeline import NetwatchEngine


def panels(engine: NetwatchEngine, query: PanelQuery) -> dict[str, Any]:
    """Return the `netwatch/panels` answer (contract/panels.schema.json); ValueError if bad."""
    answer = engine.aggregator.panels(query)
    answer["entry_id"] = engine.config.instance_id
    status = answer["status"]
    status["flow_port"] = engine.config.netflow_port
    status["syslog_port"] = engine.config.syslog_port
    status["names"] = engine.names.rdns is not None
    status["asn"] = engine.names.asn is not None
    answer["names"] = {} if query.redact else engine.names.for_addresses(_remote_addresses(answer))
    return answer


def diagnostics(engine: NetwatchEngine) -> dict[str, Any]:
    """Return counters and table sizes for a diagnostics download (no settings, no secrets)."""
    geoip, tcp, sflow = engine.geoip, engine.syslog_tcp, engine.sflow
    return {
        "stats": jsonable(engine.stats()),
        "engine": {
            "compiled": speedups.STATUS.active,
            "reason": speedups.STATUS.reason,
            "speedups_version": speedups.STATUS.version,
            "compiled_modules": len(speedups.STATUS.modules),
        },
        "senders": {
            "netflow": jsonable(engine.netflow.stats.senders),
            "sflow": jsonable(sflow.stats.senders) if sflow else {},
            "syslog": jsonable(engine.syslog_udp.stats.senders),
        },
        "syslog_tcp_limits": (
            {
                "max_connections": tcp.max_connections,
                "max_per_sender": tcp.max_per_sender,
                "idle_timeout": tcp.idle_timeout,
            }
            if tcp
            else None
        ),
        "flow_decoder": engine.flow_decoder.stats.as_dict(),
        "syslog_parser": engine.syslog_parser.stats.as_dict(),
        "senders_last_seen": engine.senders.senders(),
        "names": _names(engine),
        "geoip": (
            {"path": geoip.path, "type": geoip.database_type, "age_days": round(geoip.age_days())}
            | jsonable(geoip.stats)
            if geoip
            else None
        ),
    }


def _names(engine: NetwatchEngine) -> dict[str, Any]:
    rdns, asn = engine.names.rdns, engine.names.asn
    return {
        "reverse_dns": asdict(rdns.stats) | rdns.sizes if rdns else None,
        "asn": {"path": asn.path, "type": asn.database_type} | asdict(asn.stats) if asn else None,
    }


def _remote_addresses(panels: dict[str, Any]) -> list[str]:
    """Return the remote addresses an answer shows (destinations, sources, scans), once each."""
    found: dict[str, None] = {}
    for row in panels["outbound_destinations"]["top"]:
        found[row["address"]] = None
    for row in panels["sources"]["top"]:
        found[row["address"]] = None
    for scan in panels["sources"]["scans"]:
        found[scan["source"]] = None
    return list(found)
