"""One classification per batch: directions and keys as the home networks say, and counting a
batch at once gives exactly what counting its records one by one gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from custom_components.netwatch.engine.addr import NetworkSet
from custom_components.netwatch.engine.aggregate import Aggregator
from custom_components.netwatch.engine.classify import (
    V6_TAG,
    addr_key,
    classify_flows,
    key_text,
)
from custom_components.netwatch.engine.records import FlowRecord
from tests.helpers import FakeClock

HOME = NetworkSet.from_cidrs(["192.168.0.0/16", "fd00::/8"])
ADDRESSES = [
    (4, 0xC0A8010A),  # 192.168.1.10
    (4, 0xC0A8010B),  # 192.168.1.11
    (4, 0x08080808),  # 8.8.8.8
    (4, 0x5102458E),  # 81.2.69.142
    (6, 0xFD << 120 | 1),
    (6, 0x20010DB8 << 96 | 5),
    (6, 0xFFFF << 32 | 0xC0A8010A),  # ::ffff:192.168.1.10
]


def _flow(src: tuple[int, int], dst: tuple[int, int], nbytes: int, back: int) -> FlowRecord:
    version = 6 if 6 in (src[0], dst[0]) else 4
    return FlowRecord(
        "127.0.0.1", 9, 256, version, src[1], dst[1], 40000, 443, 6, 0x1B, 0,
        nbytes, 3, 0, 0, 1, back, 2, 0, 0, -1, -1, 0x0011223344, 0, -1, -1,
    )  # fmt: skip


FLOWS = st.lists(
    st.builds(
        _flow,
        st.sampled_from(ADDRESSES),
        st.sampled_from(ADDRESSES),
        st.integers(0, 10**6),
        st.integers(0, 10**4),
    ),
    max_size=60,
)


@settings(max_examples=200, deadline=None)
@given(FLOWS)
def test_directions_and_keys(records: list[FlowRecord]) -> None:
    batch = classify_flows(records, HOME, 0.0)
    assert len(batch.outbound) + len(batch.inbound) + len(batch.internal) + len(batch.other) == (
        len(records)
    )
    for record, home, remote in zip(batch.outbound, batch.out_home, batch.out_remote, strict=True):
        assert HOME.contains(record.ip_version, record.src_addr)
        assert not HOME.contains(record.ip_version, record.dst_addr)
        assert home == addr_key(record.ip_version, record.src_addr)
        assert remote == addr_key(record.ip_version, record.dst_addr)
    for record, home in zip(batch.inbound, batch.in_home, strict=True):
        assert HOME.contains(record.ip_version, record.dst_addr)
        assert home == addr_key(record.ip_version, record.dst_addr)


def test_keys_fold_mapped_ipv4_and_tag_ipv6() -> None:
    assert addr_key(6, 0xFFFF << 32 | 0xC0A8010A) == addr_key(4, 0xC0A8010A) == 0xC0A8010A
    assert addr_key(6, 1) == V6_TAG | 1
    assert key_text(addr_key(6, 0xFD << 120 | 1)) == "fd00::1"
    assert key_text(0xC0A8010A) == "192.168.1.10"


@settings(max_examples=200, deadline=None)
@given(FLOWS)
def test_a_batch_counts_like_its_records_one_by_one(records: list[FlowRecord]) -> None:
    """Per-key sums equal per-record counting (in the batch's order: devices are created by
    their outbound flows before inbound flows of the same batch are counted)."""
    clock = FakeClock()
    whole = Aggregator(home_networks=HOME, clock=clock)
    single = Aggregator(home_networks=HOME, clock=clock)
    whole.add_flows(records)
    batch = classify_flows(records, HOME, 0.0)
    for record in (*batch.outbound, *batch.inbound, *batch.internal, *batch.other):
        single.add_flows([record])
    a, b = whole.snapshot(), single.snapshot()
    assert a == b
    assert (
        whole.panels("1h")["outbound_destinations"] == single.panels("1h")["outbound_destinations"]
    )
