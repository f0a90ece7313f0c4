"""The netwatch card (served by the integration, no resource to add) and its ready dashboard."""

from __future__ import annotations

from pathlib import Path

from homeassistant.components import frontend
from homeassistant.components.http.server import StaticPathConfig
from homeassistant.components.lovelace.const import LOVELACE_DATA
from homeassistant.components.lovelace.dashboard import LovelaceYAML
from homeassistant.core import HomeAssistant, callback

from .const import VERSION

FRONTEND_DIR = Path(__file__).parent / "frontend"
CARD_URL = "/netwatch/netwatch-card.js"
DASHBOARD_URL = "netwatch"
DASHBOARD_FILE = FRONTEND_DIR / "dashboard.yaml"


async def async_register_card(hass: HomeAssistant) -> None:
    """Serve the card and load it on every dashboard (once per Home Assistant start)."""
    await hass.http.async_register_static_paths(
        [StaticPathConfig(CARD_URL, str(FRONTEND_DIR / "netwatch-card.js"), cache_headers=False)]
    )
    # The version in the URL makes browsers fetch the new card after an update.
    frontend.add_extra_js_url(hass, f"{CARD_URL}?v={VERSION}")


@callback
def async_add_dashboard(hass: HomeAssistant) -> bool:
    """Show the ready-made "Network" dashboard in the sidebar; False if it already exists."""
    lovelace = hass.data.get(LOVELACE_DATA)
    if lovelace is None or DASHBOARD_URL in lovelace.dashboards:
        return False
    config = {
        "mode": "yaml",
        "filename": str(DASHBOARD_FILE),
        "title": "Network",
        "icon": "mdi:radar",
        "show_in_sidebar": True,
        "require_admin": False,
    }
    lovelace.dashboards[DASHBOARD_URL] = LovelaceYAML(hass, DASHBOARD_URL, config)
    frontend.async_register_built_in_panel(
        hass,
        "lovelace",
        sidebar_title="Network",
        sidebar_icon="mdi:radar",
        frontend_url_path=DASHBOARD_URL,
        config={"mode": "yaml"},
        require_admin=False,
    )
    return True


@callback
def async_remove_dashboard(hass: HomeAssistant) -> None:
    """Take the dashboard out of the sidebar again."""
    lovelace = hass.data.get(LOVELACE_DATA)
    if lovelace is not None and lovelace.dashboards.pop(DASHBOARD_URL, None) is not None:
        frontend.async_remove_panel(hass, DASHBOARD_URL)
