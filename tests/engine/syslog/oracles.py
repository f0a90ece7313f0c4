"""What the syslog fast-path tests share: each holds a shortcut equal to the slow path it skips."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st


def oracle(examples: int) -> settings:
    """Hypothesis settings of an oracle test: many examples, no deadline (a shared machine)."""
    return settings(
        max_examples=examples, suppress_health_check=[HealthCheck.too_slow], deadline=None
    )


def mixed_lines(
    pieces: st.SearchStrategy[bytes], most: int, binary: int, fixtures: Sequence[bytes]
) -> st.SearchStrategy[bytes]:
    """Lines of up to `most` pieces, random bytes (up to `binary`), and the fixture lines."""
    return (
        st.lists(pieces, max_size=most).map(b"".join)
        | st.binary(max_size=binary)
        | st.sampled_from(fixtures)
    )
