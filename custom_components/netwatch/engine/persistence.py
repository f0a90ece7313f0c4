"""What of a running engine survives a restart, in two parts saved at different rates.

- The full state (series, top tables, flow templates, learned countries, and everything in the
  counters part): about a megabyte after a busy week, so it is written every few minutes.
- The counters (collector counters, network totals, devices, countries, the scan detector's
  24-hour counts and sliding-hour cap): a few kilobytes, written often, so a crash loses
  seconds of totals, not minutes.
On restore the counters part replaces the same sections of the full state when it is newer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .stats import counters_of, restore_counters

if TYPE_CHECKING:
    from .pipeline import NetwatchEngine

COUNTER_SECTIONS = ("collector", "scan")
"""Engine-level sections of the counters part; its aggregator part is merged key by key."""


def export_counters(engine: NetwatchEngine) -> dict[str, Any]:
    """Return the small, often-saved part (JSON-able)."""
    tcp = engine.syslog_tcp
    return {
        "collector": {
            "netflow": counters_of(engine.netflow.stats),
            "sflow": counters_of(engine.sflow.stats) if engine.sflow is not None else {},
            "syslog": counters_of(engine.syslog_udp.stats),
            "syslog_tcp": (
                {**counters_of(tcp.stats), "framing": counters_of(tcp.stats.framing)}
                if tcp is not None
                else {}
            ),
            "engine": {
                "flows": engine.flows,
                "firewall_events": engine.firewall_events,
                "sink_errors": engine.sink_errors,
            },
        },
        "scan": engine.detector.export_state(),
        "aggregator": engine.aggregator.export_counters(),
    }


def export_full(engine: NetwatchEngine) -> dict[str, Any]:
    """Return everything that survives a restart (JSON-able)."""
    counters = export_counters(engine)
    return {
        **{name: counters[name] for name in COUNTER_SECTIONS},
        "aggregator": engine.aggregator.export_state(),
        "flow_templates": engine.flow_decoder.export_state(),
        "countries": engine.countries.export_state(),
    }


def newest(full: object, counters: object) -> object:
    """Return the full state with its counter sections replaced by newer saved counters."""
    if not isinstance(counters, dict):
        return full
    if not isinstance(full, dict):
        full = {}
    saved = full.get("aggregator")
    mine = counters.get("aggregator")
    if not isinstance(mine, dict) or not isinstance(mine.get("counters_saved_at"), int | float):
        return full
    if isinstance(saved, dict):
        when = saved.get("counters_saved_at", saved.get("saved_at"))
        if isinstance(when, int | float) and when >= mine["counters_saved_at"]:
            return full  # the full state is the newer one
        aggregator = {**saved, **mine}
    else:
        aggregator = {"version": 1, **mine}
    return {
        **full,
        **{name: counters[name] for name in COUNTER_SECTIONS if name in counters},
        "aggregator": aggregator,
    }


def import_state(engine: NetwatchEngine, state: object) -> None:
    """Restore a saved state into a fresh engine; damaged parts are skipped by their owners."""
    if not isinstance(state, dict):
        return
    if "aggregator" in state:
        engine.aggregator.import_state(state["aggregator"])
    if isinstance(state.get("flow_templates"), dict):
        engine.flow_decoder.import_state(state["flow_templates"])
    engine.countries.import_state(state.get("countries"))
    if "scan" in state:
        engine.detector.import_state(state["scan"])
    collector = state.get("collector")
    if isinstance(collector, dict):
        _restore_collector(engine, collector)


def _restore_collector(engine: NetwatchEngine, saved: dict[str, Any]) -> None:
    restore_counters(engine.netflow.stats, saved.get("netflow"))
    if engine.sflow is not None:
        restore_counters(engine.sflow.stats, saved.get("sflow"))
    restore_counters(engine.syslog_udp.stats, saved.get("syslog"))
    tcp = engine.syslog_tcp
    tcp_saved = saved.get("syslog_tcp")
    if tcp is not None and isinstance(tcp_saved, dict):
        restore_counters(tcp.stats, tcp_saved)
        restore_counters(tcp.stats.framing, tcp_saved.get("framing"))
    mine = saved.get("engine")
    if isinstance(mine, dict):
        for name in ("flows", "firewall_events", "sink_errors"):
            value = mine.get(name)
            if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
                setattr(engine, name, getattr(engine, name) + value)
