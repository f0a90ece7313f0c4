"""Cross-filters of the panels: parse them from text, echo them back, and match fact rows.

A filter names one value per dimension; several dimensions combine with AND:
  country   ISO 3166 alpha-2 code of the remote end ("unknown" for addresses without one)
  port      destination port and protocol, "23/tcp" (a protocol without ports: "icmp")
  protocol  IP protocol name or number ("tcp", "udp", "47")
  device    a home address (the home side of the connection)
  remote    a remote address (the other side)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..addr import parse_addr
from ..classify import addr_key, key_text
from ..enrich.services import protocol_name
from .facts import addr16
from .tables import country_key, port_key, unpack_country_key, unpack_port_key

DIMENSIONS = ("country", "port", "protocol", "device", "remote")
_PROTOCOLS = {"icmp": 1, "tcp": 6, "udp": 17, "gre": 47, "esp": 50, "ah": 51, "sctp": 132}
_PROTOCOLS |= {"ipv6-icmp": 58, "icmpv6": 58}
_NO_PORT = -1

type Row = tuple[bytes | int, ...]
type Match = Callable[[Row], bool]

# Field positions in the rows of each fact kind (see facts.py).
FLOW_FIELDS = {"device": 0, "remote": 1, "port": 2, "country": 3}
EVENT_FIELDS = {"device": 1, "remote": 2, "port": 3, "country": 4}
DEVICE_FIELDS = {"device": 0}


def parse_protocol(text: str) -> int:
    """Return the protocol number of a name or number; ValueError otherwise."""
    value = text.strip().lower()
    if value in _PROTOCOLS:
        return _PROTOCOLS[value]
    if value.isdigit() and 0 <= int(value) <= 255:
        return int(value)
    raise ValueError(f"unknown protocol {text!r}: use a name such as tcp, udp, icmp or a number")


def parse_port(text: str) -> int:
    """Return the port key of "23/tcp" (or "icmp" for a protocol without ports)."""
    value = text.strip().lower()
    if "/" not in value:
        return port_key(parse_protocol(value), _NO_PORT)
    number, _, proto = value.partition("/")
    if not number.isdigit() or not 0 <= int(number) <= 65535:
        raise ValueError(f"invalid port {text!r}: write it as 23/tcp")
    return port_key(parse_protocol(proto), int(number))


def port_text(key: int) -> str:
    """Render a port key as "23/tcp" or "icmp"."""
    protocol, port = unpack_port_key(key)
    name = protocol_name(protocol) if protocol >= 0 else "unknown"
    return f"{port}/{name}" if port >= 0 else name


def _parse_country(text: str) -> int:
    value = text.strip().upper()
    if value == "UNKNOWN":
        return 0
    if len(value) != 2 or not value.isascii() or not value.isalpha():
        raise ValueError(f"invalid country {text!r}: use a two-letter ISO code such as CN")
    return country_key(value)


def _parse_address(text: str) -> int:
    try:
        return addr_key(*parse_addr(text.strip()))
    except ValueError:
        raise ValueError(f"invalid address {text!r}") from None


@dataclass(frozen=True, slots=True)
class Filters:
    """Active cross-filters (None = not filtered on that dimension)."""

    country: int | None = None
    """Packed country key; 0 = unknown country."""
    port: int | None = None
    """Port key (protocol and port)."""
    protocol: int | None = None
    device: int | None = None
    """Address key of the home side."""
    remote: int | None = None
    """Address key of the remote side."""

    @classmethod
    def parse(cls, data: Mapping[str, object] | None) -> Filters:
        """Build filters from text values; ValueError names the bad one."""
        if not data:
            return cls()
        unknown = set(data) - set(DIMENSIONS)
        if unknown:
            raise ValueError(f"unknown filter {sorted(unknown)[0]!r}; use {', '.join(DIMENSIONS)}")
        values = {k: str(v) for k, v in data.items() if v is not None and str(v).strip()}
        return cls(
            country=_parse_country(values["country"]) if "country" in values else None,
            port=parse_port(values["port"]) if "port" in values else None,
            protocol=parse_protocol(values["protocol"]) if "protocol" in values else None,
            device=_parse_address(values["device"]) if "device" in values else None,
            remote=_parse_address(values["remote"]) if "remote" in values else None,
        )

    @property
    def active(self) -> bool:
        """Tell whether any dimension is filtered."""
        return any(getattr(self, name) is not None for name in DIMENSIONS)

    @property
    def names_hosts(self) -> bool:
        """Tell whether a filter names an address (only administrators may)."""
        return self.device is not None or self.remote is not None

    def as_dict(self) -> dict[str, str]:
        """Return the canonical text of the active filters."""
        out: dict[str, str] = {}
        if self.country is not None:
            out["country"] = unpack_country_key(self.country) or "unknown"
        if self.port is not None:
            out["port"] = port_text(self.port)
        if self.protocol is not None:
            out["protocol"] = protocol_name(self.protocol)
        if self.device is not None:
            out["device"] = key_text(self.device)
        if self.remote is not None:
            out["remote"] = key_text(self.remote)
        return out

    def matcher(self, fields: Mapping[str, int]) -> Match | None:
        """Return a row predicate for a kind's field positions.

        None matches every row (no filters); `never` matches none (a filter on a dimension the
        kind does not have).
        """
        if not self.active:
            return None
        wanted: list[tuple[int, bytes | int]] = []
        for name in ("country", "port", "device", "remote"):
            value = getattr(self, name)
            if value is None:
                continue
            if name not in fields:
                return never
            wanted.append((fields[name], addr16(value) if name in ("device", "remote") else value))
        proto_at = fields.get("port")
        protocol = self.protocol
        if protocol is not None and proto_at is None:
            return never
        return _compile(tuple(wanted), proto_at, protocol)


def never(row: Row) -> bool:
    """Match no row."""
    del row
    return False


def _compile(
    wanted: tuple[tuple[int, bytes | int], ...], proto_at: int | None, protocol: int | None
) -> Match:
    """Build the predicate: equality on the wanted fields, then the protocol of the port key."""
    positions = tuple(index for index, _ in wanted)
    values = tuple(value for _, value in wanted)
    proto_code = (protocol + 1) & 0x1FF if protocol is not None else None

    def match(row: Row) -> bool:
        for index, value in zip(positions, values, strict=True):
            if row[index] != value:
                return False
        if proto_code is not None and proto_at is not None:
            key = row[proto_at]
            return isinstance(key, int) and key >> 17 == proto_code
        return True

    return match
