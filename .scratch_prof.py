import cProfile, pstats, sys
sys.path.insert(0, ".")
import tests.engine.scan.test_storm as ts
ts.SOURCES = 20000
from tests.engine.scan.test_storm import _storm_lines
from tests.engine.scan.support import FakeClock, detector
clock = FakeClock(); det = detector(clock)
def run():
    for line, step in _storm_lines():
        det.add_firewall_event(line); clock.advance(step)
cProfile.run("run()", "/tmp/prof.out")
pstats.Stats("/tmp/prof.out").sort_stats("tottime").print_stats(14)
