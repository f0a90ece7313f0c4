"""Sophos Firewall (XG/XGS, SFOS) key=value logs.

Facts from Sophos' "Syslog descriptions" guides (SFOS 17.5-20) and real lines in public test
suites. Two generations of the same format:
- SFOS up to 18.5: `device="SFW" date=2018-05-30 time=13:14:26 timezone="IST" device_name="XG125w"
  log_id=010102600002 log_type="Firewall" log_component="Firewall Rule" log_subtype="Denied"
  status="Deny" ... in_interface="Port1" src_mac=.. src_ip=10.198.32.19 dst_ip=1.128.3.4
  protocol="ICMP" icmp_type=8 icmp_code=0 ... srczonetype="LAN" dstzonetype="WAN"`;
- SFOS 19+: `device_name="SFW" timestamp="2021-11-15T18:25:00-0600" ... log_type="Firewall"
  log_subtype="Allowed" severity="Information" ... src_ip="192.168.2.111" ... src_zone_type="LAN"
  dst_zone_type="WAN"` (most values quoted).
Only log_type "Firewall" carries a traffic verdict (log_subtype Allowed/Denied, status
Allow/Deny); the other log types (web, IPS, VPN, events) are Sophos' but no firewall event.
The zone types tell the direction (a WAN source is inbound). The old `timezone` is an
abbreviation (IST, BST, CEST), which has no unique offset: such lines take the header's time.
"""

from __future__ import annotations

from ...errors import SyslogParseError
from ...records import Direction, FirewallEvent, Verdict
from ..common import ICMP_PROTOCOLS, ParseContext, firewall_event, protocol_number, small_int, text
from ..header import SyslogMessage
from .keyvalue import find_fields, iso_time, message_text, optional_port, probes, required_address

NAME = "sophos"

_KEYS = (
    b"log_type", b"log_subtype", b"src_ip", b"dst_ip", b"protocol", b"timestamp", b"fw_rule_id",
    b"fw_rule_name", b"in_interface", b"src_mac", b"device_name", b"log_component", b"log_id",
    b"src_zone_type", b"dst_zone_type",
)  # fmt: skip
_PROBES = probes(_KEYS)
# Keys read only when the line needs them (each key costs a search of the line).
_STATUS = probes((b"status",))
_ICMP = probes((b"icmp_type", b"icmp_code"))
_PORTS = probes((b"src_port", b"dst_port"))
_OLD_ZONES = probes((b"srczonetype", b"dstzonetype"))
_SUBTYPES = {b"Allowed": Verdict.ALLOW, b"Denied": Verdict.DENY, b"Drop": Verdict.DENY}
_STATUSES = {b"Allow": Verdict.ALLOW, b"Deny": Verdict.DENY, b"Would deny": Verdict.ALLOW}


def detect(msg: SyslogMessage) -> bool:
    """Tell whether the line has Sophos' log_type and log_component keys."""
    body = message_text(msg)
    return b"log_component=" in body and b"log_type=" in body


def parse(msg: SyslogMessage, ctx: ParseContext) -> FirewallEvent | None:
    """Parse one Sophos line; None for log types without a traffic verdict."""
    body = message_text(msg)
    kv = find_fields(body, _PROBES)
    if kv.get(b"log_type") != b"Firewall":
        return None
    action = _SUBTYPES.get(kv.get(b"log_subtype", b""))
    if action is None:
        status = find_fields(body, _STATUS).get(b"status", b"")
        action = _STATUSES.get(status, Verdict.UNKNOWN)
    ip_version, src_addr = required_address(kv, b"src_ip")
    dst_version, dst_addr = required_address(kv, b"dst_ip")
    if dst_version != ip_version:
        raise SyslogParseError("bad_address")
    proto = protocol_number(kv.get(b"protocol", b""))
    icmp_type = icmp_code = -1
    if proto in ICMP_PROTOCOLS:
        icmp = find_fields(body, _ICMP)
        icmp_type = small_int(icmp.get(b"icmp_type", b""))
        icmp_code = small_int(icmp.get(b"icmp_code", b""))
        src_port = dst_port = -1
    else:
        ports = find_fields(body, _PORTS)
        src_port, dst_port = optional_port(ports, b"src_port"), optional_port(ports, b"dst_port")
    if not (kv.get(b"src_zone_type") and kv.get(b"dst_zone_type")):
        kv |= find_fields(body, _OLD_ZONES)  # SFOS 18.5 and older: srczonetype, dstzonetype
    stamp = iso_time(kv[b"timestamp"]) if b"timestamp" in kv else None
    rule = kv.get(b"fw_rule_id", b"")
    if not rule.strip(b"0"):
        rule = b""  # rule 0: the line comes from a built-in check (DoS, spoofing), not a rule
    extra = {
        "component": text(kv.get(b"log_component", b"")),
        "log_id": text(kv.get(b"log_id", b"")),
        "rule_id": text(rule),
    }
    # Positional: cheaper than keywords on this per-line path (see firewall_event's order).
    return firewall_event(
        msg, ctx, NAME, action, _direction(kv), proto, ip_version, src_addr, src_port, dst_addr,
        dst_port, icmp_type, icmp_code, text(kv.get(b"in_interface", b"")),
        text(kv.get(b"fw_rule_name") or rule), text(kv.get(b"src_mac", b"")).lower(),
        text(kv.get(b"device_name", b"")), "firewall", extra, stamp,
    )  # fmt: skip


def _direction(kv: dict[bytes, bytes]) -> Direction:
    """Read the direction from the zone types (SFOS 19 `src_zone_type`, older `srczonetype`)."""
    src = kv.get(b"src_zone_type") or kv.get(b"srczonetype") or b""
    dst = kv.get(b"dst_zone_type") or kv.get(b"dstzonetype") or b""
    if src.strip() == b"WAN" and dst.strip() != b"WAN":
        return Direction.IN
    if dst.strip() == b"WAN" and src.strip() != b"WAN":
        return Direction.OUT
    return Direction.UNKNOWN
