"""End to end on real sockets: a real softflowd export and real logger lines move the sensors."""

from __future__ import annotations

import json

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.netwatch.const import CONF_NETFLOW_PORT, CONF_SYSLOG_PORT, PUBLISH_INTERVAL
from tests.helpers import testdata

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
