"""Fixtures every test package shares: the real search nodes (booted once per session)."""

from __future__ import annotations

from tests.search_servers import (  # noqa: F401 - fixtures, registered for every test package
    elasticsearch_node,
    opensearch_node,
    search_node,
    search_nodes,
)
