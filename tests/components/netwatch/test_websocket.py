"""The card's websocket commands: filters, windows, privacy by user, the scan ignore list, names."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.netwatch.const import (
    CONF_DASHBOARD,
    CONF_DNS_SERVER,
    CONF_GEOIP_DATABASE,
    CONF_REVERSE_DNS,
    CONF_SCAN_IGNORE,
    DOMAIN,
)
from custom_components.netwatch.engine.records import Verdict
from custom_components.netwatch.logbook import describe
from tests.engine.aggregate.flows import event, flow
from tests.helpers import testdata
from tests.peers.dnsmasq import dnsmasq

HOME = "192.0.2.10"
CN = "175.16.199.10"
GB = "81.2.69.142"
MAC = 0x001132DEAD01


async def _loaded(hass: HomeAssistant, entry: MockConfigEntry, **options: Any) -> None:
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        entry,
        options={
            **entry.options,
            CONF_GEOIP_DATABASE: str(testdata("geoip", "GeoIP2-Country-Test.mmdb")),
            **options,
        },
    )
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    agg = entry.runtime_data.engine.aggregator
    agg.add_flows([flow(HOME, GB, nbytes=5000, src_mac=MAC), flow(HOME, CN, dport=80)])
    for port in (23, 2323, 3389):
        agg.add_firewall_event(event(Verdict.DENY, CN, HOME, dport=port))
    agg.add_firewall_event(event(Verdict.DENY, GB, HOME, dport=22))


async def _ask(client: Any, **msg: Any) -> dict[str, Any]:
    await client.send_json_auto_id({"type": "netwatch/panels", **msg})
    reply: dict[str, Any] = await client.receive_json()
    return reply


async def test_filters_and_windows(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator, mock_entry: MockConfigEntry
) -> None:
    await _loaded(hass, mock_entry)
    client = await hass_ws_client(hass)
    china = (await _ask(client, range="1h", filters={"country": "CN"}))["result"]
    assert china["filters"] == {"country": "CN"}
    assert china["inbound_drops"]["total"] == 3
    assert [t["address"] for t in china["outbound_destinations"]["top"]] == [CN]
    assert china["sources"]["top"][0]["address"] == CN
    assert all(a["exact"] for a in china["accuracy"].values())
    port = (await _ask(client, range="24h", filters={"port": "22/tcp"}))["result"]
    assert port["inbound_drops"]["total"] == 1
    assert port["bucket_seconds"] == 300  # filtered 24 h answers come from 5-minute facts
    now = mock_entry.runtime_data.engine.aggregator.panels("1h")["end"]
    custom = (await _ask(client, start=now - 600, end=now))["result"]
    assert custom["range"] == "custom" and len(custom["buckets"]) == 10
    bad = await _ask(client, filters={"country": "China"})
    assert bad["error"]["code"] == "invalid_format"
    assert "country" in bad["error"]["message"]
    bad = await _ask(client, start=now)
    assert bad["error"]["code"] == "invalid_format"
    assert await hass.config_entries.async_unload(mock_entry.entry_id)


async def test_non_admins_get_aggregates_only(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    hass_read_only_access_token: str,
    mock_entry: MockConfigEntry,
) -> None:
    """No home address, MAC, remote address or scan reaches a user who is not an administrator."""
    await _loaded(hass, mock_entry)
    admin = (await _ask(await hass_ws_client(hass), range="1h"))["result"]
    assert admin["redacted"] == []
    assert admin["devices"][0]["mac"] == "00:11:32:de:ad:01"
    client = await hass_ws_client(hass, hass_read_only_access_token)
    user = (await _ask(client, range="1h"))["result"]
    assert user["redacted"] == ["outbound", "devices", "sources"]
    text = repr(user)
    for secret in (HOME, CN, GB, "00:11:32:de:ad:01"):
        assert secret not in text
    assert user["inbound_drops"] == admin["inbound_drops"]
    assert user["denied_by_country"] == admin["denied_by_country"]
    assert user["outbound_countries"] == admin["outbound_countries"]
    assert (await _ask(client, filters={"country": "CN"}))["success"]
    refused = await _ask(client, filters={"device": HOME})
    assert refused["error"]["code"] == "unauthorized"
    await client.send_json_auto_id({"type": "netwatch/scan_ignore", "source": CN})
    assert (await client.receive_json())["error"]["code"] == "unauthorized"
    assert await hass.config_entries.async_unload(mock_entry.entry_id)


async def test_scan_ignore_list(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator, mock_entry: MockConfigEntry
) -> None:
    """The sources panel's ignore action keeps the source out of scan detection, persistently."""
    await _loaded(hass, mock_entry)
    client = await hass_ws_client(hass)
    await client.send_json_auto_id({"type": "netwatch/scan_ignore", "source": CN})
    assert (await client.receive_json())["result"] == {"ignored": [f"{CN}/32"]}
    assert mock_entry.options[CONF_SCAN_IGNORE] == [f"{CN}/32"]
    detector = mock_entry.runtime_data.engine.detector
    for port in range(100, 130):
        detector.add_firewall_event(event(Verdict.DENY, CN, HOME, dport=port))
    assert detector.stats.ignored["ignored_source"] == 30
    assert detector.stats.sources_tracked == 0
    await client.send_json_auto_id(
        {"type": "netwatch/scan_ignore", "source": "not an address", "ignore": True}
    )
    assert (await client.receive_json())["error"]["code"] == "invalid_format"
    await client.send_json_auto_id({"type": "netwatch/scan_ignore", "source": CN, "ignore": False})
    assert (await client.receive_json())["result"] == {"ignored": []}
    assert await hass.config_entries.async_unload(mock_entry.entry_id)


@pytest.mark.usefixtures("socket_enabled")
async def test_names_from_reverse_dns_and_asn_in_panels(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator, mock_entry: MockConfigEntry
) -> None:
    """With a DNS server set, remote addresses of the panels get their PTR names."""
    with dnsmasq({CN: "scanner.example.net"}) as server:
        await _loaded(
            hass, mock_entry, **{CONF_REVERSE_DNS: True, CONF_DNS_SERVER: server.nameserver}
        )
        client = await hass_ws_client(hass)
        await _ask(client, range="1h")  # the first answer queues the lookups
        for _ in range(50):
            names = (await _ask(client, range="1h"))["result"]["names"]
            if CN in names:
                break
            await asyncio.sleep(0.05)
        assert names[CN]["hostname"] == "scanner.example.net"
        status = (await _ask(client, range="1h"))["result"]["status"]
        assert status["names"] is True and status["asn"] is False
        assert await hass.config_entries.async_unload(mock_entry.entry_id)


async def test_devices_name_their_instance_and_address(
    hass: HomeAssistant, mock_entry: MockConfigEntry
) -> None:
    """Device names hold no ports; a home device's page shows its address and links the view."""
    await _loaded(hass, mock_entry, **{CONF_DASHBOARD: True})
    coordinator = mock_entry.runtime_data.coordinator
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    devices = {
        d.name: d
        for d in dr.async_entries_for_config_entry(dr.async_get(hass), mock_entry.entry_id)
    }
    assert "netwatch collector" in devices and "Home network" in devices
    assert str(mock_entry.data["netflow_port"]) in (devices["netwatch collector"].model or "")
    home = devices[HOME]
    assert home.model == f"Home network device {HOME}"
    assert home.configuration_url == f"homeassistant://netwatch?nw_device={HOME}"
    entity = er.async_get(hass).async_get_entity_id(
        "sensor", DOMAIN, f"{mock_entry.entry_id}_netflow_datagrams"
    )
    assert entity is not None and entity.startswith("sensor.netwatch_collector_")
    assert await hass.config_entries.async_unload(mock_entry.entry_id)


async def test_replaced_sensor_is_removed(hass: HomeAssistant, mock_entry: MockConfigEntry) -> None:
    """The old duplicate "Denied connections" sensor leaves the registry on the next start."""
    mock_entry.add_to_hass(hass)
    registry = er.async_get(hass)
    old = registry.async_get_or_create(
        "sensor", DOMAIN, f"{mock_entry.entry_id}_verdicts_deny", config_entry=mock_entry
    )
    assert await hass.config_entries.async_setup(mock_entry.entry_id)
    await hass.async_block_till_done()
    assert registry.async_get(old.entity_id) is None
    assert registry.async_get_entity_id("sensor", DOMAIN, f"{mock_entry.entry_id}_denied_outbound")
    assert await hass.config_entries.async_unload(mock_entry.entry_id)


def test_logbook_says_who() -> None:
    scan = {
        "type": "scan_detected", "source": CN, "hostname": "scanner.example.net",
        "country": "CN", "country_name": "China", "asn": 4134, "as_org": "Chinanet",
        "port_count": 1200, "target_count": 1, "severity": "high",
    }  # fmt: skip
    assert describe(scan) == (
        f"detected a high scan from {CN} (scanner.example.net), China, AS4134 Chinanet: "
        "1,200 ports on 1 address"
    )
    assert describe({"type": "scan_summary", "suppressed": 1, "reported": 20}).startswith(
        "held back 1 more scan"
    )
    assert "for 15 min" in describe(
        {"type": "sender_silent", "kind": "netflow", "sender": "192.0.2.1", "silent_for": 900}
    )
    assert "talk to China" in describe(
        {"type": "new_country", "device": HOME, "country": "CN", "country_name": "China"}
    )
