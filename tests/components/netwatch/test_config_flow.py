"""Config, options and reconfigure flows: every path, every error key, with real binds."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
from homeassistant import config_entries
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.netwatch.const import (
    CONF_ALLOWED_SENDERS,
    CONF_BIND_ADDRESS,
    CONF_GEOIP_DATABASE,
    CONF_GEOIP_DOWNLOAD,
    CONF_HOME_NETWORKS,
    CONF_MAX_DEVICES,
    CONF_NAME,
    CONF_NETFLOW_PORT,
    CONF_SCAN_COOLDOWN,
    CONF_SCAN_MAX_EVENTS,
    CONF_SCAN_MIN_PORTS,
    CONF_SCAN_MIN_TARGETS,
    CONF_SCAN_SETTLE,
    CONF_SCAN_WINDOW,
    CONF_SFLOW_PORT,
    CONF_SILENCE_MINUTES,
    CONF_SYSLOG_PORT,
    DEFAULT_ALLOWED_SENDERS,
    DEFAULT_HOME_NETWORKS,
    DEFAULT_NETFLOW_PORT,
    DEFAULT_SFLOW_PORT,
    DEFAULT_SYSLOG_PORT,
    DOMAIN,
)
from custom_components.netwatch.engine.addr import parse_addr
from custom_components.netwatch.options import engine_config
from custom_components.netwatch.options.listener import PORT_KEYS
from tests.helpers import free_port, testdata


def _user_input(data: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    return {
        CONF_NAME: "Home",
        **data,
        CONF_HOME_NETWORKS: ["192.168.1.0/24", "fd00::/8"],
        CONF_ALLOWED_SENDERS: ["127.0.0.0/8"],
        **overrides,
    }


async def test_user_flow_creates_entry(hass: HomeAssistant, entry_data: dict[str, Any]) -> None:
    """The form shows the documented defaults and creates an entry after a real bind."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    assert result["type"] is FlowResultType.FORM
    defaults = {str(k): k.default() for k in result["data_schema"].schema}
    assert defaults[CONF_NAME] == "Home"  # the first entry; later ones must be named
    assert defaults[CONF_NETFLOW_PORT] == DEFAULT_NETFLOW_PORT
    assert defaults[CONF_SFLOW_PORT] == DEFAULT_SFLOW_PORT
    assert defaults[CONF_SYSLOG_PORT] == DEFAULT_SYSLOG_PORT
    assert defaults[CONF_HOME_NETWORKS] == DEFAULT_HOME_NETWORKS
    assert defaults[CONF_ALLOWED_SENDERS] == DEFAULT_ALLOWED_SENDERS

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(entry_data, **{CONF_HOME_NETWORKS: ["192.168.1.7/24"]})
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == {**entry_data, CONF_NAME: "Home"}
    # Networks are normalised to their network address.
    assert result["options"][CONF_HOME_NETWORKS] == ["192.168.1.0/24"]
    assert result["options"][CONF_ALLOWED_SENDERS] == ["127.0.0.0/8"]
    await hass.async_block_till_done()
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    assert entry.state is config_entries.ConfigEntryState.LOADED
    assert await hass.config_entries.async_unload(entry.entry_id)


def test_entries_from_before_sflow_listen_on_the_default_sflow_port(
    entry_data: dict[str, Any],
) -> None:
    """An entry stored without an sFlow port gets 6343; a stored one is kept."""
    old = {key: value for key, value in entry_data.items() if key != CONF_SFLOW_PORT}
    assert engine_config(old, {}).sflow_port == DEFAULT_SFLOW_PORT == 6343
    assert engine_config(entry_data, {}).sflow_port == entry_data[CONF_SFLOW_PORT]


@pytest.mark.parametrize("occupied", ["udp_netflow", "udp_syslog", "tcp_syslog"])
async def test_user_flow_port_in_use_recovers(
    hass: HomeAssistant, entry_data: dict[str, Any], occupied: str
) -> None:
    """A port held by another program is reported on its field; a free port then succeeds."""
    kind, which = occupied.split("_")
    field = CONF_NETFLOW_PORT if which == "netflow" else CONF_SYSLOG_PORT
    blocker = socket.socket(
        socket.AF_INET, socket.SOCK_DGRAM if kind == "udp" else socket.SOCK_STREAM
    )
    blocker.bind(("127.0.0.1", entry_data[field]))
    if kind == "tcp":
        blocker.listen()
    try:
        result = await hass.config_entries.flow.async_init(
            DOMAIN, context={"source": config_entries.SOURCE_USER}
        )
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], _user_input(entry_data)
        )
        assert result["type"] is FlowResultType.FORM
        # The syslog port has two sockets: the error says which one is taken.
        expected = "address_in_use" if which == "netflow" else f"address_in_use_{kind}"
        assert result["errors"] == {field: expected}
        fixed = {**entry_data, field: free_port()}
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], _user_input(fixed)
        )
        assert result["type"] is FlowResultType.CREATE_ENTRY
        await hass.async_block_till_done()
        entry = hass.config_entries.async_entries(DOMAIN)[0]
        assert await hass.config_entries.async_unload(entry.entry_id)
    finally:
        blocker.close()


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({CONF_BIND_ADDRESS: "not-an-ip"}, {CONF_BIND_ADDRESS: "invalid_address"}),
        ({CONF_BIND_ADDRESS: "192.0.2.123"}, {CONF_NETFLOW_PORT: "address_not_available"}),
        ({CONF_HOME_NETWORKS: ["192.168.1.0/33"]}, {CONF_HOME_NETWORKS: "invalid_network"}),
        ({CONF_ALLOWED_SENDERS: ["nonsense"]}, {CONF_ALLOWED_SENDERS: "invalid_network"}),
        ({CONF_ALLOWED_SENDERS: []}, {CONF_ALLOWED_SENDERS: "no_senders"}),
        ({CONF_NETFLOW_PORT: 80}, {CONF_NETFLOW_PORT: "permission_denied"}),
    ],
)
async def test_user_flow_errors_recover(
    hass: HomeAssistant,
    entry_data: dict[str, Any],
    overrides: dict[str, Any],
    errors: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every form error is shown on its field, and correcting it creates the entry."""
    if errors.get(CONF_NETFLOW_PORT) == "permission_denied":
        # The rig runs as root, where low ports are allowed: drop the privilege the kernel way.
        import errno

        from custom_components.netwatch.engine.errors import listener_error_from_oserror
        from custom_components.netwatch.engine.listen import sockets

        real = sockets.open_udp_socket

        def deny_low(host: str, port: int, rcvbuf: int = 65536) -> socket.socket:
            if port < 1024:
                raise listener_error_from_oserror(
                    PermissionError(errno.EACCES, "Permission denied"), host, port
                )
            return real(host, port, rcvbuf)

        monkeypatch.setattr(sockets, "open_udp_socket", deny_low)
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(entry_data, **overrides)
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == errors
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(entry_data)
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert await hass.config_entries.async_unload(
        hass.config_entries.async_entries(DOMAIN)[0].entry_id
    )


async def test_user_flow_same_port(hass: HomeAssistant, entry_data: dict[str, Any]) -> None:
    """NetFlow and syslog cannot share a port."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        _user_input(entry_data, **{CONF_SYSLOG_PORT: entry_data[CONF_NETFLOW_PORT]}),
    )
    assert result["errors"] == {CONF_SYSLOG_PORT: "same_port"}


@pytest.mark.parametrize("field", [CONF_NETFLOW_PORT, CONF_SFLOW_PORT, CONF_SYSLOG_PORT])
async def test_user_flow_port_of_other_entry_is_a_field_error(
    hass: HomeAssistant, mock_entry: MockConfigEntry, entry_data: dict[str, Any], field: str
) -> None:
    """A port another entry uses is named on its field; the form keeps the input."""
    mock_entry.add_to_hass(hass)
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    fresh = {key: free_port() for key in PORT_KEYS if key != field}
    taken = _user_input({**entry_data, **fresh}, **{CONF_NAME: "Office"})
    result = await hass.config_entries.flow.async_configure(result["flow_id"], taken)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {field: "port_of_other_entry"}
    schema_defaults = {str(key): key.default() for key in result["data_schema"].schema}
    assert schema_defaults[field] == entry_data[field]
    assert schema_defaults[CONF_NAME] == "Office"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**taken, field: free_port()}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_options_networks(hass: HomeAssistant, mock_entry: MockConfigEntry) -> None:
    """The networks step rejects bad CIDRs first, then reloads the entry with the new ones."""
    mock_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_entry.entry_id)
    await hass.async_block_till_done()
    engine_before = mock_entry.runtime_data.engine

    result = await hass.config_entries.options.async_init(mock_entry.entry_id)
    assert result["type"] is FlowResultType.MENU
    assert set(result["menu_options"]) == {
        "networks",
        "syslog",
        "geoip",
        "detection",
        "forwarding",
        "devices",
    }
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "networks"}
    )
    assert result["type"] is FlowResultType.FORM
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {CONF_HOME_NETWORKS: ["10.1.0.0/16", "bad"], CONF_ALLOWED_SENDERS: ["127.0.0.1/32"]},
    )
    assert result["errors"] == {CONF_HOME_NETWORKS: "invalid_network"}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {CONF_HOME_NETWORKS: ["10.1.0.0/16"], CONF_ALLOWED_SENDERS: ["127.0.0.1/32"]},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert mock_entry.options[CONF_HOME_NETWORKS] == ["10.1.0.0/16"]
    assert mock_entry.state is config_entries.ConfigEntryState.LOADED
    engine_after = mock_entry.runtime_data.engine
    assert engine_after is not engine_before  # reloaded with the new options
    assert engine_after.home_networks.contains_text("10.1.2.3")
    assert not engine_after.home_networks.contains_text("192.168.1.1")
    assert await hass.config_entries.async_unload(mock_entry.entry_id)


async def _options_step(hass: HomeAssistant, entry: MockConfigEntry, step: str) -> Any:
    result = await hass.config_entries.options.async_init(entry.entry_id)
    return await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": step}
    )


async def test_options_geoip(
    hass: HomeAssistant, mock_entry: MockConfigEntry, tmp_path: Path
) -> None:
    """A missing or non-mmdb file is refused on the field; the MaxMind test database is taken."""
    mock_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_entry.entry_id)
    await hass.async_block_till_done()
    result = await _options_step(hass, mock_entry, "geoip")
    assert result["type"] is FlowResultType.FORM
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {CONF_GEOIP_DATABASE: str(tmp_path / "nope.mmdb"), CONF_GEOIP_DOWNLOAD: False},
    )
    assert result["errors"] == {CONF_GEOIP_DATABASE: "geoip_missing"}
    junk = tmp_path / "junk.mmdb"
    junk.write_bytes(b"this is not a maxmind database" * 10)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_GEOIP_DATABASE: str(junk), CONF_GEOIP_DOWNLOAD: False}
    )
    assert result["errors"] == {CONF_GEOIP_DATABASE: "geoip_unreadable"}
    real = str(testdata("geoip", "GeoLite2-Country-Test.mmdb"))
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_GEOIP_DATABASE: real, CONF_GEOIP_DOWNLOAD: False}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert mock_entry.options[CONF_GEOIP_DATABASE] == real
    engine = mock_entry.runtime_data.engine
    assert engine.geoip is not None
    assert engine.geoip.country(*parse_addr("81.2.69.142")) == "GB"
    assert await hass.config_entries.async_unload(mock_entry.entry_id)


async def test_options_devices(hass: HomeAssistant, mock_entry: MockConfigEntry) -> None:
    """The device limit reaches the aggregator after the reload."""
    mock_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_entry.entry_id)
    await hass.async_block_till_done()
    result = await _options_step(hass, mock_entry, "devices")
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_MAX_DEVICES: 7, "dashboard": False}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert mock_entry.options[CONF_MAX_DEVICES] == 7
    assert mock_entry.runtime_data.engine.stats().tables["devices_capacity"] == 7
    assert "netwatch" not in hass.data["frontend_panels"]  # dashboard switched off
    assert await hass.config_entries.async_unload(mock_entry.entry_id)


async def test_reconfigure_keeps_own_ports_and_moves(
    hass: HomeAssistant, mock_entry: MockConfigEntry, entry_data: dict[str, Any]
) -> None:
    """Reconfigure accepts the ports the entry itself holds, rejects busy ones, then moves."""
    mock_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_entry.entry_id)
    await hass.async_block_till_done()

    # Same ports: held by our own listeners, so no false "address in use".
    result = await mock_entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.FORM
    result = await hass.config_entries.flow.async_configure(result["flow_id"], entry_data)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()

    busy = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    busy.bind(("127.0.0.1", 0))
    try:
        result = await mock_entry.start_reconfigure_flow(hass)
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {**entry_data, CONF_NETFLOW_PORT: busy.getsockname()[1]}
        )
        assert result["errors"] == {CONF_NETFLOW_PORT: "address_in_use"}
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {**entry_data, CONF_SYSLOG_PORT: entry_data[CONF_NETFLOW_PORT]}
        )
        assert result["errors"] == {CONF_SYSLOG_PORT: "same_port"}
        new_port = free_port()
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {**entry_data, CONF_NETFLOW_PORT: new_port}
        )
        assert result["reason"] == "reconfigure_successful"
    finally:
        busy.close()
    await hass.async_block_till_done()
    assert mock_entry.data[CONF_NETFLOW_PORT] == new_port
    assert mock_entry.runtime_data.engine.stats().netflow_port == new_port
    assert await hass.config_entries.async_unload(mock_entry.entry_id)


async def test_reconfigure_port_of_other_entry_is_a_field_error(
    hass: HomeAssistant, mock_entry: MockConfigEntry, entry_data: dict[str, Any]
) -> None:
    """Reconfigure cannot take the ports of another entry: the field says so."""
    mock_entry.add_to_hass(hass)
    other = MockConfigEntry(
        domain=DOMAIN,
        data={**entry_data, **{key: free_port() for key in PORT_KEYS}},
    )
    other.add_to_hass(hass)
    result = await other.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**other.data, CONF_SYSLOG_PORT: entry_data[CONF_SYSLOG_PORT]}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_SYSLOG_PORT: "port_of_other_entry"}


async def test_options_detection(hass: HomeAssistant, mock_entry: MockConfigEntry) -> None:
    """Detection thresholds reach the detector in its units (minutes become seconds)."""
    mock_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_entry.entry_id)
    await hass.async_block_till_done()
    result = await _options_step(hass, mock_entry, "detection")
    assert result["type"] is FlowResultType.FORM
    values = {
        CONF_SCAN_WINDOW: 10,
        CONF_SCAN_MIN_PORTS: 4,
        CONF_SCAN_MIN_TARGETS: 3,
        CONF_SCAN_SETTLE: 0,
        CONF_SCAN_COOLDOWN: 30,
        CONF_SCAN_MAX_EVENTS: 5,
        CONF_SILENCE_MINUTES: 2,
    }
    result = await hass.config_entries.options.async_configure(result["flow_id"], values)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    engine = mock_entry.runtime_data.engine
    detector = engine.detector
    assert (detector.window, detector.min_ports, detector.min_targets) == (600.0, 4, 3)
    assert (detector.settle, detector.cooldown, detector.max_events_per_hour) == (0.0, 1800.0, 5)
    assert engine.senders.silence == 120.0
    assert await hass.config_entries.async_unload(mock_entry.entry_id)


async def test_options_syslog(hass: HomeAssistant, mock_entry: MockConfigEntry) -> None:
    """Malformed prefix entries are refused; the vendor pin and prefixes reach the parser."""
    mock_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_entry.entry_id)
    await hass.async_block_till_done()
    result = await _options_step(hass, mock_entry, "syslog")
    assert result["type"] is FlowResultType.FORM
    defaults = {str(k): k.default() for k in result["data_schema"].schema}
    assert "drop=deny" in defaults["prefix_verdicts"]
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"syslog_vendor": "mikrotik", "prefix_verdicts": ["FW-IN=maybe"]}
    )
    assert result["errors"] == {"prefix_verdicts": "invalid_prefix_verdicts"}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"syslog_vendor": "mikrotik", "prefix_verdicts": ["FW-IN=deny"]}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    parser = mock_entry.runtime_data.engine.syslog_parser
    line = (
        b"<134>firewall,info FW-IN input: in:ether1 out:(unknown 0), src-mac 00:11:22:33:44:55,"
        b" proto TCP (SYN), 203.0.113.9:51234->192.0.2.1:22, len 60"
    )
    event = parser.parse(line, "192.168.88.1")
    assert event is not None
    assert (event.vendor, event.action, event.dst_port) == ("mikrotik", "deny", 22)
    assert await hass.config_entries.async_unload(mock_entry.entry_id)


async def test_stored_secrets_never_go_back_to_the_browser(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, mock_entry: MockConfigEntry
) -> None:
    """The forwarding form the browser receives carries no stored secret; empty keeps it."""
    mock_entry.add_to_hass(hass)
    secrets = {"api_key": "s3cr3t-key", "password": "hunter2-pass", "username": "elastic"}
    hass.config_entries.async_update_entry(
        mock_entry, options={**mock_entry.options, "es_enabled": False, **secrets}
    )
    assert await hass.config_entries.async_setup(mock_entry.entry_id)
    assert await async_setup_component(hass, "config", {})
    await hass.async_block_till_done()
    client = await hass_client()  # the HTTP API the frontend uses for options flows
    base = "/api/config/config_entries/options/flow"
    response = await client.post(base, json={"handler": mock_entry.entry_id})
    flow_id = (await response.json())["flow_id"]
    response = await client.post(f"{base}/{flow_id}", json={"next_step_id": "forwarding"})
    shown = await response.text()
    assert response.status == 200
    assert '"step_id": "forwarding"' in shown or '"step_id":"forwarding"' in shown
    assert "s3cr3t-key" not in shown
    assert "hunter2-pass" not in shown
    assert "elastic" in shown  # a user name is no secret: it is prefilled
    response = await client.post(
        f"{base}/{flow_id}",
        json={
            "es_enabled": False,
            "es_urls": [],
            "username": "elastic",
            "es_verify_tls": True,
            "es_prefix": "netwatch",
            "es_send_flows": "all",
            "es_send_firewall": "all",
            "es_send_scans": "all",
            "es_retention_days": 30,
        },
    )
    assert (await response.json())["type"] == "create_entry"
    await hass.async_block_till_done()
    assert mock_entry.options["api_key"] == "s3cr3t-key"
    assert mock_entry.options["password"] == "hunter2-pass"
    assert await hass.config_entries.async_unload(mock_entry.entry_id)


_USER_PASSWORD = {"api_key": "", "username": "u", "password": "p"}


@pytest.mark.parametrize(
    ("stored", "submitted", "kept"),
    [
        ({"api_key": "k"}, {}, {"api_key": "k", "username": "", "password": ""}),
        ({"api_key": "k"}, {"username": "u", "password": "p"}, _USER_PASSWORD),
        ({"username": "u", "password": "p"}, {"username": "u"}, _USER_PASSWORD),
        (_USER_PASSWORD, {"api_key": "k2"}, {"api_key": "k2", "username": "", "password": ""}),
    ],
)  # fmt: skip
def test_credentials_merge(
    stored: dict[str, str], submitted: dict[str, str], kept: dict[str, str]
) -> None:
    """Empty secret fields keep stored ones; choosing the other login method drops the first."""
    from custom_components.netwatch.options.forwarding import merge_credentials

    assert merge_credentials(submitted, stored) == kept


async def test_second_entry_needs_its_own_name(
    hass: HomeAssistant, mock_entry: MockConfigEntry, entry_data: dict[str, Any]
) -> None:
    """A second entry is not offered "Home" and may not take it; its devices carry its name."""
    mock_entry.add_to_hass(hass)
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    defaults = {str(k): k.default() for k in result["data_schema"].schema}
    assert defaults[CONF_NAME] == ""
    entry_data = {**entry_data, **{key: free_port() for key in PORT_KEYS}}
    for name, error in (
        ("home", "name_in_use"),
        ("  ", "invalid_name"),
        ("x" * 41, "invalid_name"),
    ):
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], _user_input(entry_data, **{CONF_NAME: name})
        )
        assert result["errors"] == {CONF_NAME: error}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(entry_data, **{CONF_NAME: "  Office  "})
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_NAME] == "Office"
    assert result["title"].startswith("Office (NetFlow ")
    await hass.async_block_till_done()
    entry = next(
        e for e in hass.config_entries.async_entries(DOMAIN) if e.title.startswith("Office")
    )
    devices = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    assert {d.name for d in devices} >= {"Office network", "netwatch collector (Office)"}
    assert await hass.config_entries.async_unload(entry.entry_id)
