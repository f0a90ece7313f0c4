"""Repair issues of an entry: one helper raises, one clears; ids are "<name>_<entry id>"."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir

from .const import DOMAIN


def issue_id(entry: ConfigEntry, name: str) -> str:
    """Return the id of an entry's repair issue."""
    return f"{name}_{entry.entry_id}"


def async_raise_issue(
    hass: HomeAssistant,
    entry: ConfigEntry,
    key: str,
    *,
    name: str | None = None,
    severe: bool = False,
    placeholders: dict[str, str] | None = None,
) -> None:
    """Show the repair `key` (a translation key) for the entry, under `name` (default: key)."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id(entry, name or key),
        is_fixable=False,
        severity=ir.IssueSeverity.ERROR if severe else ir.IssueSeverity.WARNING,
        translation_key=key,
        translation_placeholders={"title": entry.title, **(placeholders or {})},
    )


def async_clear_issues(hass: HomeAssistant, entry: ConfigEntry, *names: str) -> None:
    """Remove the entry's repairs of these names (absent ones are fine)."""
    for name in names:
        ir.async_delete_issue(hass, DOMAIN, issue_id(entry, name))
