"""Fixtures for the forwarder tests: real search nodes (once per session), sessions, prefixes."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import aiohttp
import pytest
import pytest_socket

from custom_components.netwatch.engine.forward import ForwarderConfig
from tests.search_servers import PRODUCTS, SearchNode, SearchServerError


def _products_needed(session: pytest.Session) -> list[str]:
    """Return the products the selected tests use (unselected ones never boot a JVM)."""
    needed: set[str] = set()
    for item in session.items:
        names = getattr(item, "fixturenames", ())
        needed.update(p for p in PRODUCTS if f"{p}_node" in names)
        if "search_node" in names:
            callspec = getattr(item, "callspec", None)
            needed.add(callspec.params["search_node"] if callspec else "elasticsearch")
    return sorted(needed)


@pytest.fixture(scope="session")
def search_nodes(request: pytest.FixtureRequest) -> Iterator[dict[str, SearchNode | str]]:
    """Launch every node the session needs at once; map product -> node, or the error text."""
    # phcc blocks sockets at each test's setup (and so again before the next test); the tests
    # that use a node ask for `socket_enabled` anyway.
    pytest_socket.enable_socket()
    nodes: dict[str, SearchNode | str] = {}
    try:
        for product in _products_needed(request.session):
            try:
                node = SearchNode.create(product)
            except SearchServerError as err:
                nodes[product] = str(err)
                continue
            nodes[product] = node
            node.launch()
        yield nodes
    finally:
        for node in nodes.values():
            if isinstance(node, SearchNode):
                node.cleanup()


def _node(nodes: dict[str, SearchNode | str], product: str) -> SearchNode:
    """Return a healthy node; skip without the cached distribution locally, fail under CI."""
    pytest_socket.enable_socket()
    node = nodes.get(product, f"{product} was not launched")
    if isinstance(node, str):
        if os.environ.get("CI"):
            pytest.fail(node)
        pytest.skip(node)
    node.wait_healthy()
    return node


@pytest.fixture
def elasticsearch_node(search_nodes: dict[str, SearchNode | str]) -> SearchNode:
    """Return the session's Elasticsearch node (security on, file-realm user)."""
    return _node(search_nodes, "elasticsearch")


@pytest.fixture
def opensearch_node(search_nodes: dict[str, SearchNode | str]) -> SearchNode:
    """Return the session's OpenSearch node."""
    return _node(search_nodes, "opensearch")


@pytest.fixture(params=["elasticsearch", "opensearch"])
def search_node(
    request: pytest.FixtureRequest, search_nodes: dict[str, SearchNode | str], socket_enabled: None
) -> SearchNode:
    """Run the test once against each real server."""
    return _node(search_nodes, str(request.param))


@pytest.fixture
async def http_session(socket_enabled: None) -> AsyncIterator[aiohttp.ClientSession]:
    """Return an aiohttp session (the glue passes Home Assistant's shared one)."""
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def prefix() -> str:
    """Return an index prefix unique to the test."""
    return f"nwt-{uuid.uuid4().hex[:10]}"


def config_for(node: SearchNode, prefix: str, **overrides: Any) -> ForwarderConfig:
    """Return a forwarder configuration pointing at `node`."""
    settings: dict[str, Any] = {
        "urls": [node.url],
        "username": node.username,
        "password": node.password,
        "prefix": prefix,
        "flush_interval": 0.2,
        "backoff_base": 0.1,
        "backoff_max": 1.0,
        "retention_interval": 0,
    }
    settings.update(overrides)
    return ForwarderConfig(**settings)


def remove_prefix(node: SearchNode, prefix: str) -> None:
    """Delete the test's data streams, indices and template (explicit names only)."""
    status, streams = node.http("GET", f"/_data_stream/{prefix}-*")
    if status == 200:
        for stream in streams.get("data_streams", []):
            node.http("DELETE", f"/_data_stream/{stream['name']}")
    _, rows = node.http("GET", f"/_cat/indices/{prefix}-*?format=json&h=index")
    for row in rows if isinstance(rows, list) else []:
        node.http("DELETE", f"/{row['index']}")
    node.http("DELETE", f"/_index_template/{prefix}")


@pytest.fixture
def cleanup_prefix(search_node: SearchNode, prefix: str) -> Iterator[str]:
    """Yield the prefix and remove everything under it afterwards."""
    yield prefix
    remove_prefix(search_node, prefix)
