"""Addresses as integers: the hot path never builds `ipaddress` objects."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass

_V4_MAPPED_PREFIX = 0xFFFF << 32


def addr_to_str(ip_version: int, value: int) -> str:
    """Render an integer address of the given IP version as text."""
    if ip_version == 6:
        return socket.inet_ntop(socket.AF_INET6, value.to_bytes(16, "big"))
    return socket.inet_ntop(socket.AF_INET, value.to_bytes(4, "big"))


def parse_addr(text: str) -> tuple[int, int]:
    """Parse an IPv4 or IPv6 address text into (ip_version, int); ValueError if it is neither."""
    try:
        return 4, int.from_bytes(socket.inet_pton(socket.AF_INET, text), "big")
    except OSError:
        pass
    try:
        return 6, int.from_bytes(socket.inet_pton(socket.AF_INET6, text), "big")
    except OSError as err:
        raise ValueError(f"not an IP address: {text!r}") from err


@dataclass(frozen=True, slots=True)
class NetworkSet:
    """A set of CIDR networks answering membership for integer addresses.

    IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) match the IPv4 networks, because dual-stack
    sockets report IPv4 senders that way.
    """

    v4: tuple[tuple[int, int], ...]
    v6: tuple[tuple[int, int], ...]

    @classmethod
    def from_cidrs(cls, cidrs: Iterable[str]) -> NetworkSet:
        """Build a set from CIDR strings; ValueError names the first invalid entry."""
        v4: list[tuple[int, int]] = []
        v6: list[tuple[int, int]] = []
        for cidr in cidrs:
            net = ipaddress.ip_network(cidr.strip(), strict=False)
            first, last = int(net.network_address), int(net.broadcast_address)
            (v4 if net.version == 4 else v6).append((first, last))
        return cls(tuple(sorted(v4)), tuple(sorted(v6)))

    def contains(self, ip_version: int, value: int) -> bool:
        """Tell whether the address is inside one of the networks."""
        if ip_version == 6:
            if value >> 32 == 0xFFFF and value & ~0xFFFFFFFF == _V4_MAPPED_PREFIX:
                return self.contains(4, value & 0xFFFFFFFF)
            ranges = self.v6
        else:
            ranges = self.v4
        return any(first <= value <= last for first, last in ranges)

    def contains_text(self, text: str) -> bool:
        """Tell whether an address given as text is inside; False for non-addresses."""
        try:
            version, value = parse_addr(text.split("%", 1)[0])
        except ValueError:
            return False
        return self.contains(version, value)


PRIVATE_NETWORKS: tuple[str, ...] = (
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "fd00::/8",
)
"""Default home networks: RFC 1918 and IPv6 unique local addresses (RFC 4193)."""

DEFAULT_ALLOWED_SENDERS: tuple[str, ...] = (
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "127.0.0.0/8",
    "fc00::/7",
    "fe80::/10",
    "::1/128",
)
"""Default senders allowed to export to netwatch: private, link-local and loopback ranges."""
