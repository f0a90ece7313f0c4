"""Entries saved by older netwatch versions are brought up to date when they load."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.netwatch.config_flow import NetwatchConfigFlow
from custom_components.netwatch.const import (
    CONF_DASHBOARD,
    CONF_ES_ENABLED,
    CONF_ES_SEND_FIREWALL,
    CONF_ES_SEND_FLOWS,
    CONF_ES_SEND_SCANS,
    DOMAIN,
)


async def test_send_policies_of_version_1_1_become_translation_keys(
    hass: HomeAssistant, entry_data: dict[str, Any], entry_options: dict[str, Any]
) -> None:
    """netwatch 0.1.0 stored "all:1/10"; 1.2 stores "all_1_in_10" (valid selector keys)."""
    old = {
        **entry_options,
        CONF_ES_ENABLED: False,
        CONF_ES_SEND_FLOWS: "all:1/10",
        CONF_ES_SEND_FIREWALL: "denied:1/100",
        CONF_ES_SEND_SCANS: "none",
    }
    entry = MockConfigEntry(domain=DOMAIN, data=entry_data, options=old, version=1, minor_version=1)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert (entry.version, entry.minor_version) == (
        NetwatchConfigFlow.VERSION,
        NetwatchConfigFlow.MINOR_VERSION,
    )
    assert entry.options[CONF_ES_SEND_FLOWS] == "all_1_in_10"
    assert entry.options[CONF_ES_SEND_FIREWALL] == "denied_1_in_100"
    assert entry.options[CONF_ES_SEND_SCANS] == "none"
    # The Network page was on unless turned off before 1.2 (now off unless asked for): kept on.
    assert entry.options[CONF_DASHBOARD] is True
    assert {k: v for k, v in entry.options.items() if not k.startswith("es_send")} == {
        **{k: v for k, v in old.items() if not k.startswith("es_send")},
        CONF_DASHBOARD: True,
    }
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_entry_of_a_newer_netwatch_is_not_loaded(
    hass: HomeAssistant, entry_data: dict[str, Any], entry_options: dict[str, Any]
) -> None:
    """A downgrade leaves the entry untouched and not loaded instead of guessing."""
    entry = MockConfigEntry(domain=DOMAIN, data=entry_data, options=entry_options, version=2)
    entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.MIGRATION_ERROR
    assert entry.options == entry_options
