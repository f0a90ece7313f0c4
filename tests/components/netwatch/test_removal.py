"""Removing the last entry removes what netwatch wrote, except blueprints edited or in use."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.netwatch.blueprints_setup import SHIPPED
from custom_components.netwatch.const import CONF_NETFLOW_PORT, CONF_SYSLOG_PORT, DOMAIN
from custom_components.netwatch.engine.enrich import DBIP_FILENAME
from tests.helpers import free_port


async def test_last_entry_removal_cleans_up(
    hass: HomeAssistant, mock_entry: MockConfigEntry, entry_data: dict[str, Any]
) -> None:
    mock_entry.add_to_hass(hass)
    second = MockConfigEntry(
        domain=DOMAIN,
        data={**entry_data, CONF_NETFLOW_PORT: free_port(), CONF_SYSLOG_PORT: free_port()},
        options=dict(mock_entry.options),
        minor_version=mock_entry.minor_version,
    )
    second.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_entry.entry_id)
    await hass.async_block_till_done()
    blueprints = Path(hass.config.path("blueprints", "automation", DOMAIN))
    names = sorted(p.name for p in SHIPPED.glob("*.yaml"))
    assert sorted(p.name for p in blueprints.iterdir()) == names  # installed at setup
    download = Path(hass.config.path(DOMAIN))
    download.mkdir()
    (download / DBIP_FILENAME).write_bytes(b"a downloaded database")
    (download / f".{DBIP_FILENAME}.42.tmp").write_bytes(b"an interrupted download")
    edited = blueprints / names[0]
    edited.write_text(edited.read_text() + "# my change\n")
    used = names[1]
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": {
                "alias": "uses a netwatch blueprint",
                "use_blueprint": {"path": f"{DOMAIN}/{used}", "input": {}},
            }
        },
    )
    await hass.async_block_till_done()

    await hass.config_entries.async_remove(second.entry_id)  # another entry remains: all stays
    assert (download / DBIP_FILENAME).exists()
    assert sorted(p.name for p in blueprints.iterdir()) == names

    await hass.config_entries.async_remove(mock_entry.entry_id)
    await hass.async_block_till_done()
    assert not download.exists()
    assert sorted(p.name for p in blueprints.iterdir()) == sorted([names[0], used])
