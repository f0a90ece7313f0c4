import os, time
from tests.search_servers import running_node
for p in ("elasticsearch", "opensearch"):
    t = time.monotonic()
    with running_node(p) as node:
        print(p, "up", round(time.monotonic() - t, 1), sorted(os.listdir(node.workdir / "tmp"))[:5])
        print(node.log_tail(3))
