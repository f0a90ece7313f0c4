"""Cisco Meraki MX syslog: `[<PRI>1 ]<epoch.nanos> <device> <type> key=value ...`.

Facts from Meraki's "Syslog Server Overview and Configuration" and "Syslog Event Types and Log
Samples":
- `flows` (before MX18.101): inbound lines end `pattern: 1 <rule>` (1 = deny, 0 = allow), outbound
  `pattern: allow|deny <rule>`. MX18.101+ names the type after the rule set that matched:
  `firewall`, `vpn_firewall`, `cellular_firewall`, `bridge_anyconnect_client_vpn_firewall`, and
  newer lines put `allow|deny` right after the type instead of a pattern.
- ICMP lines carry `type=` instead of ports; fields may be empty (`src= dst=`); IPv6 appears.
- `ip_flow_start` / `ip_flow_end`: NAT flows with `translated_src_ip` (outbound) or
  `translated_dst_ip` (port forward) and `translated_port`.
- `urls`: `src=ip:port dst=ip:port mac=.. [agent='..'] request: METHOD url`.
- `security_event ids_alerted signature=.. priority=.. direction=ingress|egress protocol=tcp/ip
  src=ip:port dst=ip:port [decision=allowed|blocked] message: ...`.
- `l7_firewall` (layer-7 rules): `src= dst= protocol= sport= dport= decision=blocked|allowed`; a
  `decision=` is the verdict wherever it appears.
- IPv6 endpoints may come without brackets in full nine-group form (`src=fe80:...:8329:64194`).
- `events`: `type=... key='value'` or free text.
"""

from __future__ import annotations

import re
from typing import TypeAlias

from ...errors import SyslogParseError
from ...records import Direction, FirewallEvent, Verdict
from ..common import (
    LastMatch,
    ParseContext,
    endpoint,
    firewall_event,
    port,
    protocol_number,
    small_int,
    text,
)
from ..header import SyslogMessage

NAME = "meraki"

_FIREWALL_TYPES = frozenset(
    {
        b"flows",
        b"firewall",
        b"vpn_firewall",
        b"cellular_firewall",
        b"bridge_anyconnect_client_vpn_firewall",
        b"l7_firewall",
    }
)
_HEAD = re.compile(
    rb"(?:^|\s)(\d{9,11}(?:\.\d{1,9})?) (\S+) (flows|firewall|vpn_firewall|cellular_firewall"
    rb"|l7_firewall|bridge_anyconnect_client_vpn_firewall|ip_flow_start|ip_flow_end|urls|security_event"
    rb"|ids-alerts|events|airmarshal_events)(?: |$)"
)
_TYPE_WORDS = (
    b"firewall", b"flows", b"events", b"urls", b"ip_flow_", b"security_event", b"ids-alerts"
)  # fmt: skip
"""Every type _HEAD accepts contains one of these."""
_last = LastMatch()
_KV = re.compile(rb"([\w-]+)=('[^']*'|\S*)")
_TAILS = (b" pattern: ", b" request: ", b" message: ")
_WORD_VERDICTS = {
    b"allow": Verdict.ALLOW, b"allowed": Verdict.ALLOW, b"deny": Verdict.DENY,
    b"denied": Verdict.DENY, b"block": Verdict.DENY, b"blocked": Verdict.DENY,
}  # fmt: skip
_DIRECTIONS = {b"ingress": Direction.IN, b"egress": Direction.OUT}


def detect(msg: SyslogMessage) -> bool:
    """Tell whether the message has Meraki's epoch, device and a known type."""
    return _last.keep(msg, _head(_text(msg)))


def parse(msg: SyslogMessage, ctx: ParseContext) -> FirewallEvent | None:
    """Parse one Meraki MX line; None for types that carry no traffic verdict (air marshal)."""
    seen, m = _last.last
    if seen is not msg:
        m = _head(_text(msg))
    if m is None:
        raise SyslogParseError("missing_header")
    body = m.string
    kind = m.group(3)
    rest = body[m.end() :]
    words, fields, tail_key, tail = _split(rest)
    found: _Found
    if kind in _FIREWALL_TYPES:
        found = _firewall(words, fields, tail_key, tail)
    elif kind in (b"ip_flow_start", b"ip_flow_end"):
        found = _ip_flow(kind, fields)
    elif kind == b"urls":
        method, _, url = tail.partition(b" ")
        found = (
            Verdict.ALLOW,
            Direction.OUT,
            "url",
            "",
            {"method": text(method), "url": text(url)},
        )
    elif kind in (b"security_event", b"ids-alerts"):
        ids = kind == b"ids-alerts" or words[:1] == [b"ids_alerted"]
        found = _security("ids" if ids else "security", words, fields, tail)
    elif kind == b"events":
        event_type = text(fields.get(b"type", b"").strip(b"'"))
        message = text(rest.strip()[:256])
        found = (
            Verdict.UNKNOWN,
            Direction.UNKNOWN,
            "event",
            "",
            {"type": event_type, "message": message},
        )
    else:
        return None
    action, direction, name, rule, extra = found
    proto, version, src_addr, src_port, dst_addr, dst_port, icmp_type, mac = (
        _traffic(fields) if name != "event" else _NO_TRAFFIC
    )
    # Positional: cheaper than keywords on this per-line path (see firewall_event's order).
    return firewall_event(
        msg, ctx, NAME, action, direction, proto, version, src_addr, src_port, dst_addr,
        dst_port, icmp_type, -1, "", rule, mac, text(m.group(2)), name, extra, float(m.group(1)),
    )  # fmt: skip


def _head(body: bytes) -> re.Match[bytes] | None:
    """Search _HEAD, only in a text holding one of its type words (a C-level search each).

    The regex search tries every position of the line (26 us on a 900-byte Sophos line); most
    lines the detector sees are other vendors' or other daemons', and none of the words occurs.
    Meraki's own text starts with the epoch: a match at 0 is the leftmost match, so it is what
    the search finds (and the word tests are skipped).
    """
    if body[:1].isdigit():
        m = _HEAD.match(body)
        if m is not None:
            return m
    for word in _TYPE_WORDS:
        if word in body:
            return _HEAD.search(body)
    return None


def _text(msg: SyslogMessage) -> bytes:
    """Return the Meraki text; a relay that reads a PRI-less line may take the epoch for a tag."""
    if msg.app[:1].isdigit():  # syslog-ng: `<13>1 TIME RELAY 948077334.886213117 - - - MX60 ...`
        return msg.app + b" " + msg.body
    return msg.body


def _split(rest: bytes) -> tuple[list[bytes], dict[bytes, bytes], bytes, bytes]:
    """Split `words key=value ... <tail>: text` into words, fields, tail marker and tail text."""
    tail_key = tail = b""
    for marker in _TAILS:  # three finds cost less than one regex search over the line
        cut = rest.find(marker)
        if cut != -1:
            tail_key, tail = marker[1:-2], rest[cut + len(marker) :].strip()
            rest = rest[:cut]
            break
    fields = dict(_KV.findall(rest))  # quoted values keep their quotes (events, agent=)
    first_kv = rest.find(b"=")
    head = rest if first_kv == -1 else rest[: rest.rfind(b" ", 0, first_kv) + 1]
    return head.split(), fields, tail_key, tail


# Plain tuples, not NamedTuples: one of each per line, and building a tuple costs less.
# TypeAlias, not the `type` statement: Cython (netwatch-speedups) cannot parse that yet.
_Found: TypeAlias = tuple[Verdict, Direction, str, str, dict[str, str] | None]  # noqa: UP040
"""What a line type says beyond its addresses: action, direction, kind, rule, extra."""
_Traffic: TypeAlias = tuple[int, int, int, int, int, int, int, str]  # noqa: UP040
"""The fields Meraki types share: protocol, IP version, source address and port, destination
address and port, ICMP type, MAC."""


_NO_TRAFFIC: _Traffic = (-1, 0, 0, -1, 0, -1, -1, "")
"""`events` lines (VPN, DHCP, uplink changes) carry no addresses."""


def _traffic(fields: dict[bytes, bytes]) -> _Traffic:
    """Read the endpoints, protocol, ports, ICMP type and MAC of a line."""
    src, dst = fields.get(b"src", b""), fields.get(b"dst", b"")
    src_v, src_addr, src_port = endpoint(src) if src else (0, 0, -1)
    dst_v, dst_addr, dst_port = endpoint(dst) if dst else (0, 0, -1)
    if src_v and dst_v and src_v != dst_v:
        raise SyslogParseError("bad_address")
    proto = protocol_number(fields[b"protocol"]) if b"protocol" in fields else -1
    if b"sport" in fields:
        src_port = port(fields[b"sport"]) if fields[b"sport"] else -1
    if b"dport" in fields:
        dst_port = port(fields[b"dport"]) if fields[b"dport"] else -1
    icmp_type = small_int(fields[b"type"]) if proto in (1, 58) and b"type" in fields else -1
    mac = fields.get(b"mac") or fields.get(b"dhost") or b""
    return (
        proto, src_v or dst_v, src_addr, src_port, dst_addr, dst_port, icmp_type,
        text(mac).lower(),
    )  # fmt: skip


def _firewall(
    words: list[bytes], fields: dict[bytes, bytes], tail_key: bytes, tail: bytes
) -> _Found:
    """Read flows/firewall lines: verdict after the type, or a `pattern:` tail."""
    action, direction, rule = Verdict.UNKNOWN, Direction.UNKNOWN, ""
    if words and words[0] in _WORD_VERDICTS:
        action = _WORD_VERDICTS[words[0]]
    if tail_key == b"pattern":
        verdict, _, rule_text = tail.partition(b" ")
        rule = text(rule_text)
        if verdict in (b"0", b"1"):  # inbound rules: 1 = deny, 0 = allow
            action = Verdict.DENY if verdict == b"1" else Verdict.ALLOW
            direction = Direction.IN
        elif verdict in _WORD_VERDICTS:  # outbound rules say allow|deny
            action = _WORD_VERDICTS[verdict]
            direction = Direction.OUT
        else:
            rule = text(tail)
    if b"decision" in fields:
        action = _WORD_VERDICTS.get(fields[b"decision"], action)
    return action, direction, "firewall", rule, None


def _ip_flow(kind: bytes, fields: dict[bytes, bytes]) -> _Found:
    """Read a NAT flow start/end; the translated side tells the direction."""
    direction = Direction.UNKNOWN
    if b"translated_src_ip" in fields:
        direction = Direction.OUT
    elif b"translated_dst_ip" in fields:
        direction = Direction.IN
    name = "flow_start" if kind == b"ip_flow_start" else "flow_end"
    extra = {text(k): text(v) for k, v in fields.items() if k.startswith(b"translated_")}
    return Verdict.ALLOW, direction, name, "", extra or None


def _security(kind: str, words: list[bytes], fields: dict[bytes, bytes], tail: bytes) -> _Found:
    """Read an IDS alert or another security event (file scanned, disposition change)."""
    decision = fields.get(b"decision") or fields.get(b"action") or b""
    extra = {"message": text(tail[:256])}
    if b"priority" in fields:
        extra["priority"] = text(fields[b"priority"])
    if words:
        extra["type"] = text(words[0])
    return (
        _WORD_VERDICTS.get(decision, Verdict.UNKNOWN),
        _DIRECTIONS.get(fields.get(b"direction", b""), Direction.UNKNOWN),
        kind,
        text(fields.get(b"signature", b"")),
        extra,
    )
