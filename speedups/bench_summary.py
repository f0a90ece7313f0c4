"""Medians of alternating engine_path runs, pure Python against compiled (scripts/speedups bench).

    python speedups/bench_summary.py DIR

DIR holds 0-<i>.json (NETWATCH_SPEEDUPS=0) and 1-<i>.json (=1), each one engine_path.py --json.
Prints per measure the median over the runs of each mode, and pure / compiled.
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path


def main() -> int:
    folder = Path(sys.argv[1])
    runs: dict[str, list[dict[str, float]]] = {"0": [], "1": []}
    for path in sorted(folder.glob("*.json")):
        runs[path.stem.split("-")[0]].append(json.loads(path.read_text()))
    if not runs["0"] or not runs["1"]:
        print(f"{folder}: need runs of both modes")
        return 1
    print(f"{'measure (us)':<32}{'pure':>9}{'compiled':>10}{'speedup':>9}   runs")
    for key in runs["0"][0]:
        pure = statistics.median(run[key] for run in runs["0"])
        compiled = statistics.median(run[key] for run in runs["1"])
        spread = (
            ", ".join(f"{run[key]:.2f}" for run in runs["0"])
            + " | "
            + ", ".join(f"{run[key]:.2f}" for run in runs["1"])
        )
        print(f"{key:<32}{pure:>9.2f}{compiled:>10.2f}{pure / compiled:>8.2f}x   {spread}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
