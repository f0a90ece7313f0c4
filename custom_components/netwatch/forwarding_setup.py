"""Start and stop forwarding to Elasticsearch / OpenSearch for an entry, with its repairs."""

from __future__ import annotations

import logging

from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession

from .coordinator import NetwatchConfigEntry
from .engine.errors import ForwarderError
from .engine.forward import Forwarder, ForwarderAuthError
from .engine.pipeline import NetwatchEngine
from .options.forwarding import forwarder_config
from .repairs import async_clear_issues, async_raise_issue

_LOGGER = logging.getLogger(__name__)
STOP_FLUSH_SECONDS = 5.0


async def async_start_forwarder(
    hass: HomeAssistant, entry: NetwatchConfigEntry, engine: NetwatchEngine
) -> None:
    """Start forwarding when configured: check the server, install templates, run the sender."""
    async_clear_issues(hass, entry, "es_unreachable", "es_auth")
    config = forwarder_config(entry.options)
    if config is None:
        return
    forwarder = Forwarder(async_get_clientsession(hass, verify_ssl=config.verify_tls), config)
    try:
        await forwarder.async_check()
        await forwarder.async_setup()
    except ForwarderAuthError as err:
        _async_credentials_refused(hass, entry, err)
        return
    except ForwarderError as err:
        # Documents queue (bounded) and are retried once the server answers.
        _LOGGER.warning("netwatch cannot reach Elasticsearch/OpenSearch yet: %s", err)
        async_raise_issue(hass, entry, "es_unreachable", placeholders={"error": str(err)})
    engine.attach_forwarder(forwarder)
    # Not an entry background task: those are cancelled at unload before the queue is flushed.
    task = hass.async_create_background_task(
        _async_run(hass, entry, forwarder), "netwatch forwarder"
    )

    async def _stop() -> None:
        engine.attach_forwarder(None)
        await forwarder.async_stop(STOP_FLUSH_SECONDS)
        if not task.done():
            task.cancel()

    entry.async_on_unload(_stop)


async def _async_run(hass: HomeAssistant, entry: NetwatchConfigEntry, forwarder: Forwarder) -> None:
    """Run the sender; credentials refused while running start the reauth flow and a repair."""
    try:
        await forwarder.async_run()
    except ForwarderAuthError as err:
        # The forwarder stays attached and counts what it can no longer send (auth_failed).
        _LOGGER.warning("Elasticsearch/OpenSearch now refuses netwatch's credentials: %s", err)
        _async_credentials_refused(hass, entry, err)


def _async_credentials_refused(
    hass: HomeAssistant, entry: NetwatchConfigEntry, err: ForwarderAuthError
) -> None:
    """Raise the repair and ask for new credentials; listening goes on meanwhile."""
    async_raise_issue(hass, entry, "es_auth", placeholders={"error": str(err)})
    entry.async_start_reauth(hass)
