"""The engine's wiring: sinks are isolated from each other, failures counted and logged rarely."""

from __future__ import annotations

import logging

import pytest

from custom_components.netwatch.engine.classify import FlowBatch
from custom_components.netwatch.engine.config import EngineConfig
from custom_components.netwatch.engine.pipeline import NetwatchEngine
from custom_components.netwatch.engine.records import FlowRecord
from tests.helpers import testdata


def _engine() -> NetwatchEngine:
    return NetwatchEngine(
        EngineConfig(
            bind_address="127.0.0.1",
            netflow_port=0,
            syslog_port=0,
            syslog_tcp=False,
            home_networks=("192.0.2.0/24",),
            allowed_senders=("127.0.0.0/8",),
        )
    )


def test_broken_sink_is_counted_logged_once_and_others_still_fed(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Two datagrams through a failing sink: both counted, one warning, the next sink fed."""
    engine = _engine()
    received: list[FlowRecord] = []

    def broken(batch: FlowBatch) -> None:
        raise RuntimeError("boom")

    def collect(batch: FlowBatch) -> None:
        received.extend(batch.records)

    engine.add_flow_sink(broken)
    engine.add_flow_sink(collect)
    files = sorted(testdata("netflow", "softflowd", "raw_v9").glob("*.bin"))
    with caplog.at_level(logging.WARNING):
        for path in files:
            engine.ingest_flow_datagram(path.read_bytes(), "127.0.0.1")
    assert engine.sink_errors == len(files)
    assert len(received) == engine.flows == 76
    warnings = [r for r in caplog.records if "broken" in r.getMessage()]
    assert len(warnings) == 1
    assert warnings[0].exc_info is not None
    # The aggregator, a sink before the broken one, saw every flow as well.
    assert engine.aggregator.snapshot().flows == 76


def test_syslog_datagram_with_batched_lines() -> None:
    """A UDP datagram with two LF-separated firewall lines gives two events."""
    engine = _engine()
    line = (
        "<4>Nov 27 10:00:00 router kernel: [UFW BLOCK] IN=eth0 OUT= SRC=175.16.199.10 "
        "DST=192.0.2.10 LEN=60 TOS=0x00 PREC=0x00 TTL=50 ID=1 PROTO=TCP SPT=40000 DPT={} "
        "WINDOW=1024 RES=0x00 SYN URGP=0"
    )
    engine.ingest_syslog_datagram(f"{line.format(23)}\n{line.format(80)}\n".encode(), "127.0.0.1")
    assert engine.firewall_events == 2
    assert engine.stats().firewall_events == 2
