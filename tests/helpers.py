"""Helpers shared by every test package: test data paths and real peers."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


T0 = 1_800_000_000.0
"""2027-01-15T08:00:00Z: on a minute and an hour boundary, a convenient start for clocks."""


class FakeClock:
    """A clock the test moves by hand (epoch seconds)."""

    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


DATA = PROJECT / "tests" / "data"
"""Test data that lives in the repository (origins and licences: tests/data/README.md)."""


def testdata(*parts: str) -> Path:
    """Path inside tests/data; fail (not skip) when the file is missing."""
    path = DATA.joinpath(*parts)
    if not path.exists():
        pytest.fail(f"test data {path} is missing from the checkout")
    return path


def require_tool(name: str) -> str:
    """Return the path of a real peer program; skip without it, but fail under CI."""
    path = shutil.which(name) or next(
        (p for d in ("/usr/sbin", "/sbin") if os.access(p := f"{d}/{name}", os.X_OK)), None
    )
    if path is None:
        msg = f"{name} is not installed; run the tests through scripts/test (it installs the peers)"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    return path


testdata.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test
