"""Fixtures for the Home Assistant side of netwatch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension
from syrupy.assertion import SnapshotAssertion

import custom_components.netwatch  # noqa: F401  (must be imported before phcc's testing_config)
from custom_components.netwatch.config_flow import NetwatchConfigFlow
from custom_components.netwatch.const import (
    CONF_ALLOWED_SENDERS,
    CONF_BIND_ADDRESS,
    CONF_GEOIP_DATABASE,
    CONF_HOME_NETWORKS,
    CONF_NETFLOW_PORT,
    CONF_REVERSE_DNS,
    CONF_SFLOW_PORT,
    CONF_SYSLOG_PORT,
    CONF_SYSLOG_TCP,
    DOMAIN,
)
from tests.helpers import free_port, testdata


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load custom_components/netwatch."""


@pytest.fixture(autouse=True)
def isolated_config_dir(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """Give each test's Home Assistant its own config dir (blueprints, downloads land there)."""
    if "hass" in request.fixturenames:
        request.getfixturevalue("hass").config.config_dir = str(tmp_path)


@pytest.fixture
def entry_data(socket_enabled: None) -> dict[str, Any]:
    """Listener settings on free loopback ports."""
    return {
        CONF_BIND_ADDRESS: "127.0.0.1",
        CONF_NETFLOW_PORT: free_port(tcp=False),
        CONF_SFLOW_PORT: free_port(tcp=False),
        CONF_SYSLOG_PORT: free_port(),  # syslog listens on UDP and, with CONF_SYSLOG_TCP, TCP
        CONF_SYSLOG_TCP: True,
    }


@pytest.fixture
def entry_options() -> dict[str, Any]:
    """Home networks of the test data and loopback as the only allowed sender."""
    return {
        CONF_HOME_NETWORKS: ["192.0.2.0/24", "198.51.100.0/24", "2001:db8::/32", "192.168.0.0/16"],
        CONF_ALLOWED_SENDERS: ["127.0.0.0/8", "::1/128"],
        # Names come from the system's DNS otherwise: test_names.py turns it on with dnsmasq.
        CONF_REVERSE_DNS: False,
    }


@pytest.fixture
def mock_entry(entry_data: dict[str, Any], entry_options: dict[str, Any]) -> MockConfigEntry:
    """A netwatch config entry on free ports."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="netwatch test",
        data=entry_data,
        options=entry_options,
        minor_version=NetwatchConfigFlow.MINOR_VERSION,  # as the flow creates it today
    )


@pytest.fixture
def snapshot_entry(entry_data: dict[str, Any]) -> MockConfigEntry:
    """An entry with a fixed id (stable snapshots), the test data's networks and GeoIP."""
    return MockConfigEntry(
        domain=DOMAIN,
        entry_id="01JNETWATCHSNAPSHOT000000001",
        title="netwatch test",
        data=entry_data,
        options={
            CONF_HOME_NETWORKS: ["192.0.2.0/24", "2001:db8::/32"],
            CONF_GEOIP_DATABASE: str(testdata("geoip", "GeoIP2-Country-Test.mmdb")),
            CONF_REVERSE_DNS: False,
        },
    )


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Serialise snapshots as Home Assistant core does (registry ids left out)."""
    return snapshot.use_extension(HomeAssistantSnapshotExtension)
