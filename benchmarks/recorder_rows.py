"""Recorder rows written by netwatch in a real Home Assistant at 10,000 NetFlow flows/s.

Command (from the project root, in the test rig):
    scripts/rig run python benchmarks/recorder_rows.py [--minutes 5] [--rate 10000] [--warmup 30]

What runs: scripts/demo_run.py's helpers write a fresh config dir (plus `recorder:` on SQLite,
HA's default, `history:` and `diagnostics:`), start `hass`, onboard through HA's HTTP API and add
netwatch through its config flow on free ports (home networks include 192.168.0.0/16); the options
flow (menu step "geoip") then sets the MaxMind GeoIP2 test database. benchmarks/recorder_traffic.py
(a separate process) offers NetFlow v9 from 30 home devices to 300 remote addresses and 20 UFW
BLOCK syslog lines/s to 127.0.0.1 (see its docstring). After `--warmup` seconds (entities appear
on the first publishes) the measured window of `--minutes` starts. Rows are counted in
home-assistant_v2.db (read-only; WAL) before the traffic, at the window's start and 6 s after the
last packet (the recorder commits every 5 s); then hass is stopped and the window's state rows per
entity and events per type are read, and the bytes per row of each table (SQLite dbstat, indexes
included). states/state_attributes/events per hour are extrapolated linearly from the window;
statistics are compiled every 5 minutes (short-term) and hourly, so their rows per hour are 12 and
1 per entity with a state_class. hass CPU = (user + system CPU seconds) / wall time over the
window, in % of one core; RSS from /proc. Loss = flows netwatch decoded (diagnostics) vs sent.

Measured (AMD EPYC, 2 shared cores, load 0.4-2, Debian testing chroot, Python 3.14.8, HA 2026.10.4;
--minutes 5: 3.3 M flows, 0 % loss; 31 devices, 7 countries, 322 entities of which 193 enabled):
    table                  rows/hour  B/row  MB/hour
    states                    45,007    174     7.84   80 % from per-device sensors
    state_attributes             235    247     0.06
    events                       247    148     0.04   scan events capped at ~21/hour
    statistics_short_term      2,244    131     0.30   187 statistic ids
    statistics                   187    131     0.03   kept forever: ~219 MB/year
    hass: 7.5 % of one core, RSS 250 MiB. Breakdown and analysis: benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import importlib.util
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import psutil

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
from tests.helpers import free_port  # noqa: E402

_spec = importlib.util.spec_from_file_location("demo_run", PROJECT / "scripts" / "demo_run.py")
assert _spec is not None
assert _spec.loader is not None
demo = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(demo)

RESULTS = PROJECT / "benchmarks" / "results" / "recorder_rows.json"
GEOIP_DB = PROJECT / "tests" / "data" / "geoip" / "GeoIP2-Country-Test.mmdb"
TABLES = ("states", "state_attributes", "events", "statistics_short_term", "statistics")
SYSLOG_PER_SECOND = 20
SENDER = PROJECT / "benchmarks" / "recorder_traffic.py"


def log(msg: str) -> None:
    """Print a progress line."""
    print(f"[bench] {msg}", flush=True)


def write_json(path: Path, data: object) -> None:
    """Write JSON atomically (the other process may read it at any time)."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2))
    tmp.replace(path)


ANY = "0.0.0.0"
"""Where hass binds its HTTP server and netwatch its listeners (scripts/demo_run.py)."""


def die_with_parent() -> None:
    """Have the kernel SIGTERM this child if the benchmark dies without cleaning up."""
    ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def connect(db: Path) -> contextlib.closing[sqlite3.Connection]:
    """Open the recorder database read-only (WAL lets hass keep writing meanwhile)."""
    return contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30))


def db_counts(db: Path) -> dict[str, int]:
    """Count the rows of the recorder tables."""
    with connect(db) as con:
        return {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}


def table_bytes(db: Path) -> dict[str, int]:
    """Return the bytes each recorder table uses on disk including its indexes (dbstat)."""
    with connect(db) as con:
        owner = dict(con.execute("SELECT name, tbl_name FROM sqlite_master"))
        sizes = Counter[str]()
        for name, size in con.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"):
            sizes[owner.get(name, name)] += size
    return {t: sizes[t] for t in TABLES}


def setup_hass(config: Path, port: int, netflow: int, syslog: int) -> tuple[Any, str, str]:
    """Start hass on a fresh config, onboard, add netwatch with GeoIP; return (proc, token, id)."""
    demo.write_config(config, port)
    yaml = (config / "configuration.yaml").read_text()
    extra = [f"{k}:\n" for k in ("recorder", "history", "diagnostics") if f"\n{k}:" not in yaml]
    (config / "configuration.yaml").write_text(yaml + "".join(extra))
    log(f"starting Home Assistant in {config} (output in {config}/console.log)")
    proc = subprocess.Popen(
        [sys.executable, "-m", "homeassistant", "-c", str(config)],
        stdout=(config / "console.log").open("wb"), stderr=subprocess.STDOUT,
        start_new_session=True, preexec_fn=die_with_parent,  # noqa: PLW1509
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    demo.wait_http(base, proc)
    token = demo.onboard(base)
    demo.confirm_http_settings(base, token)
    demo.configure_netwatch(base, token, netflow, syslog)
    entry_id = api(base, token, "config/config_entries/entry?domain=netwatch")[0]["entry_id"]
    flow = demo.http("POST", f"{base}/api/config/config_entries/options/flow",
                     {"handler": entry_id}, token)  # fmt: skip
    step = f"{base}/api/config/config_entries/options/flow/{flow['flow_id']}"
    demo.http("POST", step, {"next_step_id": "geoip"}, token)
    done = demo.http("POST", step, {"geoip_database": str(GEOIP_DB)}, token)
    if done.get("type") != "create_entry":
        sys.exit(f"the geoip options step did not finish: {done}")
    demo.wait_loaded(base, token)  # the options change reloads the entry
    while api(base, token, "config")["state"] != "RUNNING":  # start-up may still be finishing
        time.sleep(1)
    time.sleep(10)  # let start-up's rows reach the database (5 s commits) before counting
    log(f"netwatch configured (entry {entry_id}, GeoIP {GEOIP_DB.name}, NetFlow {netflow})")
    return proc, token, entry_id


def api(base: str, token: str, path: str) -> Any:
    """GET one of Home Assistant's REST endpoints."""
    return demo.http("GET", f"{base}/api/{path}", None, token)


def classify(unique_id: str, entry_id: str, diagnostic: bool) -> str:
    """Return "group/key" of a netwatch entity from its unique id."""
    rest = unique_id.removeprefix(f"{entry_id}_")
    for group in ("device", "country"):
        if rest.startswith(f"{group}_"):  # device_<address>_<key>, country_<cc>_<key>
            return f"{group}/{rest.split('_', 2)[2]}"
    if rest == "inbound_scan":
        return f"event/{rest}"
    return f"{'collector' if diagnostic else 'network'}/{rest}"


def registry(config: Path, entry_id: str) -> dict[str, tuple[str, bool]]:
    """Map netwatch entity ids to ("group/key", enabled) from the saved entity registry."""
    data = json.loads((config / ".storage" / "core.entity_registry").read_text())
    return {
        e["entity_id"]: (
            classify(e["unique_id"], entry_id, e["entity_category"] == "diagnostic"),
            not e["disabled_by"],
        )
        for e in data["data"]["entities"]
        if e["platform"] == "netwatch"
    }


def breakdown(db: Path, ents: dict[str, tuple[str, bool]], win: dict[str, Any]) -> dict[str, Any]:
    """Return the window's state rows per entity group, events per type, and statistic ids."""
    with connect(db) as con:
        per_entity = con.execute(
            "SELECT m.entity_id, COUNT(*) FROM states s JOIN states_meta m USING (metadata_id)"
            " WHERE s.last_updated_ts >= ? AND s.last_updated_ts < ? GROUP BY m.entity_id",
            (win["t0"], win["t1"]),
        ).fetchall()
        events = con.execute(
            "SELECT t.event_type, d.shared_data, e.time_fired_ts >= ? FROM events e"
            " LEFT JOIN event_types t USING (event_type_id) LEFT JOIN event_data d USING (data_id)"
            " WHERE e.time_fired_ts >= ? AND e.time_fired_ts < ?",
            (win["t0"], win["t_pre"], win["t1"]),
        ).fetchall()
        seen = con.execute("SELECT COUNT(DISTINCT metadata_id) FROM statistics_short_term")
        stat_ids = seen.fetchone()[0]
    groups: dict[str, dict[str, int]] = {}
    for name, enabled in ents.values():
        g = groups.setdefault(name, {"entities": 0, "enabled": 0, "rows": 0})
        g["entities"] += 1
        g["enabled"] += enabled
    for entity_id, rows in per_entity:
        name = ents[entity_id][0] if entity_id in ents else "other (not netwatch)"
        groups.setdefault(name, {"entities": 0, "enabled": 0, "rows": 0})["rows"] += rows
    kinds: dict[str, Counter[str]] = {"warmup": Counter(), "window": Counter()}
    for event_type, shared, in_window in events:
        sub = json.loads(shared or "{}").get("type") if event_type == "netwatch_event" else None
        kinds["window" if in_window else "warmup"][
            f"{event_type}:{sub}" if sub else event_type
        ] += 1
    return {"states": groups, "events": kinds, "short_term_ids": stat_ids}


def sample(proc: psutil.Process) -> tuple[float, int]:
    """Return (CPU seconds, RSS bytes) of hass."""
    times = proc.cpu_times()
    return times.user + times.system, proc.memory_info().rss


def read_status(path: Path) -> dict[str, Any]:
    """Return the sender's latest counters."""
    with contextlib.suppress(OSError, ValueError):
        return dict(json.loads(path.read_text()))
    return {}


def run_window(ctx: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    """Send traffic, print progress every 30 s; return the window's measurements."""
    db, base, token, entry_id = ctx["db"], ctx["base"], ctx["token"], ctx["entry_id"]
    hass, status = psutil.Process(ctx["proc"].pid), ctx["config"].parent / "sender.json"
    total = args.warmup + 60 * args.minutes
    win: dict[str, Any] = {"t_pre": time.time(), "pre": db_counts(db), "load": os.getloadavg()}
    ctx["sender"] = subprocess.Popen(
        [sys.executable, str(SENDER), str(ctx["netflow"]), str(ctx["syslog"]), "--seconds",
         str(total), "--rate", str(args.rate), "--syslog-rate", str(SYSLOG_PER_SECOND),
         "--status", str(status)], start_new_session=True,
        preexec_fn=die_with_parent,  # noqa: PLW1509
    )  # fmt: skip
    start = time.monotonic()
    log(f"traffic: {args.rate:,} flows/s + {SYSLOG_PER_SECOND} syslog lines/s for {total:.0f} s")
    time.sleep(args.warmup)
    win.update(t0=time.time(), c0=db_counts(db))
    cpu0, peak = sample(hass)
    log(f"warm-up done; measuring {args.minutes:g} min from here")
    while ctx["sender"].poll() is None:
        time.sleep(min(30.0, max(0.5, start + total - time.monotonic())))
        cpu, rss = sample(hass)
        peak = max(peak, rss)
        got = api(base, token, f"diagnostics/config_entry/{entry_id}")
        sent = read_status(status)
        rows = db_counts(db)["states"] - win["c0"]["states"]
        log(f"{time.monotonic() - start:4.0f}/{total:.0f} s  sent {sent.get('flows', 0):,} flows"
            f"  netwatch decoded {got['data']['stats']['flows']:,}  states +{rows:,} in window"
            f"  hass CPU (avg) {100 * (cpu - cpu0) / (time.time() - win['t0']):.0f}%"
            f"  RSS {rss >> 20} MiB")  # fmt: skip
    cpu, rss = sample(hass)
    win.update(cpu_percent=100 * (cpu - cpu0) / (time.time() - win["t0"]), rss=rss, peak=peak)
    time.sleep(6)  # the recorder commits every 5 s
    win.update(t1=time.time(), c1=db_counts(db), sent=read_status(status))
    win["netwatch"] = api(base, token, f"diagnostics/config_entry/{entry_id}")["data"]["stats"]
    win["state_class"] = [
        s["entity_id"] for s in api(base, token, "states") if "state_class" in s["attributes"]
    ]
    return win


def summarise(
    win: dict[str, Any], detail: dict[str, Any], args: argparse.Namespace
) -> dict[str, Any]:
    """Turn the counts into per-hour rows and megabytes, plus entity and traffic figures."""
    hours = (win["t1"] - win["t0"]) / 3600
    stat_ids = len(win["state_class"])  # one statistic per entity with a state_class
    per_hour = {"statistics_short_term": 12 * stat_ids, "statistics": stat_ids}
    tables = {}
    for t in TABLES:
        window = win["c1"][t] - win["c0"][t]
        rate = per_hour.get(t, round(window / hours))
        # An empty table (no hourly statistics yet) costs what its twin table costs per row.
        twin = t if detail["rows"][t] else "statistics_short_term"
        size = detail["bytes"][twin] / max(detail["rows"][twin], 1)
        tables[t] = {
            "warmup": win["c0"][t] - win["pre"][t],
            "window": window,
            "per_hour": rate,
            "bytes_per_row": round(size),
            "mb_per_hour": round(rate * size / 1e6, 3),
        }
    for g in detail["states"].values():
        g["per_hour"] = round(g["rows"] / hours)
    ents = detail["entities"]
    purged = [v for t, v in tables.items() if t != "statistics"]
    return {
        "command": "scripts/rig run python benchmarks/recorder_rows.py " + " ".join(sys.argv[1:]),
        "machine": {
            "nproc": os.cpu_count(),
            "cpu_model": cpu_model(),
            "python": sys.version.split()[0],
            "loadavg_start": [round(x, 1) for x in win["load"]],
            "loadavg_end": [round(x, 1) for x in os.getloadavg()],
        },
        "offered": {
            "flows_per_second": args.rate,
            "syslog_per_second": SYSLOG_PER_SECOND,
            "warmup_s": args.warmup,
            "window_s": round(win["t1"] - win["t0"], 1),
        },
        "recorder": tables,
        "mb_per_hour": round(sum(v["mb_per_hour"] for v in tables.values()), 2),
        # HA purges all but the hourly statistics after purge_keep_days (default 10).
        "mb_after_10_days": round(240 * sum(v["mb_per_hour"] for v in purged), 1),
        "statistics_mb_per_year": round(8760 * tables["statistics"]["mb_per_hour"], 1),
        "statistic_ids": {
            "state_class_entities": stat_ids,
            "seen_in_short_term": detail["short_term_ids"],
        },
        "entities": {"total": len(ents), "enabled": sum(e for _, e in ents.values())},
        "states_by_entity": dict(sorted(detail["states"].items(), key=lambda kv: -kv[1]["rows"])),
        "events_by_type": {k: dict(v.most_common()) for k, v in detail["events"].items()},
        "hass": {
            "cpu_percent_of_one_core": round(win["cpu_percent"], 1),
            "rss_mib": win["rss"] >> 20,
            "peak_rss_mib": win["peak"] >> 20,
        },
        "traffic": traffic(win["sent"], win["netwatch"]),
    }


def traffic(sent: dict[str, Any], got: dict[str, Any]) -> dict[str, Any]:
    """Compare what the sender offered with what netwatch counted (diagnostics)."""
    return {
        "sent_flows": sent.get("flows", 0),
        "sent_datagrams": sent.get("datagrams", 0),
        "sent_syslog_lines": sent.get("syslog_lines", 0),
        "sender_seconds": round(sent.get("seconds", 0), 1),
        "netwatch_flows": got["flows"],
        "netwatch_datagrams": got["netflow"]["datagrams"],
        "kernel_drops": got["netflow"]["kernel_drops"],
        "firewall_events": got["firewall_events"],
        "flow_loss": round(1 - got["flows"] / max(sent.get("flows", 0), 1), 4),
    }


def cpu_model() -> str:
    """Return the CPU model name from /proc/cpuinfo."""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown"


def report(res: dict[str, Any]) -> None:
    """Print the results as tables."""
    m, off, tr, h, e = (res[k] for k in ("machine", "offered", "traffic", "hass", "entities"))
    print(
        f"\n$ {res['command']}\nmachine: {m['nproc']} cores, {m['cpu_model']}, Python "
        f"{m['python']}, load average {m['loadavg_start']} -> {m['loadavg_end']}\n"
        f"offered: {off['flows_per_second']:,} "
        f"flows/s + {off['syslog_per_second']} syslog lines/s; window {off['window_s']} s "
        f"after a {off['warmup_s']:g} s warm-up\n"
    )
    print(
        f"{'recorder table':<23}{'warm-up':>9}{'window':>9}{'rows/hour':>11}{'B/row':>7}"
        f"{'MB/hour':>9}  rows/hour from"
    )
    for t, v in res["recorder"].items():
        how = {"statistics_short_term": "12 x statistic ids", "statistics": "1 x statistic ids"}
        print(
            f"{t:<23}{v['warmup']:>9,}{v['window']:>9,}{v['per_hour']:>11,}"
            f"{v['bytes_per_row']:>7}{v['mb_per_hour']:>9}  {how.get(t, 'window, linear')}"
        )
    ids = res["statistic_ids"]
    print(
        f"{'total':<59}{res['mb_per_hour']:>9}  statistic ids: {ids['state_class_entities']} "
        f"(entities with a state_class; {ids['seen_in_short_term']} in short-term so far)"
    )
    print(
        f"kept 10 days (purge_keep_days): {res['mb_after_10_days']} MB; hourly statistics "
        f"(kept forever): {res['statistics_mb_per_year']} MB/year\n"
    )
    print(f"netwatch entities: {e['total']} ({e['enabled']} enabled)")
    print(
        f"{'state rows by group/key':<34}{'entities':>9}{'enabled':>8}{'window':>8}"
        f"{'rows/h':>9}{'/h/enabled':>11}"
    )
    for name, g in res["states_by_entity"].items():
        per = g["per_hour"] / g["enabled"] if g["enabled"] else 0
        print(
            f"{name:<34}{g['entities']:>9}{g['enabled']:>8}{g['rows']:>8,}{g['per_hour']:>9,}"
            f"{per:>11,.0f}"
        )
    for part, kinds in res["events_by_type"].items():
        print(f"events ({part}): " + (", ".join(f"{k} {v}" for k, v in kinds.items()) or "none"))
    print("  (the scan detector caps scan_detected at 20 an hour plus one scan_summary: the event")
    print("  entity's rows and the events above do not grow linearly past that cap)")
    print(
        f"hass: CPU {h['cpu_percent_of_one_core']}% of one core over the window, RSS "
        f"{h['rss_mib']} MiB (peak {h['peak_rss_mib']} MiB)\ntraffic: sent {tr['sent_flows']:,} "
        f"flows in {tr['sent_datagrams']:,} datagrams ({tr['sender_seconds']} s) and "
        f"{tr['sent_syslog_lines']:,} syslog lines; netwatch decoded {tr['netwatch_flows']:,} "
        f"flows from {tr['netwatch_datagrams']:,} datagrams (loss {tr['flow_loss']:.2%}, kernel "
        f"drops {tr['kernel_drops']:,}) and {tr['firewall_events']:,} firewall events"
    )
    print(f"written to {RESULTS.relative_to(PROJECT)}")


def stop(proc: subprocess.Popen[bytes] | None, name: str, timeout: float) -> None:
    """Terminate a child we started and wait for it (kill after `timeout`)."""
    if proc is None or proc.poll() is not None:
        return
    log(f"stopping {name}")
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def main() -> int:
    """Run the benchmark once."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=5.0, help="measured window")
    parser.add_argument("--warmup", type=float, default=30.0, help="seconds before the window")
    parser.add_argument("--rate", type=int, default=10_000, help="offered flows per second")
    args = parser.parse_args()
    # Both run the finally below; SIGINT explicitly, as a background start may have ignored it.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, signal.default_int_handler)
    config = demo.CACHE / "bench-recorder" / "config"
    ctx: dict[str, Any] = {"config": config, "db": config / "home-assistant_v2.db",
                           "netflow": free_port(tcp=False, host=ANY),
                           "syslog": free_port(host=ANY)}  # fmt: skip
    port = free_port(udp=False, host=ANY)
    ctx["base"] = f"http://127.0.0.1:{port}"
    try:
        ctx["proc"], ctx["token"], ctx["entry_id"] = setup_hass(
            config, port, ctx["netflow"], ctx["syslog"]
        )
        win = run_window(ctx, args)
        stop(ctx.pop("proc"), "Home Assistant", 90)  # saves the entity registry, last commit
        ents = registry(config, ctx["entry_id"])
        detail = breakdown(ctx["db"], ents, win)
        detail.update(entities=ents, bytes=table_bytes(ctx["db"]), rows=db_counts(ctx["db"]))
        win["state_class"] = [x for x in win["state_class"] if x in ents]
        res = summarise(win, detail, args)
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        write_json(RESULTS, res)
        report(res)
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    finally:
        stop(ctx.get("sender"), "the sender", 10)
        stop(ctx.get("proc"), "Home Assistant", 90)
    return 0


if __name__ == "__main__":
    sys.exit(main())
