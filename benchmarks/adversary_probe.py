"""HTTP latency probe for benchmarks/adversary.py: a cheap authenticated request every 10 ms.

    python benchmarks/adversary_probe.py BASE_URL TOKEN_FILE OUT.json --seconds S

Runs as its own process so that its timing does not depend on the orchestrator. One keep-alive
connection to Home Assistant sends `GET /api/` (answered by HA's event loop, no I/O behind it)
every --interval seconds; a request that has not finished after --timeout seconds counts as timed
out and the connection is opened again. Requests never overlap: while HA stalls, the next request
waits for the current one, so a stall shows as one long request rather than many. Writes
[[start epoch s, latency s, outcome], ...] with outcome "ok", "error" or "timeout".
"""

from __future__ import annotations

import argparse
import http.client
import json
import signal
import sys
import time
import urllib.parse
from pathlib import Path


def main() -> int:
    """Probe until --seconds are up or SIGTERM, then write the samples."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("base")
    p.add_argument("token_file", type=Path)
    p.add_argument("out", type=Path)
    p.add_argument("--seconds", type=float, default=120.0)
    p.add_argument("--interval", type=float, default=0.01)
    p.add_argument("--timeout", type=float, default=15.0)
    args = p.parse_args()
    url = urllib.parse.urlsplit(args.base)
    headers = {"Authorization": f"Bearer {args.token_file.read_text().strip()}"}
    samples: list[tuple[float, float, str]] = []
    stop = [False]
    signal.signal(signal.SIGTERM, lambda *_: stop.__setitem__(0, True))
    conn: http.client.HTTPConnection | None = None
    deadline = time.monotonic() + args.seconds
    next_at = time.monotonic()
    while not stop[0] and time.monotonic() < deadline:
        if conn is None:
            conn = http.client.HTTPConnection(url.hostname, url.port, timeout=args.timeout)
        started, t0 = time.time(), time.monotonic()
        outcome = "ok"
        try:
            conn.request("GET", "/api/", headers=headers)
            resp = conn.getresponse()
            resp.read()
            if resp.status != 200:
                outcome = "error"
        except TimeoutError:
            outcome = "timeout"
        except OSError, http.client.HTTPException:
            outcome = "error"
        if outcome != "ok":
            conn.close()
            conn = None
        samples.append((round(started, 4), round(time.monotonic() - t0, 5), outcome))
        next_at = max(next_at + args.interval, time.monotonic())
        time.sleep(max(0.0, next_at - time.monotonic()))
    tmp = args.out.with_suffix(".tmp")
    tmp.write_text(json.dumps(samples))
    tmp.replace(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
