"""The shipped blueprints pass Home Assistant's blueprint schema and trigger automations."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from homeassistant.components.automation.config import AUTOMATION_BLUEPRINT_SCHEMA
from homeassistant.components.blueprint import BLUEPRINT_SCHEMA, models
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.setup import async_setup_component
from homeassistant.util.yaml import load_yaml_dict
from pytest_homeassistant_custom_component.common import async_mock_service

import custom_components.netwatch  # before phcc's testing_config puts its own on sys.path
from custom_components.netwatch.engine.addr import NetworkSet
from custom_components.netwatch.engine.records import Direction, FirewallEvent, Verdict
from custom_components.netwatch.engine.scan import ScanDetector

BLUEPRINTS = Path(custom_components.netwatch.__file__).parent / "blueprints"
EVENT = "netwatch_event"
NOTIFY = [{"action": "test.notify", "data": {"title": "{{ title }}", "message": "{{ message }}"}}]
SHIPPED = {
    "scan_detected_notify.yaml": {
        "notify_actions", "min_ports", "min_severity", "ignore_countries", "cooldown",
        "include_summaries",
    },
    "new_country_notify.yaml": {"notify_actions", "ignore_countries", "ignore_devices", "cooldown"},
    "sender_silent_notify.yaml": {"notify_actions", "kinds", "ignore_senders"},
}  # fmt: skip


def _scan_payload(country: str | None = "CN", ports: range = range(20, 34)) -> dict[str, Any]:
    """Build a scan_detected payload with the real detector, as the integration would fire it."""
    home = NetworkSet.from_cidrs(["192.168.0.0/16"])
    now = [1_800_000_000.0]
    detector = ScanDetector(
        is_home=home.contains, country_fn=lambda *_: country, clock=lambda: now[0]
    )
    for port in ports:
        line = FirewallEvent(
            0.0,
            "192.168.1.1",
            "netfilter",
            Verdict.DENY,
            Direction.IN,
            6,
            4,
            0xAF10C70A,
            40000,
            0xCB00710A,
            port,
        )  # fmt: skip  (175.16.199.10 -> 203.0.113.10)
        assert detector.add_firewall_event(line) == []
    now[0] += detector.settle
    notices = detector.flush()
    assert len(notices) == 1
    return notices[0].as_event_data()


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_blueprint_validates_with_home_assistants_schema(name: str) -> None:
    data = load_yaml_dict(BLUEPRINTS / name)
    BLUEPRINT_SCHEMA(data)
    blueprint = models.Blueprint(
        data, path=f"netwatch/{name}", expected_domain="automation",
        schema=AUTOMATION_BLUEPRINT_SCHEMA,
    )  # fmt: skip
    assert blueprint.domain == "automation"
    assert set(blueprint.inputs) == SHIPPED[name]
    assert blueprint.metadata["source_url"].endswith(f"/blueprints/automation/netwatch/{name}")
    # The conventions: plural keys, an event trigger on netwatch_event.
    assert {"triggers", "conditions", "actions"} <= set(data)
    assert all(t["trigger"] == "event" and t["event_type"] == EVENT for t in data["triggers"])


def test_every_shipped_blueprint_is_tested() -> None:
    assert {p.name for p in BLUEPRINTS.glob("*.yaml")} == set(SHIPPED)


@pytest.fixture
async def blueprint_folder(hass: HomeAssistant, tmp_path: Path) -> Path:
    """Put the blueprints where the integration copies them (<config>/blueprints/automation)."""
    hass.config.config_dir = str(tmp_path)
    folder = tmp_path / "blueprints" / "automation" / "netwatch"
    folder.mkdir(parents=True)
    for name in SHIPPED:
        shutil.copy(BLUEPRINTS / name, folder / name)
    return folder


async def _automation(hass: HomeAssistant, name: str, inputs: dict[str, Any]) -> None:
    config = {"alias": name, "use_blueprint": {"path": f"netwatch/{name}", "input": inputs}}
    assert await async_setup_component(hass, "automation", {"automation": [config]})
    await hass.async_block_till_done()
    assert len(hass.states.async_entity_ids("automation")) == 1


async def _fire(hass: HomeAssistant, *payloads: dict[str, Any]) -> None:
    for payload in payloads:
        hass.bus.async_fire(EVENT, payload)
        await hass.async_block_till_done()


@pytest.mark.usefixtures("blueprint_folder")
async def test_scan_blueprint_notifies_and_filters(hass: HomeAssistant) -> None:
    calls: list[ServiceCall] = async_mock_service(hass, "test", "notify")
    await _automation(
        hass,
        "scan_detected_notify.yaml",
        {
            "notify_actions": NOTIFY,
            "min_ports": 10,
            "ignore_countries": ["us ", "de"],
            "cooldown": 0,
        },
    )
    scan = {**_scan_payload(), "hostname": "scanner.example.net", "asn": 4134, "as_org": "Chinanet"}
    await _fire(hass, scan)
    assert len(calls) == 1
    assert calls[0].data["title"] == "netwatch: medium scan from 175.16.199.10"
    message = calls[0].data["message"]
    assert (
        "175.16.199.10 (scanner.example.net), China, AS4134 Chinanet probed 14 ports on 1 address"
        " (14 attempts, seen in syslog)" in message
    )
    assert "ftp, ssh, telnet, smtp" in message
    assert "20/tcp" in message
    assert message.endswith(" and 4 more.")  # top 10 of 14 ports, and no "...."

    await _fire(
        hass,
        _scan_payload(country="DE"),  # ignored country
        _scan_payload(ports=range(40000, 40012), country="US"),  # ignored (case, spaces)
        {**scan, "port_count": 9},  # below the blueprint's minimum
        {**scan, "type": "new_country"},  # another netwatch event
    )
    assert len(calls) == 1
    await _fire(hass, {**scan, "country": None})  # unknown country is not ignored
    assert len(calls) == 2


@pytest.mark.usefixtures("blueprint_folder")
async def test_scan_blueprint_severity_cooldown_and_summaries(hass: HomeAssistant) -> None:
    calls = async_mock_service(hass, "test", "notify")
    await _automation(
        hass,
        "scan_detected_notify.yaml",
        {"notify_actions": NOTIFY, "min_severity": "medium", "cooldown": 30,
         "include_summaries": True},
    )  # fmt: skip
    scan = _scan_payload()
    await _fire(hass, {**scan, "severity": "low"})
    assert calls == []
    await _fire(hass, scan, {**scan, "severity": "high"})  # the second is inside the cooldown
    assert len(calls) == 1
    summary = {
        "type": "scan_summary", "period_start": 1.8e9, "period_end": 1.8e9 + 3600,
        "suppressed": 42, "reported": 20, "severity": "high",
        "top_sources": [{"source": "198.51.100.7", "country": "BT", "port_count": 60,
                         "target_count": 1, "severity": "high"}],
        "countries": [{"country": "BT", "count": 42}], "ports": [],
    }  # fmt: skip
    await _fire(hass, summary)
    assert len(calls) == 1  # still inside the cooldown


@pytest.mark.usefixtures("blueprint_folder")
async def test_scan_blueprint_summary_and_default_action(hass: HomeAssistant) -> None:
    created = async_mock_service(hass, "persistent_notification", "create")
    await _automation(hass, "scan_detected_notify.yaml", {})  # every default
    summary = {
        "type": "scan_summary", "period_start": 1.8e9, "period_end": 1.8e9 + 3600,
        "suppressed": 42, "reported": 20, "severity": "high",
        "top_sources": [{"source": "198.51.100.7", "country": "BT", "port_count": 60,
                         "target_count": 1, "severity": "high"}],
        "countries": [{"country": "BT", "count": 42}], "ports": [],
    }  # fmt: skip
    await _fire(hass, summary)
    assert len(created) == 1
    assert created[0].data["title"] == "netwatch: 42 more scans this hour"
    assert "198.51.100.7 (BT): 60 ports" in created[0].data["message"]


@pytest.mark.usefixtures("blueprint_folder")
async def test_new_country_blueprint(hass: HomeAssistant) -> None:
    calls = async_mock_service(hass, "test", "notify")
    await _automation(
        hass,
        "new_country_notify.yaml",
        {"notify_actions": NOTIFY, "ignore_countries": ["ie"], "ignore_devices": ["Printer"]},
    )
    contact = {
        "type": "new_country", "device": "192.168.1.10", "device_name": "laptop",
        "mac": "02:00:00:00:00:0a", "country": "BT", "remote": "67.43.156.7",
        "first_seen": 1.8e9,
    }  # fmt: skip
    await _fire(
        hass,
        contact,
        {**contact, "country": "IE"},
        {**contact, "device_name": "printer"},
        {**contact, "type": "scan_detected"},
    )
    assert len(calls) == 1
    assert calls[0].data["title"] == "netwatch: laptop contacted BT"
    assert calls[0].data["message"] == (
        "laptop (192.168.1.10) exchanged traffic with 67.43.156.7 in BT for the first time."
    )
    await _fire(hass, {**contact, "device_name": None})
    assert calls[-1].data["title"] == "netwatch: 192.168.1.10 contacted BT"


@pytest.mark.usefixtures("blueprint_folder")
async def test_sender_silent_blueprint(hass: HomeAssistant) -> None:
    calls = async_mock_service(hass, "test", "notify")
    await _automation(
        hass,
        "sender_silent_notify.yaml",
        {"notify_actions": NOTIFY, "kinds": ["netflow"], "ignore_senders": ["192.168.1.2"]},
    )
    silent = {
        "type": "sender_silent", "sender": "192.168.1.1", "kind": "netflow",
        "last_seen": 1_800_000_000.0, "silent_for": 900,
    }  # fmt: skip
    await _fire(
        hass,
        silent,
        {**silent, "kind": "syslog"},  # not watched
        {**silent, "sender": "192.168.1.2"},  # ignored
    )
    assert len(calls) == 1
    assert calls[0].data["title"] == "netwatch: no NetFlow from 192.168.1.1"
    assert (
        calls[0]
        .data["message"]
        .startswith("netwatch has received no NetFlow from 192.168.1.1 since 20")
    )
