"""Cisco ASA / Firepower Threat Defense (ASA engine) / PIX `%ASA-<sev>-<id>:` messages.

Formats from Cisco's "Cisco Secure Firewall ASA Series Syslog Messages" guide, checked against
real lines in public test suites. Only messages about a packet's fate are read:
- denies: 106001 (inbound TCP denied), 106006/106007 (inbound UDP), 106014 (ICMP), 106015 (TCP
  without a connection), 106016 (IP spoof), 106021 (reverse path check), 106023 (`Deny tcp src
  outside:1.2.3.4/5 dst inside:6.7.8.9/10 by access-group "acl"`), 710003 (to-the-box denied);
- 106100 (`access-list acl permitted|denied|est-allowed tcp inside/1.2.3.4(5) -> outside/...(6)`,
  ICMP type and code in the port places);
- connections: 302013/302015 (Built inbound|outbound TCP|UDP), 302020 (Built ICMP, `faddr`
  `gaddr` `laddr`) start flows; 302014/302016/302021 (Teardown) end them.
The side after "for" (or `faddr`) is the foreign one: for "outbound" the connection came from the
other side, so source and destination swap. Teardowns carry no direction: they keep the order of
the line. Addresses are `interface:address/port`, the interface optionally with a context prefix
(`v1:outside:`), the address possibly IPv6, followed by `(mapped/port)` or `(user)` groups.
ASA writes "icmp" for ICMPv6 too: ICMP between IPv6 addresses is protocol 58.
Other message ids are Cisco's but no traffic verdict; lines whose address is a name (the `names`
feature) are rejected as bad_address.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ...errors import SyslogParseError
from ...records import Direction, FirewallEvent, Verdict
from ..common import (
    ICMP_PROTOCOLS,
    LastMatch,
    ParseContext,
    firewall_event,
    maybe_address,
    protocol_number,
    text,
)
from ..header import SyslogMessage
from .keyvalue import is_wan

NAME = "cisco_asa"

_ID = re.compile(rb"%(?:ASA|FTD|PIX|FWSM)-(?:[A-Za-z]+-)?[0-7]-(\d{6}):?\s*")
_last = LastMatch()
_USER = rb"(?:\s*\((?!type )[^)]*\))*"
"""`(mapped/port)`, `(LOCAL\\user)` or `(fqdn)` groups after an endpoint."""


def _ep(name: str, port: str) -> bytes:
    """Return the pattern of an `[interface:]address/port` endpoint with named groups."""
    return rb"(?P<%b>\S+?)/(?P<%b>\d+)(?=[\s(,]|$)" % (name.encode(), port.encode())


_PATTERNS: dict[int, re.Pattern[bytes]] = {
    106001: re.compile(rb"Inbound (?P<p>TCP) connection denied from (?P<s>\S+?)/(?P<sp>\d+) to "
                       rb"(?P<d>\S+?)/(?P<dp>\d+) .*?on interface (?P<if>\S+)"),
    106006: re.compile(rb"Deny inbound (?P<p>UDP) from (?P<s>\S+?)/(?P<sp>\d+) to "
                       rb"(?P<d>\S+?)/(?P<dp>\d+)(?: on interface (?P<if>\S+))?"),
    106014: re.compile(rb"Deny (?P<dir>inbound|outbound) (?P<p>icmp) src (?P<s>\S+?) dst "
                       rb"(?P<d>\S+?) ?\(type (?P<t>\d+), code (?P<c>\d+)\)"),
    106015: re.compile(rb"Deny (?P<p>TCP) \(no connection\) from (?P<s>\S+?)/(?P<sp>\d+) to "
                       rb"(?P<d>\S+?)/(?P<dp>\d+) .*?on interface (?P<if>\S+)"),
    106016: re.compile(rb"Deny IP spoof from \((?P<s>[^)\s]+)\) to (?P<d>\S+) on interface "
                       rb"(?P<if>\S+)"),
    106021: re.compile(rb"Deny (?P<p>\S+) reverse path check from (?P<s>\S+) to (?P<d>\S+) on "
                       rb"interface (?P<if>\S+)"),
    106023: re.compile(rb"Deny (?:protocol )?(?P<p>\S+) src (?P<s>\S+?)(?:/(?P<sp>\d+))?" + _USER
                       + rb" dst (?P<d>\S+?)(?:/(?P<dp>\d+))?" + _USER
                       + rb"(?: ?\(?type (?P<t>\d+), code (?P<c>\d+)\)?,?)? by access-group "
                       rb'"(?P<acl>[^"]*)"'),
    106100: re.compile(rb"access-list (?P<acl>\S+) (?P<verb>permitted|denied|est-allowed) "
                       rb"(?P<p>\S+) (?P<if>[^\s/]+)/(?P<s>[^\s(]+)\((?P<sp>\d+)\)" + _USER
                       + rb" -> (?P<dif>[^\s/]+)/(?P<d>[^\s(]+)\((?P<dp>\d+)\)"),
    302013: re.compile(rb"Built (?P<dir>inbound|outbound) (?P<p>TCP|UDP|SCTP) connection \d+ for "
                       + _ep("s", "sp") + _USER + rb".*? to " + _ep("d", "dp")),
    302014: re.compile(rb"Teardown (?P<p>TCP|UDP|SCTP) connection \d+ for "
                       + _ep("s", "sp") + _USER + rb".*? to " + _ep("d", "dp")),
    302020: re.compile(rb"(?:Built (?P<dir>inbound|outbound)|Teardown) (?P<p>ICMP) connection for "
                       rb"faddr (?P<s>[^\s/]+)/\d+.*? laddr (?P<d>[^\s/]+)/\d+"
                       rb"(?:.*? type (?P<t>\d+) code (?P<c>\d+))?"),
    710003: re.compile(rb"(?P<p>TCP|UDP) access denied by ACL from (?P<s>\S+?)/(?P<sp>\d+) to "
                       rb"(?P<d>\S+?)/(?P<dp>\S+)"),
}  # fmt: skip
_PATTERNS |= {
    106007: _PATTERNS[106006],
    302015: _PATTERNS[302013],
    302016: _PATTERNS[302014],
    302021: _PATTERNS[302020],
}


@dataclass(frozen=True, slots=True)
class _Kind:
    """What a message id means: verdict, line kind and the direction when the line has none."""

    action: Verdict
    kind: str = "firewall"
    direction: Direction = Direction.UNKNOWN
    by_interface: bool = True
    """Whether WAN-like interface names may tell the direction (teardowns list the foreign side
    first whoever began the connection: they may not)."""


_DENY = _Kind(Verdict.DENY)
_KINDS: dict[int, _Kind] = {
    106001: _Kind(Verdict.DENY, direction=Direction.IN),
    106006: _Kind(Verdict.DENY, direction=Direction.IN),
    106007: _Kind(Verdict.DENY, direction=Direction.IN),
    106014: _DENY,
    106015: _DENY,
    106016: _DENY,
    106021: _DENY,
    106023: _DENY,
    106100: _DENY,  # the verb decides
    302013: _Kind(Verdict.ALLOW, "flow_start"),
    302015: _Kind(Verdict.ALLOW, "flow_start"),
    302020: _Kind(Verdict.ALLOW, "flow_start"),
    302014: _Kind(Verdict.ALLOW, "flow_end", by_interface=False),
    302016: _Kind(Verdict.ALLOW, "flow_end", by_interface=False),
    302021: _Kind(Verdict.ALLOW, "flow_end", by_interface=False),
    710003: _Kind(Verdict.DENY, direction=Direction.IN),
}
_VERBS = {b"permitted": Verdict.ALLOW, b"est-allowed": Verdict.ALLOW, b"denied": Verdict.DENY}


def detect(msg: SyslogMessage) -> bool:
    """Tell whether the message carries a `%ASA-6-302013:`-style message id."""
    return _last.keep(msg, _ID.search(_text(msg), 0, 96))


def parse(msg: SyslogMessage, ctx: ParseContext) -> FirewallEvent | None:
    """Parse one ASA message; None for message ids without a traffic verdict."""
    seen, head = _last.last
    if seen is not msg:
        head = _ID.search(_text(msg), 0, 96)
    if head is None:
        raise SyslogParseError("missing_fields")
    body = head.string
    message_id = int(head.group(1))
    pattern = _PATTERNS.get(message_id)
    if pattern is None:
        return None
    m = pattern.match(body, head.end())
    if m is None:
        raise SyslogParseError("missing_fields")
    g: Callable[[str], bytes | None] = m.groupdict().get
    spec = _KINDS[message_id]
    src_if, ip_version, src_addr = _endpoint(g("s") or b"")
    dst_if, dst_version, dst_addr = _endpoint(g("d") or b"")
    if dst_version != ip_version:
        raise SyslogParseError("bad_address")
    src_if, dst_if = g("if") or src_if, g("dif") or dst_if
    proto = _protocol(g("p"), ip_version)
    ports = (_number(g("sp")), _number(g("dp")))
    icmp = (_number(g("t")), _number(g("c")))
    if proto in ICMP_PROTOCOLS and message_id == 106100:
        icmp, ports = ports, (-1, -1)  # ICMP type and code stand where the ports would
    direction = _direction(g("dir"), src_if, dst_if, spec)
    if g("dir") == b"outbound" and message_id in (302013, 302015, 302020):
        src_addr, dst_addr, src_if, dst_if = dst_addr, src_addr, dst_if, src_if
        ports = (ports[1], ports[0])
    verb = g("verb")
    icmp_proto = proto in ICMP_PROTOCOLS
    return firewall_event(
        msg,
        ctx,
        NAME,
        _VERBS[verb] if verb else spec.action,
        direction,
        protocol=proto,
        ip_version=ip_version,
        src_addr=src_addr,
        src_port=-1 if icmp_proto else ports[0],
        dst_addr=dst_addr,
        dst_port=-1 if icmp_proto else ports[1],
        icmp_type=icmp[0] if icmp_proto else -1,
        icmp_code=icmp[1] if icmp_proto else -1,
        interface=text(src_if or dst_if),
        rule=text(g("acl") or b""),
        kind=spec.kind,
        extra={"message_id": str(message_id)},
    )


def _text(msg: SyslogMessage) -> bytes:
    """Return the message with its id in front.

    Relays (syslog-ng to RFC 5424) make `%ASA-6-302013` the APP-NAME and leave the text alone.
    """
    if msg.app[:1] == b"%":
        return msg.app + b": " + msg.body
    return msg.body


def _endpoint(token: bytes) -> tuple[bytes, int, int]:
    """Split `[ctx:]interface:address` into (interface, version, address); bare addresses too."""
    cut = -1
    while True:
        parsed = maybe_address(token[cut + 1 :])
        if parsed is not None:
            return (token[:cut] if cut >= 0 else b""), parsed[0], parsed[1]
        cut = token.find(b":", cut + 1)
        if cut < 0 or cut > 64:
            raise SyslogParseError("bad_address")


def _protocol(name: bytes | None, ip_version: int) -> int:
    """Return the protocol number; ASA's "icmp" between IPv6 addresses is ICMPv6."""
    if name is None:
        return -1
    proto = protocol_number(name)
    return 58 if proto == 1 and ip_version == 6 else proto


def _number(value: bytes | None) -> int:
    """Return a port, ICMP type or code from its digits, -1 when absent or out of range."""
    if value is None or not value.isdigit() or len(value) > 5 or int(value) > 65535:
        return -1
    return int(value)


def _direction(word: bytes | None, src_if: bytes, dst_if: bytes, spec: _Kind) -> Direction:
    """Take the line's inbound/outbound, else the message's own, else the interface names."""
    if word is not None:
        return Direction.IN if word == b"inbound" else Direction.OUT
    if spec.direction is not Direction.UNKNOWN or not spec.by_interface:
        return spec.direction
    src_wan, dst_wan = is_wan(src_if), is_wan(dst_if)
    if src_wan and not dst_wan:
        return Direction.IN
    if dst_wan and not src_wan:
        return Direction.OUT
    return Direction.UNKNOWN
