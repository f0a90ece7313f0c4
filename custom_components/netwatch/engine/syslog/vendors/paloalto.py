"""Palo Alto Networks PAN-OS CSV logs (syslog default format): the TRAFFIC type.

Field positions from PAN-OS' "Syslog Field Descriptions" (Traffic Log Fields), checked against
real lines in public test suites: `FUTURE_USE,Receive Time,Serial,Type,Threat/Content Type
(subtype),FUTURE_USE,Generated Time,Source,Destination,NAT Source,NAT Destination,Rule,Source
User,Destination User,Application,Virtual System,Source Zone,Destination Zone,Inbound Interface,
Outbound Interface,Log Action,FUTURE_USE,Session ID,Repeat Count,Source Port,Destination Port,NAT
Source Port,NAT Destination Port,Flags,Protocol,Action,...`, after a BSD or RFC 5424 header.
- Type TRAFFIC, subtype `start` (session allowed and began), `end` (allowed session ended),
  `drop` / `deny` (blocked by policy: `drop`, `deny`, `drop-icmp`, `reset-client`,
  `reset-server`, `reset-both` in Action);
- zones name the direction only by convention (untrust, outside, WAN...);
- the CSV times are the firewall's local time without a zone: the header time is used.
Other types (THREAT, SYSTEM, CONFIG, GLOBALPROTECT...) are Palo Alto's but no traffic verdict.
"""

from __future__ import annotations

import csv
import re

from ...errors import SyslogParseError
from ...records import Direction, FirewallEvent, Verdict
from ..common import (
    ICMP_PROTOCOLS,
    LastMatch,
    ParseContext,
    address,
    firewall_event,
    port,
    protocol_number,
    text,
)
from ..header import SyslogMessage
from .keyvalue import is_wan

NAME = "paloalto"

_TYPE = re.compile(rb",([^,\s]{1,32}),([A-Z]{3,16}),[^,]*,[^,]*,\d{4}/\d\d/\d\d \d\d:\d\d:\d\d,")
"""`,Serial,Type,Subtype,FUTURE_USE,Generated Time,`: the fields before it (FUTURE_USE, Receive
Time) are not needed, which keeps lines readable after relays that take `1,2018/11/30` for a host
or a tag (syslog-ng does)."""
_FIELDS = 29
"""Fields from Serial up to Action; later ones (bytes, packets, reason, device) are not read."""
_last = LastMatch()
_KINDS = {b"start": "flow_start", b"end": "flow_end"}
_ACTIONS = {
    b"allow": Verdict.ALLOW,
    b"deny": Verdict.DENY,
    b"drop": Verdict.DENY,
    b"drop-icmp": Verdict.DENY,
    b"reset-client": Verdict.REJECT,
    b"reset-server": Verdict.REJECT,
    b"reset-both": Verdict.REJECT,
}


def detect(msg: SyslogMessage) -> bool:
    """Tell whether the message is a PAN-OS CSV log (serial, upper-case type, generated time)."""
    return _last.keep(msg, _TYPE.search(msg.body, 0, 256))


def parse(msg: SyslogMessage, ctx: ParseContext) -> FirewallEvent | None:
    """Parse one PAN-OS line; None for log types other than TRAFFIC."""
    seen, m = _last.last
    if seen is not msg:
        m = _TYPE.search(msg.body, 0, 256)
    if m is None:
        raise SyslogParseError("missing_fields")
    if m.group(2) != b"TRAFFIC":
        return None
    f = csv_fields(msg.body[m.start(1) :])
    if len(f) < _FIELDS:
        raise SyslogParseError("missing_fields")
    ip_version, src_addr = address(f[5])
    dst_version, dst_addr = address(f[6])
    if dst_version != ip_version:
        raise SyslogParseError("bad_address")
    proto = protocol_number(f[27])
    proto = 58 if proto == 1 and ip_version == 6 else proto
    src_port = dst_port = -1
    if proto not in ICMP_PROTOCOLS:
        src_port, dst_port = port(f[22]), port(f[23])
    subtype = f[2]
    return firewall_event(
        msg,
        ctx,
        NAME,
        _verdict(subtype, f[28]),
        _direction(f[14], f[15]),
        protocol=proto,
        ip_version=ip_version,
        src_addr=src_addr,
        src_port=src_port,
        dst_addr=dst_addr,
        dst_port=dst_port,
        interface=text(f[16]),
        rule=text(f[9]),
        kind=_KINDS.get(subtype, "firewall"),
        extra={
            "subtype": text(f[2]),
            "application": text(f[12]),
            "from_zone": text(f[14]),
            "to_zone": text(f[15]),
            "paloalto_action": text(f[28]),
        },
    )


def csv_fields(line: bytes) -> list[bytes]:
    """Split the CSV from Serial on: its first _FIELDS fields (more may follow, unsplit).

    The csv module reads quoted fields (PAN-OS quotes values holding commas) and rejects a CR;
    a line without quotes and CR is read the same by a split on commas, as long as it is ASCII
    (the module works on text decoded with replacement characters).
    """
    if line and line.isascii() and b'"' not in line and b"\r" not in line and b"\n" not in line:
        return line.split(b",", _FIELDS)
    try:
        row = next(csv.reader([line.decode("utf-8", "replace")]))
    except csv.Error as err:  # a CR, or a NUL on older Pythons
        raise SyslogParseError("bad_csv") from err
    return [value.encode() for value in row[: _FIELDS + 1]]


def _verdict(subtype: bytes, action: bytes) -> Verdict:
    """Return the verdict: a drop/deny subtype blocks whatever Action says, else Action."""
    verdict = _ACTIONS.get(action, Verdict.UNKNOWN)
    if subtype in (b"drop", b"deny") and verdict not in (Verdict.DENY, Verdict.REJECT):
        return Verdict.DENY
    return verdict


def _direction(from_zone: bytes, to_zone: bytes) -> Direction:
    """Read the direction from the zone names (a WAN-like source zone is inbound)."""
    src, dst = is_wan(from_zone), is_wan(to_zone)
    if src and not dst:
        return Direction.IN
    if dst and not src:
        return Direction.OUT
    return Direction.UNKNOWN
