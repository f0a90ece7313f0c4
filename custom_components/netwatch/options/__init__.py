"""Option groups: each module owns its keys' form, validation, defaults and engine settings.

The config and options flows compose the forms; `engine_config` composes the settings.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..const import (
    CONF_BIND_ADDRESS,
    CONF_NETFLOW_PORT,
    CONF_SFLOW_PORT,
    CONF_SYSLOG_PORT,
    CONF_SYSLOG_TCP,
)
from ..engine.config import EngineConfig
from . import detection, devices, listener, networks, syslog


def engine_config(
    data: Mapping[str, Any], options: Mapping[str, Any], instance_id: str = ""
) -> EngineConfig:
    """Build the engine settings of an entry from its data (listeners) and options."""
    prefix_verdicts, vendor = syslog.syslog_settings(options)
    return EngineConfig(
        bind_address=data[CONF_BIND_ADDRESS],
        netflow_port=data[CONF_NETFLOW_PORT],
        sflow_port=listener.port_of(data, CONF_SFLOW_PORT),
        syslog_port=data[CONF_SYSLOG_PORT],
        syslog_tcp=data[CONF_SYSLOG_TCP],
        home_networks=networks.home_networks(options),
        allowed_senders=networks.allowed_senders(options),
        max_devices=devices.max_devices(options),
        scan=detection.scan_settings(options),
        silence=detection.silence_seconds(options),
        prefix_verdicts=prefix_verdicts,
        syslog_vendor=vendor,
        instance_id=instance_id,
    )
