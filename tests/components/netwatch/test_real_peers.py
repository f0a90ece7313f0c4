"""End to end on real sockets: a real softflowd export and real logger lines move the sensors."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.netwatch.const import (
    CONF_NETFLOW_PORT,
    CONF_SFLOW_PORT,
    CONF_SYSLOG_PORT,
    PUBLISH_INTERVAL,
)
from custom_components.netwatch.engine.flow import FlowDecoder
from custom_components.netwatch.engine.flow.sflow import SFLOW_VERSION
from tests.engine.flow.peers import read_to_end_of_capture, stop, wait_idle
from tests.helpers import require_tool, testdata

from .peers import logger_send, softflowd_export, ufw_block
from .test_init import wait_for

pytestmark = pytest.mark.peers

UFW_LINE = ufw_block("175.16.199.10", "192.0.2.10", 23)


def _state(hass: HomeAssistant, entry: MockConfigEntry, key: str) -> str:
    entity_id = er.async_get(hass).async_get_entity_id(
        "sensor", "netwatch", f"{entry.entry_id}_{key}"
    )
    assert entity_id is not None, key
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.state


async def test_softflowd_and_logger_reach_the_sensors(
    hass: HomeAssistant, mock_entry: MockConfigEntry
) -> None:
    """softflowd's v9 export of the test pcap and two logger lines (UDP, TCP) are counted."""
    oracle = json.loads(testdata("netflow", "softflowd", "nfdump_oracle_v9.json").read_text())
    mock_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_entry.entry_id)
    await hass.async_block_till_done()
    engine = mock_entry.runtime_data.engine
    assert _state(hass, mock_entry, "flows") == "0"

    netflow, syslog = mock_entry.data[CONF_NETFLOW_PORT], mock_entry.data[CONF_SYSLOG_PORT]
    await softflowd_export(netflow)
    await logger_send(syslog, UFW_LINE, "--rfc3164")
    await logger_send(syslog, UFW_LINE, "-T", "--octet-count", "--rfc5424")
    await wait_for(
        lambda: engine.stats().flows >= len(oracle) and engine.stats().firewall_events >= 2
    )

    async_fire_time_changed(hass, dt_util.utcnow() + PUBLISH_INTERVAL)
    await hass.async_block_till_done()
    stats = engine.stats()
    assert stats.flows == len(oracle)
    assert stats.netflow.datagrams >= 3
    assert stats.firewall_events == 2
    assert _state(hass, mock_entry, "flows") == str(len(oracle))
    assert _state(hass, mock_entry, "netflow_datagrams") == str(stats.netflow.datagrams)
    # The byte counters of the listeners start disabled (recorder growth); diagnostics have them.
    entry = er.async_get(hass).async_get_entity_id(
        "sensor", "netwatch", f"{mock_entry.entry_id}_netflow_bytes"
    )
    assert entry is not None
    assert er.async_get(hass).async_get(entry).disabled_by is er.RegistryEntryDisabler.INTEGRATION
    assert stats.netflow.bytes > 3 * 24
    assert _state(hass, mock_entry, "syslog_datagrams") == "1"
    assert _state(hass, mock_entry, "syslog_tcp_messages") == "1"
    assert _state(hass, mock_entry, "firewall_events") == "2"
    assert _state(hass, mock_entry, "netflow_last_datagram") not in ("unknown", "unavailable")
    assert await hass.config_entries.async_unload(mock_entry.entry_id)


SFLOW_FIXTURES = Path(__file__).parents[2] / "engine" / "flow" / "fixtures" / "sflow_pmacct"


async def test_pmacct_sflow_reaches_the_sensors(
    hass: HomeAssistant, mock_entry: MockConfigEntry, tmp_path: Path
) -> None:
    """pmacctd's sfprobe exports the shared pcap to the sFlow port; every sample is a flow."""
    # The same export, captured once (tests/engine/flow checks it against sfcapd field by field).
    expected = sum(
        len(FlowDecoder().decode(path.read_bytes(), "127.0.0.1"))
        for path in sorted(SFLOW_FIXTURES.glob("*.bin"))
    )
    mock_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_entry.entry_id)
    await hass.async_block_till_done()
    engine = mock_entry.runtime_data.engine
    sflow = engine.sflow
    assert sflow is not None
    assert engine.stats().sflow_port == mock_entry.data[CONF_SFLOW_PORT]

    conf = tmp_path / "pmacctd.conf"
    conf.write_text(
        "daemonize: false\n"
        f"pcap_savefile: {testdata('netflow', 'softflowd', 'synthetic.pcap')}\n"
        "pcap_savefile_wait: true\n"
        "plugins: sfprobe\n"
        f"sfprobe_receiver: 127.0.0.1:{mock_entry.data[CONF_SFLOW_PORT]}\n"
        "sfprobe_agentip: 127.0.0.1\n"
        f"pidfile: {tmp_path / 'pmacctd.pid'}\n"
    )
    proc = await asyncio.create_subprocess_exec(
        require_tool("pmacctd"), "-f", str(conf),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert proc.stderr is not None
    try:
        await asyncio.wait_for(read_to_end_of_capture(proc.stderr), 30)
        drained = hass.async_create_background_task(proc.stderr.read(), "pmacctd log")
        await wait_for(lambda: sflow.stats.datagrams > 0, 30)
        await wait_idle(sflow.stats, "datagrams", quiet=1.0)
    finally:
        await stop(proc)  # SIGTERM: the core's last chunk and datagram follow
    await asyncio.wait_for(drained, 30)  # the sfprobe child, which outlives the core, is done
    await wait_for(lambda: engine.stats().flows >= expected, 10)

    async_fire_time_changed(hass, dt_util.utcnow() + PUBLISH_INTERVAL)
    await hass.async_block_till_done()
    stats = engine.stats()
    decoder = engine.flow_decoder.stats
    assert stats.flows == expected
    assert stats.sflow is not None
    assert stats.sflow.datagrams == decoder.sflow.datagrams > 0
    assert stats.netflow.datagrams == 0
    assert decoder.sflow.flow_samples == expected
    assert decoder.malformed_total == 0
    assert {e["version"] for e in decoder.as_dict()["exporters"].values()} == {SFLOW_VERSION}
    assert "127.0.0.1" in engine.diagnostics()["senders"]["sflow"]
    assert _state(hass, mock_entry, "flows") == str(expected)
    assert await hass.config_entries.async_unload(mock_entry.entry_id)
