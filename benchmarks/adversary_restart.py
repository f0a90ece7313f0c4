"""The restart attack of benchmarks/adversary.py: do netwatch's counters survive SIGTERM, SIGKILL?

SIGTERM: good NetFlow and syslog traffic (scan-like firewall lines, so scans are counted), wait
until netwatch has drained it, publish the sensors, read every counter (diagnostics and sensor
states), stop hass with SIGTERM, start it again, read again: everything should be equal.
SIGKILL: the same traffic for --kill-window seconds while the storage file's writes are watched;
then publish, read, SIGKILL hass mid-traffic, stop the senders, start hass, read again. Totals
lost = counters just before the kill minus counters after the restart, in seconds of the good
traffic; a total_increasing sensor that shows less than before went down.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path
from typing import Any

from adversary_hass import Hass, demo, log
from adversary_run import Sender, flatten, read_json, spawn

# Sensors compared for equality besides every total_increasing one (unique id suffixes).
_GAUGES_KEPT = ("scans_24h", "scan_sources_24h", "distinct_sources")
# Gauges and runtime figures of the listeners are not counters that must survive a restart.
_DIAG_SKIP = (
    "tables.",
    "queued",
    "deferred",
    "longest_callback",
    "paused",
    "senders_forgotten",
    "pending",
    "cooling_down",
    "tracked",
    "sources_tracked",
    "rcvbuf",
    "port",
    "connections",
    "age_days",
    "forwarder.",
)


def snapshot(hass: Hass) -> dict[str, Any]:
    """Return netwatch's counters: diagnostics numbers and sensor states (with state classes)."""
    ids = hass.entities()
    sensors: dict[str, dict[str, Any]] = {}
    for entity_id, state in hass.states().items():
        try:
            value = float(state["state"])
        except TypeError, ValueError:
            continue
        sensors[entity_id] = {
            "value": value,
            "state_class": state["attributes"].get("state_class"),
            "unique_id": ids.get(entity_id, ""),
        }
    counters = {
        k: v
        for k, v in flatten(hass.diagnostics().get("stats", {}))
        if "last_" not in k and not any(s in k for s in _DIAG_SKIP)
    }
    return {"time": time.time(), "counters": counters, "sensors": sensors}


def _kept(sensor: dict[str, Any]) -> bool:
    uid = sensor["unique_id"]
    entry_level = "_device_" not in uid and "_country_" not in uid
    return entry_level and (
        sensor["state_class"] == "total_increasing" or uid.endswith(_GAUGES_KEPT)
    )


def compare(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Return counters and sensors that differ, and total_increasing sensors that went down."""
    counters = {
        k: [v, after["counters"].get(k)]
        for k, v in before["counters"].items()
        if after["counters"].get(k) != v
    }
    sensors, down = {}, {}
    for entity_id, old in before["sensors"].items():
        new = after["sensors"].get(entity_id, {}).get("value")
        if _kept(old) and new != old["value"]:
            sensors[entity_id] = [old["value"], new]
        if old["state_class"] == "total_increasing" and new is not None and new < old["value"]:
            down[entity_id] = [old["value"], new]
    return {
        "counters_compared": len(before["counters"]),
        "sensors_compared": sum(1 for s in before["sensors"].values() if _kept(s)),
        "counters_changed": counters,
        "sensors_changed": sensors,
        "sensors_down": down,
    }


def _traffic(hass: Hass, k: int, flows: int, lines: int) -> list[Sender]:
    return [
        Sender("good_v9", hass.netflow, flows, f"127.0.2.{10 + k}", ("--seed", str(k)), "good"),
        Sender("good_syslog", hass.syslog, lines, f"127.0.2.{100 + k}", ("--seed", str(k)), "good"),
    ]


def sigterm(hass: Hass, workdir: Path, seconds: float, flows: int, lines: int) -> dict[str, Any]:
    """Send good traffic, SIGTERM and restart hass; compare every counter."""
    procs = [
        spawn(s, seconds, workdir / f"restart-{s.kind}.json")
        for s in _traffic(hass, 40, flows, lines)
    ]
    for proc in procs:
        proc.wait(timeout=seconds + 60)
    time.sleep(8)  # drained, and scans past the 5 s settle time are reported on the next tick
    hass.publish_now()
    before = snapshot(hass)
    down = hass.restart(signal.SIGTERM)
    after = snapshot(hass)
    log(f"SIGTERM restart took {down:.0f} s")
    return {"restart_s": round(down, 1), "before": before["counters"], **compare(before, after)}


def _watch_saves(hass: Hass, until: float) -> list[float]:
    """Return the storage files' newest modification times seen while polling until `until`."""
    seen: list[float] = []
    while time.monotonic() < until:
        mtime = hass.last_save()
        if not seen or mtime != seen[-1]:
            seen.append(mtime)
        time.sleep(0.5)
    return seen


def sigkill(hass: Hass, workdir: Path, window: float, flows: int, lines: int) -> dict[str, Any]:
    """Kill hass mid-traffic after `window` seconds and measure what the restart lost."""
    senders = _traffic(hass, 41, flows, lines)
    paths = [workdir / f"kill-{s.kind}.json" for s in senders]
    procs = [spawn(s, window + 120, p) for s, p in zip(senders, paths, strict=True)]
    started = time.time()
    saves = _watch_saves(hass, time.monotonic() + window)
    hass.publish_now()
    before = snapshot(hass)
    killed = time.time()
    last_save = hass.last_save()
    hass.stop(signal.SIGKILL)
    for proc in procs:
        proc.terminate()
        proc.wait(timeout=30)
    hass.start()
    demo.wait_loaded(hass.base, hass.token)
    time.sleep(3)
    after = snapshot(hass)
    flows_before = before["counters"].get("flows", 0)
    flows_lost = flows_before - after["counters"].get("flows", 0)
    events_lost = before["counters"].get("firewall_events", 0) - after["counters"].get(
        "firewall_events", 0
    )
    denied = [
        (old["value"], after["sensors"].get(e, {}).get("value", 0.0))
        for e, old in before["sensors"].items()
        if old["unique_id"].endswith("_denied_inbound") and _kept(old)
    ]
    denied_lost = float(denied[0][0] - denied[0][1]) if denied else None
    return {
        "window_s": round(killed - started, 1),
        "denied_inbound_lost": denied_lost,
        "denied_inbound_lost_seconds": (
            round(denied_lost / lines, 1) if denied_lost is not None else None
        ),
        "saves_seen": [round(t - started, 1) for t in saves if t >= started],
        "store_age_at_kill_s": round(killed - last_save, 1),
        "flows_lost": flows_lost,
        "flows_lost_seconds": round(flows_lost / flows, 1),
        "firewall_events_lost": events_lost,
        "firewall_events_lost_seconds": round(events_lost / lines, 1),
        "senders": [read_json(p) for p in paths],
        **compare(before, after),
    }
