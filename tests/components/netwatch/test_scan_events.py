"""Denied inbound scans from real logger lines become bus events and event-entity states."""

from __future__ import annotations

import asyncio
import time

import pytest
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.netwatch.const import (
    CONF_GEOIP_DATABASE,
    CONF_HOME_NETWORKS,
    CONF_SCAN_MIN_PORTS,
    CONF_SCAN_SETTLE,
    CONF_SILENCE_MINUTES,
    CONF_SYSLOG_PORT,
    EVENT_NETWATCH,
    TICK_INTERVAL,
)
from tests.helpers import testdata

from .peers import logger_send, ufw_block
from .test_init import wait_for

pytestmark = pytest.mark.peers

SCANNER = "175.16.199.10"  # CN in the MaxMind GeoIP2 test database
PORTS = [23, 80, 3389, 8080, 22]


def _ufw(src: str, port: int, proto: str = "TCP") -> str:
    return ufw_block(src, "192.0.2.10", port, proto)


async def test_scan_fires_bus_event_and_event_entity(
    hass: HomeAssistant, mock_entry: MockConfigEntry
) -> None:
    """Six denied ports from one source: exactly one scan_detected event, entity updated."""
    mock_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_entry,
        options={
            **mock_entry.options,
            CONF_HOME_NETWORKS: ["192.0.2.0/24"],
            CONF_GEOIP_DATABASE: str(testdata("geoip", "GeoIP2-Country-Test.mmdb")),
            CONF_SCAN_MIN_PORTS: 5,
            CONF_SCAN_SETTLE: 1,
            CONF_SILENCE_MINUTES: 1,
        },
    )
    assert await hass.config_entries.async_setup(mock_entry.entry_id)
    await hass.async_block_till_done()
    events: list[Event] = []
    hass.bus.async_listen(EVENT_NETWATCH, events.append)
    engine = mock_entry.runtime_data.engine
    port = mock_entry.data[CONF_SYSLOG_PORT]
    lines = [_ufw(SCANNER, p) for p in PORTS] + [_ufw(SCANNER, 53413, "UDP")]
    lines.append(_ufw("81.2.69.142", 23))  # one stray packet from elsewhere: noise, no event
    for line in lines:
        await logger_send(port, line)
    await wait_for(lambda: engine.stats().firewall_events == len(lines))
    await asyncio.sleep(1.2)  # the detector keeps collecting for `settle` (real) seconds

    async_fire_time_changed(hass, dt_util.utcnow() + TICK_INTERVAL)
    await hass.async_block_till_done()
    scans = [e.data for e in events if e.data["type"] == "scan_detected"]
    assert len(scans) == 1
    scan = scans[0]
    assert scan["source"] == SCANNER
    assert scan["country"] == "CN"
    assert scan["port_count"] == 6
    assert scan["targets"] == ["192.0.2.10"]
    assert scan["evidence"] == "syslog"
    assert {(p["port"], p["protocol"]) for p in scan["ports"]} == {
        *((p, "tcp") for p in PORTS),
        (53413, "udp"),
    }
    assert {"telnet", "rdp"} <= set(scan["known_scanner_ports"])
    assert scan["entry_id"] == mock_entry.entry_id

    entity_id = er.async_get(hass).async_get_entity_id(
        "event", "netwatch", f"{mock_entry.entry_id}_inbound_scan"
    )
    assert entity_id is not None
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.attributes["event_type"] == "scan_detected"
    assert state.attributes["source"] == SCANNER

    # Nothing more arrives: once the silence time has passed the sender is reported once.
    # (Interval timers hand callbacks the real clock, so the check is run at a later time here.)
    engine.tick(time.time() + 30)
    engine.tick(time.time() + 61)
    engine.tick(time.time() + 300)
    await hass.async_block_till_done()
    silent = [e.data for e in events if e.data["type"] == "sender_silent"]
    assert len(silent) == 1
    assert silent[0]["kind"] == "syslog"
    assert silent[0]["sender"] == "127.0.0.1"
    assert len([e for e in events if e.data["type"] == "scan_detected"]) == 1
    assert await hass.config_entries.async_unload(mock_entry.entry_id)
