"""softflowd's export (tests/data) and real firewall lines become device, country, network sensors.

Expected values are computed here from nfdump's decoding of the same export (the oracle), not
from netwatch's own output.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.netwatch.const import (
    CONF_GEOIP_DATABASE,
    CONF_HOME_NETWORKS,
    CONF_NETFLOW_PORT,
    CONF_SYSLOG_PORT,
    PUBLISH_INTERVAL,
)
from tests.helpers import testdata

from .peers import logger_send, softflowd_export, ufw_block
from .test_init import wait_for

pytestmark = pytest.mark.peers

HOME = "192.0.2.10"
COUNTRY = {"81.2.69.142": "GB", "216.160.83.56": "US", "89.160.20.112": "SE", "175.16.199.10": "CN"}
BLOCKS = [("175.16.199.10", 23), ("175.16.199.10", 3389), ("81.2.69.142", 8080)]
PASS = "5,,,1000000103,igb1,match,pass,out,4,0x0,,64,0,0,DF,17,udp,60,192.0.2.10,8.8.8.8,5000,53,40"


def _expected(oracle: list[dict[str, Any]]) -> dict[str, Any]:
    def home(addr: str) -> bool:
        return addr.startswith(("192.0.2.", "2001:db8:"))

    out = Counter[str]()
    result = {"bytes_in": 0, "bytes_out": 0, "packets_in": 0, "packets_out": 0, "flows": 0}
    for flow in oracle:
        src = flow.get("src4_addr") or flow.get("src6_addr")
        dst = flow.get("dst4_addr") or flow.get("dst6_addr")
        if src == HOME and not home(dst):
            result["bytes_out"] += flow["in_bytes"]
            result["packets_out"] += flow["in_packets"]
            result["flows"] += 1
            if dst in COUNTRY:
                out[COUNTRY[dst]] += flow["in_bytes"]
        elif dst == HOME and not home(src):
            result["bytes_in"] += flow["in_bytes"]
            result["packets_in"] += flow["in_packets"]
            result["flows"] += 1
    result["country_out"] = out
    return result


def _entity(hass: HomeAssistant, entry: MockConfigEntry, unique: str) -> str:
    entity_id = er.async_get(hass).async_get_entity_id(
        "sensor", "netwatch", f"{entry.entry_id}_{unique}"
    )
    assert entity_id is not None, unique
    return entity_id


def _value(hass: HomeAssistant, entry: MockConfigEntry, unique: str) -> str:
    state = hass.states.get(_entity(hass, entry, unique))
    assert state is not None, unique
    return state.state


async def _publish(hass: HomeAssistant) -> None:
    async_fire_time_changed(hass, dt_util.utcnow() + PUBLISH_INTERVAL)
    await hass.async_block_till_done()


async def test_devices_countries_verdicts_panels_and_restart(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator, mock_entry: MockConfigEntry
) -> None:
    """Per-device, per-country and allow/deny values match the oracle and survive a restart."""
    oracle = json.loads(testdata("netflow", "softflowd", "nfdump_oracle_v9.json").read_text())
    want = _expected(oracle)
    mock_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_entry,
        options={
            **mock_entry.options,
            CONF_HOME_NETWORKS: ["192.0.2.0/24", "2001:db8::/32"],
            CONF_GEOIP_DATABASE: str(testdata("geoip", "GeoIP2-Country-Test.mmdb")),
        },
    )
    assert await hass.config_entries.async_setup(mock_entry.entry_id)
    await hass.async_block_till_done()
    engine = mock_entry.runtime_data.engine

    netflow, syslog = mock_entry.data[CONF_NETFLOW_PORT], mock_entry.data[CONF_SYSLOG_PORT]
    await softflowd_export(netflow)
    # Flows and firewall lines arrive on separate sockets in no guaranteed order; the denied
    # attempts count per device once the device exists (it sent flows).
    await wait_for(lambda: engine.stats().flows == len(oracle))
    for src, port in BLOCKS:
        await logger_send(syslog, ufw_block(src, HOME, port))
    await logger_send(syslog, PASS, tag="filterlog")
    await wait_for(
        lambda: engine.stats().flows == len(oracle) and engine.stats().firewall_events == 4
    )
    await _publish(hass)

    snap = mock_entry.runtime_data.coordinator.data.network
    device = snap.device(HOME)
    assert device is not None
    for key in ("bytes_in", "bytes_out", "packets_in", "packets_out", "flows"):
        assert getattr(device, key) == want[key], key
    assert device.denied_inbound == len(BLOCKS)
    assert [d.address for d in snap.devices] == [HOME]  # receivers only are not devices
    megabytes = float(_value(hass, mock_entry, f"device_{HOME}_bytes_out"))
    assert megabytes == pytest.approx(want["bytes_out"] / 1e6, rel=1e-6)  # SI, as the card
    # Noisy per-device entities start disabled (recorder growth); the value is in the snapshot.
    disabled = er.async_get(hass).async_get(
        _entity(hass, mock_entry, f"device_{HOME}_denied_inbound")
    )
    assert disabled is not None
    assert disabled.disabled_by is er.RegistryEntryDisabler.INTEGRATION

    for country, nbytes in want["country_out"].items():
        assert snap.country(country) is not None
        assert snap.country(country).outbound_bytes == nbytes, country
        megabytes = float(_value(hass, mock_entry, f"country_{country}_outbound_bytes"))
        assert megabytes == pytest.approx(nbytes / 1e6, rel=1e-6)
    assert _value(hass, mock_entry, "country_CN_inbound_denied") == "2"
    assert _value(hass, mock_entry, "country_GB_inbound_denied") == "1"
    assert _value(hass, mock_entry, "verdicts_allow") == "1"
    assert _value(hass, mock_entry, "denied_outbound") == "0"  # all three were inbound
    assert float(_value(hass, mock_entry, "allow_ratio")) == pytest.approx(25.0)
    assert _value(hass, mock_entry, "top_denied_country") == "China"
    top = hass.states.get(_entity(hass, mock_entry, "top_denied_country"))
    assert top is not None and top.attributes["country_code"] == "CN"
    assert _value(hass, mock_entry, "denied_inbound") == "3"

    client = await hass_ws_client(hass)
    await client.send_json_auto_id({"type": "netwatch/panels", "range": "1h"})
    panels = (await client.receive_json())["result"]
    assert panels["status"]["flows"] and panels["status"]["syslog"] and panels["status"]["geoip"]
    assert len(panels["buckets"]) == 60
    assert panels["verdicts"]["allow"] == 1 and panels["verdicts"]["deny"] == 3
    assert panels["inbound_drops"]["total"] == 3
    assert {c["country"]: c["count"] for c in panels["denied_by_country"]} == {"CN": 2, "GB": 1}
    table = {
        (r["port"], r["protocol"], r["country"]): r["count"] for r in panels["inbound_denied_table"]
    }
    assert table == {(23, "tcp", "CN"): 1, (3389, "tcp", "CN"): 1, (8080, "tcp", "GB"): 1}
    top = {d["address"] for d in panels["outbound_destinations"]["top"]}
    assert {"198.51.100.53", *COUNTRY} <= top
    assert [d["address"] for d in panels["devices"]] == [HOME]

    # Restart: unload saves, setup restores; totals do not go back to zero.
    assert await hass.config_entries.async_unload(mock_entry.entry_id)
    await hass.async_block_till_done()
    assert await hass.config_entries.async_setup(mock_entry.entry_id)
    await hass.async_block_till_done()
    restored = mock_entry.runtime_data.coordinator.data.network
    assert restored.device(HOME) is not None
    assert restored.device(HOME).bytes_out == want["bytes_out"]
    assert restored.deny + restored.reject == 3 and restored.allow == 1
    assert restored.country("CN").inbound_denied == 2
    assert _value(hass, mock_entry, "denied_inbound") == "3"
    assert await hass.config_entries.async_unload(mock_entry.entry_id)
