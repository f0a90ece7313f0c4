"""What netwatch wrote outside its entry is removed with the last entry (README: Removal).

Two things: the DB-IP database netwatch downloaded into <config>/netwatch/, and the blueprints it
copied into <config>/blueprints/automation/netwatch/. A blueprint is deleted only while it is
byte for byte the shipped copy and no automation uses it; edited or used blueprints stay.
"""

from __future__ import annotations

import logging
from pathlib import Path

from homeassistant.components.automation import automations_with_blueprint
from homeassistant.core import HomeAssistant

from .blueprints_setup import SHIPPED
from .const import DOMAIN
from .engine.enrich import DBIP_FILENAME

_LOGGER = logging.getLogger(__name__)


def _delete_written(download_dir: Path, blueprint_dir: Path, unused: set[str]) -> list[str]:
    """Delete the download and the unedited, unused blueprints (BLOCKING); return what stays."""
    (download_dir / DBIP_FILENAME).unlink(missing_ok=True)
    for leftover in download_dir.glob(f".{DBIP_FILENAME}.*.tmp"):  # an interrupted download
        leftover.unlink(missing_ok=True)
    kept = []
    for source in sorted(SHIPPED.glob("*.yaml")):
        copy = blueprint_dir / source.name
        if not copy.is_file():
            continue
        if source.name in unused and copy.read_bytes() == source.read_bytes():
            copy.unlink()
        else:
            kept.append(str(copy))
    for folder in (download_dir, blueprint_dir):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    return kept


async def async_remove_written_files(hass: HomeAssistant) -> None:
    """Remove netwatch's downloaded database and unedited, unused blueprints."""
    unused = {
        source.name
        for source in SHIPPED.glob("*.yaml")
        if not automations_with_blueprint(hass, f"{DOMAIN}/{source.name}")
    }
    download_dir = Path(hass.config.path(DOMAIN))
    blueprint_dir = Path(hass.config.path("blueprints", "automation", DOMAIN))
    try:
        kept = await hass.async_add_executor_job(
            _delete_written, download_dir, blueprint_dir, unused
        )
    except OSError as err:
        _LOGGER.warning("netwatch could not remove its files in %s: %s", hass.config.path(), err)
        return
    if kept:
        _LOGGER.info("netwatch left blueprints you edited or use in place: %s", ", ".join(kept))
