"""Real Elasticsearch and OpenSearch nodes for tests and benchmarks (start, stop, kill, restart).

The distributions come from `scripts/search-servers fetch` (run on the host), unpacked under
`$NETWATCH_CACHE/search/dist/` (scripts/rig mounts the cache at /cache). The newest of each product
is used unless NETWATCH_ES_VERSION / NETWATCH_OPENSEARCH_VERSION pins a major, minor or exact
version. Each node runs single-node on 127.0.0.1 with free ports, a 512 MiB heap and its own
data/config directories in /tmp; as root (the rig) it runs as `nobody`, because both servers refuse
to run as root. Elasticsearch runs with security on and a file-realm user, so its 401 answers are
real.

    python -m tests.search_servers elasticsearch|opensearch   # run one node until Ctrl-C

Fixtures (import them into a conftest, as tests/engine/forward/conftest.py does, or `-p` this
module): `search_nodes` (session: boots every node the selected tests use, in parallel, once),
`elasticsearch_node`, `opensearch_node`, and `search_node` (parametrized over both). Without the
cached distributions they skip, or fail under CI=true. A node offers `url`, `username`/`password`
(Elasticsearch), `http()`/`ok()` for plain JSON requests, `kill()` (SIGKILL), `restart()`,
`stop()` and `wait_healthy()`.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import pytest_socket

from tests.helpers import free_port

PRODUCTS = ("elasticsearch", "opensearch")
HEAP = "-Xms512m -Xmx512m"
START_TIMEOUT = 120.0
NOBODY = 65534
FETCH_HINT = "run 'scripts/search-servers fetch' on the host (outside the rig) first"


class SearchServerError(RuntimeError):
    """A node could not be found, started or stopped."""


def cache_dir() -> Path:
    """Return the search-server cache (NETWATCH_CACHE/search)."""
    base = os.environ.get("NETWATCH_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "netwatch"
    )
    return Path(base) / "search"


PINS = {"elasticsearch": "NETWATCH_ES_VERSION", "opensearch": "NETWATCH_OPENSEARCH_VERSION"}
"""Environment variables that pin a version: a major (8), a minor (8.19) or an exact version."""


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".") if part.isdigit())


def distribution(product: str) -> Path:
    """Return the newest unpacked distribution of `product` matching its pin, if any."""
    pin = os.environ.get(PINS[product], "").strip()
    found: list[tuple[tuple[int, ...], Path]] = []
    for home in (cache_dir() / "dist").glob(f"{product}-*"):
        version = home.name.removeprefix(f"{product}-")
        if not (home / ".complete").is_file() or not re.fullmatch(r"\d+\.\d+\.\d+", version):
            continue
        if not pin or version == pin or version.startswith(f"{pin}."):
            found.append((_version(version), home))
    if not found:
        wanted = f"{product} {pin}" if pin else product
        raise SearchServerError(f"no unpacked {wanted} in {cache_dir() / 'dist'}: {FETCH_HINT}")
    return max(found)[1]


def version_of(product: str) -> str:
    """Return the version of the distribution the tests use for `product`."""
    return distribution(product).name.removeprefix(f"{product}-")


def java_home() -> str:
    """Return a Java >= 21 home: NETWATCH_JAVA_HOME, JAVA_HOME, or the newest under /usr/lib/jvm."""
    for env in ("NETWATCH_JAVA_HOME", "JAVA_HOME"):
        if (home := os.environ.get(env)) and _java_major(Path(home)) >= 21:
            return home
    found = sorted(
        (p for p in Path("/usr/lib/jvm").glob("*") if _java_major(p) >= 21),
        key=_java_major,
    )
    if not found:
        raise SearchServerError("no Java >= 21 found; install openjdk-21-jre-headless")
    return str(found[-1])


def _java_major(home: Path) -> int:
    try:
        text = (home / "release").read_text()
    except OSError:
        return 0
    match = re.search(r'JAVA_VERSION="(\d+)', text)
    return int(match.group(1)) if match and (home / "bin" / "java").exists() else 0


@dataclass(eq=False)
class SearchNode:
    """One single-node cluster, started from a cached test distribution."""

    product: str
    home: Path = field(default_factory=Path)
    http_port: int = 0
    transport_port: int = 0
    username: str | None = None
    password: str | None = None
    workdir: Path = field(default_factory=Path)
    proc: subprocess.Popen[bytes] | None = None
    starts: int = 0

    @property
    def url(self) -> str:
        """Return the HTTP base URL."""
        return f"http://127.0.0.1:{self.http_port}"

    @classmethod
    def create(cls, product: str) -> SearchNode:
        """Prepare (not start) a node with fresh directories and free ports."""
        ports = free_port(udp=False), free_port(udp=False)  # HTTP and transport: TCP only
        node = cls(product, distribution(product), *ports)
        node.workdir = Path(tempfile.mkdtemp(prefix=f"netwatch-{product}-"))
        config = node.workdir / "config"
        shutil.copytree(node.home / "config", config)
        _patch_jvm_options(config / "jvm.options", node.workdir)
        for sub in ("data", "logs", "tmp"):
            (node.workdir / sub).mkdir()
        if product == "elasticsearch":
            node.username, node.password = "netwatch", secrets.token_urlsafe(12)
            _run_tool(node, "elasticsearch-users", "useradd", node.username, "-p", node.password,
                      "-r", "superuser")  # fmt: skip
        if os.geteuid() == 0:
            for path in [node.workdir, *node.workdir.rglob("*")]:
                os.chown(path, NOBODY, NOBODY)
        return node

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        jhome = java_home()
        if self.product == "elasticsearch":
            env |= {"ES_JAVA_HOME": jhome, "ES_PATH_CONF": str(self.workdir / "config")}
            env["ES_JAVA_OPTS"] = HEAP
        else:
            env |= {
                "OPENSEARCH_JAVA_HOME": jhome,
                "OPENSEARCH_PATH_CONF": str(self.workdir / "config"),
            }
            env["OPENSEARCH_JAVA_OPTS"] = HEAP
        # Scratch files (native libraries) inside the node's directory, so cleanup() removes them.
        tmp = str(self.workdir / "tmp")
        env |= {"HOME": str(self.workdir), "ES_TMPDIR": tmp, "OPENSEARCH_TMPDIR": tmp}
        return env

    def _command(self) -> list[str]:
        settings = {
            "discovery.type": "single-node",
            "network.host": "127.0.0.1",
            "http.port": str(self.http_port),
            "transport.port": str(self.transport_port),
            "path.data": str(self.workdir / "data"),
            "path.logs": str(self.workdir / "logs"),
            # A nearly full CI disk must not flip the indices to read-only mid-test.
            "cluster.routing.allocation.disk.threshold_enabled": "false",
        }
        if self.product == "elasticsearch":
            settings |= {
                "xpack.security.enabled": "true",
                "xpack.security.http.ssl.enabled": "false",
                "xpack.security.transport.ssl.enabled": "false",
            }
        cmd = [str(self.home / "bin" / self.product)]
        for key, value in settings.items():
            cmd += ["-E", f"{key}={value}"]
        if os.geteuid() == 0:
            user = [f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
            cmd = ["setpriv", *user, *cmd]
        # Below the test process in CPU priority: on two cores a JVM compiling and indexing can
        # otherwise starve the event loop being measured (a home server's ES runs elsewhere).
        return ["nice", "-n", "10", *cmd]

    def start(self, timeout: float = START_TIMEOUT) -> None:
        """Start the node and wait until it answers with a yellow or green cluster."""
        self.launch()
        self.wait_healthy(timeout)

    def launch(self) -> None:
        """Start the node without waiting for it (several nodes can then boot in parallel)."""
        if self.proc is not None and self.proc.poll() is None:
            raise SearchServerError(f"{self.product} is already running")
        log = (self.workdir / "console.log").open("ab")
        # A new session: stop()/kill() signal the whole group (the launcher and its JVM).
        self.proc = subprocess.Popen(
            self._command(), env=self._env(), cwd=self.workdir, stdout=log, stderr=log,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        log.close()
        self.starts += 1
        _LIVE.add(self)

    def wait_healthy(self, timeout: float = START_TIMEOUT) -> None:
        """Poll the cluster health until yellow/green; raise with the log tail if it dies."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is None or self.proc.poll() is not None:
                raise SearchServerError(f"{self.product} exited:\n{self.log_tail()}")
            with contextlib.suppress(OSError, ValueError):
                status, body = self.http(
                    "GET", "/_cluster/health?wait_for_status=yellow&timeout=1s"
                )
                if status == 200 and body.get("status") in ("yellow", "green"):
                    return
            time.sleep(0.5)
        raise SearchServerError(f"{self.product} not healthy after {timeout} s:\n{self.log_tail()}")

    def kill(self) -> None:
        """SIGKILL the node (and its launcher): a crash, not a shutdown."""
        self._signal(signal.SIGKILL, 10.0)

    def stop(self) -> None:
        """Stop the node gracefully (SIGTERM), killing it if it lingers."""
        try:
            self._signal(signal.SIGTERM, 30.0)
        except subprocess.TimeoutExpired:
            self._signal(signal.SIGKILL, 10.0)

    def _signal(self, sig: int, wait: float) -> None:
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, sig)
        self.proc.wait(wait)
        self.proc = None
        _LIVE.discard(self)

    def restart(self, timeout: float = START_TIMEOUT) -> None:
        """Start again on the same ports and data."""
        self.start(timeout)

    def cleanup(self) -> None:
        """Stop the node and delete its directories."""
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)
        # Both launchers write their computed JVM flags to /tmp/final-flags* (ignoring every way
        # to move java.io.tmpdir) and keep them; they are read only while a node boots.
        stale = time.time() - 120
        for path in Path(tempfile.gettempdir()).glob("final-flags*"):
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < stale:
                    shutil.rmtree(path)

    def set_user(self, name: str, password: str | None) -> None:
        """Add (or, with None, delete) a file-realm superuser of the running Elasticsearch.

        The node rereads its users file within seconds; poll `http_as` to see the change.
        """
        if self.product != "elasticsearch":
            raise SearchServerError("only Elasticsearch has a file realm here")
        if password is None:
            _run_tool(self, "elasticsearch-users", "userdel", name)
        else:
            _run_tool(
                self, "elasticsearch-users", "useradd", name, "-p", password, "-r", "superuser"
            )
        if os.geteuid() == 0:  # the tool writes as root; the node runs as nobody
            for path in (self.workdir / "config").iterdir():
                os.chown(path, NOBODY, NOBODY)

    def log_tail(self, lines: int = 30) -> str:
        """Return the end of the node's console log."""
        try:
            text = (self.workdir / "console.log").read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def http(
        self, method: str, path: str, body: Any = None, auth: tuple[str, str] | None = None
    ) -> tuple[int, Any]:
        """Send one JSON request with the node's (or `auth`) credentials; return (status, body)."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        user, password = auth or (self.username, self.password)
        if user and password:
            token = base64.b64encode(f"{user}:{password}".encode()).decode()
            req.add_header("Authorization", f"Basic {token}")
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return resp.status, json.loads(resp.read() or b"null")
        except urllib.error.HTTPError as err:
            payload = err.read()
            try:
                return err.code, json.loads(payload or b"null")
            except ValueError:
                return err.code, payload.decode(errors="replace")

    def ok(self, method: str, path: str, body: Any = None) -> Any:
        """Send a request that must succeed; return the decoded body."""
        status, data = self.http(method, path, body)
        if not 200 <= status < 300:
            raise SearchServerError(f"{method} {path} -> {status}: {data}")
        return data


def _patch_jvm_options(path: Path, workdir: Path) -> None:
    """Drop GC logging and point crash files at the node's own directory."""
    out = []
    for original in path.read_text().splitlines():
        if "-Xlog:gc" in original or "-Xloggc" in original:
            continue
        line = original.replace("-XX:ErrorFile=logs/", f"-XX:ErrorFile={workdir}/logs/")
        out.append(line.replace("-XX:HeapDumpPath=data", f"-XX:HeapDumpPath={workdir}/logs"))
    path.write_text("\n".join(out) + "\n")


def _run_tool(node: SearchNode, tool: str, *args: str) -> None:
    env = {**os.environ, "ES_JAVA_HOME": java_home(), "ES_PATH_CONF": str(node.workdir / "config")}
    res = subprocess.run(
        [str(node.home / "bin" / tool), *args], env=env, capture_output=True, check=False
    )
    if res.returncode:
        raise SearchServerError(f"{tool} failed: {res.stdout!r} {res.stderr!r}")


_LIVE: set[SearchNode] = set()


@atexit.register
def _kill_leftovers() -> None:
    """Never leave a JVM behind, even when the test process dies early."""
    for node in list(_LIVE):
        with contextlib.suppress(Exception):
            node.kill()


@contextlib.contextmanager
def running_node(product: str) -> Iterator[SearchNode]:
    """Start a node for the duration of the block; always stop it and remove its files."""
    node = SearchNode.create(product)
    try:
        node.start()
        yield node
    finally:
        node.cleanup()


# --- pytest fixtures (import them into a conftest, or load this module with -p) ----------------
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
    """Launch every node the selected tests need, all at once; map product -> node or error."""
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
        for entry in nodes.values():
            if isinstance(entry, SearchNode):
                entry.cleanup()


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


def main(argv: list[str]) -> int:
    """Run one node in the foreground until interrupted."""
    if len(argv) != 1 or argv[0] not in PRODUCTS:
        print("usage: python -m tests.search_servers elasticsearch|opensearch", file=sys.stderr)
        return 2
    with running_node(argv[0]) as node:
        creds = f" user {node.username} password {node.password}" if node.username else ""
        print(f"{node.product} ready at {node.url}{creds}; Ctrl-C stops it", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            signal.sigwait({signal.SIGINT, signal.SIGTERM})
    return 0


if __name__ == "__main__":
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    raise SystemExit(main(sys.argv[1:]))
