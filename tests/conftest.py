"""Fixtures every test package shares: the real search nodes (booted once per session)."""

from __future__ import annotations

import os

from tests.search_servers import (  # noqa: F401 - fixtures, registered for every test package
    PRODUCTS,
    SearchServerError,
    elasticsearch_node,
    opensearch_node,
    search_node,
    search_nodes,
    version_of,
)


def pytest_report_header() -> list[str]:
    """Say which Home Assistant and which search servers this run tests against."""
    from homeassistant.const import __version__ as ha_version

    from custom_components.netwatch.engine.speedups import STATUS

    servers = []
    for product in PRODUCTS:
        try:
            servers.append(f"{product} {version_of(product)}")
        except SearchServerError:
            servers.append(f"{product} not fetched")
    ha_set = os.environ.get("NETWATCH_HA", "newest")
    if STATUS.active:
        engine = f"compiled ({len(STATUS.modules)} modules, speedups {STATUS.version})"
    else:
        engine = f"pure Python ({STATUS.reason})"
    return [
        f"netwatch: Home Assistant {ha_version} ({ha_set}); {', '.join(servers)}",
        f"netwatch engine: {engine} (NETWATCH_SPEEDUPS)",
    ]
