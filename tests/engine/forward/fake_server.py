"""A tiny scripted stand-in for a search server, for what the real test zips cannot show.

The integ-test zips have no data stream lifecycle, no API keys and no way to answer 429 or to
lose an answer on demand; this server does exactly those things and records what it was sent.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

# Decides one item's status from (document id, attempt number of that id); 201 = created.
type ItemPolicy = Callable[[str, int], int]


@dataclass
class FakeSearch:
    """State and script of the fake server."""

    product: str = "elasticsearch"
    auth: str | None = None
    """Expected Authorization header; anything else gets 401."""
    forbid: bool = False
    data_streams: bool = False
    lifecycle: bool = False
    bulk_statuses: list[int] = field(default_factory=list)
    """Whole-request statuses to answer before behaving normally (e.g. [429, 503])."""
    item_policy: ItemPolicy | None = None
    lose_answers: int = 0
    """Index the next N bulk requests but drop the connection instead of answering."""
    stored: dict[str, dict[str, Any]] = field(default_factory=dict)
    attempts: dict[str, int] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)
    bodies: dict[str, Any] = field(default_factory=dict)
    headers_seen: list[str | None] = field(default_factory=list)

    def app(self) -> web.Application:
        """Return the aiohttp application."""
        app = web.Application(middlewares=[self._middleware])
        app.router.add_route("*", "/{tail:.*}", self._handle)
        return app

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        self.requests.append((request.method, request.path_qs))
        self.headers_seen.append(request.headers.get("Authorization"))
        if self.auth is not None and request.headers.get("Authorization") != self.auth:
            return web.json_response({"error": {"type": "security_exception"}}, status=401)
        if self.forbid:
            return web.json_response({"error": {"type": "security_exception"}}, status=403)
        resp: web.StreamResponse = await handler(request)
        if self.product == "elasticsearch":
            resp.headers["X-Elastic-Product"] = "Elasticsearch"
        return resp

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        if path == "/":
            version: dict[str, Any] = {"number": "8.19.0", "build_flavor": "default"}
            if self.product == "opensearch":
                version = {"number": "3.6.0", "distribution": "opensearch"}
            return web.json_response({"cluster_name": "fake", "version": version})
        if path == "/_bulk":
            return await self._bulk(request)
        if path.startswith("/_data_stream"):
            return self._data_stream(request)
        if request.method in ("PUT", "POST"):
            self.bodies[path] = await request.json() if request.can_read_body else None
        if path.startswith("/_cat/indices"):
            return web.json_response([])
        return web.json_response({"acknowledged": True})

    def _data_stream(self, request: web.Request) -> web.Response:
        if path_is_lifecycle_stats(request.path):
            return web.json_response({}, status=200 if self.lifecycle else 400)
        if not self.data_streams:
            return web.json_response({"error": "no handler"}, status=400)
        return web.json_response({"acknowledged": True, "data_streams": []})

    async def _bulk(self, request: web.Request) -> web.StreamResponse:
        lines = (await request.read()).splitlines()
        if self.bulk_statuses:
            return web.json_response({"error": "scripted"}, status=self.bulk_statuses.pop(0))
        items = []
        for action_line, source_line in zip(lines[::2], lines[1::2], strict=True):
            meta = json.loads(action_line)["create"]
            doc_id = meta["_id"]
            self.attempts[doc_id] = attempt = self.attempts.get(doc_id, 0) + 1
            if doc_id in self.stored:
                status = 409  # create with an existing _id, as Elasticsearch answers
            else:
                status = self.item_policy(doc_id, attempt) if self.item_policy else 201
            if status == 201:
                self.stored[doc_id] = {"_index": meta["_index"], **json.loads(source_line)}
            item: dict[str, Any] = {"status": status}
            if status >= 300:
                item["error"] = {"type": f"scripted_{status}", "reason": "scripted failure"}
            items.append({"create": item})
        if self.lose_answers:
            self.lose_answers -= 1
            assert request.transport is not None
            request.transport.close()  # the answer is lost; the documents are stored
            return web.Response()
        errors = any(item["create"]["status"] >= 300 for item in items)
        return web.json_response({"errors": errors, "items": items})


def path_is_lifecycle_stats(path: str) -> bool:
    """Tell the lifecycle feature probe apart from the other data stream paths."""
    return path == "/_data_stream/_lifecycle/stats"


@asynccontextmanager
async def serve(fake: FakeSearch) -> AsyncIterator[str]:
    """Run the fake on 127.0.0.1 with a free port; yield its URL."""
    runner = web.AppRunner(fake.app())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()
