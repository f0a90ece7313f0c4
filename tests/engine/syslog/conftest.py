"""Syslog tests read BSD times (no zone) in UTC, whatever the machine's zone is."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def utc_local_time() -> Iterator[None]:
    """Run every syslog test with TZ=UTC, restoring the previous zone afterwards."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()
