"""Fixtures for aggregator tests: an injected clock and the MaxMind test database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from custom_components.netwatch.engine.geoip import GeoIP
from tests.helpers import testdata

T0 = 1_800_000_000.0
"""A minute boundary (2027-01-15T08:00:00Z): tests start at the beginning of a bucket."""


class FakeClock:
    """A settable clock returning epoch seconds."""

    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def geoip() -> Iterator[GeoIP]:
    db = GeoIP.open(testdata("geoip", "GeoIP2-Country-Test.mmdb"))
    yield db
    db.close()
