"""Fixtures for the forwarder tests: real search nodes (once per session), sessions, prefixes."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import aiohttp
import pytest

from custom_components.netwatch.engine.forward import ForwarderConfig
from tests.search_servers import SearchNode


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
def cleanup_prefix(request: pytest.FixtureRequest, prefix: str) -> Iterator[str]:
    """Yield the prefix and remove everything under it (on the test's `search_node`) afterwards."""
    node: SearchNode = request.getfixturevalue("search_node")
    yield prefix
    remove_prefix(node, prefix)
