import time, tracemalloc, gc
from custom_components.netwatch.engine.scan import ScanDetector
from custom_components.netwatch.engine.records import FirewallEvent, Verdict, Direction
class Clock:
    now = 1_800_000_000.0
    def __call__(self): return self.now
clock = Clock()
def run(n, ports_per_source):
    det = ScanDetector(is_home=lambda v, a: (a >> 24) == 10, clock=clock)
    gc.collect(); tracemalloc.start()
    for i in range(n):
        e = FirewallEvent(0.0, "10.0.0.1", "netfilter", Verdict.DENY, Direction.UNKNOWN, 6, 4, 0x0B000000 + i // ports_per_source, 40000, 0xC6336401, 1000 + i % ports_per_source)
        det.add_firewall_event(e)
        clock.now += 0.0005
    cur, peak = tracemalloc.get_traced_memory(); tracemalloc.stop()
    s = det.stats
    print(n, ports_per_source, f"cur={cur/1e6:.1f}MB peak={peak/1e6:.1f}MB", s.sources_tracked, s.tracked_entries, f"{cur/max(s.sources_tracked,1):.0f} B/source")
run(50_000, 1)
run(100_000, 1)
run(400_000, 8)
