"""Constants for the netwatch integration."""

from __future__ import annotations

from datetime import timedelta
from typing import Final

from .engine.addr import DEFAULT_ALLOWED_SENDERS, PRIVATE_NETWORKS

DOMAIN: Final = "netwatch"
VERSION: Final = "0.1.0"

CONF_BIND_ADDRESS: Final = "bind_address"
CONF_NETFLOW_PORT: Final = "netflow_port"
CONF_SYSLOG_PORT: Final = "syslog_port"
CONF_SYSLOG_TCP: Final = "syslog_tcp"
CONF_HOME_NETWORKS: Final = "home_networks"
CONF_ALLOWED_SENDERS: Final = "allowed_senders"

DEFAULT_BIND_ADDRESS: Final = "0.0.0.0"
DEFAULT_NETFLOW_PORT: Final = 2055
DEFAULT_SYSLOG_PORT: Final = 5514
DEFAULT_SYSLOG_TCP: Final = True
DEFAULT_HOME_NETWORKS: Final = list(PRIVATE_NETWORKS)
DEFAULT_ALLOWED_SENDERS: Final = list(DEFAULT_ALLOWED_SENDERS)

PUBLISH_INTERVAL: Final = timedelta(seconds=10)
"""How often counters become entity states: sensors never update per packet."""

EVENT_NETWATCH: Final = "netwatch_event"
