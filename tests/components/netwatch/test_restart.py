"""Counters survive restarts: every collector counter after a clean one, seconds lost after a crash.

A real softflowd export and logger lines go to the listeners; the saved files are Home
Assistant's Store files, written by the timers (counters every 30 s, the rest every 5 min).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from homeassistant.core import HomeAssistant, State
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    mock_restore_cache_with_extra_data,
)

from custom_components.netwatch.const import (
    CONF_NETFLOW_PORT,
    CONF_SCAN_SETTLE,
    CONF_SYSLOG_PORT,
    COUNTER_SAVE_INTERVAL,
    DOMAIN,
    PUBLISH_INTERVAL,
)
from custom_components.netwatch.engine.pipeline import NetwatchEngine
from custom_components.netwatch.options import engine_config
from custom_components.netwatch.storage import NetwatchStore

from .peers import logger_send, softflowd_export, ufw_block
from .test_init import wait_for

COLLECTOR = (
    "netflow_datagrams",
    "flows",
    "syslog_datagrams",
    "syslog_tcp_messages",
    "firewall_events",
    "netflow_rejected_senders",
    "netflow_dropped",
    "syslog_dropped",
    "syslog_tcp_refused",
)
NETWORK = ("bytes_in", "bytes_out", "denied_inbound", "verdicts_allow", "scans_24h")


def _entity(hass: HomeAssistant, entry: MockConfigEntry, key: str) -> str:
    entity_id = er.async_get(hass).async_get_entity_id("sensor", DOMAIN, f"{entry.entry_id}_{key}")
    assert entity_id is not None, key
    return entity_id


def _states(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, str]:
    out = {}
    for key in (*COLLECTOR, *NETWORK):
        state = hass.states.get(_entity(hass, entry, key))
        assert state is not None, key
        out[key] = state.state
    return out


async def _traffic(entry: MockConfigEntry, *, ports: range) -> None:
    engine = entry.runtime_data.engine
    before = engine.stats()
    netflow, syslog = entry.data[CONF_NETFLOW_PORT], entry.data[CONF_SYSLOG_PORT]
    await softflowd_export(netflow)
    await wait_for(lambda: engine.stats().flows >= before.flows + 76)  # flows first (see below)
    for port in ports:
        await logger_send(syslog, ufw_block("175.16.199.10", "192.0.2.10", port))
    await logger_send(syslog, ufw_block("175.16.199.11", "192.0.2.10", 22), "-T")
    await wait_for(
        lambda: (
            engine.stats().flows >= before.flows + 76
            and engine.stats().firewall_events >= before.firewall_events + len(ports) + 1
        )
    )


async def _publish(hass: HomeAssistant, seconds: float) -> None:
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=seconds))
    await hass.async_block_till_done()


async def test_every_counter_survives_a_clean_restart(
    hass: HomeAssistant, mock_entry: MockConfigEntry
) -> None:
    mock_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_entry, options={**mock_entry.options, CONF_SCAN_SETTLE: 0}
    )
    assert await hass.config_entries.async_setup(mock_entry.entry_id)
    await hass.async_block_till_done()
    await _traffic(mock_entry, ports=range(20, 32))
    await _publish(hass, PUBLISH_INTERVAL.total_seconds())
    before = _states(hass, mock_entry)
    assert before["flows"] == "76"
    assert before["firewall_events"] == "13"
    assert before["syslog_tcp_messages"] == "1"
    # The capture's SYN scan (found in the flows: no firewall log yet) and the log's scanner.
    assert before["scans_24h"] == "2"

    assert await hass.config_entries.async_unload(mock_entry.entry_id)
    await hass.async_block_till_done()
    assert await hass.config_entries.async_setup(mock_entry.entry_id)
    await hass.async_block_till_done()
    assert _states(hass, mock_entry) == before
    stats = mock_entry.runtime_data.engine.stats()
    assert stats.scan is not None
    assert stats.scan.reported_last_hour == 2  # the sliding hour's cap state came back too
    assert await hass.config_entries.async_unload(mock_entry.entry_id)


async def test_a_crash_loses_at_most_the_last_counter_interval(
    hass: HomeAssistant, mock_entry: MockConfigEntry
) -> None:
    """Only the timers save (no unload): a new engine restored from disk has the 30 s save."""
    mock_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_entry.entry_id)
    await hass.async_block_till_done()
    engine = mock_entry.runtime_data.engine
    await _traffic(mock_entry, ports=range(20, 32))
    await _publish(hass, COUNTER_SAVE_INTERVAL.total_seconds() + 1)  # the counters are saved
    saved = engine.stats()
    saved_totals = engine.snapshot()
    await _traffic(mock_entry, ports=range(40, 45))  # after the save: lost in the "crash"

    # What a Home Assistant killed now would load at its next start:
    restarted = NetwatchEngine(engine_config(mock_entry.data, mock_entry.options))
    await NetwatchStore(hass, mock_entry).async_restore(restarted)
    after = restarted.stats()
    assert after.flows == saved.flows == 76
    assert after.firewall_events == saved.firewall_events == 13
    assert after.netflow.datagrams == saved.netflow.datagrams
    assert restarted.snapshot().bytes_out == saved_totals.bytes_out
    assert after.scan is not None
    assert saved.scan is not None
    assert after.scan.scans_24h == saved.scan.scans_24h
    assert await hass.config_entries.async_unload(mock_entry.entry_id)


async def test_a_total_never_goes_down_after_a_crash(
    hass: HomeAssistant, mock_entry: MockConfigEntry
) -> None:
    """The sensor showed more than the last save holds: it keeps that value until passed."""
    mock_entry.add_to_hass(hass)
    registry = er.async_get(hass)
    shown: dict[str, Any] = {"flows": 1000, "bytes_out": 5_000_000}
    cache = []
    for key, value in shown.items():
        entity_id = f"sensor.netwatch_{key}"
        registry.async_get_or_create(
            "sensor",
            DOMAIN,
            f"{mock_entry.entry_id}_{key}",
            suggested_object_id=f"netwatch_{key}",
            config_entry=mock_entry,
        )
        unit = "B" if key == "bytes_out" else None
        cache.append(
            (
                State(entity_id, str(value)),
                {"native_value": value, "native_unit_of_measurement": unit},
            )
        )
    mock_restore_cache_with_extra_data(hass, cache)
    assert await hass.config_entries.async_setup(mock_entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get("sensor.netwatch_flows").state == "1000"
    await _traffic(mock_entry, ports=range(20, 22))  # 76 flows: still below what was shown
    await _publish(hass, PUBLISH_INTERVAL.total_seconds())
    assert hass.states.get("sensor.netwatch_flows").state == "1000"
    bytes_out = float(hass.states.get("sensor.netwatch_bytes_out").state)
    assert bytes_out >= 5_000_000 / 2**20 - 0.05  # shown in MiB, never below the last value
    assert await hass.config_entries.async_unload(mock_entry.entry_id)
