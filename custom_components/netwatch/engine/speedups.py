"""Load compiled copies of engine modules (the optional `netwatch_speedups` package) when they fit.

`netwatch_speedups` holds Cython-compiled builds of some engine modules, made from these very
.py files (and the .pxd files beside them). They are imported in place of the .py modules only
when the package is importable and was built from exactly the source found here: one digest over
every compiled module's .py and .pxd files, so a stale or foreign build never runs in place of
the code beside it (then everything stays pure Python, which is also the oracle in tests).

NETWATCH_SPEEDUPS selects: "0" pure Python only; "1" compiled required (ImportError otherwise;
the test suite's compiled run); unset or "auto" compiled when it fits.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Final

ENV: Final = "NETWATCH_SPEEDUPS"
ENGINE: Final = __name__.rpartition(".")[0]
"""The engine package name; compiled modules are named relative to it ("flow.plan")."""
_ENGINE_DIR: Final = Path(__file__).resolve().parent


@dataclass(frozen=True, slots=True)
class SpeedupsStatus:
    """Whether compiled modules are in use, and why (for diagnostics and the test header)."""

    active: bool
    reason: str
    """"compiled", "disabled", "not installed", "source differs" or "platform"."""
    version: str = ""
    modules: tuple[str, ...] = ()


def source_digest(modules: Sequence[str], root: Path = _ENGINE_DIR) -> str:
    """Return the digest of the modules' .py files and every engine .pxd (the build's identity).

    Every .pxd counts, not only the modules' own: a module compiles against the declarations
    it cimports from others.
    """
    digest = hashlib.sha256()
    paths = [root.joinpath(*name.split(".")).with_suffix(".py") for name in sorted(modules)]
    paths += sorted(root.rglob("*.pxd"))
    for path in paths:
        digest.update(f"{path.relative_to(root).as_posix()}\0".encode())
        digest.update(path.read_bytes() if path.exists() else b"\0missing")
    return digest.hexdigest()


class _CompiledFinder:
    """A meta path finder that resolves listed engine modules to compiled extension files."""

    def __init__(self, files: dict[str, Path]) -> None:
        self.files = files

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        """Return a spec loading the compiled file of a listed module, else None."""
        file = self.files.get(fullname)
        if file is None:
            return None
        loader = importlib.machinery.ExtensionFileLoader(fullname, str(file))
        return importlib.util.spec_from_file_location(fullname, file, loader=loader)


def _load() -> SpeedupsStatus:
    """Install the finder when the compiled package fits; return what happened."""
    mode = os.environ.get(ENV, "auto").strip().lower()
    if mode in ("0", "off", "no", "false"):
        return SpeedupsStatus(False, "disabled")
    required = mode in ("1", "on", "yes", "true", "require")
    try:
        import netwatch_speedups as package  # noqa: PLC0415 - optional, and only when enabled
    except ImportError:
        return _give_up(required, "not installed")
    modules: dict[str, str] = getattr(package, "MODULES", {})
    if not modules:  # the pure fallback wheel of platforms without a compiled build
        return _give_up(required, "platform")
    if getattr(package, "DIGEST", None) != source_digest(list(modules)):
        return _give_up(required, "source differs")
    base = Path(package.__file__ or "").parent
    files = {f"{ENGINE}.{name}": base / file for name, file in modules.items()}
    sys.meta_path.insert(0, _CompiledFinder(files))
    return SpeedupsStatus(True, "compiled", getattr(package, "__version__", ""), tuple(modules))


def _give_up(required: bool, reason: str) -> SpeedupsStatus:
    if required:
        raise ImportError(f"{ENV}=1 but the compiled engine cannot be used: {reason}")
    return SpeedupsStatus(False, reason)


STATUS: Final = _load()
"""What this process uses: decided once, when the engine package is first imported."""
