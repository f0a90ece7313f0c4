"""The compiled engine is used exactly when NETWATCH_SPEEDUPS and the installed build allow it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from custom_components.netwatch.engine import speedups
from custom_components.netwatch.engine.flow import plan

ROOT = Path(__file__).resolve().parents[2]


def test_this_run_uses_what_the_switch_says() -> None:
    mode = os.environ.get(speedups.ENV, "auto")
    compiled = plan.__file__ is not None and not plan.__file__.endswith(".py")
    assert compiled == speedups.STATUS.active
    if mode == "1":
        assert speedups.STATUS.active
    elif mode == "0":
        assert speedups.STATUS.reason == "disabled"
        assert not compiled


def _status_with(package_init: str, mode: str, tmp_path: Path) -> str:
    """Import the engine in a fresh interpreter with a fake netwatch_speedups; return its status."""
    pkg = tmp_path / "netwatch_speedups"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(textwrap.dedent(package_init))
    code = "from custom_components.netwatch.engine import speedups; print(speedups.STATUS.reason)"
    env = {**os.environ, speedups.ENV: mode, "PYTHONPATH": f"{tmp_path}:{ROOT}"}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    return done.stdout.strip() if done.returncode == 0 else done.stderr


@pytest.mark.parametrize(
    ("init", "mode", "expected"),
    [
        ('DIGEST = ""\nMODULES = {}\n', "auto", "platform"),  # the py3-none-any wheel
        ('DIGEST = "stale"\nMODULES = {"addr": "addr.so"}\n', "auto", "source differs"),
        ('DIGEST = "stale"\nMODULES = {"addr": "addr.so"}\n', "0", "disabled"),
        (
            'DIGEST = "stale"\nMODULES = {"addr": "addr.so"}\n',
            "1",
            "cannot be used: source differs",
        ),
    ],
)
def test_a_build_of_other_source_is_never_loaded(
    init: str, mode: str, expected: str, tmp_path: Path
) -> None:
    assert expected in _status_with(init, mode, tmp_path)


def test_digest_covers_every_pxd(tmp_path: Path) -> None:
    (tmp_path / "mod.py").write_text("x = 1\n")
    before = speedups.source_digest(["mod"], tmp_path)
    (tmp_path / "other.pxd").write_text("cdef int y\n")
    assert speedups.source_digest(["mod"], tmp_path) != before
