"""Fixtures every test package shares: the real search nodes (booted once per session)."""

from __future__ import annotations

from tests.search_servers import (  # noqa: F401 - fixtures, registered for every test package
    elasticsearch_node,
    opensearch_node,
    search_node,
    search_nodes,
)


def pytest_report_header() -> str:
    """Say whether the engine runs as pure Python or with the compiled modules (NETWATCH_SPEEDUPS)."""
    from custom_components.netwatch.engine.speedups import STATUS  # noqa: PLC0415

    if STATUS.active:
        return f"netwatch engine: compiled ({len(STATUS.modules)} modules, speedups {STATUS.version})"
    return f"netwatch engine: pure Python ({STATUS.reason})"
