"""Firewall syslog: framing (UDP datagrams, TCP octet-counting or LF), headers, vendor parsers.

Public API: `SyslogParser` (bytes + sender -> FirewallEvent | None, never raises, counted in
`SyslogStats`), the ordered vendor registry `VENDORS`, and `SyslogTcpServer` (RFC 6587 framing
auto-detected per frame). For UDP use `engine.receiver.UdpReceiver` with
`lambda data, sender: sink(parser.parse_datagram(data, sender))`.
"""

from __future__ import annotations

from .common import DEFAULT_PREFIX_VERDICTS, ParseContext, VendorParser
from .header import SyslogMessage
from .parser import MAX_LINE, SyslogParser
from .stats import SyslogStats, UnparsedSample
from .tcp import SyslogTcpServer, TcpStats
from .vendors import VENDOR_NAMES, VENDORS

__all__ = [
    "DEFAULT_PREFIX_VERDICTS",
    "MAX_LINE",
    "VENDORS",
    "VENDOR_NAMES",
    "ParseContext",
    "SyslogMessage",
    "SyslogParser",
    "SyslogStats",
    "SyslogTcpServer",
    "TcpStats",
    "UnparsedSample",
    "VendorParser",
]
