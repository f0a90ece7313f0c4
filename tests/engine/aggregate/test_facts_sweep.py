"""A full live fact bucket keeps its largest quarter, older keys first among equals, and counts
every counter of what it drops as lost: checked against a plain stable sort."""

from __future__ import annotations

from random import Random

from hypothesis import given, settings
from hypothesis import strategies as st

from custom_components.netwatch.engine.aggregate.facts import LIVE_CAPACITY, _Bucket


@settings(max_examples=40, deadline=None)
@given(
    st.integers(1, 300),
    st.integers(0, 8),
    st.integers(0, 2**32),
    st.tuples(st.integers(0, 9), st.integers(0, 9), st.integers(0, 9)),
)
def test_sweep_keeps_the_largest_quarter_stably(
    most: int, extra: int, seed: int, lost_before: tuple[int, int, int]
) -> None:
    """`most` bounds the first counter: 1 makes every key a tie, 300 makes few ties."""
    rng = Random(seed)
    rows = [
        (rng.randint(1, most), rng.randint(0, 10**6), rng.randint(0, 10**6))
        for _ in range(LIVE_CAPACITY + extra)
    ]
    bucket = _Bucket(3)
    bucket.lost = list(lost_before)
    for n, row in enumerate(rows):
        bucket.table[(n,)] = list(row)
    ranked = sorted(bucket.table.items(), key=lambda item: item[1][0], reverse=True)
    kept = LIVE_CAPACITY // 4
    expect_lost = [
        before + sum(entry[i] for _key, entry in ranked[kept:])
        for i, before in enumerate(lost_before)
    ]

    bucket.sweep()

    assert list(bucket.table.items()) == sorted(ranked[:kept], key=lambda item: item[0])
    assert bucket.lost == expect_lost
