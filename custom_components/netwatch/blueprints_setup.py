"""Copy the shipped blueprints into the user's blueprint folder, never overwriting edits."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from homeassistant.core import HomeAssistant

from .const import DOMAIN

_LOGGER = logging.getLogger(__name__)
SHIPPED = Path(__file__).parent / "blueprints"


def _install(target: Path) -> list[str]:
    """Copy missing blueprints (BLOCKING); return the names copied."""
    target.mkdir(parents=True, exist_ok=True)
    copied = []
    for source in sorted(SHIPPED.glob("*.yaml")):
        dest = target / source.name
        if not dest.exists():
            shutil.copyfile(source, dest)
            copied.append(source.name)
    return copied


async def async_install_blueprints(hass: HomeAssistant) -> None:
    """Make the blueprints appear under Settings → Automations → Blueprints."""
    target = Path(hass.config.path("blueprints", "automation", DOMAIN))
    try:
        copied = await hass.async_add_executor_job(_install, target)
    except OSError as err:
        _LOGGER.warning(
            "netwatch could not copy its blueprints to %s (%s); import them from the README",
            target,
            err,
        )
        return
    if copied:
        _LOGGER.info("netwatch installed blueprints %s in %s", ", ".join(copied), target)
