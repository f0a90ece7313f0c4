"""Which cached search-server distribution the tests use (newest, or the pinned line)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.search_servers import SearchServerError, distribution


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NETWATCH_CACHE", str(tmp_path))
    monkeypatch.delenv("NETWATCH_ES_VERSION", raising=False)
    dist = tmp_path / "search" / "dist"
    for name in ("elasticsearch-8.19.21", "elasticsearch-9.5.0", "elasticsearch-9.10.1"):
        (dist / name).mkdir(parents=True)
        (dist / name / ".complete").touch()
    (dist / "elasticsearch-9.11.0").mkdir()  # still unpacking: no .complete
    return dist


def test_newest_complete_version_wins(cache: Path) -> None:
    assert distribution("elasticsearch") == cache / "elasticsearch-9.10.1"  # 9.10 > 9.5


@pytest.mark.parametrize(
    ("pin", "expected"),
    [("8", "8.19.21"), ("9.5", "9.5.0"), ("9.5.0", "9.5.0"), ("9", "9.10.1")],
)
def test_pin_selects_a_line(
    cache: Path, monkeypatch: pytest.MonkeyPatch, pin: str, expected: str
) -> None:
    monkeypatch.setenv("NETWATCH_ES_VERSION", pin)
    assert distribution("elasticsearch") == cache / f"elasticsearch-{expected}"


def test_missing_line_says_how_to_fetch(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETWATCH_ES_VERSION", "7")
    with pytest.raises(SearchServerError, match="scripts/search-servers fetch"):
        distribution("elasticsearch")
    with pytest.raises(SearchServerError, match="opensearch"):
        distribution("opensearch")
