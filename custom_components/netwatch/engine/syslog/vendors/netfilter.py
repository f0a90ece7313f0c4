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
from typing import NamedTuple, TypeAlias

from ...errors import SyslogParseError
from ...records import Direction, FirewallEvent, Verdict
from ..common import (
    ICMP_PROTOCOLS,
    ParseContext,
    VerdictMap,
    address,
    firewall_event,
    port,
    protocol_number,
    remember,
    small_int,
    text,
)
from ..header import SyslogMessage
from .fw_adt import is_audit as firewalla_audit

NAME = "netfilter"

# TypeAlias, not the `type` statement: Cython (netwatch-speedups) cannot parse that yet.
_Rule: TypeAlias = tuple[str, str, Verdict, Direction, Direction]  # noqa: UP040
"""What a log prefix says: prefix, DESCR text, verdict, fw4 chain direction, ruleset direction."""
_Values: TypeAlias = tuple[int, int, int, int, int, int, int, int]  # noqa: UP040
"""Packet fields: IP version, source, destination, protocol, ports, ICMP type and code."""

_FIELDS = re.compile(
    rb"IN=(\S*) OUT=(\S*)(.*?) SRC=(\S+) DST=(\S+) .*?PROTO=(\S+)"
    rb"(?: SPT=(\d+) DPT=(\d+)| TYPE=(\d+) CODE=(\d+))?"
)
# The kernel's own layout (nf_log_syslog): PHYSIN=, PHYSOUT=, MAC= between OUT= and SRC=, then the
# IP header fields it writes before PROTO=. Matched at the first `IN=`, it gives exactly the groups
# _FIELDS.search finds there: each run is the longest (a space or a literal follows it), no ` SRC=`
# can begin between OUT= and SRC= (every space there starts PHYSIN, PHYSOUT or MAC), and no
# `PROTO=` lies inside the IP fields (fixed names, values of hex digits and x), so the lazy runs of
# _FIELDS end at the same places. Other layouts (OPT, an odd order) fall back to _FIELDS.
_KERNEL = re.compile(
    rb"IN=(\S*+) OUT=(\S*+)((?: PHYSIN=\S*+)?+(?: PHYSOUT=\S*+)?+(?: MAC=\S*+)?+)"
    rb" SRC=(\S++) DST=(\S++) "
    rb"(?:(?:LEN|TOS|PREC|TTL|ID|TC|HOPLIMIT|FLOWLBL|FRAG)=[0-9A-Fa-fx]++ |(?:CE|DF|MF) )*+"
    rb"PROTO=(\S++)(?: SPT=(\d++) DPT=(\d++)| TYPE=(\d++) CODE=(\d++))?+"
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
# capped at 512 entries and emptied when full. The key holds the parser's VerdictMap (compared by
# identity, kept alive by the key) because the verdict read from a prefix depends on it.
_prefix_cache: dict[tuple[bytes, bytes, VerdictMap], _Rule] = {}
_MAC_CACHE_MAX = 512
# Source MACs by the text between OUT= and SRC=: one per pair of neighbours talking through the
# firewall; network data, so capped at 512 entries and emptied when full.
_mac_cache: dict[bytes, str] = {}


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
    m = _match(msg.body)
    return Packet(m.start(), m.group(1), m.group(2), m.group(3), *_values(m))


def _match(body: bytes) -> re.Match[bytes]:
    """Find the LOG fields: the kernel's layout at the first `IN=`, else the general search."""
    start = body.find(b"IN=")
    m = _KERNEL.match(body, start) if start != -1 else None
    if m is None:
        m = _FIELDS.search(body) if start != -1 else None
        if m is None:
            raise SyslogParseError("missing_fields")
    return m


def _values(m: re.Match[bytes]) -> _Values:
    """Read addresses, protocol, ports and ICMP type of the matched LOG fields."""
    src, dst, proto_name, spt, dpt, itype, icode = m.group(4, 5, 6, 7, 8, 9, 10)
    ip_version, src_addr = address(src)
    dst_version, dst_addr = address(dst)
    if dst_version != ip_version:
        raise SyslogParseError("bad_address")
    proto = protocol_number(proto_name)
    if spt is not None:
        return ip_version, src_addr, dst_addr, proto, port(spt), port(dpt), -1, -1
    if itype is not None and proto in ICMP_PROTOCOLS:
        return ip_version, src_addr, dst_addr, proto, -1, -1, small_int(itype), small_int(icode)
    return ip_version, src_addr, dst_addr, proto, -1, -1, -1, -1


def parse(msg: SyslogMessage, ctx: ParseContext) -> FirewallEvent | None:
    """Parse one netfilter LOG line."""
    body = msg.body
    m = _match(body)
    in_if, out_if, middle = m.group(1, 2, 3)
    ip_version, src_addr, dst_addr, proto, src_port, dst_port, icmp_type, icmp_code = _values(m)
    prefix, descr, action, direction, ruleset_direction = _rule(msg, body[: m.start()], ctx)
    if direction is Direction.UNKNOWN:
        if bool(in_if) != bool(out_if):
            # Only one interface: the packet enters (INPUT) or leaves (OUTPUT) the firewall.
            direction = Direction.IN if in_if else Direction.OUT
        else:
            direction = ruleset_direction
    extra: dict[str, str] | None = None
    if descr:
        extra = {"description": descr}
    if in_if and out_if:
        extra = (extra or {}) | {"out_interface": text(out_if)}
    mac = _mac_cache.get(middle)
    if mac is None:
        mac = remember(_mac_cache, _MAC_CACHE_MAX, middle, source_mac(middle))
    # Positional: cheaper than keywords on this per-line path (see firewall_event's order).
    return firewall_event(
        msg, ctx, NAME, action, direction, proto, ip_version, src_addr, src_port, dst_addr,
        dst_port, icmp_type, icmp_code, text(in_if or out_if), prefix or descr, mac, "",
        "firewall", extra,
    )  # fmt: skip


def _rule(msg: SyslogMessage, before: bytes, ctx: ParseContext) -> _Rule:
    """Return what the text before `IN=` (uptime stamp removed) says, cached per prefix."""
    key = (msg.app, _without_uptime(before), ctx.verdicts)
    found = _prefix_cache.get(key)
    if found is None:
        prefix, descr = _clean_prefix(msg.app, key[1])
        action, direction = _verdict(prefix, descr, ctx)
        rule = (prefix, descr, action, direction, _ruleset_direction(prefix))
        found = remember(_prefix_cache, _PREFIX_CACHE_MAX, key, rule)
    return found


def _without_uptime(before: bytes) -> bytes:
    """Remove a kernel uptime stamp `[12345.678901]` from the start of the prefix.

    The stamp has a `.`; UFW, EdgeOS and fw4 prefixes have none, so most lines skip the regex.
    """
    if before[:1] in b" [" and b"." in before:
        um = _UPTIME.match(before)
        if um is not None:
            return before[um.end() :]
    return before


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
