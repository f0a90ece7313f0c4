"""Tell whether two pytest runs (JUnit XML) had the same outcome for every test.

    python speedups/compare_runs.py PURE.xml COMPILED.xml

The pure-Python engine is the oracle: the run with the compiled modules must pass, fail and skip
exactly the same tests. Prints the differences and exits 1 when there are any.
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


def main() -> int:
    pure, compiled = outcomes(sys.argv[1]), outcomes(sys.argv[2])
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
    print(f"{len(pure)} tests, pure {counts}; {len(differences)} differ")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
