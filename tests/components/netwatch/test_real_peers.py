"""End to end on real sockets: a real softflowd export and real logger lines move the sensors."""

from __future__ import annotations

import asyncio
import json

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.netwatch.const import CONF_NETFLOW_PORT, CONF_SYSLOG_PORT, PUBLISH_INTERVAL
from tests.helpers import require_tool, testdata

from .test_init import wait_for

pytestmark = pytest.mark.peers

UFW_LINE = (
    "[UFW BLOCK] IN=eth0 OUT= MAC=00:11:22:33:44:55:66:77:88:99:aa:bb:08:00 SRC=175.16.199.10 "
    "DST=192.0.2.10 LEN=60 TOS=0x00 PREC=0x00 TTL=50 ID=54321 PROTO=TCP SPT=40000 DPT=23 "
    "WINDOW=1024 RES=0x00 SYN URGP=0"
)


async def _run(*argv: str) -> None:
    proc = await asyncio.create_subprocess_exec(
        *argv, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 0, (argv, out, err)


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
    """softflowd's v9 export of the shared pcap and two logger lines (UDP, TCP) are counted."""
    softflowd, logger = require_tool("softflowd"), require_tool("logger")
    oracle = json.loads(testdata("netflow", "softflowd", "nfdump_oracle_v9.json").read_text())
    mock_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_entry.entry_id)
    await hass.async_block_till_done()
    engine = mock_entry.runtime_data.engine
    assert _state(hass, mock_entry, "flows") == "0"

    netflow, syslog = mock_entry.data[CONF_NETFLOW_PORT], mock_entry.data[CONF_SYSLOG_PORT]
    pcap = testdata("netflow", "softflowd", "synthetic.pcap")
    await _run(
        softflowd,
        "-r",
        str(pcap),
        "-n",
        f"127.0.0.1:{netflow}",
        "-v",
        "9",
        "-a",
        "-6",
        "-d",
        "-c",
        "none",
        "-p",
        f"/tmp/netwatch-test-{netflow}.pid",
    )
    await _run(
        logger, "-n", "127.0.0.1", "-P", str(syslog), "-d", "--rfc3164", "-t", "kernel", UFW_LINE
    )
    await _run(
        logger,
        "-n",
        "127.0.0.1",
        "-P",
        str(syslog),
        "-T",
        "--octet-count",
        "--rfc5424",
        "-t",
        "kernel",
        UFW_LINE,
    )
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
