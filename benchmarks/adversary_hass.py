"""The Home Assistant side of benchmarks/adversary.py: start, configure, read, restart.

Uses scripts/demo_run.py's helpers the way benchmarks/recorder_rows.py does: a fresh config dir,
`hass` as a child process, onboarding and netwatch's own config and options flows over HTTP.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

# The recorder benchmark already loads scripts/demo_run.py and owns the process helpers.
from recorder_rows import ANY, demo, die_with_parent

from tests.helpers import free_port

# Senders the entry accepts: 127.0.0.0/24 (the 200 junk senders, 127.0.0.2-201) and 127.0.2.0/23
# (good senders in 127.0.2.x, attackers in 127.0.3.x). 127.1.0.0/16 is the foreign senders'.
ALLOWED = ["127.0.0.0/24", "127.0.2.0/23", "::1/128"]
_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ (\w+) \(([^)]*)\) \[([^\]]+)\] (.*)$")
_ADDR = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b|\b[0-9a-f]*:[0-9a-f:]+:[0-9a-f]*\b")
_NUMBER = re.compile(r"\b\d[\d,.]*\b")


def log(msg: str) -> None:
    """Print a progress line."""
    print(f"[adversary] {msg}", flush=True)


@dataclass
class Hass:
    """A running Home Assistant with one netwatch entry."""

    config: Path
    project: Path
    port: int = field(default_factory=lambda: free_port(udp=False, host=ANY))
    netflow: int = field(default_factory=lambda: free_port(tcp=False, host=ANY))
    syslog: int = field(default_factory=lambda: free_port(host=ANY))  # UDP and TCP
    proc: subprocess.Popen[bytes] | None = None
    token: str = ""
    entry_id: str = ""

    @property
    def base(self) -> str:
        """Return the HTTP base URL."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_file(self) -> Path:
        """Return Home Assistant's log file."""
        return self.config / "home-assistant.log"

    def last_save(self) -> float:
        """Return when netwatch last wrote any of its storage files (the newest mtime), or 0."""
        files = (self.config / ".storage").glob(f"netwatch.{self.entry_id}*")
        return max((f.stat().st_mtime for f in files), default=0.0)

    def start(self) -> None:
        """Start hass on the config dir (output in console.log) and wait for HTTP."""
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "homeassistant", "-c", str(self.config)],
            stdout=(self.config / "console.log").open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=die_with_parent,  # noqa: PLW1509
        )
        if not self.token:
            demo.wait_http(self.base, self.proc)
            return
        # Onboarded: /api/onboarding, which demo.wait_http polls, answers 404 from now on.
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and self.proc.poll() is None:
            with contextlib.suppress(OSError, ValueError):
                self.get("")
                return
            time.sleep(1)
        sys.exit(f"Home Assistant did not come back on {self.base}; see {self.config}/console.log")

    def setup(self) -> None:
        """Write a fresh config, start, onboard, add netwatch and set its options."""
        demo.write_config(self.config, self.port)
        link = self.config / "custom_components" / "netwatch"
        link.unlink()
        link.symlink_to(self.project / "custom_components" / "netwatch")
        with (self.config / "configuration.yaml").open("a") as yaml:
            yaml.write("diagnostics:\n")
        log(f"starting Home Assistant in {self.config} with netwatch from {self.project}")
        self.start()
        token = demo.onboard(self.base)
        demo.confirm_http_settings(self.base, token)
        demo.configure_netwatch(self.base, token, self.netflow, self.syslog)
        # A long-lived token survives the restarts of the restart attack.
        answer = asyncio.run(
            demo._ws_command(
                self.base,
                token,
                {"type": "auth/long_lived_access_token", "client_name": "adversary", "lifespan": 1},
            )
        )
        self.token = answer["result"]
        entries = self.get("config/config_entries/entry?domain=netwatch")
        self.entry_id = entries[0]["entry_id"]
        self.options("networks", {"home_networks": ["192.168.0.0/16"], "allowed_senders": ALLOWED})
        # Scans are reported 5 s after crossing the thresholds instead of 60 s, so the short
        # attacks leave scans behind for the restart check.
        self.options("detection", {"scan_settle_seconds": 5}, merge=True)
        log(f"netwatch entry {self.entry_id}: NetFlow udp/{self.netflow}, syslog {self.syslog}")

    def options(self, step: str, values: dict[str, Any], merge: bool = False) -> None:
        """Submit one options-flow step (merge: start from the form's defaults)."""
        url = f"{self.base}/api/config/config_entries/options/flow"
        try:
            flow = demo.http("POST", url, {"handler": self.entry_id}, self.token)
            form = demo.http("POST", f"{url}/{flow['flow_id']}", {"next_step_id": step}, self.token)
            if merge:
                defaults = {
                    f["name"]: f["default"] for f in form.get("data_schema", []) if "default" in f
                }
                values = {**defaults, **values}
            result = demo.http("POST", f"{url}/{flow['flow_id']}", values, self.token)
        except OSError as err:
            log(f"options step {step} failed ({err}); going on without it")
            return
        if result.get("type") != "create_entry":
            log(f"options step {step} not accepted: {result.get('errors') or result}")
        demo.wait_loaded(self.base, self.token)

    def get(self, path: str) -> Any:
        """GET one of Home Assistant's REST endpoints."""
        return demo.http("GET", f"{self.base}/api/{path}", None, self.token)

    def diagnostics(self) -> dict[str, Any]:
        """Return the entry's diagnostics download (settings and engine counters)."""
        data: dict[str, Any] = self.get(f"diagnostics/config_entry/{self.entry_id}")["data"]
        return data

    def entities(self) -> dict[str, str]:
        """Map netwatch entity ids to their unique ids (entity registry)."""
        answer = asyncio.run(
            demo._ws_command(self.base, self.token, {"type": "config/entity_registry/list"})
        )
        return {
            e["entity_id"]: e["unique_id"]
            for e in answer.get("result") or []
            if e.get("platform") == "netwatch"
        }

    def states(self) -> dict[str, dict[str, Any]]:
        """Return the states of netwatch's entities."""
        ids = self.entities()
        return {s["entity_id"]: s for s in self.get("states") if s["entity_id"] in ids}

    def publish_now(self) -> None:
        """Ask the coordinator for a refresh now (sensors otherwise publish once a minute)."""
        sensors = [e for e in self.entities() if e.startswith("sensor.")]
        with contextlib.suppress(OSError):
            demo.http(
                "POST",
                f"{self.base}/api/services/homeassistant/update_entity",
                {"entity_id": sensors[:1]},
                self.token,
            )
        time.sleep(2)

    def cpu_rss(self) -> tuple[float, int]:
        """Return hass's CPU seconds (user + system) and RSS bytes."""
        assert self.proc is not None
        proc = psutil.Process(self.proc.pid)
        times = proc.cpu_times()
        return float(times.user + times.system), int(proc.memory_info().rss)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 120) -> float:
        """Stop hass with `sig`; return the seconds it took to exit."""
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return 0.0
        started = time.monotonic()
        proc.send_signal(sig)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        return time.monotonic() - started

    def restart(self, sig: int) -> float:
        """Stop hass with `sig`, start it again and wait for the entry; return the downtime."""
        started = time.monotonic()
        self.stop(sig)
        self.start()
        demo.wait_loaded(self.base, self.token)
        time.sleep(3)  # the platforms write their first states
        return time.monotonic() - started


def udp_drops(port: int) -> int:
    """Return the kernel's drop counter of the UDP socket(s) bound to `port` (/proc/net/udp*)."""
    total = 0
    for name in ("/proc/net/udp", "/proc/net/udp6"):
        with contextlib.suppress(OSError):
            for line in Path(name).read_text().splitlines()[1:]:
                cols = line.split()
                if int(cols[1].rsplit(":", 1)[1], 16) == port:
                    total += int(cols[-1])
    return total


def reason_of(logger: str, message: str) -> str:
    """Return a line's reason: its logger and message with addresses and numbers masked."""
    text = _NUMBER.sub("N", _ADDR.sub("<addr>", message))
    return f"{logger.removeprefix('custom_components.')}: {text[:90]}"


def netwatch_lines(path: Path, offset: int) -> tuple[Counter[str], int]:
    """Count netwatch's log lines from `offset` on, per reason; return them and the new offset."""
    reasons: Counter[str] = Counter()
    if not path.exists():
        return reasons, offset
    with path.open("rb") as fh:
        fh.seek(offset)
        data = fh.read()
    for raw in data.decode("utf-8", "replace").splitlines():
        match = _LINE.match(raw)
        if match and "netwatch" in (match[3] + match[4]).lower():
            reasons[f"{match[1]} {reason_of(match[3], match[4])}"] += 1
    return reasons, offset + len(data)


def log_size(path: Path) -> int:
    """Return the log file's size (the offset new lines start at)."""
    return path.stat().st_size if path.exists() else 0
