"""The engine never imports Home Assistant, and all its exceptions share one root."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

from tests.helpers import PROJECT

ENGINE = PROJECT / "custom_components" / "netwatch" / "engine"


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the package path
                rel = path.parent
                for _ in range(node.level - 1):
                    rel = rel.parent
                names.append(
                    str(rel.relative_to(PROJECT)).replace("/", ".") + f".{node.module or ''}"
                )
            else:
                names.append(node.module or "")
    return names


def test_engine_imports_nothing_from_homeassistant() -> None:
    """No module under engine/ imports homeassistant or the HA glue above it."""
    files = sorted(ENGINE.rglob("*.py"))
    assert len(files) >= 8
    offenders = []
    for path in files:
        for name in _imports(path):
            glue = name.startswith("custom_components.netwatch.") and not name.startswith(
                "custom_components.netwatch.engine"
            )
            if name.split(".")[0] == "homeassistant" or glue:
                offenders.append(f"{path.relative_to(PROJECT)}: {name}")
    assert offenders == []


def test_every_engine_exception_derives_from_netwatch_error() -> None:
    """Each exception class defined in the engine is a NetwatchError."""
    from custom_components.netwatch import engine
    from custom_components.netwatch.engine.errors import NetwatchError

    found = 0
    for info in pkgutil.walk_packages(engine.__path__, engine.__name__ + "."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, BaseException):
                found += 1
                assert issubclass(cls, NetwatchError), f"{cls.__module__}.{cls.__qualname__}"
    assert found >= 6
