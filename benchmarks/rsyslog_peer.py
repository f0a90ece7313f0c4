"""Fetch Debian's rsyslog into a cache dir and run it as a benchmark peer, without installing it.

The rig's root cannot install the rsyslog package: it conflicts with syslog-ng-core, which the
test suite needs. So `ensure_rsyslog()` runs `apt-get download` for rsyslog and the packages of
its Depends closure that are not installed, unpacks them with `dpkg -x` under
$NETWATCH_CACHE/peers/rsyslog (/cache/peers/rsyslog in the rig; reused when present), and checks
with ldd that rsyslogd and imudp.so resolve every library. An rsyslogd already on PATH is used
as it is. `rsyslog_command()` gives the command line and environment (LD_LIBRARY_PATH, module
dir) of a foreground instance.

Used by benchmarks/syslog_ingest.py; by hand (fetches if needed, prints what it found):
    scripts/rig run python benchmarks/rsyslog_peer.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import NamedTuple

PACKAGE = "rsyslog"
COMPLETE = ".complete"
APT_HELP = (
    "Fetching rsyslog failed. Check that the Debian mirror is reachable and the package lists "
    "are current (`scripts/rig run apt-get update`), then rerun; or put the .deb files of rsyslog "
    "and of its missing libraries into {debs} by hand and rerun; or leave rsyslog out "
    "with `--receivers netwatch syslog-ng`."
)


class Rsyslog(NamedTuple):
    """A runnable rsyslogd and what it needs to find its libraries and modules."""

    binary: Path
    module_dir: Path | None  # None: the installed rsyslogd's own module dir
    lib_dir: Path | None  # None: no LD_LIBRARY_PATH needed


def cache_dir() -> Path:
    """Return the rsyslog cache dir under NETWATCH_CACHE (scripts/rig's default otherwise)."""
    base = os.environ.get("NETWATCH_CACHE") or Path.home() / ".cache" / "netwatch"
    return Path(base) / "peers" / PACKAGE


def _say(message: str) -> None:
    print(f"[rsyslog] {message}", flush=True)


def _run(args: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"`{' '.join(args)}` failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def _installed(package: str) -> bool:
    out = subprocess.run(
        ["dpkg-query", "-W", "-f", "${db:Status-Status}", package],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return out.strip() == "installed"


def missing_packages(package: str) -> list[str]:
    """Return package plus the packages of its Depends closure that are not installed."""
    wanted = [package]
    queue = [package]
    while queue:
        out = _run(["apt-cache", "depends", "--important", "--no-recommends", queue.pop()])
        for line in out.splitlines():
            kind, _, dep = line.strip().partition(": ")
            # "<name>" is a virtual package and "|Depends" an alternative: only plain Depends
            # matter, since the root already provides everything else rsyslogd links against.
            if kind != "Depends" or dep.startswith("<") or dep in wanted or _installed(dep):
                continue
            wanted.append(dep)
            queue.append(dep)
    return wanted


def _unpacked(tree: Path) -> Rsyslog | None:
    binary = tree / "usr" / "sbin" / "rsyslogd"
    modules = sorted((tree / "usr" / "lib").glob("*/rsyslog/imudp.so"))
    if not binary.exists() or not modules:
        return None
    return Rsyslog(binary, modules[0].parent, modules[0].parent.parent)


def _unresolved(found: Rsyslog) -> list[str]:
    env = rsyslog_env(found)
    missing: list[str] = []
    for path in (found.binary, (found.module_dir or Path()) / "imudp.so"):
        out = _run(["ldd", str(path)], env=env)
        missing += [f"{path.name}: {ln.strip()}" for ln in out.splitlines() if "not found" in ln]
    return missing


def fetch(target: Path) -> Rsyslog:
    """Download rsyslog and its missing libraries with apt-get and unpack them under target."""
    debs, tree = target / "debs", target / "root"
    fresh = target / "debs.new"
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    try:
        packages = missing_packages(PACKAGE)
        _say(f"apt-get download {' '.join(packages)} (into {debs})")
        _run(["apt-get", "download", *packages], cwd=fresh)
    except (RuntimeError, OSError) as err:
        if not list(debs.glob(f"{PACKAGE}_*.deb")):
            raise RuntimeError(f"{err}\n{APT_HELP.format(debs=debs)}") from err
        _say(f"apt failed ({err}); using the .deb files already in {debs}")
    else:  # a complete new set replaces the old one, so two versions are never unpacked together
        shutil.rmtree(debs, ignore_errors=True)
        fresh.rename(debs)
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.rmtree(tree, ignore_errors=True)
    for deb in sorted(debs.glob("*.deb")):
        _say(f"dpkg -x {deb.name}")
        _run(["dpkg", "-x", str(deb), str(tree)])
    found = _unpacked(tree)
    if found is None:
        raise RuntimeError(f"no usr/sbin/rsyslogd or rsyslog/imudp.so after unpacking into {tree}")
    missing = _unresolved(found)
    if missing:
        raise RuntimeError(
            f"libraries not found: {'; '.join(missing)}. Put the packages that provide them into "
            f"{debs} (apt-get download NAME) and rerun."
        )
    (target / COMPLETE).write_text(version(found) + "\n")
    _say(f"ready: {version(found)} in {tree}")
    return found


def ensure_rsyslog() -> Rsyslog:
    """Return an rsyslogd to run: the one on PATH, the cached copy, or a freshly fetched one."""
    system = shutil.which("rsyslogd")
    if system:
        return Rsyslog(Path(system), None, None)
    target = cache_dir()
    found = _unpacked(target / "root")
    if found and (target / COMPLETE).exists():
        return found
    _say(
        f"rsyslog is not installed here (it conflicts with syslog-ng-core); fetching it to {target}"
    )
    return fetch(target)


def rsyslog_env(found: Rsyslog) -> dict[str, str]:
    """Return the environment rsyslogd needs to load its unpacked libraries."""
    env = dict(os.environ)
    if found.lib_dir:
        env["LD_LIBRARY_PATH"] = os.pathsep.join(
            p for p in (str(found.lib_dir), env.get("LD_LIBRARY_PATH", "")) if p
        )
    return env


def rsyslog_command(found: Rsyslog, conf: Path, pidfile: Path) -> list[str]:
    """Return the command line of a foreground rsyslogd on conf."""
    args = [str(found.binary), "-n", "-f", str(conf), "-i", str(pidfile)]
    return args + (["-M", str(found.module_dir)] if found.module_dir else [])


def version(found: Rsyslog) -> str:
    """Return rsyslogd's version line, for example `rsyslogd  8.2608.0 (aka 2026.08) ...`."""
    first = _run([str(found.binary), "-v"], env=rsyslog_env(found)).split("\n", 1)[0]
    return " ".join(first.split(" compiled with")[0].split()) or "rsyslogd (unknown version)"


if __name__ == "__main__":
    peer = ensure_rsyslog()
    print(f"{version(peer)}\n{' '.join(rsyslog_command(peer, Path('CONF'), Path('PIDFILE')))}")
    print(f"LD_LIBRARY_PATH={peer.lib_dir or ''}")
