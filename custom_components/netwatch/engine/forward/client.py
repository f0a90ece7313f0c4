"""HTTP to Elasticsearch/OpenSearch over an injected aiohttp session: auth, TLS, failover."""

from __future__ import annotations

import asyncio
import base64
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import aiohttp
import orjson

from .config import ForwarderConfig
from .errors import ForwarderAuthError, ForwarderConnectionError, ForwarderResponseError

type Product = Literal["elasticsearch", "opensearch"]

_JSON = "application/json"
_MAX_DETAIL = 300


@dataclass(frozen=True, slots=True)
class ServerFeatures:
    """What the running cluster offers, as it answered (not assumed from its version)."""

    data_streams: bool
    data_stream_lifecycle: bool
    """Elasticsearch's data stream lifecycle (`_data_stream/<name>/_lifecycle`), >= 8.11."""
    ilm: bool
    """Elasticsearch index lifecycle management (reported; netwatch does not use it)."""
    ism: bool
    """OpenSearch index state management plugin (reported; netwatch does not use it)."""


@dataclass(frozen=True, slots=True)
class ServerInfo:
    """The cluster behind the configured URL."""

    product: Product
    version: str
    cluster_name: str
    url: str
    """The URL that answered."""
    features: ServerFeatures


@dataclass(frozen=True, slots=True)
class Response:
    """Status, body and headers of one HTTP exchange."""

    status: int
    body: bytes
    headers: Mapping[str, str]

    def json(self) -> Any:
        """Decode the body as JSON; ForwarderResponseError if it is not."""
        try:
            return orjson.loads(self.body)
        except orjson.JSONDecodeError as err:
            raise ForwarderResponseError(
                "unsupported_server", self.status, "the answer is not JSON"
            ) from err


def error_detail(body: bytes) -> str:
    """Return the `error.type: error.reason` of an error answer, or its start."""
    try:
        err = orjson.loads(body).get("error")
    except orjson.JSONDecodeError, AttributeError:
        return body[:_MAX_DETAIL].decode("utf-8", "replace")
    if isinstance(err, dict):
        return f"{err.get('type')}: {err.get('reason')}"[:_MAX_DETAIL]
    return str(err)[:_MAX_DETAIL]


class SearchClient:
    """Talk to one cluster through a list of node URLs, moving to the next on failure."""

    def __init__(self, session: aiohttp.ClientSession, config: ForwarderConfig) -> None:
        self._session = session
        self._config = config
        self._urls = tuple(config.urls)
        self._index = 0
        self._headers: dict[str, str] = {"Accept": _JSON}
        if config.api_key:
            self._headers["Authorization"] = f"ApiKey {config.api_key}"
        elif config.username and config.password:
            # RFC 7617 Basic with UTF-8 user-id and password.
            pair = f"{config.username}:{config.password}".encode()
            self._headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
        # True: the session's own verification (HA's context); False: none; a context: custom CA.
        self._ssl: ssl.SSLContext | bool = config.verify_tls
        self._ssl_ready = not (config.verify_tls and config.ca_path)
        self._timeout = aiohttp.ClientTimeout(total=config.request_timeout)

    @property
    def url(self) -> str:
        """Return the node URL in use."""
        return self._urls[self._index]

    def rotate(self, failed: str | None = None) -> None:
        """Move to the next node URL, unless another request already moved past `failed`."""
        if failed is None or failed == self.url:
            self._index = (self._index + 1) % len(self._urls)

    async def _async_prepare_tls(self) -> None:
        """Load the custom CA once, in an executor (reading files blocks)."""
        if self._ssl_ready:
            return
        path = self._config.ca_path
        assert path is not None
        try:
            self._ssl = await asyncio.get_running_loop().run_in_executor(
                None, lambda: ssl.create_default_context(cafile=path)
            )
        except (OSError, ssl.SSLError) as err:
            raise ForwarderConnectionError("tls_error", f"cannot load CA {path}: {err}") from err
        self._ssl_ready = True

    async def request(
        self, method: str, path: str, body: bytes | None = None, content_type: str = _JSON
    ) -> Response:
        """Send one request to the current node; ForwarderConnectionError if none answered."""
        await self._async_prepare_tls()
        headers = self._headers
        if body is not None:
            headers = {**headers, "Content-Type": content_type}
        try:
            async with self._session.request(
                method,
                self.url + path,
                data=body,
                headers=headers,
                ssl=self._ssl,
                timeout=self._timeout,
                allow_redirects=False,
            ) as resp:
                data = await resp.read()
                return Response(resp.status, data, resp.headers)
        except aiohttp.ClientSSLError as err:
            raise ForwarderConnectionError("tls_error", str(err)) from err
        except TimeoutError as err:
            raise ForwarderConnectionError("timeout", f"{method} {path}") from err
        except (aiohttp.ClientError, OSError) as err:
            raise ForwarderConnectionError(
                "cannot_connect", str(err) or type(err).__name__
            ) from err

    async def call(self, method: str, path: str, payload: Any = None) -> Any:
        """Send JSON, expect 2xx JSON back; typed errors for auth and other refusals."""
        body = None if payload is None else orjson.dumps(payload)
        resp = await self.request(method, path, body)
        check_auth(resp)
        if not 200 <= resp.status < 300:
            raise ForwarderResponseError("request_failed", resp.status, error_detail(resp.body))
        return resp.json()

    async def async_server_info(self) -> ServerInfo:
        """Identify the cluster and ask which features it has."""
        resp = await self.request("GET", "/")
        check_auth(resp)
        root = resp.json() if resp.status == 200 else None
        if isinstance(root, dict) and isinstance(root.get("version"), dict):
            version = str(root["version"].get("number", ""))
            cluster = str(root.get("cluster_name", ""))
            root_version: dict[str, Any] | None = root["version"]
        else:
            # Minimal distributions (the integ-test zips) lack the root endpoint: ask the node.
            nodes = await self.call(
                "GET", "/_nodes/_local?filter_path=cluster_name,nodes.*.version"
            )
            found = list((nodes.get("nodes") or {}).values())
            if not found:
                raise ForwarderResponseError("unsupported_server", resp.status, "no node answered")
            version, cluster = str(found[0].get("version", "")), str(nodes.get("cluster_name", ""))
            root_version = None
        product = _product(resp.headers, root_version)
        if product is None or not version:
            raise ForwarderResponseError("unsupported_server", resp.status, "not Elasticsearch")
        _check_version(product, version)
        features = await self._async_features()
        return ServerInfo(product, version, cluster, self.url, features)

    async def _async_features(self) -> ServerFeatures:
        """Probe the feature endpoints concurrently; 2xx means present."""
        paths = (
            "/_data_stream?filter_path=data_streams.name",
            "/_data_stream/_lifecycle/stats",
            "/_ilm/status",
            "/_plugins/_ism/policies?size=1",
        )
        answers = await asyncio.gather(*(self.request("GET", p) for p in paths))
        ok = [200 <= a.status < 300 for a in answers]
        return ServerFeatures(*ok)


def check_auth(resp: Response) -> None:
    """Raise ForwarderAuthError for 401/403 answers."""
    if resp.status == 401:
        raise ForwarderAuthError("invalid_auth", error_detail(resp.body))
    if resp.status == 403:
        raise ForwarderAuthError("forbidden", error_detail(resp.body))


def _product(headers: Mapping[str, str], root_version: dict[str, Any] | None) -> Product | None:
    """Tell Elasticsearch from OpenSearch by the root answer, else by the product header."""
    if root_version is not None and root_version.get("distribution") == "opensearch":
        return "opensearch"
    # Elasticsearch >= 7.14 names itself in this header on every answer; OpenSearch never does.
    if headers.get("X-Elastic-Product") == "Elasticsearch":
        return "elasticsearch"
    if root_version is not None:
        # Elasticsearch 7.8-7.13 predate the header; its root answer has a build flavor.
        return "elasticsearch" if "build_flavor" in root_version else None
    # No root endpoint and no header: only OpenSearch's minimal distribution answers like that.
    return "opensearch"


def _check_version(product: Product, version: str) -> None:
    """Refuse servers without composable index templates (Elasticsearch < 7.8)."""
    try:
        major, minor = (int(x) for x in version.split(".")[:2])
    except ValueError as err:
        raise ForwarderResponseError("unsupported_version", 0, version) from err
    if product == "elasticsearch" and (major, minor) < (7, 8):
        raise ForwarderResponseError("unsupported_version", 0, f"Elasticsearch {version} < 7.8")
