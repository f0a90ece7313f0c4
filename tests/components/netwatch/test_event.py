"""The scan event entity, as a snapshot after a real scan in the firewall log."""

from __future__ import annotations

from unittest.mock import patch

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry, snapshot_platform
from syrupy.assertion import SnapshotAssertion

from custom_components.netwatch.const import CONF_SCAN_SETTLE

from .peers import ufw_block
from .test_sensor import load_with_traffic


async def test_scan_event_entity(
    hass: HomeAssistant,
    snapshot_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    freezer: object,
) -> None:
    freezer.move_to("2027-01-15T08:00:00+00:00")  # type: ignore[attr-defined]
    snapshot_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        snapshot_entry, options={**snapshot_entry.options, CONF_SCAN_SETTLE: 0}
    )
    with patch("custom_components.netwatch.PLATFORMS", [Platform.EVENT]):
        await load_with_traffic(hass, snapshot_entry)
    engine = snapshot_entry.runtime_data.engine
    for port in range(20, 32):  # a scanner tries twelve ports: one scan event
        line = f"<4>Jan 15 08:00:00 router kernel: {ufw_block('175.16.199.20', '192.0.2.10', port)}"
        engine.ingest_syslog_message(line.encode(), "127.0.0.1")
    await hass.async_block_till_done()
    await snapshot_platform(hass, entity_registry, snapshot, snapshot_entry.entry_id)
    assert await hass.config_entries.async_unload(snapshot_entry.entry_id)
