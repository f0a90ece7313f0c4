"""Setup, unload, reload and listener failures of a netwatch entry, on real sockets."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.netwatch.const import (
    CONF_NETFLOW_PORT,
    CONF_SYSLOG_PORT,
    DOMAIN,
)


async def wait_for(predicate: Callable[[], bool], seconds: float = 5.0) -> None:
    """Let the loop run (socket I/O) until predicate() holds."""
    async with asyncio.timeout(seconds):
        while not predicate():  # noqa: ASYNC110 - sockets, not tasks, change the state
            await asyncio.sleep(0.01)


def _port_is_free(port: int, kind: int) -> bool:
    with socket.socket(socket.AF_INET, kind) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


async def test_setup_unload_reload_rebinds(
    hass: HomeAssistant, mock_entry: MockConfigEntry
) -> None:
    """Loading binds all three listeners, unloading frees them, reloading binds again."""
    mock_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_entry.state is ConfigEntryState.LOADED
    netflow, syslog = mock_entry.data[CONF_NETFLOW_PORT], mock_entry.data[CONF_SYSLOG_PORT]
    assert not _port_is_free(netflow, socket.SOCK_DGRAM)
    assert not _port_is_free(syslog, socket.SOCK_DGRAM)
    assert not _port_is_free(syslog, socket.SOCK_STREAM)

    assert await hass.config_entries.async_reload(mock_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_entry.state is ConfigEntryState.LOADED

    assert await hass.config_entries.async_unload(mock_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_entry.state is ConfigEntryState.NOT_LOADED
    assert _port_is_free(netflow, socket.SOCK_DGRAM)
    assert _port_is_free(syslog, socket.SOCK_DGRAM)
    assert _port_is_free(syslog, socket.SOCK_STREAM)


async def test_port_in_use_retries_with_repair(
    hass: HomeAssistant, mock_entry: MockConfigEntry
) -> None:
    """A taken port leaves the entry in retry with a translated reason and a repair issue."""
    blocker = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    blocker.bind(("127.0.0.1", mock_entry.data[CONF_SYSLOG_PORT]))
    try:
        mock_entry.add_to_hass(hass)
        await hass.config_entries.async_setup(mock_entry.entry_id)
        await hass.async_block_till_done()
        assert mock_entry.state is ConfigEntryState.SETUP_RETRY
        assert str(mock_entry.data[CONF_SYSLOG_PORT]) in (mock_entry.reason or "")
        assert "already in use" in (mock_entry.reason or "")
        issue = ir.async_get(hass).async_get_issue(DOMAIN, f"listener_{mock_entry.entry_id}")
        assert issue is not None
        assert issue.translation_key == "address_in_use"
        # The NetFlow port that did bind was released again.
        assert _port_is_free(mock_entry.data[CONF_NETFLOW_PORT], socket.SOCK_DGRAM)
    finally:
        blocker.close()
    # Once the port is free, a retry succeeds and the repair issue goes away.
    await hass.config_entries.async_reload(mock_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_entry.state is ConfigEntryState.LOADED
    assert ir.async_get(hass).async_get_issue(DOMAIN, f"listener_{mock_entry.entry_id}") is None
    assert await hass.config_entries.async_unload(mock_entry.entry_id)


async def test_unknown_senders_are_counted_and_dropped(
    hass: HomeAssistant, mock_entry: MockConfigEntry
) -> None:
    """Datagrams from outside the allow-list count as rejected and never reach the decoder."""
    mock_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_entry, options={**mock_entry.options, "allowed_senders": ["10.0.0.0/8"]}
    )
    assert await hass.config_entries.async_setup(mock_entry.entry_id)
    await hass.async_block_till_done()
    engine = mock_entry.runtime_data.engine
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender:
        for _ in range(3):
            sender.sendto(b"\x00\x05junk", ("127.0.0.1", mock_entry.data[CONF_NETFLOW_PORT]))
            sender.sendto(b"<134>hello", ("127.0.0.1", mock_entry.data[CONF_SYSLOG_PORT]))
    await wait_for(
        lambda: (
            engine.stats().netflow.rejected_senders == 3
            and engine.stats().syslog.rejected_senders == 3
        )
    )
    stats = engine.stats()
    assert stats.netflow.datagrams == 0
    assert stats.syslog.datagrams == 0
    assert await hass.config_entries.async_unload(mock_entry.entry_id)


async def test_stop_event_closes_listeners(
    hass: HomeAssistant, mock_entry: MockConfigEntry
) -> None:
    """Home Assistant stopping closes the sockets even before the entry unloads."""
    mock_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_entry.entry_id)
    await hass.async_block_till_done()
    hass.bus.async_fire(EVENT_HOMEASSISTANT_STOP)
    await hass.async_block_till_done()
    assert _port_is_free(mock_entry.data[CONF_NETFLOW_PORT], socket.SOCK_DGRAM)
    assert _port_is_free(mock_entry.data[CONF_SYSLOG_PORT], socket.SOCK_STREAM)
    assert await hass.config_entries.async_unload(mock_entry.entry_id)
