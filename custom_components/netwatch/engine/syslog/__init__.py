"""Firewall syslog: headers and vendor parsers, one message in, one FirewallEvent out.

Public API: `SyslogParser` (bytes + sender -> FirewallEvent | None, never raises, counted in
`SyslogStats`) and the ordered vendor registry `VENDORS`. The sockets (UDP datagrams, TCP with
RFC 6587 framing) are in `engine.listen`.
"""

from __future__ import annotations

from .common import DEFAULT_PREFIX_VERDICTS, ParseContext, VendorParser
from .header import SyslogMessage
from .parser import MAX_LINE, SyslogParser
from .stats import SyslogStats, UnparsedSample
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
    "UnparsedSample",
    "VendorParser",
]
