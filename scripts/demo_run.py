"""Run a real Home Assistant with netwatch configured and live demo traffic (inside the rig).

Started by scripts/demo. Steps: fresh config dir -> hass -> onboarding through HA's own HTTP API
(user demo / netwatch-demo) -> a netwatch entry through the real config flow -> a dashboard with
the netwatch card -> 24 h of history made by the real engine (scripts/demo_seed.py; --no-history
skips it) -> then, until interrupted, softflowd replays the test pcap to the NetFlow port
and `logger` sends firewall lines to the syslog port.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("NETWATCH_CACHE", Path.home() / ".cache" / "netwatch"))
PCAP = PROJECT / "tests" / "data" / "netflow" / "softflowd" / "synthetic.pcap"
USER, PASSWORD = "demo", "netwatch-demo"
DEMO_MAC = "00:11:22:33:44:55:66:77:88:99:aa:bb:08:00"

# Firewall lines in the vendors' documented shapes; sources from the MaxMind test ranges so the
# test GeoIP database gives countries, targets in the documentation ranges the demo treats as home.
SCANNERS = [
    ("81.2.69.142", "GB"),
    ("216.160.83.56", "US"),
    ("89.160.20.112", "SE"),
    ("175.16.199.10", "CN"),
    ("67.43.156.7", "BT"),
    ("202.196.224.5", "PH"),
]
SCAN_PORTS = [(23, "TCP"), (80, "TCP"), (3389, "TCP"), (8080, "TCP"), (53413, "UDP"), (22, "TCP")]
# The test pcap talks to documentation addresses: treat them as the demo's home.
HOME_NETWORKS = (
    "192.168.0.0/16",
    "10.0.0.0/8",
    "172.16.0.0/12",
    "fd00::/8",
    "192.0.2.0/24",
    "198.51.100.0/24",
    "2001:db8::/32",
)


def log(msg: str) -> None:
    """Print a progress line."""
    print(f"[demo] {msg}", flush=True)


def http(
    method: str, url: str, body: Any = None, token: str | None = None, form: bool = False
) -> Any:
    """Send one HTTP request to Home Assistant and decode the JSON answer."""
    headers = {}
    data = None
    if body is not None:
        if form:
            data = urllib.parse.urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        else:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(url, data=data, headers=headers, method=method)
    with urllib.request.urlopen(req, timeout=30) as resp:
        raw = resp.read()
    return json.loads(raw) if raw else None


def write_config(config: Path, port: int) -> None:
    """Write a minimal configuration with the frontend, history and netwatch linked in."""
    if config.exists():
        shutil.rmtree(config)
    (config / "custom_components").mkdir(parents=True)
    (config / "custom_components" / "netwatch").symlink_to(
        PROJECT / "custom_components" / "netwatch"
    )
    (config / "configuration.yaml").write_text(
        "homeassistant:\n  name: netwatch demo\n  time_zone: UTC\n  country: GB\n"
        "  unit_system: metric\n  currency: EUR\n"
        f"http:\n  server_host: 0.0.0.0\n  server_port: {port}\n"
        "frontend:\nconfig:\nhistory:\nlogbook:\nautomation: !include automations.yaml\n"
        "logger:\n  default: warning\n  logs:\n    custom_components.netwatch: info\n"
    )
    (config / "automations.yaml").write_text("[]\n")


def wait_http(base: str, proc: subprocess.Popen[bytes], timeout: float = 300) -> None:
    """Wait until Home Assistant answers on HTTP."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(
                "Home Assistant exited during start-up; see the log above (is the HTTP port free?"
                " NETWATCH_DEMO_PORT=8124 scripts/demo picks another) and rerun scripts/demo"
            )
        try:
            http("GET", f"{base}/api/onboarding")
        except urllib.error.URLError, ConnectionError, TimeoutError:
            time.sleep(1)
        else:
            return
    sys.exit(f"Home Assistant did not answer on {base} within {timeout:.0f}s; see its log above")


def onboard(base: str) -> str:
    """Create the demo user and finish onboarding; return an access token."""
    client_id = f"{base}/"
    res = http(
        "POST",
        f"{base}/api/onboarding/users",
        {
            "client_id": client_id,
            "name": "Demo",
            "username": USER,
            "password": PASSWORD,
            "language": "en",
        },
    )
    tokens = http(
        "POST",
        f"{base}/auth/token",
        {
            "grant_type": "authorization_code",
            "code": res["auth_code"],
            "client_id": client_id,
        },
        form=True,
    )
    token: str = tokens["access_token"]
    http("POST", f"{base}/api/onboarding/core_config", {}, token)
    http("POST", f"{base}/api/onboarding/analytics", {}, token)
    http(
        "POST",
        f"{base}/api/onboarding/integration",
        {"client_id": client_id, "redirect_uri": f"{base}/?auth_callback=1"},
        token,
    )
    return token


async def _ws_command(base: str, token: str, command: dict[str, Any]) -> Any:
    """Send one websocket command to Home Assistant and return its result."""
    import aiohttp

    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(f"{base}/api/websocket") as ws,
    ):
        await ws.receive_json()  # auth_required
        await ws.send_json({"type": "auth", "access_token": token})
        if (await ws.receive_json()).get("type") != "auth_ok":
            sys.exit("Home Assistant refused the demo's access token")
        await ws.send_json({"id": 1, **command})
        return await ws.receive_json()


def confirm_http_settings(base: str, token: str) -> None:
    """Keep the demo's port: HA 2026 asks to confirm HTTP settings taken from YAML."""
    answer = asyncio.run(_ws_command(base, token, {"type": "http/config/promote"}))
    if not answer.get("success"):
        log(f"HTTP settings not confirmed ({answer.get('error')}); the UI may ask once")


def configure_netwatch(base: str, token: str, netflow: int, syslog: int) -> None:
    """Add netwatch through its real config flow, as the UI would."""
    flow = http("POST", f"{base}/api/config/config_entries/flow", {"handler": "netwatch"}, token)
    result = http(
        "POST",
        f"{base}/api/config/config_entries/flow/{flow['flow_id']}",
        {
            "bind_address": "0.0.0.0",
            "netflow_port": netflow,
            "syslog_port": syslog,
            "syslog_tcp": True,
            "home_networks": list(HOME_NETWORKS),
            "allowed_senders": [
                "127.0.0.0/8",
                "::1/128",
                "10.0.0.0/8",
                "172.16.0.0/12",
                "192.168.0.0/16",
            ],
            "dashboard": True,  # the Network page in the sidebar (the config flow asks)
        },
        token,
    )
    if result.get("type") != "create_entry":
        errors = result.get("errors") or {}
        hint = (
            " (a port is taken: pass --netflow-port/--syslog-port with free ports)"
            if "address_in_use" in errors.values()
            else ""
        )
        sys.exit(f"the netwatch config flow did not finish: {errors or result}{hint}")
    wait_loaded(base, token)


def wait_loaded(base: str, token: str, timeout: float = 120) -> None:
    """Wait until the netwatch entry is loaded (the card script is registered by then)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        entries = http(
            "GET", f"{base}/api/config/config_entries/entry?domain=netwatch", token=token
        )
        if entries and all(e["state"] == "loaded" for e in entries):
            return
        time.sleep(0.5)
    sys.exit("netwatch did not finish loading; see the Home Assistant log above")


def configure_geoip(base: str, token: str) -> None:
    """Point netwatch at the demo's country database through the options flow."""
    entries = http("GET", f"{base}/api/config/config_entries/entry?domain=netwatch", token=token)
    database = CACHE / "geoip" / "dbip-country.mmdb"
    if not entries or not database.exists():
        log("no country database: the demo runs without countries")
        return
    flow = http(
        "POST",
        f"{base}/api/config/config_entries/options/flow",
        {"handler": entries[0]["entry_id"]},
        token,
    )
    url = f"{base}/api/config/config_entries/options/flow/{flow['flow_id']}"
    http("POST", url, {"next_step_id": "geoip"}, token)
    http("POST", url, {"geoip_database": str(database), "geoip_download": False}, token)
    wait_loaded(base, token)  # the options change reloads the entry
    log(f"countries from {database.name} (IP Geolocation by DB-IP, CC BY 4.0)")


def _history_coverage(panels: dict[str, Any]) -> tuple[int, int, int]:
    """Return minutes with flows or drops: in the whole 24 h range, its first and last hour."""
    columns = [s["counts"] for s in panels["outbound_destinations"]["series"]]
    columns.append(panels["inbound_drops"]["counts"])
    busy = [any(column[i] for column in columns) for i in range(len(panels["buckets"]))]
    return sum(busy), sum(busy[:60]), sum(busy[-60:])


def seed_history(base: str, token: str, config: Path) -> None:
    """Give netwatch a realistic day of history (scripts/demo_seed.py) under the live traffic."""
    import demo_seed

    entries = http("GET", f"{base}/api/config/config_entries/entry?domain=netwatch", token=token)
    entry_id = entries[0]["entry_id"]
    log("building 24 h of history with the engine; netwatch is disabled meanwhile (--no-history)")
    # The unload that disabling does saves the entry's store, so the file is written before ours
    # and not after it; the seed keeps what that save held (counters, flow templates).
    disable = {"type": "config_entries/disable", "entry_id": entry_id}
    answer = asyncio.run(_ws_command(base, token, {**disable, "disabled_by": "user"}))
    try:
        if answer.get("success") and not answer["result"].get("require_restart"):
            demo_seed.seed_entry(config, entry_id, HOME_NETWORKS, log)
        else:
            log(f"could not disable netwatch to seed its history ({answer}); the demo starts empty")
    finally:
        asyncio.run(_ws_command(base, token, {**disable, "disabled_by": None}))
    wait_loaded(base, token)
    answer = asyncio.run(_ws_command(base, token, {"type": "netwatch/panels", "range": "24h"}))
    busy, first, last = _history_coverage(answer.get("result") or {"buckets": []})
    log(
        f"history loaded: {busy} of 1440 minutes of the 24 h range have data "
        f"(first hour {first}/60, last hour {last}/60)"
    )


def firewall_lines(rng: random.Random) -> list[tuple[str, str]]:
    """Return (tag, message) pairs: denied inbound scans and allowed outbound traffic."""
    lines = []
    for _ in range(rng.randint(4, 10)):
        src, _country = rng.choice(SCANNERS)
        port, proto = rng.choice(SCAN_PORTS)
        tail = " WINDOW=1024 RES=0x00 SYN URGP=0" if proto == "TCP" else " LEN=40"
        lines.append(
            (
                "kernel",
                f"[UFW BLOCK] IN=eth0 OUT= MAC={DEMO_MAC} SRC={src} DST=192.0.2.10 LEN=60 TOS=0x00"
                f" PREC=0x00 TTL=50 ID=1234 PROTO={proto} SPT={rng.randint(1024, 65535)}"
                f" DPT={port}{tail}",
            )
        )
    lines.extend(
        (
            "filterlog",
            "5,,,1000000103,igb1,match,pass,out,4,0x0,,64,0,0,DF,17,udp,60,192.0.2.10,8.8.8.8,"
            f"{rng.randint(1024, 65535)},53,40",
        )
        for _ in range(rng.randint(1, 4))
    )
    return lines


def traffic_loop(netflow: int, syslog: int, stop: list[bool]) -> None:
    """Replay the pcap with softflowd and send firewall lines with logger until stopped."""
    rng = random.Random()
    rounds = 0
    while not stop[0]:
        version = ("9", "10", "5")[rounds % 3]
        subprocess.run(
            [
                "softflowd",
                "-r",
                str(PCAP),
                "-n",
                f"127.0.0.1:{netflow}",
                "-v",
                version,
                "-6",
                "-d",
                "-c",
                "none",
                "-p",
                "/tmp/netwatch-demo-softflowd.pid",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=60,
            check=False,
        )
        for tag, msg in firewall_lines(rng):
            subprocess.run(
                ["logger", "-n", "127.0.0.1", "-P", str(syslog), "-d", "--rfc3164", "-t", tag, msg],
                check=False,
                timeout=10,
            )
        rounds += 1
        if rounds == 1 or rounds % 10 == 0:
            log(f"traffic round {rounds}: pcap exported as NetFlow v{version}, firewall lines sent")
        for _ in range(50):
            if stop[0]:
                break
            time.sleep(0.1)


def main() -> int:
    """Run the demo until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--port", type=int, default=int(os.environ.get("NETWATCH_DEMO_PORT", "8123"))
    )
    parser.add_argument("--netflow-port", type=int, default=2055)
    parser.add_argument("--syslog-port", type=int, default=5514)
    parser.add_argument(
        "--no-history",
        action="store_true",
        help="start with empty counters instead of 24 h of generated history",
    )
    args = parser.parse_args()
    base = f"http://127.0.0.1:{args.port}"
    # One folder per HTTP port: demos of other checkouts sharing the cache keep their own config.
    config = CACHE / f"demo-{args.port}" / "config"
    ready_file = CACHE / f"demo-{args.port}" / "ready"
    ready_file.unlink(missing_ok=True)
    write_config(config, args.port)
    log(f"starting Home Assistant in {config} (first start takes ~30 s)")
    hass = subprocess.Popen([sys.executable, "-m", "homeassistant", "-c", str(config)])
    stop = [False]

    def _stop(*_: object) -> None:
        stop[0] = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    try:
        wait_http(base, hass)
        log("onboarding (user, location, analytics) through Home Assistant's API")
        token = onboard(base)
        confirm_http_settings(base, token)
        configure_netwatch(base, token, args.netflow_port, args.syslog_port)
        log("netwatch configured through its config flow")
        configure_geoip(base, token)
        if not args.no_history:
            seed_history(base, token, config)
        ready_file.write_text(base)
        print(
            f"\n  netwatch demo is ready: {base}\n  login: {USER} / {PASSWORD}\n"
            f"  NetFlow on udp/{args.netflow_port}, syslog on udp+tcp/{args.syslog_port}\n"
            "  Ctrl-C stops everything.\n",
            flush=True,
        )
        traffic_loop(args.netflow_port, args.syslog_port, stop)
    finally:
        log("stopping Home Assistant")
        ready_file.unlink(missing_ok=True)
        hass.terminate()
        try:
            hass.wait(timeout=60)
        except subprocess.TimeoutExpired:
            hass.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
