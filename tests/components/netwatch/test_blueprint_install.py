"""Blueprints are copied into the user's folder once and never overwrite user edits."""

from __future__ import annotations

from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component

from custom_components.netwatch.blueprints_setup import SHIPPED
from tests.helpers import PROJECT


async def test_blueprints_copied_without_overwriting(hass: HomeAssistant) -> None:
    """Missing files are copied; an edited file stays as the user left it."""
    target = Path(hass.config.path("blueprints", "automation", "netwatch"))
    target.mkdir(parents=True, exist_ok=True)
    shipped = sorted(p.name for p in SHIPPED.glob("*.yaml"))
    assert len(shipped) >= 3
    edited = target / shipped[0]
    edited.write_text("# my own version\n")

    assert await async_setup_component(hass, "netwatch", {})
    await hass.async_block_till_done()

    assert sorted(p.name for p in target.glob("*.yaml")) == shipped
    assert edited.read_text() == "# my own version\n"
    for name in shipped[1:]:
        assert (target / name).read_bytes() == (SHIPPED / name).read_bytes()


def test_repository_blueprints_mirror_the_shipped_ones() -> None:
    """The repository's blueprints/ folder (import links) holds the same files HACS ships."""
    mirror = PROJECT / "blueprints" / "automation" / "netwatch"
    assert sorted(p.name for p in mirror.glob("*.yaml")) == sorted(
        p.name for p in SHIPPED.glob("*.yaml")
    )
    for path in SHIPPED.glob("*.yaml"):
        assert (mirror / path.name).read_bytes() == path.read_bytes(), path.name
