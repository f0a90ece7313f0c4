"""FortiGate (FortiOS 5.2-7.x) key=value logs: the traffic log type.

Facts from Fortinet's "FortiOS Log Reference" and its knowledge base (KB FD39118), checked
against real lines in public test suites: `date=2020-04-23 time=12:11:51 devname="fw" devid=".."
logid="0000000020" type="traffic" subtype="forward" level="notice" vd="root"
eventtime=1587229911390385486 tz="-0500" srcip=.. srcport=.. srcintf="port1" srcintfrole="lan"
dstip=.. dstport=.. dstintf="wan1" dstintfrole="wan" proto=17 action="accept" policyid=3426
policyname=".." service=".." ...`, after a PRI or an RFC 5424 header (values quoted or not).
- `type="traffic"` lines are sessions (subtype forward, local, multicast, sniffer): `action` is
  `deny` (blocked by a policy, also the implicit deny policy 0), `accept` / `close` / `timeout` /
  `server-rst` / `client-rst` (an allowed session ended), `start` (an allowed session began,
  logged when "log at session start" is on), `dns` / `ip-conn` (allowed by policy, but the DNS
  lookup or the connection failed: no verdict of the firewall);
- `eventtime` is the UTC epoch in seconds or nanoseconds (FortiOS 6.2+); older lines only have
  the local `date`/`time` and `tz`;
- `srcintfrole` / `dstintfrole` (lan, wan, dmz, undefined) tell the direction.
Other types (utm, event) are Fortinet's but carry no traffic verdict.
"""

from __future__ import annotations

from ...errors import SyslogParseError
from ...records import Direction, FirewallEvent, Verdict
from ..common import ICMP_PROTOCOLS, ParseContext, firewall_event, protocol_number, text
from ..header import SyslogMessage
from .keyvalue import (
    epoch,
    find_fields,
    iso_time,
    message_text,
    optional_port,
    probes,
    required_address,
)

NAME = "fortigate"

_KEYS = (
    b"type", b"subtype", b"action", b"srcip", b"dstip", b"proto", b"policyid", b"policyname",
    b"srcintf", b"srcmac", b"devname", b"service", b"eventtime", b"srcintfrole", b"dstintfrole",
)  # fmt: skip
_PROBES = probes(_KEYS)
# Keys read only when the line needs them (each key costs a search of the line).
_PORTS = probes((b"srcport", b"dstport"))
_LOCAL_TIME = probes((b"date", b"time", b"tz"))
_ACTIONS: dict[bytes, tuple[Verdict, str]] = {
    b"deny": (Verdict.DENY, "firewall"),
    b"accept": (Verdict.ALLOW, "flow_end"),
    b"close": (Verdict.ALLOW, "flow_end"),
    b"timeout": (Verdict.ALLOW, "flow_end"),
    b"server-rst": (Verdict.ALLOW, "flow_end"),
    b"client-rst": (Verdict.ALLOW, "flow_end"),
    b"start": (Verdict.ALLOW, "flow_start"),
}


def detect(msg: SyslogMessage) -> bool:
    """Tell whether the line has FortiOS' logid and type keys."""
    body = message_text(msg)
    return b"logid=" in body and b"type=" in body


def parse(msg: SyslogMessage, ctx: ParseContext) -> FirewallEvent | None:
    """Parse one FortiGate line; None for log types other than traffic."""
    body = message_text(msg)
    kv = find_fields(body, _PROBES)
    if kv.get(b"type") != b"traffic":
        return None
    action, kind = _ACTIONS.get(kv.get(b"action", b""), (Verdict.UNKNOWN, "firewall"))
    ip_version, src_addr = required_address(kv, b"srcip")
    dst_version, dst_addr = required_address(kv, b"dstip")
    if dst_version != ip_version:
        raise SyslogParseError("bad_address")
    proto = protocol_number(kv.get(b"proto", b""))
    src_port = dst_port = -1
    if proto not in ICMP_PROTOCOLS:
        ports = find_fields(body, _PORTS)
        src_port, dst_port = optional_port(ports, b"srcport"), optional_port(ports, b"dstport")
    policy = kv.get(b"policyid", b"")
    extra = {
        "subtype": text(kv.get(b"subtype", b"")),
        "policy_id": text(policy),
        "service": text(kv.get(b"service", b"")),
        "fortigate_action": text(kv.get(b"action", b"")),
    }
    # Positional: cheaper than keywords on this per-line path (see firewall_event's order).
    return firewall_event(
        msg, ctx, NAME, action, _direction(kv), proto, ip_version, src_addr, src_port, dst_addr,
        dst_port, -1, -1, text(kv.get(b"srcintf", b"")), text(kv.get(b"policyname") or policy),
        text(kv.get(b"srcmac", b"")).lower(), text(kv.get(b"devname", b"")), kind, extra,
        _time(kv, body),
    )  # fmt: skip


def _time(kv: dict[bytes, bytes], body: bytes) -> float | None:
    """Return `eventtime` (UTC), else the local date and time with `tz`; None: the header's."""
    stamp = epoch(kv.get(b"eventtime", b""))
    if stamp is None:
        local = find_fields(body, _LOCAL_TIME)
        if b"date" in local and b"time" in local and b"tz" in local:
            stamp = iso_time(local[b"date"] + b"T" + local[b"time"] + local[b"tz"])
    return stamp


def _direction(kv: dict[bytes, bytes]) -> Direction:
    """Read the direction from the interface roles (a WAN source is inbound)."""
    src = kv.get(b"srcintfrole", b"") == b"wan"
    dst = kv.get(b"dstintfrole", b"") == b"wan"
    if src and not dst:
        return Direction.IN
    if dst and not src:
        return Direction.OUT
    return Direction.UNKNOWN
