"""Linux netfilter LOG / nftables `log` lines: iptables, UFW, OpenWrt fw4, EdgeOS/USG, UniFi, ulogd.

The kernel (nf_log_syslog) writes `<prefix>IN=<if> OUT=<if> [PHYSIN=..] [MAC=dst:src:type]
SRC=<ip> DST=<ip> LEN= TOS= PREC= TTL= ID= [DF] PROTO=<name> SPT= DPT= ...` (ICMP: `TYPE= CODE=`;
IPv6: `TC= HOPLIMIT= FLOWLBL=`); an ICMP error quotes the offending packet in `[SRC=... ]` after
the outer fields, so only the first SRC/DST/PROTO count. The verdict lives in the prefix:
- UFW: `[UFW BLOCK] `, `[UFW ALLOW] `, `[UFW AUDIT] `, `[UFW LIMIT BLOCK] `;
- OpenWrt fw4: `drop wan in: `, `reject lan forward: `, `accept wan out: ` (verdict zone chain);
- EdgeOS/USG/UniFi: `[RULESET-RULE-A|D|R]` with no space before `IN=`; UniFi OS adds `DESCR="..."`;
  the ruleset name carries the direction by convention (WAN_IN, WAN_LOCAL, WAN_OUT, LAN_IN ...),
  used when the interfaces do not tell (forwarded packets have both IN= and OUT=);
- anything else is a user's `--log-prefix`, mapped by the prefix verdicts option.
ulogd writes `TOS=00` where the kernel writes `TOS=0x00`; kernel lines may start with an uptime
stamp `[12345.678901]`. Neither matters to the fields read here.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ...errors import SyslogParseError
from ...records import Direction, FirewallEvent, Verdict
from ..common import (
    ICMP_PROTOCOLS,
    ParseContext,
    address,
    firewall_event,
    port,
    protocol_number,
    small_int,
    text,
)
from ..header import SyslogMessage
from .fw_adt import is_audit as firewalla_audit

NAME = "netfilter"

_FIELDS = re.compile(
    rb"IN=(\S*) OUT=(\S*)(.*?) SRC=(\S+) DST=(\S+) .*?PROTO=(\S+)"
    rb"(?: SPT=(\d+) DPT=(\d+)| TYPE=(\d+) CODE=(\d+))?"
)
_UPTIME = re.compile(rb"\s*\[\s*\d+\.\d+\]\s*")
_DESCR = re.compile(rb'DESCR=\\?"(.*?)\\?"(?:\s+|$)')
_FW4 = re.compile(r"(accept|drop|reject) (\S+) (in|out|forward)\b")
# Tags that are the logging daemon, not a user's prefix that happens to end with a colon.
_DAEMON_TAGS = frozenset({b"kernel", b"ulogd", b"ulogd2", b"ufw", b"nft", b"iptables"})
_FW4_VERDICTS = {"accept": Verdict.ALLOW, "drop": Verdict.DENY, "reject": Verdict.REJECT}
_FW4_DIRECTIONS = {"in": Direction.IN, "out": Direction.OUT}
_RULESET_VERDICTS = {"A": Verdict.ALLOW, "D": Verdict.DENY, "R": Verdict.REJECT}
_PREFIX_CACHE_MAX = 512
# A firewall has a handful of rules, so a handful of distinct prefixes; keyed by network data,
# capped at 512 entries and emptied when full.
_prefix_cache: dict[tuple[bytes, bytes], tuple[str, str]] = {}


def detect(msg: SyslogMessage) -> bool:
    """Tell whether the message carries netfilter LOG fields (and is no Firewalla audit line)."""
    body = msg.body
    if b" SRC=" not in body or b"PROTO=" not in body or b"OUT=" not in body:
        return False
    return not firewalla_audit(msg)


class Packet(NamedTuple):
    """The packet fields of a LOG line (what follows the prefix)."""

    start: int
    """Where `IN=` begins: the prefix is the text before it."""
    in_if: bytes
    out_if: bytes
    middle: bytes
    """The text between OUT= and SRC= (PHYSIN=, MAC=)."""
    ip_version: int
    src_addr: int
    dst_addr: int
    protocol: int
    src_port: int
    dst_port: int
    icmp_type: int
    icmp_code: int


def packet(msg: SyslogMessage) -> Packet:
    """Read the packet fields of a LOG line; SyslogParseError when they are not there."""
    m = _FIELDS.search(msg.body)
    if m is None:
        raise SyslogParseError("missing_fields")
    in_if, out_if, middle, src, dst, proto_name, spt, dpt, itype, icode = m.groups()
    ip_version, src_addr = address(src)
    dst_version, dst_addr = address(dst)
    if dst_version != ip_version:
        raise SyslogParseError("bad_address")
    proto = protocol_number(proto_name)
    src_port = dst_port = icmp_type = icmp_code = -1
    if spt is not None:
        src_port, dst_port = port(spt), port(dpt)
    elif itype is not None and proto in ICMP_PROTOCOLS:
        icmp_type, icmp_code = small_int(itype), small_int(icode)
    return Packet(
        m.start(), in_if, out_if, middle, ip_version, src_addr, dst_addr, proto, src_port,
        dst_port, icmp_type, icmp_code,
    )  # fmt: skip


def parse(msg: SyslogMessage, ctx: ParseContext) -> FirewallEvent | None:
    """Parse one netfilter LOG line."""
    p = packet(msg)
    in_if, out_if = p.in_if, p.out_if
    prefix, descr = _prefix(msg, msg.body[: p.start])
    action, direction = _verdict(prefix, descr, ctx)
    if direction is Direction.UNKNOWN and bool(in_if) != bool(out_if):
        # Only one interface: the packet enters (INPUT) or leaves (OUTPUT) the firewall itself.
        direction = Direction.IN if in_if else Direction.OUT
    elif direction is Direction.UNKNOWN:
        direction = _ruleset_direction(prefix)
    extra: dict[str, str] | None = None
    if descr:
        extra = {"description": descr}
    if in_if and out_if:
        extra = (extra or {}) | {"out_interface": text(out_if)}
    return firewall_event(
        msg,
        ctx,
        NAME,
        action,
        direction,
        protocol=p.protocol,
        ip_version=p.ip_version,
        src_addr=p.src_addr,
        src_port=p.src_port,
        dst_addr=p.dst_addr,
        dst_port=p.dst_port,
        icmp_type=p.icmp_type,
        icmp_code=p.icmp_code,
        interface=text(in_if or out_if),
        rule=prefix or descr,
        mac=source_mac(p.middle),
        extra=extra,
    )


def _prefix(msg: SyslogMessage, before: bytes) -> tuple[str, str]:
    """Return the cleaned log prefix and the UniFi DESCR text found before `IN=`."""
    if before[:1] in b" [":
        um = _UPTIME.match(before)
        if um is not None:
            before = before[um.end() :]
    key = (msg.app, before)
    found = _prefix_cache.get(key)
    if found is None:
        found = _clean_prefix(msg.app, before)
        if len(_prefix_cache) >= _PREFIX_CACHE_MAX:
            _prefix_cache.clear()
        _prefix_cache[key] = found
    return found


def _clean_prefix(app: bytes, before: bytes) -> tuple[str, str]:
    """Split the text before `IN=` (uptime stamp removed) into the prefix and a DESCR text."""
    if not before.strip() and app and app not in _DAEMON_TAGS:
        # Nothing before IN= but a tag/APP-NAME that is no logging daemon: it is the user's
        # prefix (`FW-DROP: IN=...` from ulogd LOGEMU or a relay), taken for a tag.
        before = app + b": "
    descr = ""
    dm = _DESCR.search(before) if b"DESCR=" in before else None
    if dm is not None:
        descr = text(dm.group(1))
        before = before[: dm.start()] + before[dm.end() :]
    prefix = text(before).strip().rstrip(":").strip()
    if prefix.startswith("[") and prefix.endswith("]"):
        prefix = prefix[1:-1].strip()
    return prefix, descr


def _verdict(prefix: str, descr: str, ctx: ParseContext) -> tuple[Verdict, Direction]:
    """Read the verdict (and fw4's chain direction) from the prefix conventions."""
    if prefix.startswith("UFW "):
        words = prefix[4:].split()
        if "BLOCK" in words:
            return Verdict.DENY, Direction.UNKNOWN
        if "ALLOW" in words:
            return Verdict.ALLOW, Direction.UNKNOWN
        return Verdict.UNKNOWN, Direction.UNKNOWN  # AUDIT: logged, not decided
    fw4 = _FW4.match(prefix)
    if fw4 is not None:
        return _FW4_VERDICTS[fw4.group(1)], _FW4_DIRECTIONS.get(fw4.group(3), Direction.UNKNOWN)
    verdict = _ruleset_verdict(prefix)
    if verdict is None:
        verdict = ctx.verdicts.match(prefix) if prefix else Verdict.UNKNOWN
        if verdict is Verdict.UNKNOWN and descr:
            verdict = ctx.verdicts.match(descr)
    return verdict, Direction.UNKNOWN


def _ruleset_verdict(prefix: str) -> Verdict | None:
    """Read EdgeOS/USG `RULESET-RULE-A|D|R` (UniFi OS also writes `RULESET-D-RULE`)."""
    parts = prefix.split("-")
    if len(parts) < 2 or " " in prefix:
        return None
    if parts[-1] in _RULESET_VERDICTS:
        return _RULESET_VERDICTS[parts[-1]]
    if len(parts) == 3 and parts[1] in _RULESET_VERDICTS and parts[2].isdigit():
        return _RULESET_VERDICTS[parts[1]]
    return None


def _ruleset_direction(prefix: str) -> Direction:
    """Read the direction from an EdgeOS/USG ruleset name (`WAN_IN-10-D`, `LAN_IN-20-A`)."""
    if " " in prefix or "-" not in prefix:
        return Direction.UNKNOWN
    name = prefix.split("-", 1)[0].upper()
    if name.startswith("WAN"):
        if name.endswith(("_IN", "_LOCAL")):
            return Direction.IN
        if name.endswith("_OUT"):
            return Direction.OUT
    elif name.startswith(("LAN", "GUEST")):
        if name.endswith("_IN"):
            return Direction.OUT
        if name.endswith("_LOCAL"):
            return Direction.INTERNAL
    return Direction.UNKNOWN


def source_mac(middle: bytes) -> str:
    """Return the source MAC from `MAC=dst:src:type` (14 octets), or a bare 6-octet MAC."""
    start = middle.find(b"MAC=")
    if start == -1:
        return ""
    value = middle[start + 4 :].split(b" ", 1)[0]
    if len(value) == 41 and value[17:18] == b":":  # the usual dst(6):src(6):type(2) octets
        return text(value[18:35]).lower()
    octets = value.split(b":")
    if len(octets) >= 12:
        octets = octets[6:12]
    elif len(octets) != 6:
        return ""
    if any(len(o) != 2 for o in octets):
        return ""
    return text(b":".join(octets)).lower()
