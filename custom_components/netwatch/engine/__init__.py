"""The netwatch engine: receive, decode, parse, aggregate — without Home Assistant."""

from __future__ import annotations

from .addr import NetworkSet, addr_to_str, parse_addr
from .errors import (
    AddressInUseError,
    DecodeError,
    ForwarderError,
    GeoIPError,
    ListenerError,
    NetwatchError,
    PermissionDeniedError,
    SyslogParseError,
)
from .records import Direction, FirewallEvent, FlowRecord, Verdict

__all__ = [
    "AddressInUseError",
    "DecodeError",
    "Direction",
    "FirewallEvent",
    "FlowRecord",
    "ForwarderError",
    "GeoIPError",
    "ListenerError",
    "NetwatchError",
    "NetworkSet",
    "PermissionDeniedError",
    "SyslogParseError",
    "Verdict",
    "addr_to_str",
    "parse_addr",
]
