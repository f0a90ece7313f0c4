"""Elasticsearch / OpenSearch forwarding: settings, connection test, start/stop, repairs."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.aiohttp_client import async_get_clientsession

from .const import (
    CONF_ES_API_KEY,
    CONF_ES_CA_PATH,
    CONF_ES_ENABLED,
    CONF_ES_PASSWORD,
    CONF_ES_PREFIX,
    CONF_ES_RETENTION_DAYS,
    CONF_ES_SEND_FIREWALL,
    CONF_ES_SEND_FLOWS,
    CONF_ES_SEND_SCANS,
    CONF_ES_URLS,
    CONF_ES_USERNAME,
    CONF_ES_VERIFY_TLS,
    DOMAIN,
)
from .data import NetwatchConfigEntry
from .engine.errors import ForwarderError
from .engine.forward import (
    Forwarder,
    ForwarderAuthError,
    ForwarderConfig,
    SendPolicy,
    ServerInfo,
)
from .engine.pipeline import NetwatchEngine

_LOGGER = logging.getLogger(__name__)
STOP_FLUSH_SECONDS = 5.0
DEFAULTS: dict[str, Any] = {
    CONF_ES_ENABLED: False,
    CONF_ES_URLS: [],
    CONF_ES_VERIFY_TLS: True,
    CONF_ES_PREFIX: "netwatch",
    CONF_ES_SEND_FLOWS: "all",
    CONF_ES_SEND_FIREWALL: "all",
    CONF_ES_SEND_SCANS: "all",
    CONF_ES_RETENTION_DAYS: 30,
}


def forwarder_config(options: Mapping[str, Any]) -> ForwarderConfig | None:
    """Build the forwarder settings from entry options; None when forwarding is off."""
    if not options.get(CONF_ES_ENABLED) or not options.get(CONF_ES_URLS):
        return None
    return ForwarderConfig(
        urls=list(options[CONF_ES_URLS]),
        api_key=options.get(CONF_ES_API_KEY) or None,
        username=options.get(CONF_ES_USERNAME) or None,
        password=options.get(CONF_ES_PASSWORD) or None,
        verify_tls=bool(options.get(CONF_ES_VERIFY_TLS, True)),
        ca_path=options.get(CONF_ES_CA_PATH) or None,
        prefix=str(options.get(CONF_ES_PREFIX) or "netwatch"),
        send_flows=SendPolicy.parse(str(options.get(CONF_ES_SEND_FLOWS, "all"))),
        send_firewall=SendPolicy.parse(str(options.get(CONF_ES_SEND_FIREWALL, "all"))),
        send_scans=SendPolicy.parse(str(options.get(CONF_ES_SEND_SCANS, "all"))),
        retention_days=int(options.get(CONF_ES_RETENTION_DAYS, 30)),
    )


async def async_test_connection(hass: HomeAssistant, config: ForwarderConfig) -> ServerInfo:
    """Connect and authenticate once (config and reauth flows); raise ForwarderError."""
    session = async_get_clientsession(hass, verify_ssl=config.verify_tls)
    return await Forwarder(session, config).async_check()


def _issue(hass: HomeAssistant, entry: NetwatchConfigEntry, key: str, error: str) -> None:
    ir.async_create_issue(
        hass,
        DOMAIN,
        f"{key}_{entry.entry_id}",
        is_fixable=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key=key,
        translation_placeholders={"error": error, "title": entry.title},
    )


async def async_start_forwarder(
    hass: HomeAssistant, entry: NetwatchConfigEntry, engine: NetwatchEngine
) -> None:
    """Start forwarding when configured: check the server, install templates, run the sender."""
    for key in ("es_unreachable", "es_auth"):
        ir.async_delete_issue(hass, DOMAIN, f"{key}_{entry.entry_id}")
    config = forwarder_config(entry.options)
    if config is None:
        return
    forwarder = Forwarder(async_get_clientsession(hass, verify_ssl=config.verify_tls), config)
    try:
        await forwarder.async_check()
        await forwarder.async_setup()
    except ForwarderAuthError as err:
        # Listening goes on; forwarding waits for new credentials.
        _issue(hass, entry, "es_auth", str(err))
        entry.async_start_reauth(hass)
        return
    except ForwarderError as err:
        # Documents queue (bounded) and are retried once the server answers.
        _LOGGER.warning("netwatch cannot reach Elasticsearch/OpenSearch yet: %s", err)
        _issue(hass, entry, "es_unreachable", str(err))
    engine.attach_forwarder(forwarder)
    # Not an entry background task: those are cancelled at unload before the queue is flushed.
    task = hass.async_create_background_task(forwarder.async_run(), "netwatch forwarder")

    async def _stop() -> None:
        engine.attach_forwarder(None)
        await forwarder.async_stop(STOP_FLUSH_SECONDS)
        if not task.done():
            task.cancel()

    entry.async_on_unload(_stop)
