"""Summaries and the printed table of benchmarks/adversary.py."""

from __future__ import annotations

from typing import Any

from adversary_run import stats_of


def _exporter(diag: dict[str, Any], src: str) -> dict[str, Any]:
    exporters: dict[str, Any] = diag.get("flow_decoder", {}).get("exporters", {})
    return exporters.get(src) or {}


def _pct(part: float, whole: float) -> float | None:
    return round(100 * part / whole, 2) if whole else None


def _log_summary(lines: dict[str, int]) -> dict[str, Any]:
    return {
        "lines": sum(lines.values()),
        "reasons": len(lines),
        "max_per_reason": max(lines.values(), default=0),
        "by_reason": dict(list(lines.items())[:12]),
    }


def _good(raw: dict[str, Any], attackers: list[str]) -> dict[str, Any]:
    """Compare what the good senders sent with what netwatch counted."""
    before, after = raw["before"], raw["after"]
    b, a = stats_of(before), stats_of(after)
    attack_flows = sum(
        _exporter(after, s).get("flows", 0) - _exporter(before, s).get("flows", 0)
        for s in attackers
    )
    out: dict[str, Any] = {}
    for status in raw["senders"]["good"]:
        if not status:
            continue
        if status["kind"] == "good_v9":
            counted = a.get("flows", 0) - b.get("flows", 0) - attack_flows
            out["flows"] = {
                "sent": status.get("flows", 0),
                "counted": counted,
                "percent": _pct(counted, status.get("flows", 0)),
                "exporter_at_end": _exporter(after, status["src"]),
            }
        else:  # good_syslog or tcp_good: every line is a firewall event
            counted = a.get("firewall_events", 0) - b.get("firewall_events", 0)
            sent = status.get("lines", 0) + status.get("lost_lines", 0)  # tcp_good: offered
            out["lines"] = {
                "kind": status["kind"],
                "sent": sent,
                "counted": counted,
                "percent": _pct(counted, sent),
            }
            if status["kind"] == "tcp_good":
                out["lines"]["client"] = status
    return out


def summarise(name: str, raw: dict[str, Any]) -> dict[str, Any]:
    """Reduce one attack window's raw measurements to what the report shows."""
    attack = [s for s in raw["senders"]["attack"] if s]
    hass = raw["hass"]
    t = raw["t"]
    window = t["settled"] - t["attack"]
    above = hass["cpu_attack_s"] - hass["cpu_baseline_percent"] / 100 * window
    sent = sum(s.get("datagrams", 0) for s in attack)
    res: dict[str, Any] = {
        "latency": raw["latency"],
        "hass": hass,
        "machine": raw["machine"],
        "seconds": {
            "attack": round(t["attack_end"] - t["attack"], 1),
            "drain": round(t["settled"] - t["attack_end"], 1),
        },
        "attack_senders": attack,
        "attack_datagrams": sent,
        "cpu_us_per_attack_datagram": round(1e6 * above / sent, 1) if sent else None,
        "good": _good(raw, [s["src"] for s in attack if s.get("src", "0.0.0.0") != "0.0.0.0"]),
        "kernel_drops": raw["kernel_drops"],
        "log": _log_summary(raw["log_lines"]),
        "diagnostics_delta": raw["diagnostics_delta"],
    }
    if "tcp_sensors" in raw:
        delta = raw["diagnostics_delta"]
        tcp_keys = {k: v for k, v in delta.items() if "tcp" in k}
        sensors = raw["tcp_sensors"]
        words = ("refus", "reject", "limit", "idle")
        res["tcp"] = {
            "diagnostics": tcp_keys,
            "sensors": sensors,
            "refusals_in_diagnostics": any(w in k for k in tcp_keys for w in words),
            "refusals_in_sensors": any(
                v != sensors["before"].get(e) and "tcp" in e and any(w in e for w in words)
                for e, v in sensors["after"].items()
            ),
        }
    return res


def _lat(lat: dict[str, Any]) -> str:
    if not lat.get("probes"):
        return "-"
    return f"{lat['p50_ms']:.0f}/{lat['p99_ms']:.0f}/{lat['max_ms']:.0f}"


def _row(name: str, r: dict[str, Any]) -> str:
    lat, good = r["latency"], r["good"]
    fails = sum(lat[p].get("failed", 0) + lat[p].get("timed_out", 0) for p in lat)
    flows = good.get("flows", {}).get("percent")
    lines = good.get("lines", {}).get("percent")
    lg = r["log"]
    return (
        f"{name:<16}{_lat(lat['baseline']):>14}{_lat(lat['attack']):>20}"
        f"{lat['attack'].get('over_250ms_s', 0):>8.1f}{lat['drain'].get('max_ms', 0):>9.0f}"
        f"{fails:>6}{r['hass']['cpu_attack_percent']:>7.0f}"
        f"{r['hass']['rss_peak_mib']:>6}{flows if flows is not None else '-':>9}"
        f"{lines if lines is not None else '-':>9}{lg['lines']:>7}/{lg['max_per_reason']}"
    )


def _notes(name: str, r: dict[str, Any]) -> list[str]:
    m = r["machine"]
    out = [
        f"machine: load {m['load_1min_at_attack']} at the start, all cores "
        f"{m['busy_percent']} % busy"
    ]
    if r.get("cpu_us_per_attack_datagram") is not None:
        out.append(
            f"{r['attack_datagrams']:,} attack datagrams, "
            f"{r['cpu_us_per_attack_datagram']} us of hass CPU each (above baseline)"
        )
    flows = r["good"].get("flows")
    if flows:
        exp = flows["exporter_at_end"]
        out.append(
            f"good v9: {flows['counted']:,} of {flows['sent']:,} flows counted; its "
            f"exporter state at the end: {exp.get('templates', 'gone')} templates, "
            f"{exp.get('flows', '-')} flows"
        )
    if "tcp" in r:
        client = r["good"].get("lines", {}).get("client", {})
        out.append(
            f"good TCP sender: {client.get('connects', 0)} connects, "
            f"{client.get('refused', 0)} refused, {client.get('closed_by_server', 0)} "
            f"closed by netwatch; refusals in diagnostics: "
            f"{r['tcp']['refusals_in_diagnostics']}, in sensors: "
            f"{r['tcp']['refusals_in_sensors']}; TCP diagnostics that changed: "
            f"{r['tcp']['diagnostics'] or 'none'}"
        )
        holder = r["attack_senders"][0] if r["attack_senders"] else {}
        out.append(f"holder: {holder}")
    drops = {p: d for p, d in r["kernel_drops"].items() if d}
    if drops:
        out.append(f"kernel drops by port: {drops}")
    out.extend(f"log x{n}: {reason}" for reason, n in list(r["log"]["by_reason"].items())[:4])
    return [f"    {line}" for line in out]


def report(out: dict[str, Any]) -> None:
    """Print the results."""
    m, res = out["machine"], out["results"]
    print(
        f"\n$ {out['command']}\nnetwatch from {out['project']} ({out['commit']}); "
        f"{m['nproc']} cores, load average {m['loadavg_start']} -> {m['loadavg_end']}, "
        f"{m['minutes']} min\n"
    )
    print(
        "HTTP GET /api/ latency in ms (p50/p99/max); stall s = seconds spent in probes slower "
        "than 250 ms during the attack;\ndrain = max ms while the backlog drains; fail = failed "
        "or timed-out probes; CPU in % of one core from attack start\nto drained; good = % of "
        "good flows / lines counted; log = netwatch log lines / the most for one reason"
    )
    print(
        f"{'attack':<16}{'baseline':>14}{'attack':>20}{'stall s':>8}{'drain':>9}{'fail':>6}"
        f"{'CPU%':>7}{'RSS':>6}{'flows%':>9}{'lines%':>9}{'log':>9}"
    )
    for name, r in res.items():
        if name in ("good_rate", "load", "restart"):
            continue
        print(_row(name, r))
        print("\n".join(_notes(name, r)))
    if "good_rate" in res:
        print("\ngood v9 during a template flood (1,500 datagrams/s x 170 templates):")
        print(
            f"{'offered/s':>10}{'sent':>12}{'counted %':>11}{'kernel drops':>14}{'queue drops':>13}"
            f"{'attack latency':>20}{'CPU%':>7}"
        )
        for r in res["good_rate"]:
            flows = r["good"].get("flows", {})
            drops = sum(r["kernel_drops"].values())
            queue = r["diagnostics_delta"].get("stats.netflow.queue_drops", 0)
            print(
                f"{r['offered_flows_per_s']:>10,}{flows.get('sent', 0):>12,}"
                f"{flows.get('percent') or 0:>11}{drops:>14,}{queue:>13,.0f}"
                f"{_lat(r['latency']['attack']):>20}{r['hass']['cpu_attack_percent']:>7.0f}"
            )
    if "load" in res:
        print("\ngood v9 alone (no attack): Home Assistant's latency and CPU at each rate:")
        print(
            f"{'offered/s':>10}{'sent':>12}{'counted %':>11}{'kernel drops':>14}"
            f"{'latency ms p50/p99/max':>25}{'CPU%':>7}{'netwatch µs/flow':>18}"
        )
        loads = res["load"]
        idle = [r["hass"]["cpu_attack_percent"] for r in loads if not r["offered_flows_per_s"]]
        for r in res["load"]:
            flows, rate = r["good"].get("flows", {}), r["offered_flows_per_s"]
            cpu = r["hass"]["cpu_attack_percent"]
            # CPU above the idle run (rate 0), per flow counted: what the flows themselves cost.
            counted = rate * (flows.get("percent") or 0) / 100
            per_flow = f"{(cpu - idle[0]) * 1e4 / counted:.1f}" if idle and counted else "-"
            print(
                f"{rate:>10,}{flows.get('sent', 0):>12,}"
                f"{flows.get('percent') or 0:>11}{sum(r['kernel_drops'].values()):>14,}"
                f"{_lat(r['latency']['attack']):>25}{cpu:>7.1f}{per_flow:>18}"
            )
    if "restart" in res:
        term, kill = res["restart"]["sigterm"], res["restart"]["sigkill"]
        print(
            f"\nSIGTERM restart: {term['counters_compared']} diagnostics counters and "
            f"{term['sensors_compared']} sensors compared; changed: counters "
            f"{term['counters_changed'] or 'none'}; sensors {term['sensors_changed'] or 'none'}"
        )
        print(
            f"SIGKILL after {kill['window_s']} s of traffic: storage written at "
            f"{kill['saves_seen'] or 'no time'} s into it, {kill['store_age_at_kill_s']} s old "
            f"at the kill; lost {kill['flows_lost']:,} flows = {kill['flows_lost_seconds']} s, "
            f"{kill['firewall_events_lost']:,} firewall events = "
            f"{kill['firewall_events_lost_seconds']} s (diagnostics), network denied_inbound "
            f"{kill['denied_inbound_lost']} = {kill['denied_inbound_lost_seconds']} s (saved "
            f"total); total_increasing sensors that went "
            f"down: {kill['sensors_down'] or 'none'}"
        )
