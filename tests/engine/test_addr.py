"""NetworkSet's block matcher answers exactly like comparing against every network's range."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from custom_components.netwatch.engine.addr import PRIVATE_NETWORKS, NetworkSet

V4 = st.tuples(st.integers(0, 2**32 - 1), st.integers(0, 32)).map(
    lambda t: f"{t[0] >> 24}.{t[0] >> 16 & 255}.{t[0] >> 8 & 255}.{t[0] & 255}/{t[1]}"
)
V6 = st.tuples(st.integers(0, 2**128 - 1), st.integers(0, 128)).map(
    lambda t: f"{':'.join(f'{t[0] >> s & 0xFFFF:x}' for s in range(112, -1, -16))}/{t[1]}"
)


def _linear(networks: NetworkSet, version: int, value: int) -> bool:
    """The obvious answer: is the address within one of the ranges (mapped IPv4 folded)?"""
    if version == 6 and value >> 32 == 0xFFFF:
        version, value = 4, value & 0xFFFFFFFF
    ranges = networks.v4 if version == 4 else networks.v6
    return any(first <= value <= last for first, last in ranges)


@settings(max_examples=300, deadline=None)
@given(
    cidrs=st.lists(V4 | V6, max_size=5),
    probes=st.lists(st.tuples(st.sampled_from([4, 6]), st.integers(0, 2**128 - 1)), max_size=30),
)
def test_matches_ranges(cidrs: list[str], probes: list[tuple[int, int]]) -> None:
    networks = NetworkSet.from_cidrs(cidrs)
    for ranges, version in ((networks.v4, 4), (networks.v6, 6)):
        for first, last in ranges:  # the edges of every network, inside and just outside
            probes += [(version, first), (version, last), (version, first - 1), (version, last + 1)]
    for version, raw in probes:
        value = max(0, min(raw & 0xFFFFFFFF if version == 4 else raw, 2**128 - 1))
        assert networks.contains(version, value) == _linear(networks, version, value), cidrs


def test_private_defaults_and_mapped() -> None:
    contains = NetworkSet.from_cidrs(PRIVATE_NETWORKS).contains
    assert contains(4, 0xC0A8010A)  # 192.168.1.10
    assert contains(6, (0xFFFF << 32) | 0x0A000001)  # ::ffff:10.0.0.1
    assert contains(6, 0xFD << 120)
    assert not contains(4, 0x08080808)
    assert not contains(6, 0x20010DB8 << 96)
