"""One measured attack for benchmarks/adversary.py: senders, probe, counters, log lines.

An attack window runs like this: read netwatch's diagnostics, the kernel drop counters and the
log size; start the HTTP probe and the good senders; after a quiet baseline start the attack
senders; when they are done wait for the good senders, then until netwatch's datagram counters
stand still for 1.5 s (it has drained the kernel buffers; at most --drain seconds); read everything
again. hass CPU and RSS are sampled from /proc (psutil) at each step and twice a second.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from adversary_hass import Hass, die_with_parent, log_size, netwatch_lines, udp_drops

HERE = Path(__file__).resolve().parent
TRAFFIC = HERE / "adversary_traffic.py"
PROBE = HERE / "adversary_probe.py"


@dataclass(frozen=True)
class Sender:
    """One sender process: its kind (adversary_traffic.py), port and arguments."""

    kind: str
    port: int
    rate: int
    src: str
    extra: tuple[str, ...] = ()
    role: str = "attack"


@dataclass
class Window:
    """What one attack window needs beyond the senders."""

    seconds: float
    baseline: float
    drain: float
    workdir: Path
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)


def spawn(sender: Sender, seconds: float, status: Path) -> subprocess.Popen[bytes]:
    """Start one sender process (it dies with us)."""
    cmd = [
        sys.executable,
        str(TRAFFIC),
        sender.kind,
        "--port",
        str(sender.port),
        "--rate",
        str(sender.rate),
        "--src",
        sender.src,
        "--seconds",
        f"{seconds:g}",
        "--status",
        str(status),
        *sender.extra,
    ]
    status.unlink(missing_ok=True)
    return subprocess.Popen(cmd, start_new_session=True, preexec_fn=die_with_parent)  # noqa: PLW1509


def read_json(path: Path) -> Any:
    """Return a JSON file's content, None when missing or broken."""
    try:
        return json.loads(path.read_text())
    except OSError, ValueError:
        return None


def flatten(data: Any, prefix: str = "") -> Iterator[tuple[str, float]]:
    """Yield (dotted path, number) for the numbers in nested dicts (per-sender tables skipped)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in (
                "exporters",
                "senders",
                "senders_last_seen",
                "samples",
                "unparsed_by_sender",
            ):
                continue
            yield from flatten(value, f"{prefix}{key}.")
    elif isinstance(data, int | float) and not isinstance(data, bool):
        yield prefix.rstrip("."), data


def changed(before: dict[str, Any], after: dict[str, Any]) -> dict[str, float]:
    """Return the numeric diagnostics values that changed, as after - before."""
    old = dict(flatten(before))
    return {
        k: round(v - old.get(k, 0), 3)
        for k, v in flatten(after)
        if v != old.get(k, 0) and "last_" not in k and "time" not in k
    }


def latency(samples: list[list[Any]], t0: float, t1: float) -> dict[str, Any]:
    """Summarise the probe samples that started in [t0, t1): ms percentiles and failures."""
    inside = [s for s in samples if t0 <= s[0] < t1]
    ms = sorted(1000 * s[1] for s in inside)
    if not ms:
        return {"probes": 0}
    cuts = statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else ms * 99
    return {
        "probes": len(ms),
        "p50_ms": round(cuts[49], 1),
        "p99_ms": round(cuts[98], 1),
        "max_ms": round(ms[-1], 1),
        "failed": sum(1 for s in inside if s[2] == "error"),
        "timed_out": sum(1 for s in inside if s[2] == "timeout"),
        "over_250ms_s": round(sum(x for x in ms if x > 250) / 1000, 2),
    }


def machine_busy() -> tuple[float, float]:
    """Return (busy, total) CPU jiffies of the whole machine (/proc/stat)."""
    fields = [float(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


def stats_of(diag: dict[str, Any]) -> dict[str, Any]:
    """Return the engine counters of a diagnostics download."""
    stats: dict[str, Any] = diag.get("stats", {})
    return stats


def settle(hass: Hass, limit: float) -> dict[str, Any]:
    """Wait until netwatch's datagram counters stand still; return the last diagnostics."""
    deadline = time.monotonic() + limit
    last: tuple[int, ...] | None = None
    while True:
        diag = hass.diagnostics()
        st = stats_of(diag)
        tcp = st.get("syslog_tcp") or {}  # newer engines: TcpStats; older: flat counters
        # Decoded flows and events too: datagrams may wait in per-sender queues after recv.
        now = (
            int(st.get("netflow", {}).get("datagrams", 0)),
            int(st.get("syslog", {}).get("datagrams", 0)),
            int(st.get("syslog_tcp_messages", 0) or tcp.get("messages", 0)),
            int(st.get("flows", 0)),
            int(st.get("firewall_events", 0)),
        )
        if now == last or time.monotonic() > deadline:
            return diag
        last = now
        time.sleep(1.5)


def _start(
    win: Window, senders: list[Sender], seconds: float
) -> tuple[list[subprocess.Popen[bytes]], list[Path]]:
    procs, paths = [], []
    for i, sender in enumerate(senders):
        path = win.workdir / f"{sender.role}-{i}-{sender.kind}.json"
        procs.append(spawn(sender, seconds, path))
        paths.append(path)
    win.procs.extend(procs)
    return procs, paths


def _wait(procs: list[subprocess.Popen[bytes]], hass: Hass, limit: float) -> int:
    """Wait for processes, sampling hass's RSS; return the peak RSS."""
    peak, deadline = 0, time.monotonic() + limit
    while any(p.poll() is None for p in procs) and time.monotonic() < deadline:
        peak = max(peak, hass.cpu_rss()[1])
        time.sleep(0.5)
    for p in procs:
        if p.poll() is None:
            p.terminate()
            p.wait()
    return max(peak, hass.cpu_rss()[1])


def measure(hass: Hass, win: Window, attack: list[Sender], good: list[Sender]) -> dict[str, Any]:
    """Run one attack window and return raw measurements."""
    before = hass.diagnostics()
    ports = (hass.netflow, hass.syslog)
    drops0, offset = {p: udp_drops(p) for p in ports}, log_size(hass.log_file)
    samples_path = win.workdir / "probe.json"
    samples_path.unlink(missing_ok=True)
    probe_seconds = win.baseline + win.seconds + win.drain + 60
    probe = subprocess.Popen(
        [
            sys.executable,
            str(PROBE),
            hass.base,
            str(win.workdir / "token"),
            str(samples_path),
            "--seconds",
            str(probe_seconds),
        ],
        start_new_session=True,
        preexec_fn=die_with_parent,  # noqa: PLW1509
    )
    win.procs.append(probe)
    time.sleep(0.5)
    good_procs, good_paths = _start(win, good, win.baseline + win.seconds)
    tb = time.time()
    cpu_b, rss_b = hass.cpu_rss()
    time.sleep(win.baseline)
    t0 = time.time()
    cpu0, _ = hass.cpu_rss()
    load, busy0 = os.getloadavg()[0], machine_busy()
    attack_procs, attack_paths = _start(win, attack, win.seconds)
    if not attack_procs:  # a load run: the window is the good traffic's own
        time.sleep(win.seconds)
    peak = _wait(attack_procs, hass, win.seconds + 60)
    t1 = time.time()
    _wait(good_procs, hass, 60)
    after = settle(hass, win.drain)
    t2 = time.time()
    cpu2, rss2 = hass.cpu_rss()
    busy2 = machine_busy()
    probe.terminate()
    probe.wait(timeout=30)
    samples = read_json(samples_path) or []
    lines, _ = netwatch_lines(hass.log_file, offset)
    win.procs.clear()
    return {
        "t": {"baseline": tb, "attack": t0, "attack_end": t1, "settled": t2},
        "latency": {
            "baseline": latency(samples, tb + 0.5, t0),
            "attack": latency(samples, t0, t1),
            "drain": latency(samples, t1, t2),
        },
        "hass": {
            "cpu_baseline_percent": round(100 * (cpu0 - cpu_b) / max(t0 - tb, 1e-3), 1),
            "cpu_attack_percent": round(100 * (cpu2 - cpu0) / max(t2 - t0, 1e-3), 1),
            "cpu_attack_s": round(cpu2 - cpu0, 2),
            "rss_baseline_mib": rss_b >> 20,
            "rss_peak_mib": max(peak, rss2) >> 20,
        },
        "machine": {
            "load_1min_at_attack": round(load, 2),
            # All cores busy (any process) from attack start to drained, in % of the machine.
            "busy_percent": round(100 * (busy2[0] - busy0[0]) / max(busy2[1] - busy0[1], 1), 1),
        },
        "kernel_drops": {str(p): udp_drops(p) - drops0[p] for p in ports},
        "senders": {
            "attack": [read_json(p) for p in attack_paths],
            "good": [read_json(p) for p in good_paths],
        },
        "diagnostics_delta": changed(before, after),
        "before": before,
        "after": after,
        "log_lines": dict(lines.most_common()),
    }
