"""Frozen snapshot types the sensors read (built by `Aggregator.snapshot`, never mutated)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class DeviceStats:
    """Counters of one home address (totals since first seen, restored across restarts)."""

    address: str
    """Address text; stable, use it in unique ids."""
    ip_version: int
    name: str | None
    """Friendly name from `set_device_names` (or saved from an earlier run), None when unknown."""
    mac: str
    """"aa:bb:cc:dd:ee:ff" when flows or logs carried it, else ""."""
    bytes_in: int
    bytes_out: int
    packets_in: int
    packets_out: int
    rate_in: float
    """Bytes per second received over the last complete minute."""
    rate_out: float
    flows: int
    denied_inbound: int
    """Denied inbound attempts that targeted this address."""
    first_seen: float
    last_seen: float
    """UTC epoch seconds."""


@dataclass(frozen=True, slots=True)
class CountryStats:
    """Counters of one country (ISO 3166 alpha-2) since first seen."""

    country: str
    inbound_denied: int
    outbound_bytes: int
    outbound_flows: int


@dataclass(frozen=True, slots=True)
class PortCount:
    """A port with its protocol name, service name and a count."""

    port: int | None
    """None for protocols without ports (ICMP) or when the log had none."""
    protocol: str
    service: str | None
    count: int


@dataclass(frozen=True, slots=True)
class NetworkSnapshot:
    """Whole-network counters, devices and countries at `generated_at`."""

    generated_at: float
    bytes_in: int
    """Bytes received from outside the home networks (TOTAL_INCREASING)."""
    bytes_out: int
    packets_in: int
    packets_out: int
    bytes_internal: int
    rate_in: float
    """Bytes per second from outside over the last complete minute."""
    rate_out: float
    flows: int
    flows_per_second: float
    """Flow records per second over the last complete minute."""
    denied_inbound: int
    denied_outbound: int
    """Denied or rejected connections home addresses tried to open."""
    allow: int
    deny: int
    reject: int
    allow_bytes: int
    """Bytes of flows joined to an allow verdict."""
    deny_bytes: int
    """Bytes of flows joined to a deny or reject verdict."""
    allow_ratio: float | None
    """allow / (allow + deny + reject), None before the first verdict."""
    top_denied_port: PortCount | None
    """Most denied inbound port over the last 24 h."""
    top_country: str | None
    """Country that received the most bytes from the home networks (since first start)."""
    top_denied_country: str | None
    """Country with the most denied inbound attempts over the last 24 h."""
    distinct_sources_24h: int
    """Approximate distinct remote sources of inbound flows and firewall events, last 24 h."""
    active_devices: int
    """Devices seen within the active window (default 5 minutes)."""
    devices: tuple[DeviceStats, ...]
    """Every tracked device (at most max_devices), by address."""
    countries: tuple[CountryStats, ...]
    """Every tracked country (at most max_countries), most active first."""
    last_flow_at: float | None
    last_event_at: float | None
    _devices: dict[str, DeviceStats] = field(init=False, repr=False, compare=False)
    _countries: dict[str, CountryStats] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Index devices and countries: every entity looks itself up on each update."""
        object.__setattr__(self, "_devices", {d.address: d for d in self.devices})
        object.__setattr__(self, "_countries", {c.country: c for c in self.countries})

    def device(self, address: str) -> DeviceStats | None:
        """Return the device with this address text, if tracked."""
        return self._devices.get(address)

    def country(self, code: str) -> CountryStats | None:
        """Return the counters of one country, if tracked."""
        return self._countries.get(code)
