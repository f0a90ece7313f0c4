"""The netwatch engine: receive, decode, parse, aggregate, detect, forward — no Home Assistant.

The Home Assistant glue uses what is exported here and from the stage packages' own public APIs
(`flow`, `syslog`, `aggregate`, `scan`, `forward`), each with an explicit `__all__`.
"""

from __future__ import annotations

# First: compiled engine modules (when installed and built from this source) load in place of
# the .py modules imported below.
from . import speedups  # noqa: F401  # isort: skip
from .addr import NetworkSet, addr_to_str, parse_addr
from .aggregate import Aggregator, NetworkSnapshot
from .config import EngineConfig
from .enrich.geoip import GeoIP
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
from .flow import FlowDecoder
from .forward import Forwarder, ForwarderConfig
from .listen import SyslogTcpServer, UdpReceiver
from .pipeline import NetwatchEngine, Notice
from .records import Direction, FirewallEvent, FlowRecord, Verdict
from .scan import ScanDetector, ScanEvent, ScanSummary
from .stats import EngineStats
from .syslog import SyslogParser
from .watch import NewCountry, SenderSilent

__all__ = [
    "AddressInUseError",
    "Aggregator",
    "DecodeError",
    "Direction",
    "EngineConfig",
    "EngineStats",
    "FirewallEvent",
    "FlowDecoder",
    "FlowRecord",
    "Forwarder",
    "ForwarderConfig",
    "ForwarderError",
    "GeoIP",
    "GeoIPError",
    "ListenerError",
    "NetwatchEngine",
    "NetwatchError",
    "NetworkSet",
    "NetworkSnapshot",
    "NewCountry",
    "Notice",
    "PermissionDeniedError",
    "ScanDetector",
    "ScanEvent",
    "ScanSummary",
    "SenderSilent",
    "SyslogParseError",
    "SyslogParser",
    "SyslogTcpServer",
    "UdpReceiver",
    "Verdict",
    "addr_to_str",
    "parse_addr",
]
