"""CPU per flow of the whole engine in a bare asyncio loop, fed over UDP at a steady rate.

Command (from the project root, in the test rig):
    scripts/rig run python benchmarks/engine_loop.py [--rates 10000 100000] [--seconds 8]
    scripts/rig run env NETWATCH_CODE=/host/<other checkout> python benchmarks/engine_loop.py

What runs: NetwatchEngine as benchmarks/engine_path.py builds it (GeoIP test database, scan
detector, country watch), started on its own listeners in this process's asyncio loop, with
`tick()` every second as Home Assistant's coordinator calls it. A separate process
(adversary_traffic.py good_v9: 30-record NetFlow v9 datagrams from 10 home devices to 254
remote addresses) sends at each rate. After 3 s of warm-up, CPU is this process's CPU time
(the sender excluded) over --seconds; flows are the engine's own count. Unlike engine_path.py,
which feeds datagrams in a tight loop, this includes what a loop that sleeps between datagrams
costs: the wakeups, and the engine's tables falling out of the CPU caches in between (see
engine/listen/udp.py on pacing). Home Assistant itself is left out: benchmarks/adversary.py
--only load measures that.

Measured: benchmarks/README.md, "Issue 16, night of 2026-12-03".
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import engine_path  # noqa: E402 - puts NETWATCH_CODE (or this checkout) on the path first

from custom_components.netwatch.engine.speedups import STATUS  # noqa: E402

SENDER = HERE / "adversary_traffic.py"


async def measure(rate: int, seconds: float, status: Path) -> tuple[float, float, int]:
    """Return (CPU share of one core, flows/s counted, kernel drops) at `rate` flows/s."""
    engine = engine_path.engine()
    loop = asyncio.get_running_loop()
    await engine.async_start(loop)

    async def tick() -> None:
        while True:
            await asyncio.sleep(1)
            engine.tick()

    ticker = asyncio.create_task(tick())
    sender = await asyncio.create_subprocess_exec(
        sys.executable, str(SENDER), "good_v9", "--port", str(engine.netflow.bound_port),
        "--seconds", str(seconds + 4), "--rate", str(rate), "--src", "127.0.2.77",
        "--status", str(status), "--seed", "1", "--records", "30",
    )  # fmt: skip
    try:
        await asyncio.sleep(3)
        flows, cpu, wall = engine.flows, time.process_time(), time.monotonic()
        await asyncio.sleep(seconds)
        flows = engine.flows - flows
        cpu, wall = time.process_time() - cpu, time.monotonic() - wall
        await sender.wait()
    finally:
        if sender.returncode is None:
            sender.kill()
            await sender.wait()
        ticker.cancel()
        await engine.async_stop()
    return cpu / wall, flows / wall, engine.netflow.stats.kernel_drops


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--rates", type=int, nargs="+", default=[10_000, 100_000])
    args.add_argument("--seconds", type=float, default=8.0)
    opts = args.parse_args()
    code = Path(__import__("custom_components").__path__[0]).parent
    print(
        f"engine {'compiled' if STATUS.active else 'pure Python'}; code {code}; "
        f"load {os.getloadavg()[0]:.2f}"
    )
    print(f"{'flows/s offered':>16}{'counted':>10}{'% of a core':>13}{'us/flow':>9}{'drops':>7}")
    status = Path(os.environ.get("TMPDIR", "/tmp")) / f"engine_loop-{os.getpid()}.json"
    for rate in opts.rates:
        share, counted, drops = asyncio.run(measure(rate, opts.seconds, status))
        per_flow = share / counted * 1e6 if counted else float("nan")
        print(f"{rate:>16,}{counted:>10,.0f}{share * 100:>12.1f}%{per_flow:>9.2f}{drops:>7}")
    status.unlink(missing_ok=True)
    print(f"load {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
