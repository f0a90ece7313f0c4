"""Service and protocol names agree with the system's IANA-derived tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from custom_components.netwatch.engine.enrich import services
from custom_components.netwatch.engine.enrich.services import (
    commonly_scanned,
    protocol_name,
    protocol_number,
    service,
    service_name,
)

ETC_SERVICES = Path("/etc/services")


def _etc_services() -> dict[tuple[int, int], set[str]]:
    """(protocol, port) -> names and aliases from /etc/services (netbase, IANA-derived)."""
    if not ETC_SERVICES.exists():
        pytest.skip("/etc/services is not installed")
    table: dict[tuple[int, int], set[str]] = {}
    numbers = {"tcp": 6, "udp": 17}
    for line in ETC_SERVICES.read_text().splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) < 2 or "/" not in fields[1]:
            continue
        port, proto = fields[1].split("/")
        if proto in numbers:
            table.setdefault((numbers[proto], int(port)), set()).update([fields[0], *fields[2:]])
    return table


def test_iana_names_match_etc_services() -> None:
    system = _etc_services()
    checked = 0
    for key, entry in services._SERVICES.items():
        if entry.iana is None or key not in system:
            continue
        assert entry.iana in system[key], (key, entry.iana, system[key])
        checked += 1
    assert checked >= 50


def test_protocol_names_match_etc_protocols() -> None:
    path = Path("/etc/protocols")
    if not path.exists():
        pytest.skip("/etc/protocols is not installed")
    system = {}
    for line in path.read_text().splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) >= 2:
            system[int(fields[1])] = fields[0]
    for number, name in services._PROTOCOLS.items():
        assert system[number] == name, (number, name)
    assert protocol_name(58) == "ipv6-icmp"
    assert protocol_name(253) == "253"
    assert protocol_number("ipv6-icmp") == 58
    assert protocol_number("TCP") == 6
    assert protocol_number("99") == 99
    assert protocol_number("nope") is None


def test_well_known_scanner_ports() -> None:
    assert service_name(6, 23) == "telnet"
    rdp = service(6, 3389)
    assert rdp is not None
    assert (rdp.name, rdp.iana) == ("rdp", "ms-wbt-server")
    assert service_name(17, 53413) == "netis-backdoor"
    assert service_name(6, 53413) is None  # the backdoor is UDP only
    for proto, port in ((6, 23), (6, 80), (6, 3389), (6, 8080), (17, 53413), (6, 2323)):
        assert commonly_scanned(proto, port), (proto, port)
    assert not commonly_scanned(17, 5353)
    assert service_name(6, 1) is None
