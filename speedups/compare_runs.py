"""Tell whether two pytest runs (JUnit XML) had the same outcome for every test.

    python speedups/compare_runs.py PURE.xml[,PURE-RERUN.xml] COMPILED.xml[,COMPILED-RERUN.xml]

The pure-Python engine is the oracle: the run with the compiled modules must pass, fail and skip
exactly the same tests, and none may fail. A rerun report (the tests that failed, run once more:
`scripts/speedups test`) overrides the first outcome of the tests it holds; those are listed as
flaky, so a peer that did not start in time on a loaded machine is seen, not hidden. Prints the
differences and failures and exits 1 when there are any.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET


def outcomes(path: str) -> dict[str, str]:
    """Return test id -> passed/failed/error/skipped of one JUnit XML report."""
    result: dict[str, str] = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        name = f"{case.get('classname')}::{case.get('name')}"
        kinds = [child.tag for child in case if child.tag in ("failure", "error", "skipped")]
        result[name] = kinds[0] if kinds else "passed"
    return result


def merged(paths: str) -> tuple[dict[str, str], list[str]]:
    """Return the outcomes of a report and its reruns (later wins), and the tests a rerun passed."""
    first, *reruns = paths.split(",")
    result = outcomes(first)
    flaky = []
    for rerun in reruns:
        for name, outcome in outcomes(rerun).items():
            if outcome == "passed" and result.get(name) in ("failure", "error"):
                flaky.append(name)
            result[name] = outcome
    return result, flaky


def main() -> int:
    (pure, pure_flaky), (compiled, compiled_flaky) = merged(sys.argv[1]), merged(sys.argv[2])
    for mode, names in (("pure", pure_flaky), ("compiled", compiled_flaky)):
        for name in names:
            print(f"{name}: flaky ({mode}): failed, then passed when run again")
    bad = {"failure", "error"}
    failed = sorted(n for n in set(pure) | set(compiled) if {pure.get(n), compiled.get(n)} & bad)
    for name in failed:
        print(f"{name}: failed (pure {pure.get(name)}, compiled {compiled.get(name)})")
    differences = [
        (name, pure.get(name, "absent"), compiled.get(name, "absent"))
        for name in sorted(set(pure) | set(compiled))
        if pure.get(name) != compiled.get(name)
    ]
    for name, a, b in differences:
        print(f"{name}: pure {a}, compiled {b}")
    counts = {
        kind: sum(1 for v in pure.values() if v == kind) for kind in sorted(set(pure.values()))
    }
    print(f"{len(pure)} tests, pure {counts}; {len(differences)} differ, {len(failed)} failed")
    return 1 if differences or failed else 0


if __name__ == "__main__":
    sys.exit(main())
