"""Addresses as integers: the hot path never builds `ipaddress` objects."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field


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


Blocks = tuple[tuple[int, frozenset[int]], ...]
"""Aligned CIDR blocks grouped by host bits: ((shift, {address >> shift, ...}), ...)."""


@dataclass(frozen=True)  # no slots=True: addr.pxd makes it an extension type when compiled
class NetworkSet:
    """A set of CIDR networks answering membership for integer addresses.

    Each network is split into aligned CIDR blocks grouped by prefix length, and those by the
    address's top byte, so a lookup is one table index (most addresses, those whose top byte no
    network shares, stop there) and then one shift and set membership per distinct prefix length
    inside that byte (usually one) instead of a comparison per network: it runs several times per
    flow. IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) match the IPv4 networks, because dual-stack
    sockets report IPv4 senders that way.
    """

    v4: tuple[tuple[int, int], ...]
    """Inclusive (first, last) address ranges, sorted."""
    v6: tuple[tuple[int, int], ...]
    _v4_top: tuple[Blocks, ...] = field(init=False, repr=False, compare=False)
    """(host bits, prefixes) blocks per top address byte (256 entries; () when none)."""
    _v6_top: tuple[Blocks, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_v4_top", _blocks_by_top(self.v4, 32))
        object.__setattr__(self, "_v6_top", _blocks_by_top(self.v6, 128))

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
        # Plain loops, not any(<generator>): this runs for every flow and a generator costs more.
        if ip_version != 6:
            top, blocks = value >> 24, self._v4_top
        elif value >> 32 != 0xFFFF:
            top, blocks = value >> 120, self._v6_top
        else:
            value &= 0xFFFFFFFF
            top, blocks = value >> 24, self._v4_top
        if not 0 <= top <= 255:
            return False
        for shift, prefixes in blocks[top]:  # noqa: SIM110
            if value >> shift in prefixes:
                return True
        return False

    def contains_text(self, text: str) -> bool:
        """Tell whether an address given as text is inside; False for non-addresses."""
        try:
            version, value = parse_addr(text.split("%", 1)[0])
        except ValueError:
            return False
        return self.contains(version, value)


def _blocks_by_top(ranges: Iterable[tuple[int, int]], bits: int) -> tuple[Blocks, ...]:
    """Return, for each top byte of a `bits`-bit address, the blocks of the ranges inside it."""
    low = bits - 8
    clipped: list[list[tuple[int, int]]] = [[] for _ in range(256)]
    for first, last in ranges:
        for top in range(first >> low, (last >> low) + 1):
            start, end = top << low, ((top + 1) << low) - 1
            clipped[top].append((max(first, start), min(last, end)))
    return tuple(_prefix_sets(found, bits) if found else () for found in clipped)


def _prefix_sets(ranges: Iterable[tuple[int, int]], bits: int) -> Blocks:
    """Group inclusive address ranges into (host bits, set of prefixes) of aligned blocks."""
    by_shift: dict[int, set[int]] = {}
    for first, last in ranges:
        start = first
        while start <= last:
            size = start & -start or 1 << bits  # the largest block aligned at `start`
            while start + size - 1 > last:
                size >>= 1
            shift = size.bit_length() - 1
            by_shift.setdefault(shift, set()).add(start >> shift)
            start += size
    return tuple((shift, frozenset(found)) for shift, found in sorted(by_shift.items()))


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
