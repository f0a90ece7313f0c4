"""Adversary suite (issue 11): hostile traffic against a real Home Assistant running netwatch.

Command (from the project root, in the test rig; about 15 minutes with the defaults):
    scripts/rig run python benchmarks/adversary.py [--seconds 20] [--only NAME ...]
        [--project DIR] [--sweep-rates 10000 50000 100000 200000] [--kill-window 75]
        [--load-rates 0 10000 100000 300000]

What runs: adversary_hass.py starts `hass` on a fresh config dir with scripts/demo_run.py's
helpers (as benchmarks/recorder_rows.py does), onboards, adds netwatch from --project (default
this checkout; a host path works in the rig as /host/PATH) through its config flow on free ports,
then sets through the options flow: home network 192.168.0.0/16, allowed senders 127.0.0.0/24,
127.0.2.0/23 and ::1, and a 5 s scan settle time. Each attack (adversary_run.py) runs a quiet
baseline (5 s) and then the attack for --seconds, with separate sender processes
(adversary_traffic.py, paced, bounded, loopback only) and an HTTP probe process
(adversary_probe.py: `GET /api/` every 10 ms through HA's event loop). Beside every attack a good
NetFlow v9 exporter (its own address, template sent once, 1,000 flows/s) and a good syslog sender
(100 UFW lines/s) run; netwatch's counters come from the entry's diagnostics download.
Attacks: template_flood (1,500 v9 datagrams/s x 170 one-field templates), syslog_junk (1,000
datagrams/s x 300 junk lines), wide_templates (1,000 datagrams/s re-announcing a 256-field
template, two definitions in turn, with one record each), junk_senders (200 three-byte
datagrams/s from 127.0.0.2-201 beside an exporter that sent its template once and then sends a
burst every second), tcp_slots (1,000 idle TCP connections plus a 1 byte/s sender from 127.0.3.4,
a good TCP syslog sender from 127.0.2.200), foreign_senders (1,000 datagrams/s from 5,000
non-allowed addresses in 127.1/16 to both UDP ports), good_rate (good v9 at --sweep-rates
flows/s during a template flood) and restart (adversary_restart.py: SIGTERM, then SIGKILL).
Results: a table, and benchmarks/results/adversary-<commit of --project>.json.

Measured before hardening (netwatch of 703f311; 2 shared cores at load 5-8, HA 2026.10.4,
Python 3.14.8; details in benchmarks/README.md, "Adversary suite"):
    attack           HTTP max ms  stall s  good flows  good lines  log lines
    template_flood         9,725     25.4      63.3 %       100 %          0
    syslog_junk           13,461     24.3       100 %      65.4 %          0
    wide_templates         6,036     21.7      95.4 %       100 %          0   (323 us/datagram)
    junk_senders              72        0      24.0 %       100 %        200
    tcp_slots                 54        0       100 %  22.5 % TCP          1   (73/77 refused)
    foreign_senders           30        0       100 %       100 %     19,999
    good_rate: 10k flows/s beside the flood 62 % counted, 200k 27 %
    restart: SIGTERM zeroes every collector counter and scans_24h (40 -> 0); SIGKILL after 77 s
    lost 75-77 s of totals and seven total_increasing sensors went down.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import adversary_restart
from adversary_hass import Hass, demo, log
from adversary_report import report, summarise
from adversary_run import Sender, Window, measure
from recorder_rows import PROJECT

RESULTS = PROJECT / "benchmarks" / "results"
Build = Callable[[Hass, argparse.Namespace], list[Sender]]


def good(hass: Hass, k: int, args: argparse.Namespace, burst: float = 0) -> list[Sender]:
    """Return the good NetFlow exporter and syslog sender of attack number `k`."""
    v9 = ("--seed", str(k), "--records", "20", "--burst", f"{burst:g}")
    return [
        Sender("good_v9", hass.netflow, args.good_flows, f"127.0.2.{10 + k}", v9, "good"),
        Sender(
            "good_syslog",
            hass.syslog,
            args.good_lines,
            f"127.0.2.{100 + k}",
            ("--seed", str(k)),
            "good",
        ),
    ]


def exporter(hass: Hass, rate: int, k: int) -> Sender:
    """Return a good v9 exporter of 30-record datagrams at `rate` flows/s, number `k`."""
    v9 = ("--seed", str(k), "--records", "30")
    return Sender("good_v9", hass.netflow, rate, f"127.0.2.{10 + k}", v9, "good")


ATTACKS: dict[str, Build] = {
    "template_flood": lambda h, a: [
        Sender("template_flood", h.netflow, 1500, "127.0.3.1", ("--templates", "170"))
    ],
    "syslog_junk": lambda h, a: [
        Sender("syslog_junk", h.syslog, 1000, "127.0.3.2", ("--lines", "300"))
    ],
    "wide_templates": lambda h, a: [Sender("wide_templates", h.netflow, 1000, "127.0.3.3")],
    "junk_senders": lambda h, a: [
        Sender("junk_senders", h.netflow, 200, "0.0.0.0", ("--senders", "200"))
    ],
    "tcp_slots": lambda h, a: [
        Sender("tcp_hold", h.syslog, 200, "127.0.3.4", ("--connections", "1000"))
    ],
    "foreign_senders": lambda h, a: [
        Sender(
            "foreign",
            h.netflow,
            1000,
            "0.0.0.0",
            ("--senders", "5000", "--second-port", str(h.syslog)),
        )
    ],
}
ORDER = [*ATTACKS, "good_rate", "load", "restart"]


def run_attack(hass: Hass, win: Window, name: str, k: int, args: argparse.Namespace) -> Any:
    """Run one attack beside the good senders and return its summary."""
    senders = good(hass, k, args, burst=1.0 if name == "junk_senders" else 0)
    if name == "tcp_slots":  # the good syslog sender talks TCP here, from another host
        extra = ("--seed", str(k), "--reconnect", "1")  # each new connection meets the holder
        senders[1] = Sender("tcp_good", hass.syslog, 50, "127.0.2.200", extra, "good")
    before_states = tcp_states(hass) if name == "tcp_slots" else {}
    log(f"{name}: {win.baseline:g} s baseline, then {win.seconds:g} s of attack")
    raw = measure(hass, win, ATTACKS[name](hass, args), senders)
    if name == "tcp_slots":
        hass.publish_now()
        raw["tcp_sensors"] = {"before": before_states, "after": tcp_states(hass)}
    return summarise(name, raw)


def tcp_states(hass: Hass) -> dict[str, str]:
    """Return the states of netwatch entities about TCP syslog or rejected senders."""
    return {
        e: s["state"]
        for e, s in hass.states().items()
        if any(w in e for w in ("tcp", "rejected", "refused", "idle"))
    }


def good_rate(hass: Hass, win: Window, args: argparse.Namespace) -> list[Any]:
    """Offer good v9 at each sweep rate during a template flood; return one summary per rate."""
    out = []
    for i, rate in enumerate(args.sweep_rates):
        k = 20 + i
        flood = Sender("template_flood", hass.netflow, 1500, "127.0.3.5", ("--templates", "170"))
        log(f"good_rate: {rate:,} good flows/s during a template flood for {win.seconds:g} s")
        res = summarise("good_rate", measure(hass, win, [flood], [exporter(hass, rate, k)]))
        res["offered_flows_per_s"] = rate
        out.append(res)
    return out


def load(hass: Hass, win: Window, args: argparse.Namespace) -> list[Any]:
    """Offer only good v9 at each load rate (no attack): Home Assistant's latency and CPU.

    Rate 0 is Home Assistant with netwatch and the latency probe but no flows: the CPU that the
    other rates add to it is netwatch's own cost of their flows.
    """
    out = []
    for i, rate in enumerate(args.load_rates):
        k = 40 + i
        log(f"load: {rate:,} good flows/s ({win.baseline:g} s of it before the window), no attack")
        res = summarise("load", measure(hass, win, [], [exporter(hass, rate, k)] if rate else []))
        res["offered_flows_per_s"] = rate
        out.append(res)
    return out


def restart(hass: Hass, workdir: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Run the SIGTERM and SIGKILL checks."""
    flows, lines = args.good_flows, args.good_lines
    log(f"restart: {args.seconds:g} s of good traffic, then SIGTERM and a restart")
    term = adversary_restart.sigterm(hass, workdir, args.seconds, flows, lines)
    log(f"restart: {args.kill_window:g} s of good traffic, then SIGKILL mid-traffic")
    kill = adversary_restart.sigkill(hass, workdir, args.kill_window, flows, lines)
    return {"sigterm": term, "sigkill": kill}


def warm_up(hass: Hass, workdir: Path, args: argparse.Namespace) -> None:
    """Send good traffic once and publish, so device entities exist before the first attack."""
    win = Window(seconds=0, baseline=5, drain=30, workdir=workdir)
    measure(hass, win, [], good(hass, 0, args))
    hass.publish_now()
    time.sleep(5)


def _host(path: Path) -> Path:
    """Return `path`, or the same host path as the rig sees it (/host/...)."""
    return path if path.exists() else Path("/host") / str(path).lstrip("/")


def project_label(project: Path) -> str:
    """Return the short commit of the measured checkout (+dirty when git says so)."""
    try:
        run = subprocess.run(
            ["git", "-C", str(project), "status", "--porcelain", "custom_components"],
            capture_output=True,
            text=True,
            check=True,
        )
        dirty = "-dirty" if run.stdout.strip() else ""
    except OSError, subprocess.CalledProcessError:  # the rig has no git: read .git by hand
        dirty = ""
    git = project / ".git"
    if git.is_file():  # a worktree: "gitdir: PATH"
        git = _host(Path(git.read_text().split(":", 1)[1].strip()))
    try:
        head = (git / "HEAD").read_text().strip()
        if head.startswith("ref: "):
            ref = head[5:]
            common = (
                _host(git / (git / "commondir").read_text().strip())
                if (git / "commondir").exists()
                else git
            )
            loose = [p for p in (git / ref, common / ref) if p.exists()]
            packed = common / "packed-refs"
            head = (
                loose[0].read_text().strip()
                if loose
                else next(
                    line.split()[0]
                    for line in packed.read_text().splitlines()
                    if line.endswith(" " + ref)
                )
            )
    except OSError, StopIteration:
        return "unknown"
    return head[:7] + dirty


def parse_args() -> argparse.Namespace:
    """Read the command line."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seconds", type=float, default=20.0, help="length of each attack")
    p.add_argument("--baseline", type=float, default=5.0, help="quiet seconds before each")
    p.add_argument("--drain", type=float, default=60.0, help="max seconds to wait for a drain")
    p.add_argument("--only", nargs="+", choices=ORDER, default=ORDER, metavar="NAME")
    p.add_argument("--project", type=Path, default=PROJECT, help="checkout whose netwatch runs")
    p.add_argument("--good-flows", type=int, default=1000, help="good v9 flows/s")
    p.add_argument("--good-lines", type=int, default=100, help="good syslog lines/s")
    p.add_argument("--sweep-rates", type=int, nargs="+", default=[10_000, 50_000, 100_000, 200_000])
    p.add_argument("--load-rates", type=int, nargs="+", default=[0, 10_000, 100_000, 300_000])
    p.add_argument("--sweep-seconds", type=float, default=10.0)
    p.add_argument("--kill-window", type=float, default=75.0, help="traffic before the SIGKILL")
    args = p.parse_args()
    project = args.project.resolve()
    if not (project / "custom_components" / "netwatch").is_dir():
        project = Path("/host") / str(project).lstrip("/")  # a host path seen from the rig
    if not (project / "custom_components" / "netwatch").is_dir():
        p.error(f"no custom_components/netwatch in {args.project}")
    args.project = project
    return args


def run_all(hass: Hass, workdir: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Run the chosen attacks in order and return their summaries."""
    results: dict[str, Any] = {}
    win = Window(seconds=args.seconds, baseline=args.baseline, drain=args.drain, workdir=workdir)
    for k, name in enumerate(ORDER, start=1):
        if name not in args.only:
            continue
        if name == "good_rate":
            sweep = Window(args.sweep_seconds, 2.0, args.drain, workdir)
            results[name] = good_rate(hass, sweep, args)
        elif name == "load":
            results[name] = load(hass, Window(args.sweep_seconds, 5.0, args.drain, workdir), args)
        elif name == "restart":
            results[name] = restart(hass, workdir, args)
        else:
            results[name] = run_attack(hass, win, name, k, args)
    return results


def main() -> int:
    """Run the suite once."""
    args = parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, signal.default_int_handler)
    root = demo.CACHE / "bench-adversary"
    workdir = root / "run"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    hass = Hass(config=root / "config", project=args.project)
    load = [round(x, 2) for x in os.getloadavg()]
    started = time.time()
    try:
        hass.setup()
        (workdir / "token").write_text(hass.token)
        warm_up(hass, workdir, args)
        results = run_all(hass, workdir, args)
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    finally:
        hass.stop()
    out = {
        "command": "scripts/rig run python benchmarks/adversary.py " + " ".join(sys.argv[1:]),
        "project": str(args.project),
        "commit": project_label(args.project),
        "machine": {
            "nproc": os.cpu_count(),
            "loadavg_start": load,
            "loadavg_end": [round(x, 2) for x in os.getloadavg()],
            "python": sys.version.split()[0],
            "minutes": round((time.time() - started) / 60, 1),
        },
        "results": results,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"adversary-{out['commit']}.json"
    path.write_text(json.dumps(out, indent=2))
    report(out)
    log(f"written to {path.relative_to(PROJECT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
