"""The card is served and loaded on every dashboard; the Network dashboard comes and goes."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator, WebSocketGenerator

from custom_components.netwatch.const import VERSION
from custom_components.netwatch.frontend_setup import CARD_URL, FRONTEND_DIR


async def test_card_served_and_dashboard_registered(
    hass: HomeAssistant,
    mock_entry: MockConfigEntry,
    hass_client: ClientSessionGenerator,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """The built card is served as committed; the dashboard's views use the card."""
    mock_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_entry.entry_id)
    await hass.async_block_till_done()

    client = await hass_client()
    response = await client.get(CARD_URL)
    assert response.status == 200
    assert await response.read() == (FRONTEND_DIR / "netwatch-card.js").read_bytes()
    extra = hass.data["frontend_extra_module_url"].urls
    assert f"{CARD_URL}?v={VERSION}" in extra

    assert "netwatch" in hass.data["frontend_panels"]
    ws = await hass_ws_client(hass)
    await ws.send_json_auto_id({"type": "lovelace/config", "url_path": "netwatch"})
    result = (await ws.receive_json())["result"]
    cards = [
        card
        for view in result["views"]
        for card in [
            *view.get("cards", []),
            *(c for s in view.get("sections", []) for c in s.get("cards", [])),
        ]
    ]
    assert any(card.get("type") == "custom:netwatch-card" for card in cards)

    assert await hass.config_entries.async_unload(mock_entry.entry_id)
    await hass.async_block_till_done()
    assert "netwatch" not in hass.data["frontend_panels"]
