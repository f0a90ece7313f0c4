"""Special-purpose address ranges (RFC 6890): no geolocation or ASN database can place them."""

from __future__ import annotations

# IPv4 special-purpose ranges (RFC 6890 registry). The first octet decides most cases at once.
_V4_RANGES: tuple[tuple[int, int], ...] = tuple(
    (int.from_bytes(bytes(start)), int.from_bytes(bytes(end)))
    for start, end in (
        ((100, 64, 0, 0), (100, 127, 255, 255)),  # shared address space / CGNAT (RFC 6598)
        ((169, 254, 0, 0), (169, 254, 255, 255)),  # link-local
        ((172, 16, 0, 0), (172, 31, 255, 255)),  # private
        ((192, 0, 0, 0), (192, 0, 0, 255)),  # IETF protocol assignments
        ((192, 0, 2, 0), (192, 0, 2, 255)),  # TEST-NET-1 (RFC 5737)
        ((192, 168, 0, 0), (192, 168, 255, 255)),  # private
        ((198, 18, 0, 0), (198, 19, 255, 255)),  # benchmarking (RFC 2544)
        ((198, 51, 100, 0), (198, 51, 100, 255)),  # TEST-NET-2
        ((203, 0, 113, 0), (203, 0, 113, 255)),  # TEST-NET-3
    )
)
_V4_SKIP_OCTETS = frozenset({0, 10, 127, *range(224, 256)})  # this-net, private, loopback, 224/3
_V4_BY_OCTET: dict[int, tuple[tuple[int, int], ...]] = {
    octet: tuple(r for r in _V4_RANGES if r[0] >> 24 == octet)
    for octet in {start >> 24 for start, _ in _V4_RANGES}
}
"""The ranges under each first octet that has any (none spans two first octets)."""
# IPv6: only global unicast 2000::/3 is looked up, minus these (RFC 6890, RFC 9637).
_V6_RANGES: tuple[tuple[int, int], ...] = (
    (0x2001 << 112, (0x2001 << 112) | ((1 << 105) - 1)),  # 2001::/23 IETF (Teredo, ORCHID ...)
    (0x20010DB8 << 96, ((0x20010DB8 + 1) << 96) - 1),  # 2001:db8::/32 documentation
    (0x3FFF << 112, (0x3FFF << 112) | ((1 << 108) - 1)),  # 3fff::/20 documentation (RFC 9637)
)
NAT64_PREFIX = 0x0064FF9B << 96  # 64:ff9b::/96 embeds an IPv4 address (RFC 6052)


def is_special(ip_version: int, addr: int) -> bool:
    """Tell whether an address is in a range no geolocation database can place."""
    if ip_version == 6:
        if addr >> 32 == 0xFFFF or addr >> 32 == NAT64_PREFIX >> 32:
            return is_special(4, addr & 0xFFFFFFFF)
        if addr >> 125 != 1:
            return True
        return any(first <= addr <= last for first, last in _V6_RANGES)
    octet = addr >> 24
    if octet in _V4_SKIP_OCTETS:
        return True
    # A plain loop over this octet's ranges, not any(<generator>): it runs for every lookup of a
    # home address (the GeoIP cache does not keep "special").
    for first, last in _V4_BY_OCTET.get(octet, ()):  # noqa: SIM110
        if first <= addr <= last:
            return True
    return False
