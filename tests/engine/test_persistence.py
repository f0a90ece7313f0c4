"""What survives a restart: the full state, the often-saved counters, and which one wins."""

from __future__ import annotations

import json
from typing import Any

from custom_components.netwatch.engine.config import EngineConfig
from custom_components.netwatch.engine.pipeline import NetwatchEngine
from custom_components.netwatch.engine.scan import ScanSettings
from tests.helpers import testdata

UFW = (
    "<4>Nov 27 10:00:00 router kernel: [UFW BLOCK] IN=eth0 OUT= SRC=175.16.199.{src} "
    "DST=192.0.2.10 LEN=60 TOS=0x00 PREC=0x00 TTL=50 ID=1 PROTO=TCP SPT=40000 DPT={port} "
    "WINDOW=1024 RES=0x00 SYN URGP=0"
)


def _engine() -> NetwatchEngine:
    return NetwatchEngine(
        EngineConfig(
            bind_address="127.0.0.1",
            netflow_port=0,
            syslog_port=0,
            home_networks=("192.0.2.0/24", "198.51.100.0/24", "2001:db8::/32"),
            allowed_senders=("127.0.0.0/8",),
            scan=ScanSettings(settle=0),
        )
    )


def _traffic(engine: NetwatchEngine, scanners: range, *, flows: bool = True) -> None:
    """Real softflowd v9 datagrams and UFW lines (each scanner probes 12 ports: a scan)."""
    for path in sorted(testdata("netflow", "softflowd", "raw_v9").glob("*.bin")):
        if not flows:
            break
        engine.ingest_flow_datagram(path.read_bytes(), "127.0.0.1")
        engine.netflow.stats.datagrams += 1  # what the listener counts when it hands one over
    for src in scanners:
        for port in range(20, 32):
            engine.ingest_syslog_message(UFW.format(src=src, port=port).encode(), "127.0.0.1")
    engine.tick()


def _saved(state: dict[str, Any]) -> dict[str, Any]:
    """Round-trip through JSON, as Home Assistant's Store does."""
    return json.loads(json.dumps(state))


def _counters(engine: NetwatchEngine) -> dict[str, Any]:
    stats = engine.stats()
    snap = engine.snapshot()
    assert stats.scan is not None
    return {
        "flows": stats.flows,
        "events": stats.firewall_events,
        "datagrams": stats.netflow.datagrams,
        "bytes_in": snap.bytes_in,
        "bytes_out": snap.bytes_out,
        "denied": snap.denied_inbound,
        "devices": {d.address: d.bytes_out for d in snap.devices},
        "scans_24h": stats.scan.scans_24h,
        "scan_events": stats.scan.events,
        "reported_last_hour": stats.scan.reported_last_hour,
        "probes": stats.scan.probes,
    }


def test_a_clean_restart_keeps_every_counter() -> None:
    first = _engine()
    _traffic(first, range(1, 4))
    before = _counters(first)
    assert before["flows"] == 76
    # Three scanners in the log, and the capture's own SYN scan found in the flows before them.
    assert before["scans_24h"] == before["scan_events"] == 4
    second = _engine()
    second.import_state(_saved(first.export_state()), _saved(first.export_counters()))
    assert _counters(second) == before


def test_after_a_crash_the_newer_counters_win() -> None:
    """The full state is five minutes old, the counters 30 s: totals come from the counters."""
    first = _engine()
    _traffic(first, range(1, 3))
    full = _saved(first.export_state())  # the last 5-minute save
    _traffic(first, range(3, 5))
    counters = _saved(first.export_counters())  # the last 30-second save
    at_crash = _counters(first)
    second = _engine()
    second.import_state(full, counters)
    assert _counters(second) == at_crash
    assert at_crash["scans_24h"] == 5


def test_older_counters_do_not_overwrite_a_newer_full_state() -> None:
    first = _engine()
    _traffic(first, range(1, 2))
    counters = _saved(first.export_counters())
    _traffic(first, range(2, 3))
    full = _saved(first.export_state())  # saved at unload, after the counters
    second = _engine()
    second.import_state(full, counters)
    assert _counters(second) == _counters(first)


def test_the_scan_cap_continues_across_a_restart() -> None:
    """Reported scans of the last hour still count against the cap after a restart."""
    first = NetwatchEngine(
        EngineConfig(
            bind_address="127.0.0.1",
            netflow_port=0,
            syslog_port=0,
            home_networks=("192.0.2.0/24",),
            scan=ScanSettings(settle=0, max_events_per_hour=2),
        )
    )
    _traffic(first, range(1, 3), flows=False)
    assert first.detector.stats.events == 2
    second = NetwatchEngine(first.config)
    second.import_state(_saved(first.export_state()), None)
    _traffic(second, range(3, 4), flows=False)
    assert second.detector.stats.events == 2  # capped: the restart did not reset the hour
    assert second.detector.stats.suppressed_cap == 1


def test_damaged_saves_start_from_zero_without_failing() -> None:
    engine = _engine()
    engine.import_state({"collector": "x", "scan": {"day": 1}, "aggregator": []}, {"x": 1})
    engine.import_state(None, {"aggregator": {"counters_saved_at": "soon"}})
    _traffic(engine, range(1, 2))
    assert engine.stats().flows == 76
