"""Home devices (tracker names, bounded table, stale removal); saved-state and websocket edges."""

from __future__ import annotations

import time
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.netwatch import async_remove_config_entry_device
from custom_components.netwatch.const import CONF_MAX_DEVICES, DOMAIN, PUBLISH_INTERVAL
from custom_components.netwatch.engine.addr import parse_addr
from custom_components.netwatch.engine.records import FlowRecord


def _flow(src: str, dst: str = "81.2.69.142") -> FlowRecord:
    now = int(time.time() * 1000)
    return FlowRecord(
        "127.0.0.1", 9, 256, 4, parse_addr(src)[1], parse_addr(dst)[1], 40000, 443, 6, 0x18, 0,
        1000, 1, now, now, 1, 0, 0, 0, 0, -1, -1, 0, 0, -1, -1,
    )  # fmt: skip


async def _publish(hass: HomeAssistant) -> None:
    async_fire_time_changed(hass, dt_util.utcnow() + PUBLISH_INTERVAL)
    await hass.async_block_till_done()


def _home_devices(hass: HomeAssistant, entry: MockConfigEntry) -> set[str]:
    registry = dr.async_get(hass)
    return {
        ident.split("_device_")[1]
        for device in dr.async_entries_for_config_entry(registry, entry.entry_id)
        for _, ident in device.identifiers
        if "_device_" in ident
    }


async def test_names_bounded_table_and_stale_removal(
    hass: HomeAssistant, mock_entry: MockConfigEntry
) -> None:
    """A tracker names a device; with room for one, the older device leaves the registry."""
    mock_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_entry, options={**mock_entry.options, CONF_MAX_DEVICES: 1}
    )
    assert await hass.config_entries.async_setup(mock_entry.entry_id)
    await hass.async_block_till_done()
    hass.states.async_set(
        "device_tracker.laptop", "home", {"ip": "192.168.1.20", "friendly_name": "Laptop"}
    )
    engine = mock_entry.runtime_data.engine

    engine.aggregator.add_flows([_flow("192.168.1.20")])
    await _publish(hass)
    assert _home_devices(hass, mock_entry) == {"192.168.1.20"}
    snapshot = mock_entry.runtime_data.coordinator.data.network
    assert snapshot.device("192.168.1.20").name == "Laptop"  # type: ignore[union-attr]
    device = next(
        d for d in dr.async_entries_for_config_entry(dr.async_get(hass), mock_entry.entry_id)
        if d.name == "Laptop"
    )  # fmt: skip

    engine.aggregator.add_flows([_flow("192.168.1.30")])
    await _publish(hass)
    await _publish(hass)  # the second device's entities exist; the first left the table
    assert _home_devices(hass, mock_entry) == {"192.168.1.30"}

    # Deleting by hand: allowed for untracked home devices, never for the entry's own devices.
    assert await async_remove_config_entry_device(hass, mock_entry, device)
    collector = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, mock_entry.entry_id), mock_entry.entry_id
    )
    assert collector is not None
    assert not await async_remove_config_entry_device(hass, mock_entry, collector)
    assert await hass.config_entries.async_unload(mock_entry.entry_id)


async def test_damaged_saved_state_starts_from_zero(
    hass: HomeAssistant, mock_entry: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    """Garbage in the saved state does not keep netwatch from starting; unload saves anew."""
    key = f"netwatch.{mock_entry.entry_id}"
    hass_storage[key] = {
        "version": 1,
        "minor_version": 1,
        "key": key,
        "data": {"aggregator": [1, 2, "x"], "flow_templates": "nonsense", "countries": 7},
    }
    mock_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_entry.entry_id)
    await hass.async_block_till_done()
    engine = mock_entry.runtime_data.engine
    assert mock_entry.runtime_data.coordinator.data.network.flows == 0
    assert engine.stats().tables["state_errors"] >= 1
    engine.aggregator.add_flows([_flow("192.168.1.20")])
    assert await hass.config_entries.async_unload(mock_entry.entry_id)
    saved = hass_storage[key]["data"]
    assert isinstance(saved["aggregator"], dict)
    assert isinstance(saved["flow_templates"], dict)


async def test_panels_without_a_loaded_entry(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator, mock_entry: MockConfigEntry
) -> None:
    """The card gets an error that says what to do, and an unknown entry id is refused too."""
    mock_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_entry.entry_id)
    await hass.async_block_till_done()
    client = await hass_ws_client(hass)
    await client.send_json_auto_id({"type": "netwatch/panels", "entry_id": "nope"})
    answer = await client.receive_json()
    assert answer["success"] is False
    assert answer["error"]["code"] == "not_loaded"
    await client.send_json_auto_id(
        {"type": "netwatch/panels", "range": "7d", "entry_id": mock_entry.entry_id}
    )
    answer = await client.receive_json()
    assert answer["success"] is True
    assert answer["result"]["status"]["flow_port"] == mock_entry.data["netflow_port"]
    assert await hass.config_entries.async_unload(mock_entry.entry_id)
    await client.send_json_auto_id({"type": "netwatch/panels"})
    assert (await client.receive_json())["error"]["code"] == "not_loaded"
