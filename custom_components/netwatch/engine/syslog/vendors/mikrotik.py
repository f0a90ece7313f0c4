"""MikroTik RouterOS firewall `log=yes` / `action=log` lines.

RouterOS writes `[<topics> ][<log-prefix> ]<chain>: in:<if> out:<if>, [connection-state:<s>[,] ]
[src-mac <mac>, ]proto <PROTO>[ (<flags> | type N, code M)], <src>[:port]-><dst>[:port],
[NAT (...)->..., ]len N` (RouterOS manual, IP/Firewall/Filter `log` action). Interfaces may be
`(unknown 0)` or `(none)`; IPv6 endpoints with ports are bracketed. The verdict is whatever the
rule's log-prefix says, so the prefix verdicts option decides it; the chain gives the direction.
"""

from __future__ import annotations

import re

from ...errors import SyslogParseError
from ...records import Direction, FirewallEvent, Verdict
from ..common import (
    ICMP_PROTOCOLS,
    ParseContext,
    endpoint,
    firewall_event,
    protocol_number,
    remember,
    small_int,
    text,
)
from ..header import SyslogMessage

NAME = "mikrotik"

# Matched from the chain name on: parse() finds `: in:` first, which keeps the search linear.
_LINE = re.compile(
    rb"([\w.-]+): in:(\([^)]*\)|[^\s,]*) out:(\([^)]*\)|[^\s,]*),(.*?) proto (\S+?)"
    rb"(?: \(([^)]*)\))?, (\S+?)->(\S+?)(?:,|$)"
)
_MAC = re.compile(rb"src-mac ([0-9A-Fa-f:]{17})")
_ICMP = re.compile(rb"type (\d{1,3}), code (\d{1,3})")
_TOPICS = re.compile(r"[a-z]+(?:,[a-z!]+)+ +")
_CHAIN_DIRECTIONS = {b"input": Direction.IN, b"output": Direction.OUT}
_PREFIX_CACHE_MAX = 512
# One entry per distinct log-prefix (a handful of rules); network data, so capped at 512 and
# emptied when full.
_prefix_cache: dict[bytes, str] = {}


def detect(msg: SyslogMessage) -> bool:
    """Tell whether the message looks like a RouterOS firewall log line."""
    body = msg.body
    return b": in:" in body and b" proto " in body and b"->" in body


def parse(msg: SyslogMessage, ctx: ParseContext) -> FirewallEvent | None:
    """Parse one RouterOS firewall log line."""
    body = msg.body
    at = body.find(b": in:")
    chain_start = max(body.rfind(b" ", 0, at), body.rfind(b",", 0, at)) + 1
    m = _LINE.match(body, chain_start) if at > 0 else None
    if m is None:
        raise SyslogParseError("missing_fields")
    chain, in_if, out_if, middle, proto_name, proto_info, src, dst = m.groups()
    src_version, src_addr, src_port = endpoint(src)
    dst_version, dst_addr, dst_port = endpoint(dst)
    if src_version != dst_version:
        raise SyslogParseError("bad_address")
    proto = protocol_number(proto_name)
    if proto == 1 and src_version == 6:
        proto = 58  # "ICMP" between IPv6 endpoints can only be ICMPv6
    icmp_type = icmp_code = -1
    if proto in ICMP_PROTOCOLS and proto_info:
        im = _ICMP.search(proto_info)
        if im is not None:
            icmp_type, icmp_code = small_int(im.group(1)), small_int(im.group(2))
    prefix = _prefix(body[: m.start()])
    mm = _MAC.search(middle) if b"src-mac" in middle else None
    interface = in_if if in_if and not in_if.startswith(b"(") else out_if
    return firewall_event(
        msg,
        ctx,
        NAME,
        ctx.verdicts.match(prefix) if prefix else Verdict.UNKNOWN,
        _CHAIN_DIRECTIONS.get(chain, Direction.UNKNOWN),
        protocol=proto,
        ip_version=src_version,
        src_addr=src_addr,
        src_port=src_port,
        dst_addr=dst_addr,
        dst_port=dst_port,
        icmp_type=icmp_type,
        icmp_code=icmp_code,
        interface="" if interface.startswith(b"(") else text(interface),
        rule=prefix or text(chain),
        mac=text(mm.group(1)).lower() if mm is not None else "",
        extra={"chain": text(chain)},
    )


def _prefix(before: bytes) -> str:
    """Return the log-prefix written before the chain, without the `firewall,info` topics."""
    prefix = _prefix_cache.get(before)
    if prefix is None:
        prefix = remember(_prefix_cache, _PREFIX_CACHE_MAX, before, _clean_prefix(before))
    return prefix


def _clean_prefix(before: bytes) -> str:
    """Decode the prefix and drop the topics RouterOS writes first."""
    prefix = text(before).strip()
    tm = _TOPICS.match(prefix + " ")
    if tm is not None:
        prefix = prefix[tm.end() :] if tm.end() <= len(prefix) else ""
    return prefix.strip()
