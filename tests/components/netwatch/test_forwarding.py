"""Forwarding through Home Assistant to a real Elasticsearch: options, reauth, documents."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.netwatch.const import (
    CONF_ES_ENABLED,
    CONF_ES_PASSWORD,
    CONF_ES_PREFIX,
    CONF_ES_URLS,
    CONF_ES_USERNAME,
    CONF_GEOIP_DATABASE,
    CONF_HOME_NETWORKS,
    CONF_NETFLOW_PORT,
    CONF_SYSLOG_PORT,
    DOMAIN,
)
from tests.helpers import free_port, testdata
from tests.search_servers import SearchNode

from .peers import logger_send, softflowd_export, ufw_block
from .test_init import wait_for

pytestmark = [pytest.mark.peers, pytest.mark.search]


def _forwarding(node: SearchNode, prefix: str, **overrides: Any) -> dict[str, Any]:
    return {
        CONF_ES_ENABLED: True,
        CONF_ES_URLS: [node.url],
        CONF_ES_USERNAME: node.username or "",
        CONF_ES_PASSWORD: node.password or "",
        CONF_ES_PREFIX: prefix,
        **overrides,
    }


async def _options_forwarding(
    hass: HomeAssistant, entry: MockConfigEntry, values: dict[str, Any]
) -> Any:
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "forwarding"}
    )
    return await hass.config_entries.options.async_configure(result["flow_id"], values)


async def test_forwarding_options_errors_and_documents(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    mock_entry: MockConfigEntry,
    elasticsearch_node: SearchNode,
) -> None:
    """Wrong password, dead port and bad prefix are refused; then real traffic is indexed."""
    node = elasticsearch_node
    prefix = f"nwha-{uuid.uuid4().hex[:8]}"
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

    bad = await _options_forwarding(hass, mock_entry, _forwarding(node, prefix, password="wrong"))
    assert bad["errors"] == {"base": "invalid_auth"}
    dead = await _options_forwarding(
        hass,
        mock_entry,
        _forwarding(node, prefix, **{CONF_ES_URLS: [f"http://127.0.0.1:{free_port(udp=False)}"]}),
    )
    assert dead["errors"] == {"base": "cannot_connect"}
    invalid = await _options_forwarding(hass, mock_entry, _forwarding(node, "Bad Prefix!"))
    assert invalid["errors"] == {"base": "invalid_forwarding"}
    empty = await _options_forwarding(
        hass, mock_entry, _forwarding(node, prefix, **{CONF_ES_URLS: []})
    )
    assert empty["errors"] == {CONF_ES_URLS: "no_urls"}
    good = await _options_forwarding(hass, mock_entry, _forwarding(node, prefix))
    assert good["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    engine = mock_entry.runtime_data.engine
    assert engine.forwarder is not None

    netflow, syslog = mock_entry.data[CONF_NETFLOW_PORT], mock_entry.data[CONF_SYSLOG_PORT]
    await softflowd_export(netflow)
    for port in (23, 3389):
        await logger_send(syslog, ufw_block("175.16.199.10", "192.0.2.10", port))
    await wait_for(lambda: engine.stats().flows == 76 and engine.stats().firewall_events == 2)
    forwarder = engine.forwarder
    try:
        await wait_for(
            lambda: (
                forwarder.stats.submitted >= 78
                and forwarder.stats.indexed == forwarder.stats.submitted
            ),
            seconds=30,
        )
    except TimeoutError:
        pytest.fail(f"not indexed in time: {forwarder.stats}")

    stats = engine.forwarder.stats
    assert stats.dropped_total == 0
    node.ok("POST", f"/{prefix}-*/_refresh")
    count = node.ok("GET", f"/{prefix}-*/_count")["count"]
    assert count == stats.indexed == 78
    hits = node.ok(
        "POST",
        f"/{prefix}-*/_search",
        {"query": {"term": {"source.ip": "175.16.199.10"}}, "size": 10},
    )["hits"]["hits"]
    assert hits
    assert {h["_source"]["source"]["geo"]["country_iso_code"] for h in hits} == {"CN"}

    # Diagnostics work with forwarding on, and keep the server's password to themselves.
    diag = await get_diagnostics_for_config_entry(hass, hass_client, mock_entry)
    assert diag["stats"]["forwarder"]["indexed"] == 78
    assert diag["stats"]["forwarder"]["dropped"]["queue_full"] == 0
    assert diag["options"][CONF_ES_PASSWORD] == "**REDACTED**"
    assert node.password
    assert node.password not in json.dumps(diag)
    assert await hass.config_entries.async_unload(mock_entry.entry_id)


async def test_bad_credentials_start_reauth_and_recover(
    hass: HomeAssistant, mock_entry: MockConfigEntry, elasticsearch_node: SearchNode
) -> None:
    """A refused password keeps listening, raises a repair and a reauth flow that fixes it."""
    node = elasticsearch_node
    prefix = f"nwha-{uuid.uuid4().hex[:8]}"
    mock_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_entry, options={**mock_entry.options, **_forwarding(node, prefix, password="wrong")}
    )
    assert await hass.config_entries.async_setup(mock_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_entry.state is ConfigEntryState.LOADED
    assert mock_entry.runtime_data.engine.forwarder is None
    assert ir.async_get(hass).async_get_issue(DOMAIN, f"es_auth_{mock_entry.entry_id}")
    flows = [
        f
        for f in hass.config_entries.flow.async_progress()
        if f["context"]["source"] == SOURCE_REAUTH
    ]
    assert len(flows) == 1
    result = await hass.config_entries.flow.async_configure(
        flows[0]["flow_id"], {CONF_ES_USERNAME: node.username, CONF_ES_PASSWORD: "still wrong"}
    )
    assert result["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        flows[0]["flow_id"], {CONF_ES_USERNAME: node.username, CONF_ES_PASSWORD: node.password}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()
    assert mock_entry.options[CONF_ES_PASSWORD] == node.password
    assert mock_entry.runtime_data.engine.forwarder is not None
    assert ir.async_get(hass).async_get_issue(DOMAIN, f"es_auth_{mock_entry.entry_id}") is None
    assert await hass.config_entries.async_unload(mock_entry.entry_id)


def _status_as(node: SearchNode, user: str, password: str) -> int:
    return node.http("GET", "/_security/_authenticate", auth=(user, password))[0]


async def test_credentials_refused_while_running_start_reauth(
    hass: HomeAssistant, mock_entry: MockConfigEntry, elasticsearch_node: SearchNode
) -> None:
    """A user deleted on the server while netwatch forwards: repair + reauth, listening goes on."""
    node = elasticsearch_node
    prefix = f"nwha-{uuid.uuid4().hex[:8]}"
    user, password = f"netwatch-{uuid.uuid4().hex[:6]}", uuid.uuid4().hex
    node.set_user(user, password)
    await wait_for(lambda: _status_as(node, user, password) == 200, seconds=30)
    mock_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_entry,
        options={
            **mock_entry.options,
            **_forwarding(node, prefix, **{CONF_ES_USERNAME: user, CONF_ES_PASSWORD: password}),
        },
    )
    assert await hass.config_entries.async_setup(mock_entry.entry_id)
    await hass.async_block_till_done()
    engine = mock_entry.runtime_data.engine
    forwarder = engine.forwarder
    assert forwarder is not None
    syslog = mock_entry.data[CONF_SYSLOG_PORT]
    await logger_send(syslog, ufw_block("175.16.199.10", "192.0.2.10", 23))
    await wait_for(lambda: forwarder.stats.indexed == 1, seconds=30)
    assert not ir.async_get(hass).async_get_issue(DOMAIN, f"es_auth_{mock_entry.entry_id}")

    node.set_user(user, None)  # the server now refuses these credentials
    await wait_for(lambda: _status_as(node, user, password) == 401, seconds=30)
    await logger_send(syslog, ufw_block("175.16.199.10", "192.0.2.10", 3389))
    reauth: list[Any] = []

    def _reauth_started() -> bool:
        reauth[:] = [
            f
            for f in hass.config_entries.flow.async_progress()
            if f["context"]["source"] == SOURCE_REAUTH
        ]
        return bool(reauth)

    await wait_for(_reauth_started, seconds=30)
    assert ir.async_get(hass).async_get_issue(DOMAIN, f"es_auth_{mock_entry.entry_id}")
    assert mock_entry.state is ConfigEntryState.LOADED
    # Listening and counting go on; what cannot be sent is counted, not queued without end.
    await logger_send(syslog, ufw_block("175.16.199.10", "192.0.2.10", 8080))
    await wait_for(lambda: engine.stats().firewall_events == 3)
    await wait_for(lambda: forwarder.stats.dropped_total >= 1)
    assert forwarder.stats.indexed == 1

    result = await hass.config_entries.flow.async_configure(
        reauth[0]["flow_id"], {CONF_ES_USERNAME: node.username, CONF_ES_PASSWORD: node.password}
    )
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()
    assert mock_entry.runtime_data.engine.forwarder is not None
    assert ir.async_get(hass).async_get_issue(DOMAIN, f"es_auth_{mock_entry.entry_id}") is None
    assert await hass.config_entries.async_unload(mock_entry.entry_id)
