"""softflowd exports (tests/data) as FlowRecords; expected values from nfdump's oracle.

Expected values never come from the aggregator: they are sums over nfdump's JSON decoding of the
same pcap, with countries from the MaxMind test database's documented answers
(tests/data/README.md).
"""

from __future__ import annotations

import ipaddress
import json
from collections import defaultdict
from typing import Any

from custom_components.netwatch.engine.addr import NetworkSet, parse_addr
from custom_components.netwatch.engine.flow import FlowDecoder
from custom_components.netwatch.engine.records import Direction, FirewallEvent, FlowRecord, Verdict
from tests.helpers import testdata

HOME_CIDRS = ("192.0.2.0/24", "2001:db8::/32")
HOME = NetworkSet.from_cidrs(HOME_CIDRS)
DEVICE = "192.0.2.10"
SCANNER = "67.43.156.7"

# MaxMind GeoIP2-Country-Test.mmdb known answers (country), from tests/data/README.md.
README_COUNTRIES = {
    "81.2.69.142/31": "GB",
    "216.160.83.56/29": "US",
    "89.160.20.112/28": "SE",
    "175.16.199.0/24": "CN",
    "67.43.156.0/24": "BT",
    "202.196.224.0/20": "PH",
    "2001:218::/32": "JP",
}


def readme_country(address: str) -> str | None:
    """Country of an address according to the README's table (None when not listed)."""
    ip = ipaddress.ip_address(address)
    for cidr, code in README_COUNTRIES.items():
        if ip in ipaddress.ip_network(cidr):
            return code
    return None


def oracle_flows() -> list[dict[str, Any]]:
    """nfdump's decoding of raw_v9 as plain dicts (src, dst, ports, proto, bytes, packets)."""
    path = testdata("netflow", "softflowd", "nfdump_oracle_v9.json")
    flows = []
    for obj in json.loads(path.read_text()):
        flows.append(
            {
                "src": obj.get("src4_addr") or obj["src6_addr"],
                "dst": obj.get("dst4_addr") or obj["dst6_addr"],
                "sport": obj.get("src_port", 0),
                "dport": obj.get("dst_port", 0),
                "proto": obj["proto"],
                "bytes": obj["in_bytes"],
                "packets": obj["in_packets"],
            }
        )
    return flows


def records_from_oracle() -> list[FlowRecord]:
    """Build FlowRecords from the oracle (independent of our decoder)."""
    records = []
    for flow in oracle_flows():
        version, src = parse_addr(flow["src"])
        _, dst = parse_addr(flow["dst"])
        records.append(
            FlowRecord(
                "127.0.0.1",
                9,
                0,
                version,
                src,
                dst,
                flow["sport"],
                flow["dport"],
                flow["proto"],
                0,
                0,
                flow["bytes"],
                flow["packets"],
                0,
                0,
                1,
                0,
                0,
                0,
                0,
                -1,
                -1,
                0,
                0,
                -1,
                -1,
            )
        )
    return records


def records_from_decoder() -> list[FlowRecord]:
    """Decode the raw softflowd v9 datagrams with our decoder."""
    decoder = FlowDecoder()
    records: list[FlowRecord] = []
    for path in sorted(testdata("netflow", "softflowd", "raw_v9").iterdir()):
        records += decoder.decode(path.read_bytes(), "127.0.0.1")
    return records


def is_home(address: str) -> bool:
    return HOME.contains(*parse_addr(address))


def expected() -> dict[str, Any]:
    """Per-device, per-country and total values from the oracle."""
    devices: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    countries: dict[str, int] = defaultdict(int)
    totals: dict[str, int] = defaultdict(int)
    destinations: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    senders = {f["src"] for f in oracle_flows() if is_home(f["src"])}
    sources = set()
    for flow in oracle_flows():
        src_home, dst_home = is_home(flow["src"]), is_home(flow["dst"])
        if src_home and not dst_home:
            totals["bytes_out"] += flow["bytes"]
            totals["packets_out"] += flow["packets"]
            code = readme_country(flow["dst"])
            if code:
                countries[code] += flow["bytes"]
            destinations[flow["dst"]][0] += 1
            destinations[flow["dst"]][1] += flow["bytes"]
            dev = devices[flow["src"]]
            dev["bytes_out"] += flow["bytes"]
            dev["packets_out"] += flow["packets"]
            dev["flows"] += 1
        elif dst_home and not src_home:
            totals["bytes_in"] += flow["bytes"]
            totals["packets_in"] += flow["packets"]
            sources.add(flow["src"])
            if flow["dst"] in senders:
                dev = devices[flow["dst"]]
                dev["bytes_in"] += flow["bytes"]
                dev["packets_in"] += flow["packets"]
                dev["flows"] += 1
    return {
        "devices": {k: dict(v) for k, v in devices.items()},
        "countries_outbound_bytes": dict(countries),
        "totals": dict(totals),
        "destinations": dict(destinations),
        "sources": sources,
        "flows": len(oracle_flows()),
    }


def _event(
    action: Verdict, proto: int, src: tuple[str, int], dst: tuple[str, int]
) -> FirewallEvent:
    (version, src_int), sport = parse_addr(src[0]), src[1]
    (_, dst_int), dport = parse_addr(dst[0]), dst[1]
    return FirewallEvent(
        timestamp=0.0, sender="192.0.2.1", vendor="test", action=action,
        direction=Direction.UNKNOWN, protocol=proto, ip_version=version,
        src_addr=src_int, src_port=sport, dst_addr=dst_int, dst_port=dport,
    )  # fmt: skip


def firewall_events() -> list[FirewallEvent]:
    """Verdicts a firewall in front of DEVICE would log for the pcap's connections.

    Allowed: the four HTTPS sessions and the three DNS queries; denied: the SYN scan of
    ports 20-79 from the scanner, plus extra telnet probes from CN and Netis backdoor probes
    (53413/udp) from PH, so that one port clearly tops the denied list.
    """
    events = []
    for flow in oracle_flows():
        if flow["proto"] == 6 and flow["dport"] == 443:
            events.append(_event(Verdict.ALLOW, 6, (flow["src"], flow["sport"]), (DEVICE, 443)))
        if flow["proto"] == 17 and flow["dport"] == 53:
            events.append(_event(Verdict.ALLOW, 17, (DEVICE, flow["sport"]), (flow["dst"], 53)))
        if flow["src"] == SCANNER:
            events.append(
                _event(Verdict.DENY, 6, (SCANNER, flow["sport"]), (DEVICE, flow["dport"]))
            )
    events += [
        _event(Verdict.DENY, 6, ("175.16.199.10", 50000 + i), (DEVICE, 23)) for i in range(5)
    ]
    events += [_event(Verdict.REJECT, 17, ("202.196.224.5", 40000), (DEVICE, 53413))] * 3
    return events


def connection(proto: int, a: str, a_port: int, b: str, b_port: int) -> frozenset[Any]:
    """An orientation-free identity of a connection."""
    return frozenset({(proto, a, a_port), (proto, b, b_port)})


def expected_verdict_bytes(events: list[FirewallEvent]) -> tuple[int, int]:
    """Return (allow_bytes, deny_bytes): bytes of oracle flows whose connection was logged."""
    from custom_components.netwatch.engine.addr import addr_to_str

    verdicts = {}
    for ev in events:
        key = connection(
            ev.protocol,
            addr_to_str(ev.ip_version, ev.src_addr), ev.src_port,
            addr_to_str(ev.ip_version, ev.dst_addr), ev.dst_port,
        )  # fmt: skip
        verdicts[key] = ev.action
    allow = deny = 0
    for flow in oracle_flows():
        action = verdicts.get(
            connection(flow["proto"], flow["src"], flow["sport"], flow["dst"], flow["dport"])
        )
        if action is Verdict.ALLOW:
            allow += flow["bytes"]
        elif action in (Verdict.DENY, Verdict.REJECT):
            deny += flow["bytes"]
    return allow, deny
