"""Records as Elastic Common Schema documents (plain dicts, serialised later with orjson).

Times are epoch milliseconds (the index template maps them as dates, whose default format accepts
`epoch_millis`): formatting ISO text per document would cost more than the rest of the document.
Constant sub-objects (category lists, per-exporter observer objects) are shared between documents
and never mutated.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from ..addr import addr_to_str, parse_addr
from ..records import Direction, FirewallEvent, FlowRecord, Verdict

type Doc = dict[str, Any]
type Enricher = Callable[[int, int], tuple[str | None, int | None, str | None]]
"""(ip_version, address) -> (host name, AS number, AS organisation), from caches only."""

# ECS network.transport: the IANA keyword name, lower case.
TRANSPORT: dict[int, str] = {
    1: "icmp",
    2: "igmp",
    6: "tcp",
    17: "udp",
    47: "gre",
    50: "esp",
    51: "ah",
    58: "ipv6-icmp",
    132: "sctp",
}
_PORTED = frozenset((6, 17, 132))
NETWORK_DIRECTION: dict[str, str] = {
    Direction.IN: "inbound",
    Direction.OUT: "outbound",
    Direction.INTERNAL: "internal",
    Direction.UNKNOWN: "unknown",
}
_NET_TYPE = {4: "ipv4", 6: "ipv6"}
_CATEGORY_NETWORK = ["network"]
_CATEGORY_SCAN = ["network", "intrusion_detection"]
_TYPE_CONNECTION = ["connection"]
_TYPE_ALLOWED = ["connection", "allowed"]
_TYPE_DENIED = ["connection", "denied"]
_TYPE_INFO = ["info"]
_OUTCOME = {Verdict.ALLOW: "success", Verdict.DENY: "failure", Verdict.REJECT: "failure"}
_MAX_ORIGINAL = 4096
# Per-exporter observer objects; exporters are configured routers, but the text comes from the
# network, so the cache is capped: cleared when full (rebuilding an entry costs ~1 µs).
_OBSERVER_CAP = 256
_observers: dict[tuple[str, str, str], Doc] = {}


def observer(address: str, kind: str, vendor: str = "", hostname: str = "") -> Doc:
    """Return the (shared) ECS observer object for an exporter or syslog sender address."""
    key = (address, vendor, hostname)
    found = _observers.get(key)
    if found is not None:
        return found
    obs: Doc = {"type": kind}
    try:
        parse_addr(address.split("%", 1)[0])
    except ValueError:
        # Not an address (a name, or "host:port"): an ip-typed field would reject the document.
        if address:
            obs["hostname"] = address
    else:
        obs["ip"] = address
    if vendor:
        obs["vendor"] = vendor
    if hostname:
        obs["hostname"] = hostname
    if len(_observers) >= _OBSERVER_CAP:
        _observers.clear()
    _observers[key] = obs
    return obs


def mac_text(value: int) -> str:
    """Render a MAC held as an integer the ECS way: upper-case, hyphen-separated."""
    raw = value.to_bytes(6, "big")
    return "-".join(f"{octet:02X}" for octet in raw)


def enrich_endpoint(end: Doc, ip_version: int, addr: int, names: Enricher | None) -> None:
    """Add ECS `domain` and `as.*` to an endpoint when they are known."""
    if names is None:
        return
    hostname, number, org = names(ip_version, addr)
    if hostname:
        end["domain"] = hostname
    if number:
        end["as"] = {"number": number, "organization": {"name": org}} if org else {"number": number}


def _endpoint(
    ip_version: int, addr: int, port: int, proto: int, *, country: str | None, mac: int
) -> Doc:
    end: Doc = {"ip": addr_to_str(ip_version, addr)}
    if proto in _PORTED:
        end["port"] = port
    if country:
        end["geo"] = {"country_iso_code": country}
    if mac:
        end["mac"] = mac_text(mac)
    return end


def _flow_event(rec: FlowRecord) -> Doc:
    """Return the ECS `event` of a flow: a connection, or denied when the exporter dropped it."""
    # IE 89 forwardingStatus 0x80-0xBF: the exporter dropped the packets (RFC 7270 section 4.12).
    dropped = 0x80 <= rec.forwarding_status <= 0xBF
    return {
        "kind": "event",
        "category": _CATEGORY_NETWORK,
        "type": _TYPE_DENIED if dropped else _TYPE_CONNECTION,
        "action": "network_flow",
        "dataset": "netwatch.flows",
        "module": "netwatch",
        "start": rec.first,
        "end": rec.last,
        "duration": max(rec.last - rec.first, 0) * 1_000_000,
    }


def flow_document(
    rec: FlowRecord,
    country_src: str | None = None,
    country_dst: str | None = None,
    direction: str = Direction.UNKNOWN,
    names: Enricher | None = None,
) -> Doc:
    """Build the ECS document of one flow record (`names` adds domains and AS numbers)."""
    proto = rec.protocol
    version = rec.ip_version
    src = _endpoint(
        version, rec.src_addr, rec.src_port, proto, country=country_src, mac=rec.src_mac
    )
    dst = _endpoint(
        version, rec.dst_addr, rec.dst_port, proto, country=country_dst, mac=rec.dst_mac
    )
    if direction != Direction.INTERNAL:
        # Only the remote end has a public name; the home end stays as it is.
        if direction != Direction.OUT:
            enrich_endpoint(src, version, rec.src_addr, names)
        if direction != Direction.IN:
            enrich_endpoint(dst, version, rec.dst_addr, names)
    src["bytes"] = rec.bytes
    src["packets"] = rec.packets
    if rec.reverse_bytes or rec.reverse_packets:
        dst["bytes"] = rec.reverse_bytes
        dst["packets"] = rec.reverse_packets
    network: Doc = {
        "iana_number": str(proto),
        "bytes": rec.bytes + rec.reverse_bytes,
        "packets": rec.packets + rec.reverse_packets,
        "direction": NETWORK_DIRECTION.get(direction, "unknown"),
        "type": _NET_TYPE.get(rec.ip_version, "unknown"),
    }
    if (transport := TRANSPORT.get(proto)) is not None:
        network["transport"] = transport
    obs = observer(rec.exporter, "router")
    if rec.src_vlan or rec.dst_vlan:
        obs = _with_vlans(obs, network, rec.src_vlan, rec.dst_vlan)
    return {
        "@timestamp": rec.last or rec.first,
        "event": _flow_event(rec),
        "source": src,
        "destination": dst,
        "network": network,
        "observer": obs,
        "netflow": _netflow_extras(rec),
    }


def _with_vlans(obs: Doc, network: Doc, src_vlan: int, dst_vlan: int) -> Doc:
    """Return a copy of the shared observer with the flow's VLANs; tag `network` too.

    ECS puts a router's VLANs in observer.ingress/egress.vlan.id (keywords); network.vlan.id gets
    the VLAN the packet arrived on, the one field VLAN filters and dashboards look at first.
    """
    obs = dict(obs)
    if src_vlan:
        obs["ingress"] = {"vlan": {"id": str(src_vlan)}}
        network["vlan"] = obs["ingress"]["vlan"]
    if dst_vlan:
        obs["egress"] = {"vlan": {"id": str(dst_vlan)}}
    return obs


def _netflow_extras(rec: FlowRecord) -> Doc:
    """Return the export fields ECS has no place for (absent ones left out)."""
    netflow: Doc = {
        "version": rec.version,
        "template_id": rec.template_id,
        "tos": rec.tos,
        "sampling_interval": rec.sampling_interval,
    }
    if rec.protocol == 6:
        netflow["tcp_flags"] = rec.tcp_flags
    if rec.in_if:
        netflow["in_if"] = rec.in_if
    if rec.out_if:
        netflow["out_if"] = rec.out_if
    if rec.icmp_type >= 0:
        netflow["icmp_type"] = rec.icmp_type
        netflow["icmp_code"] = rec.icmp_code
    if rec.direction >= 0:
        netflow["flow_direction"] = rec.direction
    if rec.forwarding_status >= 0:
        netflow["forwarding_status"] = rec.forwarding_status
    if rec.next_hop and rec.next_hop_version:
        netflow["next_hop"] = addr_to_str(rec.next_hop_version, rec.next_hop)
    if rec.src_mask:
        netflow["src_mask"] = rec.src_mask
    if rec.dst_mask:
        netflow["dst_mask"] = rec.dst_mask
    return netflow


def _fw_endpoint(ev: FirewallEvent, addr: int, port: int, country: str | None) -> Doc | None:
    if ev.ip_version not in (4, 6):
        return None
    end: Doc = {"ip": addr_to_str(ev.ip_version, addr)}
    if port >= 0:
        end["port"] = port
    if country:
        end["geo"] = {"country_iso_code": country}
    return end


def _enrich_remote(
    end: Doc, ev: FirewallEvent, addr: int, placed: bool, side: str, *, names: Enricher | None
) -> None:
    """Name an endpoint that is remote: it has a country, or the log's direction says so."""
    if placed or ev.direction == side:
        enrich_endpoint(end, ev.ip_version, addr, names)


def firewall_document(
    ev: FirewallEvent,
    country_src: str | None = None,
    country_dst: str | None = None,
    names: Enricher | None = None,
) -> Doc:
    """Build the ECS document of one firewall event (`names` adds domains and AS numbers)."""
    allowed = ev.action == Verdict.ALLOW
    denied = ev.action in (Verdict.DENY, Verdict.REJECT)
    event: Doc = {
        "kind": "event",
        "category": _CATEGORY_NETWORK,
        "type": _TYPE_ALLOWED if allowed else _TYPE_DENIED if denied else _TYPE_CONNECTION,
        "action": str(ev.action),
        "outcome": _OUTCOME.get(ev.action, "unknown"),
        "dataset": "netwatch.firewall",
        "module": "netwatch",
    }
    if ev.raw:
        event["original"] = ev.raw[:_MAX_ORIGINAL]
    network: Doc = {"direction": NETWORK_DIRECTION.get(ev.direction, "unknown")}
    if ev.ip_version in _NET_TYPE:
        network["type"] = _NET_TYPE[ev.ip_version]
    if ev.protocol >= 0:
        network["iana_number"] = str(ev.protocol)
        if (transport := TRANSPORT.get(ev.protocol)) is not None:
            network["transport"] = transport
    obs = dict(observer(ev.sender, "firewall", ev.vendor, ev.host))
    if ev.interface:
        obs["ingress"] = {"interface": {"name": ev.interface}}
    doc: Doc = {
        "@timestamp": int(ev.timestamp * 1000),
        "event": event,
        "network": network,
        "observer": obs,
        "netwatch": {"kind": ev.kind, "vendor": ev.vendor},
    }
    if (src := _fw_endpoint(ev, ev.src_addr, ev.src_port, country_src)) is not None:
        _enrich_remote(src, ev, ev.src_addr, country_src is not None, Direction.IN, names=names)
        if ev.mac:
            src["mac"] = ev.mac.replace(":", "-").upper()
        doc["source"] = src
    if (dst := _fw_endpoint(ev, ev.dst_addr, ev.dst_port, country_dst)) is not None:
        _enrich_remote(dst, ev, ev.dst_addr, country_dst is not None, Direction.OUT, names=names)
        doc["destination"] = dst
    if ev.rule:
        doc["rule"] = {"name": ev.rule}
    if ev.icmp_type >= 0:
        doc["netwatch"]["icmp_type"] = ev.icmp_type
        doc["netwatch"]["icmp_code"] = ev.icmp_code
    if ev.extra:
        doc["netwatch"]["extra"] = ev.extra
    return doc


def _epoch_ms(when: object, default: int) -> int:
    """Return epoch milliseconds of an ISO 8601 text or epoch seconds; `default` otherwise."""
    if isinstance(when, int | float) and not isinstance(when, bool):
        return int(when * 1000)
    if isinstance(when, str):
        try:
            return int(datetime.fromisoformat(when).timestamp() * 1000)
        except ValueError:
            return default
    return default


def scan_document(payload: dict[str, Any], now_ms: int) -> Doc:
    """Build the ECS document of a scan notice (the `netwatch_event` payload of engine.scan)."""
    kind = str(payload.get("type", "scan_detected"))
    stamp = _epoch_ms(payload.get("last_seen", payload.get("period_end")), now_ms)
    doc: Doc = {
        "@timestamp": stamp,
        "event": {
            "kind": "alert",
            "category": _CATEGORY_SCAN,
            "type": _TYPE_INFO,
            "action": kind,
            "dataset": "netwatch.scans",
            "module": "netwatch",
        },
        "netwatch": {"scan": {k: v for k, v in payload.items() if k != "type"}},
    }
    source = payload.get("source")
    if isinstance(source, str):
        try:
            parse_addr(source)
        except ValueError:
            pass
        else:
            src: Doc = {"ip": source}
            if country := payload.get("country"):
                src["geo"] = {"country_iso_code": country}
            if hostname := payload.get("hostname"):
                src["domain"] = hostname
            if number := payload.get("asn"):
                src["as"] = {"number": number}
                if org := payload.get("as_org"):
                    src["as"]["organization"] = {"name": org}
            doc["source"] = src
    return doc
