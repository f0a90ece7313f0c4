"""A real nmap scan, dropped and logged by nftables in a test namespace, fires one HA event.

nmap (attacker namespace) SYN-scans the target namespace; its nftables rule drops and logs via
NFLOG to ulogd2; `logger` sends the lines to netwatch's syslog port in a running Home Assistant.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.netwatch.const import (
    CONF_HOME_NETWORKS,
    CONF_SCAN_SETTLE,
    CONF_SYSLOG_PORT,
    EVENT_NETWATCH,
    TICK_INTERVAL,
)
from tests.peers.netns import scan_lab

from .test_init import wait_for

pytestmark = pytest.mark.peers
SCANNED = [*range(20, 31), 80, 3389, 8080]


async def test_nmap_scan_fires_one_event(
    hass: HomeAssistant, mock_entry: MockConfigEntry, tmp_path: Path
) -> None:
    """Exactly one scan_detected event with the scanned ports; the event entity shows it."""
    mock_entry.add_to_hass(hass)
    # The lab's 10.250.0.0/30 plays the internet and the router's WAN side; home is elsewhere.
    hass.config_entries.async_update_entry(
        mock_entry,
        options={**mock_entry.options, CONF_HOME_NETWORKS: ["192.168.0.0/16"], CONF_SCAN_SETTLE: 1},
    )
    assert await hass.config_entries.async_setup(mock_entry.entry_id)
    await hass.async_block_till_done()
    engine = mock_entry.runtime_data.engine
    events: list[Event] = []
    hass.bus.async_listen(EVENT_NETWATCH, events.append)

    lab_cm = scan_lab(tmp_path / "lab")
    lab = await asyncio.to_thread(lab_cm.__enter__)
    try:
        await asyncio.to_thread(lab.run_nmap, "20-30,80,3389,8080")
        lines = await asyncio.to_thread(lab.wait_log_lines, len(SCANNED))
        assert len(lines) == len(SCANNED)
        await asyncio.to_thread(lab.send_syslog, lines, mock_entry.data[CONF_SYSLOG_PORT])
    finally:
        await asyncio.to_thread(lab_cm.__exit__, None, None, None)
    await wait_for(lambda: engine.stats().firewall_events == len(SCANNED))
    assert not [e for e in events if e.data["type"] == "scan_detected"]  # still settling

    await asyncio.sleep(1.2)
    async_fire_time_changed(hass, dt_util.utcnow() + TICK_INTERVAL)
    await hass.async_block_till_done()
    async_fire_time_changed(hass, dt_util.utcnow() + TICK_INTERVAL * 3)
    await hass.async_block_till_done()
    scans = [e.data for e in events if e.data["type"] == "scan_detected"]
    assert len(scans) == 1
    scan = scans[0]
    assert scan["source"] == "10.250.0.1"
    assert scan["targets"] == ["10.250.0.2"]
    assert scan["port_count"] == len(SCANNED)
    assert scan["attempts"] == len(SCANNED)
    assert scan["evidence"] == "syslog"
    assert {"telnet", "rdp", "http-alt"} <= set(scan["known_scanner_ports"])

    entity_id = er.async_get(hass).async_get_entity_id(
        "event", "netwatch", f"{mock_entry.entry_id}_inbound_scan"
    )
    state = hass.states.get(entity_id or "")
    assert state is not None
    assert state.attributes["event_type"] == "scan_detected"
    assert state.attributes["port_count"] == len(SCANNED)
    assert await hass.config_entries.async_unload(mock_entry.entry_id)
