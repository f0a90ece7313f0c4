"""Firewalla (Gold, Purple, Blue) ACL audit lines: netfilter LOG with a `[FW_ADT]` prefix.

Firewalla's iptables rules log with `--log-prefix "[FW_ADT]A=<action> D=<dir> CD=<ctdir> ..."`
(firewalla/firewalla: sensor/ACLAuditLogPlugin.js, net2 iptables rules); the rest of the line is
the kernel's LOG format, read by the netfilter parser. The prefix means:
- `A=` absent: blocked; `A=A` allowed by a rule, `A=C` a logged connection, `A=R` routed by a
  route rule, `A=Q` shaped by QoS (all passed); `A=I` isolation and `A=D` "disturb" (dropped);
  `A=RD` redirected to the box (no verdict);
- `D=O` outbound (from a home device), `D=I` inbound, `D=W` to the box from the WAN, `D=L` local;
- `CD=R`: the logged packet is a reply, so the connection's source is the packet's destination;
- `MARK=` / `M=` carry the rule id (low 16 bits).
Firmware of 2020-2021 wrote `[FW_ACL_AUDIT]` / `[FW_SEC_AUDIT]` instead, for drops only.
"""

from __future__ import annotations

import re

from ...errors import SyslogParseError
from ...records import Direction, FirewallEvent, Verdict
from ..common import ParseContext, firewall_event, text
from ..header import SyslogMessage
from . import netfilter
from .fw_adt import BARE, OLD, PREFIX, is_audit

NAME = "firewalla"

_MAC = re.compile(rb"MAC=([0-9a-fA-F:]{17}):([0-9a-fA-F:]{17})")
_MARK = re.compile(rb" MARK=(0x[0-9a-fA-F]{1,8})")
_ACTIONS = {
    b"": (Verdict.DENY, "block"),
    b"A": (Verdict.ALLOW, "allow"),
    b"C": (Verdict.ALLOW, "connection"),
    b"R": (Verdict.ALLOW, "route"),
    b"Q": (Verdict.ALLOW, "qos"),
    b"I": (Verdict.DENY, "isolation"),
    b"D": (Verdict.DENY, "disturb"),
    b"RD": (Verdict.UNKNOWN, "redirect"),
    b"S": (Verdict.DENY, "security"),  # old firmware's [FW_SEC_AUDIT]: a security block
}
_DIRECTIONS = {
    b"O": Direction.OUT,
    b"I": Direction.IN,
    b"W": Direction.IN,
    b"L": Direction.INTERNAL,
}

_FIXED_DIRECTIONS = {"route": Direction.OUT, "isolation": Direction.INTERNAL}
"""Route logs are always outbound, isolation logs always local (ACLAuditLogPlugin.js)."""


def detect(msg: SyslogMessage) -> bool:
    """Tell whether the line is a Firewalla ACL audit line."""
    return is_audit(msg)


def parse(msg: SyslogMessage, ctx: ParseContext) -> FirewallEvent | None:
    """Parse one audit line: the netfilter fields, then the prefix's verdict and direction."""
    tags = _tags(msg)
    p = netfilter.packet(msg)
    action, name = _ACTIONS.get(tags.get(b"A", b""), (Verdict.UNKNOWN, "unknown"))
    direction = _DIRECTIONS.get(tags.get(b"D", b""), Direction.UNKNOWN)
    if name in _FIXED_DIRECTIONS:
        direction = _FIXED_DIRECTIONS[name]
    src, dst = (p.src_addr, p.src_port), (p.dst_addr, p.dst_port)
    if tags.get(b"CD") == b"R":  # a reply: the connection began at the packet's destination
        src, dst = dst, src
        found = _MAC.search(msg.body)
        mac = found.group(1).decode().lower() if found else ""
    else:
        mac = netfilter.source_mac(p.middle)
    rule = _rule(msg.body, tags)
    return firewall_event(
        msg,
        ctx,
        NAME,
        action,
        direction,
        protocol=p.protocol,
        ip_version=p.ip_version,
        src_addr=src[0],
        src_port=src[1],
        dst_addr=dst[0],
        dst_port=dst[1],
        icmp_type=p.icmp_type,
        icmp_code=p.icmp_code,
        interface=text(p.in_if or p.out_if),
        rule=rule,
        mac=mac,
        extra={"firewalla_action": name} | ({"rule_id": rule} if rule else {}),
    )


def _tags(msg: SyslogMessage) -> dict[bytes, bytes]:
    """Return the prefix's KEY=value tags; an old-firmware prefix gives its fixed meaning."""
    m = PREFIX.search(msg.app + b" " + msg.body if msg.app[:1] == b"[" else msg.body)
    if m is None:
        m = BARE.match(msg.body)
    if m is not None:
        return dict(pair.split(b"=", 1) for pair in m.group(1).split())
    old = OLD.search(msg.body)
    if old is None:
        raise SyslogParseError("missing_fields")
    return {b"A": b"S" if old.group(1) == b"SEC" else b""}  # both logged drops only


def _rule(body: bytes, tags: dict[bytes, bytes]) -> str:
    """Return the Firewalla rule id from `M=` (route rules) or `MARK=`, "" when none."""
    value = tags.get(b"M")
    if value is not None and value.isdigit():
        return value.decode()
    mark = _MARK.search(body)
    rule = int(mark.group(1), 16) & 0xFFFF if mark else 0
    return str(rule) if rule else ""
