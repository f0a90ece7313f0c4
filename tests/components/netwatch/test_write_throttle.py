"""Per-device sensors write their state at most every DEVICE_WRITE_INTERVAL (recorder growth)."""

from __future__ import annotations

import time

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.netwatch import sensor
from custom_components.netwatch.const import DEVICE_WRITE_INTERVAL, PUBLISH_INTERVAL
from custom_components.netwatch.engine.addr import parse_addr
from custom_components.netwatch.engine.records import FlowRecord

HOME, REMOTE = "192.168.1.20", "81.2.69.142"


def _flow(nbytes: int) -> FlowRecord:
    now = int(time.time() * 1000)
    return FlowRecord(
        "127.0.0.1", 9, 256, 4, parse_addr(HOME)[1], parse_addr(REMOTE)[1], 40000, 443, 6, 0x18, 0,
        nbytes, 1, now, now, 1, 0, 0, 0, 0, -1, -1, 0, 0, -1, -1,
    )  # fmt: skip


async def test_device_sensor_writes_are_throttled(
    hass: HomeAssistant, mock_entry: MockConfigEntry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between two publishes the network total moves at once; the device total only later."""
    clock = [1000.0]
    monkeypatch.setattr(sensor.time, "monotonic", lambda: clock[0])
    mock_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_entry.entry_id)
    await hass.async_block_till_done()
    engine = mock_entry.runtime_data.engine
    registry = er.async_get(hass)

    def state(unique: str) -> float:
        entity_id = registry.async_get_entity_id(
            "sensor", "netwatch", f"{mock_entry.entry_id}_{unique}"
        )
        assert entity_id is not None
        return float(hass.states.get(entity_id).state)  # type: ignore[union-attr]

    async def publish(seconds: float) -> None:
        clock[0] += seconds
        async_fire_time_changed(hass, dt_util.utcnow() + PUBLISH_INTERVAL)
        await hass.async_block_till_done()

    engine.aggregator.add_flows([_flow(1_000_000)])
    await publish(60)  # the device appears with its first value
    first = state(f"device_{HOME}_bytes_out")
    assert first == pytest.approx(1.0)

    engine.aggregator.add_flows([_flow(1_000_000)])
    await publish(60)
    assert state("bytes_out") == pytest.approx(0.002)  # whole network in GB: every publish
    assert state(f"device_{HOME}_bytes_out") == first  # device: not yet
    await publish(DEVICE_WRITE_INTERVAL)
    assert state(f"device_{HOME}_bytes_out") == pytest.approx(2.0)
    assert await hass.config_entries.async_unload(mock_entry.entry_id)
