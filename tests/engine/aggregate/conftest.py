"""Fixtures for aggregator tests: an injected clock and the MaxMind test database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from custom_components.netwatch.engine.enrich.geoip import GeoIP
from tests.helpers import T0, FakeClock, testdata  # noqa: F401 - shared clock, re-exported


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def geoip() -> Iterator[GeoIP]:
    db = GeoIP.open(testdata("geoip", "GeoIP2-Country-Test.mmdb"))
    yield db
    db.close()
