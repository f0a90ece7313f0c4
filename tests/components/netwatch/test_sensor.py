"""Every sensor netwatch creates, with its state, as a snapshot (like core integrations do).

Deterministic input: softflowd's real v9 export and UFW lines fed straight into the engine, GeoIP
from MaxMind's test database, and a frozen clock.
"""

from __future__ import annotations

from collections.abc import Iterator
from unittest.mock import PropertyMock, patch

import pytest
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry, snapshot_platform
from syrupy.assertion import SnapshotAssertion

from tests.helpers import testdata

from .peers import ufw_block

BLOCKS = [("175.16.199.10", 23), ("175.16.199.10", 3389), ("81.2.69.142", 8080)]


@pytest.fixture
def enable_all_entities() -> Iterator[None]:
    """Enable the entities that start disabled, so the snapshot covers them too."""
    with patch(
        "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
        new_callable=PropertyMock,
        return_value=True,
    ):
        yield


async def load_with_traffic(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Set the entry up and feed it the same real traffic every time."""
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    engine = entry.runtime_data.engine
    for path in sorted(testdata("netflow", "softflowd", "raw_v9").glob("*.bin")):
        engine.ingest_flow_datagram(path.read_bytes(), "127.0.0.1")
    for src, port in BLOCKS:
        line = f"<4>Jan 15 08:00:00 router kernel: {ufw_block(src, '192.0.2.10', port)}"
        engine.ingest_syslog_message(line.encode(), "127.0.0.1")
    await entry.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()


@pytest.mark.usefixtures("enable_all_entities")
async def test_sensors(
    hass: HomeAssistant,
    snapshot_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    freezer: object,
) -> None:
    freezer.move_to("2027-01-15T08:00:00+00:00")  # type: ignore[attr-defined]
    with patch("custom_components.netwatch.PLATFORMS", [Platform.SENSOR]):
        await load_with_traffic(hass, snapshot_entry)
    await snapshot_platform(hass, entity_registry, snapshot, snapshot_entry.entry_id)
    assert await hass.config_entries.async_unload(snapshot_entry.entry_id)
