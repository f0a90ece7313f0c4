"""Show that the musl interpreter runs the engine on the musllinux wheel's compiled modules.

Run by `scripts/speedups test-musl` with NETWATCH_SPEEDUPS=1 and the unpacked wheel on
PYTHONPATH. Fails unless every compiled module imported from the wheel's .so files and the process
maps musl's libc and no glibc (/proc/self/maps: the libraries actually loaded, not the ones asked
for).
"""

import importlib
import platform
import sys
from pathlib import Path

from custom_components.netwatch import engine

status = engine.speedups.STATUS
assert status.active, f"compiled engine not active: {status.reason}"
files = []
for name in status.modules:
    module = importlib.import_module(f"{engine.__name__}.{name}")
    file = module.__file__ or ""
    assert file.endswith("-linux-musl.so"), f"{module.__name__} from {file}"
    files.append(file)

maps = {
    line.split()[-1] for line in Path("/proc/self/maps").read_text().splitlines() if "/" in line
}
libcs = sorted(path for path in maps if "/libc." in path or "ld-musl" in path or "ld-linux" in path)
assert not any("libc.so.6" in path or "ld-linux" in path for path in libcs), (
    f"glibc mapped: {libcs}"
)
assert any("musl" in path for path in libcs), f"no musl libc mapped: {libcs}"
print(f"{platform.machine()} CPython {platform.python_version()}, libc mapped: {', '.join(libcs)}")
print(f"netwatch engine: {status.reason}, {len(files)} modules from the musllinux wheel, e.g.")
print(f"  {files[0]}")
print(f"  sys.executable {sys.executable}")
ours = {Path(file).name for file in files}
others = sorted({Path(path).name for path in maps if path.endswith("-linux-musl.so")} - ours)
print(f"musllinux extensions of its dependencies loaded: {', '.join(others) or 'none'}")
