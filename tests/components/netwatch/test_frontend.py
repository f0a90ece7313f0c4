"""The card is served and loaded on every dashboard; the Network page is asked for, and shared."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.netwatch.const import (
    CONF_DASHBOARD,
    CONF_NETFLOW_PORT,
    CONF_SFLOW_PORT,
    CONF_SYSLOG_PORT,
    DOMAIN,
)
from custom_components.netwatch.frontend_setup import CARD_URL, FRONTEND_DIR, MODULE_URL, PANEL_URL
from tests.helpers import free_port


def _panel(hass: HomeAssistant) -> Any:
    return hass.data["frontend_panels"].get(PANEL_URL)


async def test_card_served_and_no_page_unless_asked(
    hass: HomeAssistant, mock_entry: MockConfigEntry, hass_client: ClientSessionGenerator
) -> None:
    """The built card is served as committed and loaded everywhere; no sidebar page by default."""
    mock_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_entry.entry_id)
    await hass.async_block_till_done()
    client = await hass_client()
    response = await client.get(CARD_URL)
    assert response.status == 200
    assert await response.read() == (FRONTEND_DIR / "netwatch-card.js").read_bytes()
    assert MODULE_URL in hass.data["frontend_extra_module_url"].urls
    assert _panel(hass) is None
    assert await hass.config_entries.async_unload(mock_entry.entry_id)


async def test_network_page_stays_while_one_entry_wants_it(
    hass: HomeAssistant, entry_data: dict[str, Any], entry_options: dict[str, Any]
) -> None:
    """A custom panel (panel_custom, public API) shared by entries; gone with the last one."""
    entries = []
    for data in (
        entry_data,
        {
            **entry_data,
            CONF_NETFLOW_PORT: free_port(),
            CONF_SFLOW_PORT: free_port(),
            CONF_SYSLOG_PORT: free_port(),
        },
    ):
        entry = MockConfigEntry(
            domain=DOMAIN, data=data, options={**entry_options, CONF_DASHBOARD: True}
        )
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        entries.append(entry)
    await hass.async_block_till_done()
    panel = _panel(hass)
    assert panel is not None
    assert panel.component_name == "custom"
    assert panel.config["_panel_custom"]["name"] == "netwatch-panel"
    assert panel.config["_panel_custom"]["module_url"] == MODULE_URL  # the card's own bundle
    assert not panel.require_admin

    assert await hass.config_entries.async_unload(entries[0].entry_id)
    await hass.async_block_till_done()
    assert _panel(hass) is not None  # the other entry still shows it
    assert await hass.config_entries.async_setup(entries[0].entry_id)  # reload: no duplicate
    assert await hass.config_entries.async_unload(entries[1].entry_id)
    assert _panel(hass) is not None
    assert await hass.config_entries.async_unload(entries[0].entry_id)
    await hass.async_block_till_done()
    assert _panel(hass) is None
