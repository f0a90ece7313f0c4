"""Helpers shared by every test package: test data paths and real peers."""

from __future__ import annotations

import os
import shutil
import socket
from collections import deque
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


_HANDED_OUT: deque[int] = deque(maxlen=256)
"""The ports free_port gave lately: the kernel may offer one ephemeral port twice in a row."""


def free_port(*, udp: bool = True, tcp: bool = True, host: str = "127.0.0.1") -> int:
    """Return a port on `host` that was free a moment ago for every protocol asked.

    Ask for what the server behind the port listens on: a port free for UDP alone can be the
    local end of an outgoing TCP connection, and a server listening on both then fails to bind it
    (dnsmasq did, in CI). The kernel proposes a port for one protocol; it is kept only if every
    other asked protocol binds the same number while the first socket still holds it. A port
    handed out lately is not given again, so a test asking for several gets different ones.
    """
    kinds = [
        kind for kind, wanted in ((socket.SOCK_DGRAM, udp), (socket.SOCK_STREAM, tcp)) if wanted
    ]
    if not kinds:
        raise ValueError("free_port needs udp, tcp or both")
    for _attempt in range(100):
        with socket.socket(socket.AF_INET, kinds[0]) as first:
            first.bind((host, 0))
            port = int(first.getsockname()[1])
            if port not in _HANDED_OUT and all(_bindable(kind, host, port) for kind in kinds[1:]):
                _HANDED_OUT.append(port)
                return port
    raise RuntimeError(f"no port on {host} was free for every protocol asked in 100 attempts")


def _bindable(kind: socket.SocketKind, host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, kind) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


testdata.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test
