"""pfSense and OPNsense `filterlog`: one CSV line per logged packet.

Layout (Netgate "Raw Filter Log Format"; OPNsense filterlog description): rule, sub-rule, anchor,
tracker (pfSense: numeric tracking ID; OPNsense: 32-hex rule hash), interface, reason,
action (pass|block|reject), direction (in|out), IP version; then
- IPv4: tos, ecn, ttl, id, offset, flags, protocol id, protocol name, length, src, dst;
- IPv6: class, flow label, hop limit, protocol name, protocol id, length, src, dst;
then TCP/UDP: sport, dport, data length (TCP adds flags, seq, ack, window, urg, options) and ICMP:
a type word (request, reply, unreachport, ...) followed by type-specific fields.
"""

from __future__ import annotations

import re

from ...errors import SyslogParseError
from ...records import Direction, FirewallEvent, Verdict
from ..common import (
    ICMP_PROTOCOLS,
    PORT_PROTOCOLS,
    ParseContext,
    address,
    firewall_event,
    port,
    protocol_number,
    small_int,
    text,
)
from ..header import SyslogMessage

NAME = "filterlog"

# A relay that forwards pfSense's log file line by line wraps the original line in its own header:
# `<13>Mar 13 11:45:17 192.168.1.1 filterlog: Mar 13 11:45:17 vFW01 filterlog[25715]: 6,,,...`.
_INNER_HEADER = re.compile(
    rb"(?:[A-Z][a-z]{2} +\d{1,2} +\d\d:\d\d:\d\d +)?(?:([\w.:-]+) +)?filterlog(?:\[\d+\])?: +"
)
# The RFC 5424 PROCID, MSGID and SD of OPNsense's line, left in the message when a relay read the
# line as BSD (`2026-03-10T17:20:33+00:00 host filterlog 87496 - [meta sequenceId="7"] 69,...`).
_LEFTOVER = re.compile(rb"\d{1,10} \S{1,32} (?:-|\[[^\]]{0,256}\]) (?=\d)")
_ACTIONS = {b"pass": Verdict.ALLOW, b"block": Verdict.DENY, b"reject": Verdict.REJECT}
_DIRECTIONS = {b"in": Direction.IN, b"out": Direction.OUT}
# filterlog writes ICMP types as pf's words; (type, code) with -1 where the word leaves it open.
_ICMP4 = {
    b"request": (8, 0), b"reply": (0, 0), b"unreachproto": (3, 2), b"unreachport": (3, 3),
    b"unreach": (3, -1), b"needfrag": (3, 4), b"timexceed": (11, -1), b"paramprob": (12, -1),
    b"redirect": (5, -1), b"maskreply": (18, 0), b"tstamp": (13, 0), b"tstampreply": (14, 0),
}  # fmt: skip
_ICMP6 = {
    b"request": (128, 0), b"reply": (129, 0), b"unreach": (1, -1), b"toobig": (2, 0),
    b"timexceed": (3, -1), b"paramprob": (4, -1),
}  # fmt: skip


def detect(msg: SyslogMessage) -> bool:
    """Tell whether the line was written by filterlog.

    The tag, the RFC 5424 APP-NAME, or the tag after a relay's header: `<13>Dec  3 11:30:46
    10.0.0.1 fw1 filterlog[74604]: 66,...`.
    """
    if msg.app == b"filterlog":
        return True
    # The relay's inner header holds the word within the 96 bytes read (a search is cheaper).
    return (
        msg.body.find(b"filterlog", 0, 96) != -1
        and _INNER_HEADER.match(msg.body, 0, 96) is not None
    )


def parse(msg: SyslogMessage, ctx: ParseContext) -> FirewallEvent | None:
    """Parse one filterlog CSV line."""
    body, host = _unwrap(msg)
    f = body.split(b",")
    if len(f) < 9:
        raise SyslogParseError("truncated")
    version = f[8]
    if version == b"4":
        if len(f) < 20:
            raise SyslogParseError("truncated")
        proto = _protocol(f[15], f[16])
        src, dst, rest = f[18], f[19], f[20:]
    elif version == b"6":
        if len(f) < 17:
            raise SyslogParseError("truncated")
        proto = _protocol(f[13], f[12])
        src, dst, rest = f[15], f[16], f[17:]
    else:
        raise SyslogParseError("bad_ip_version")
    ip_version, src_addr = address(src)
    dst_version, dst_addr = address(dst)
    if dst_version != ip_version:
        raise SyslogParseError("bad_address")
    src_port = dst_port = icmp_type = icmp_code = -1
    if proto in PORT_PROTOCOLS:
        if len(rest) < 2:
            raise SyslogParseError("truncated")
        src_port, dst_port = port(rest[0]), port(rest[1])
    elif proto in ICMP_PROTOCOLS and rest and rest[0]:
        table = _ICMP4 if proto == 1 else _ICMP6
        icmp_type, icmp_code = table.get(rest[0], (small_int(rest[0]), -1))
    tracker = f[3]
    return firewall_event(
        msg,
        ctx,
        NAME,
        _ACTIONS.get(f[6], Verdict.UNKNOWN),
        _DIRECTIONS.get(f[7], Direction.UNKNOWN),
        protocol=proto,
        ip_version=ip_version,
        src_addr=src_addr,
        src_port=src_port,
        dst_addr=dst_addr,
        dst_port=dst_port,
        icmp_type=icmp_type,
        icmp_code=icmp_code,
        interface=text(f[4]),
        rule=text(tracker or f[0]),
        host=host,
        extra={"rule_number": text(f[0]), "reason": text(f[5])},
    )


def _unwrap(msg: SyslogMessage) -> tuple[bytes, str]:
    """Return the CSV and the host, without what relays left of the original header."""
    body, host = msg.body, msg.host
    # A leftover starts with 1-10 digits and a space; CSV has no space there (no regex call).
    leftover = _LEFTOVER.match(body) if body.find(b" ", 1, 11) != -1 else None
    if leftover is not None:
        body = body[leftover.end() :]
    if body[:1].isalpha():
        inner = _INNER_HEADER.match(body)
        if inner is not None:
            body = body[inner.end() :]
            host = text(inner.group(1) or b"") or host  # the firewall's name, not the relay's
    return body, host


def _protocol(number: bytes, name: bytes) -> int:
    """Prefer the protocol id; fall back to the name (both are written, either may be empty)."""
    value = protocol_number(number) if number else -1
    return value if value != -1 else protocol_number(name)
