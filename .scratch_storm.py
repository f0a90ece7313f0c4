import time, sys
sys.path.insert(0, ".")
from tests.engine.scan.test_storm import _storm_lines
from tests.engine.scan.support import FakeClock, detector
clock = FakeClock(); det = detector(clock)
t = time.perf_counter(); n = 0
for line, step in _storm_lines():
    det.add_firewall_event(line); clock.advance(step); n += 1
print(n, time.perf_counter() - t)
t = time.perf_counter()
for line, step in _storm_lines():
    pass
print("gen only", time.perf_counter() - t)
