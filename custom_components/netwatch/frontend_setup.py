"""The netwatch card (served by the integration, no resource to add) and its sidebar page.

Only public APIs: the card bundle is a static path added to every page with
frontend.add_extra_js_url; it also defines the `custom:netwatch` dashboard strategy and the
<netwatch-panel> element, which panel_custom puts in the sidebar while at least one loaded entry
asked for it (the config flow and the devices options ask).
"""

from __future__ import annotations

from pathlib import Path

from homeassistant.components import frontend, panel_custom
from homeassistant.components.http.server import StaticPathConfig
from homeassistant.core import HomeAssistant
from homeassistant.util.hass_dict import HassKey

from .const import VERSION

FRONTEND_DIR = Path(__file__).parent / "frontend"
CARD_URL = "/netwatch/netwatch-card.js"
MODULE_URL = f"{CARD_URL}?v={VERSION}"  # the version makes browsers fetch a new card after updates
PANEL_URL = "netwatch"
_PANEL_OWNERS: HassKey[set[str]] = HassKey("netwatch_panel_owners")


async def async_register_card(hass: HomeAssistant) -> None:
    """Serve the card and load it on every dashboard (once per Home Assistant start)."""
    await hass.http.async_register_static_paths(
        [StaticPathConfig(CARD_URL, str(FRONTEND_DIR / "netwatch-card.js"), cache_headers=False)]
    )
    frontend.add_extra_js_url(hass, MODULE_URL)


async def async_show_panel(hass: HomeAssistant, entry_id: str) -> None:
    """Put the Network page in the sidebar for this entry (once for all entries)."""
    owners = hass.data.setdefault(_PANEL_OWNERS, set())
    if not owners:
        await panel_custom.async_register_panel(
            hass,
            frontend_url_path=PANEL_URL,
            webcomponent_name="netwatch-panel",
            sidebar_title="Network",
            sidebar_icon="mdi:radar",
            module_url=MODULE_URL,  # the same module the extra JS URL loads: defined once
            require_admin=False,
        )
    owners.add(entry_id)


def async_hide_panel(hass: HomeAssistant, entry_id: str) -> None:
    """Release this entry's claim; the page leaves the sidebar with the last entry."""
    owners = hass.data.get(_PANEL_OWNERS, set())
    owners.discard(entry_id)
    if not owners:
        frontend.async_remove_panel(hass, PANEL_URL, warn_if_unknown=False)
