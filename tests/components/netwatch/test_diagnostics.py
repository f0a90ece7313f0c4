"""Diagnostics carry settings (secrets redacted) and live counters."""

from __future__ import annotations

import os
import socket

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.netwatch.const import CONF_SYSLOG_PORT

from .test_init import wait_for


async def test_diagnostics_redacts_and_counts(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, mock_entry: MockConfigEntry
) -> None:
    """Secrets in the options are redacted; the counters show received datagrams."""
    mock_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_entry, options={**mock_entry.options, "api_key": "s3cr3t", "password": "hunter2"}
    )
    assert await hass.config_entries.async_setup(mock_entry.entry_id)
    await hass.async_block_till_done()
    engine = mock_entry.runtime_data.engine
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender:
        sender.sendto(
            b"<13>Nov 27 10:00:00 host app: not a firewall line",
            ("127.0.0.1", mock_entry.data[CONF_SYSLOG_PORT]),
        )
    await wait_for(lambda: engine.stats().syslog.datagrams == 1)

    diag = await get_diagnostics_for_config_entry(hass, hass_client, mock_entry)
    assert diag["options"]["api_key"] == "**REDACTED**"
    assert diag["options"]["password"] == "**REDACTED**"
    assert "s3cr3t" not in str(diag) and "hunter2" not in str(diag)
    assert diag["data"][CONF_SYSLOG_PORT] == mock_entry.data[CONF_SYSLOG_PORT]
    assert diag["stats"]["syslog"]["datagrams"] == 1
    assert diag["stats"]["firewall_events"] == 0
    # The line was no firewall line: counted per reason, with a sample, by sender.
    assert diag["syslog_parser"]["lines"] == 1
    assert sum(diag["syslog_parser"]["unparsed"].values()) == 1
    assert diag["syslog_parser"]["samples"][0]["sender"] == "127.0.0.1"
    assert "syslog 127.0.0.1" in diag["senders_last_seen"]
    assert diag["flow_decoder"]["datagrams"] == 0
    assert diag["geoip"] is None
    # Which engine runs: compiled exactly when the test run requires it (scripts/speedups test-ha).
    assert diag["engine"]["compiled"] is (os.environ.get("NETWATCH_SPEEDUPS") == "1")
    assert (diag["engine"]["compiled_modules"] > 0) is diag["engine"]["compiled"]
    assert await hass.config_entries.async_unload(mock_entry.entry_id)
