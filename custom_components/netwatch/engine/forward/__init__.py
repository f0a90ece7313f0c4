"""Forward flows, firewall events and scan notices to Elasticsearch or OpenSearch (`_bulk`)."""

from __future__ import annotations

from .client import ServerFeatures, ServerInfo
from .config import DATASETS, ForwarderConfig, SendPolicy, validate_prefix, validate_url
from .errors import ForwarderAuthError, ForwarderConnectionError, ForwarderResponseError
from .forwarder import Forwarder
from .stats import DROP_REASONS, ForwarderStats

__all__ = [
    "DATASETS",
    "DROP_REASONS",
    "Forwarder",
    "ForwarderAuthError",
    "ForwarderConfig",
    "ForwarderConnectionError",
    "ForwarderResponseError",
    "ForwarderStats",
    "SendPolicy",
    "ServerFeatures",
    "ServerInfo",
    "validate_prefix",
    "validate_url",
]
