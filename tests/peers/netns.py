"""A scan lab in network namespaces: a real nmap against an nftables DROP rule that logs via ulogd2.

    with scan_lab(tmp_path) as lab:              # two namespaces joined by a veth pair
        lab.run_nmap("20-30,80,3389,8080")       # real SYN probes, attacker -> target
        lines = lab.wait_log_lines(14)           # ulogd2's LOGEMU lines, one per dropped probe
        lab.send_syslog(lines, port)             # `logger` sends them to 127.0.0.1:port over UDP

What works in this rig (Debian testing chroot, root, host network namespace shared with the host):
  * `ip netns add` works; `ip -n`/`ip netns exec` do not (they remount /sys, and / is not a
    mount point in a chroot), so commands enter a namespace with `nsenter --net=/run/netns/NAME`.
  * The kernel's own `log prefix` target writes nothing from a non-initial namespace: the
    host-wide sysctl net.netfilter.nf_log_all_netns is 0 (to stop containers flooding the host
    log), and we must not change host settings. So the rule uses `log group N` (NFLOG) and
    ulogd2, started inside the target namespace, receives the packets over netlink and writes
    kernel-format lines with its LOGEMU output (`TOS=00` where the kernel writes `TOS=0x00`).
    ulogd2's SYSLOG output would need a local syslog daemon on /dev/log; there is none here.
  * LOGEMU lines start with a BSD time stamp and the host name; what follows is exactly what a
    router's kernel logs, so `send_syslog` forwards that part with `logger --rfc3164 -t kernel`,
    one UDP datagram per line, as a router's syslogd relays kernel messages (facility `user`:
    logger will not send `kern`).
Everything is removed on exit, also when the body raises: ulogd (our child, also killed by the
kernel if this process dies: PR_SET_PDEATHSIG) and both namespaces (deleting a namespace deletes
its veth end).
"""

from __future__ import annotations

import ctypes
import itertools
import os
import re
import signal
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.helpers import require_tool

TOOLS = ("ip", "nsenter", "nft", "nmap", "ulogd", "logger")
NETNS_DIR = Path("/run/netns")
_COUNTER = itertools.count()
_PR_SET_PDEATHSIG = 1
_LOGEMU_HEAD = re.compile(r"^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ ")


def require_lab() -> dict[str, str]:
    """Return the tools' paths; skip without root or a tool (fail under CI, like require_tool)."""
    if os.geteuid() != 0:
        msg = "the scan lab needs root (network namespaces, nftables, raw sockets for nmap)"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    return {tool: require_tool(tool) for tool in TOOLS}


def _ulogd_plugin_dir() -> Path:
    for candidate in [*sorted(Path("/usr/lib").glob("*/ulogd")), Path("/usr/lib/ulogd")]:
        if (candidate / "ulogd_inppkt_NFLOG.so").exists():
            return candidate
    pytest.fail("ulogd2 is installed but its plugins (ulogd_inppkt_NFLOG.so) are not found")


def _die_with_parent() -> None:
    """Ask the kernel to SIGTERM the child when the test process dies (runs in the child)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _run(*args: str, timeout: float = 20.0) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=True)


@dataclass
class ScanLab:
    """An attacker namespace and a target namespace on a veth pair, the target firewalled."""

    workdir: Path
    tag: str
    prefix: str = "[UFW BLOCK] "
    """Log prefix of the DROP rule: it carries the verdict for the netfilter parser."""
    ports: str = "1-65535"
    """Destination ports the rule drops and logs (nft set syntax, e.g. "20-30, 80")."""
    log_group: int = 7
    attacker_addr: str = "10.250.0.1"
    target_addr: str = "10.250.0.2"
    ulogd: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def attacker_ns(self) -> str:
        """Name of the attacker's namespace."""
        return f"{self.tag}a"

    @property
    def target_ns(self) -> str:
        """Name of the target's (the router's) namespace."""
        return f"{self.tag}t"

    @property
    def target_if(self) -> str:
        """The target's veth interface (IN= of the log lines)."""
        return f"{self.tag}t0"

    @property
    def emu_log(self) -> Path:
        """File ulogd2's LOGEMU output writes."""
        return self.workdir / "ulogd-emu.log"

    def in_ns(self, namespace: str, *args: str) -> list[str]:
        """Return a command line that runs `args` inside a namespace."""
        return ["nsenter", f"--net={NETNS_DIR / namespace}", *args]

    def setup(self) -> None:
        """Create the namespaces, the veth pair, the firewall rule and start ulogd2."""
        _run("ip", "netns", "add", self.attacker_ns)
        _run("ip", "netns", "add", self.target_ns)
        attacker_if = f"{self.tag}a0"
        _run(
            "ip", "link", "add", attacker_if, "netns", self.attacker_ns, "type", "veth",
            "peer", "name", self.target_if, "netns", self.target_ns,
        )  # fmt: skip
        for ns, dev, addr in (
            (self.attacker_ns, attacker_if, self.attacker_addr),
            (self.target_ns, self.target_if, self.target_addr),
        ):
            _run(*self.in_ns(ns, "ip", "addr", "add", f"{addr}/30", "dev", dev))
            _run(*self.in_ns(ns, "ip", "link", "set", dev, "up"))
            _run(*self.in_ns(ns, "ip", "link", "set", "lo", "up"))
        ruleset = (
            "table inet netwatch_lab {\n"
            "  chain input {\n"
            "    type filter hook input priority 0; policy accept;\n"
            f'    iifname "{self.target_if}" ip saddr {self.attacker_addr} '
            f"meta l4proto {{ tcp, udp }} th dport {{ {self.ports} }} "
            f'log prefix "{self.prefix}" group {self.log_group} drop\n'
            "  }\n"
            "}\n"
        )
        subprocess.run(
            self.in_ns(self.target_ns, "nft", "-f", "-"),
            input=ruleset, text=True, capture_output=True, timeout=20, check=True,
        )  # fmt: skip
        self._start_ulogd()

    def _start_ulogd(self) -> None:
        plugins = _ulogd_plugin_dir()
        daemon_log = self.workdir / "ulogd.log"
        stack = ("inppkt_NFLOG", "raw2packet_BASE", "filter_IFINDEX", "filter_IP2STR",
                 "filter_PRINTPKT", "output_LOGEMU")  # fmt: skip
        config = "\n".join(
            [
                "[global]",
                f'logfile="{daemon_log}"',
                "loglevel=3",
                *(f'plugin="{plugins}/ulogd_{name}.so"' for name in stack),
                "stack=log1:NFLOG,base1:BASE,ifi1:IFINDEX,ip2str1:IP2STR,print1:PRINTPKT,"
                "emu1:LOGEMU",
                "[log1]",
                f"group={self.log_group}",
                "[emu1]",
                f'file="{self.emu_log}"',
                "sync=1",
                "",
            ]
        )
        conf = self.workdir / "ulogd.conf"
        conf.write_text(config)
        self.ulogd = subprocess.Popen(
            self.in_ns(self.target_ns, "ulogd", "-c", str(conf)),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,  # noqa: PLW1509 - no threads run setup code here
        )
        deadline = time.monotonic() + 10
        while "entering main loop" not in _read(daemon_log):
            if self.ulogd.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"ulogd did not start: {_read(daemon_log)[-2000:]}")
            time.sleep(0.05)

    def teardown(self) -> None:
        """Stop ulogd and delete both namespaces; never raises, safe to call twice."""
        if self.ulogd is not None:
            self.ulogd.terminate()
            try:
                self.ulogd.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.ulogd.kill()
                self.ulogd.wait(timeout=5)
            self.ulogd = None
        for ns in (self.attacker_ns, self.target_ns):
            if (NETNS_DIR / ns).exists():
                subprocess.run(
                    ["ip", "netns", "del", ns], capture_output=True, timeout=20, check=False
                )

    def run_nmap(self, ports: str, *extra: str, timeout: float = 60) -> str:
        """SYN-scan the target's ports from the attacker; return nmap's output.

        `-Pn` skips host discovery (its pings would be probes too), `-r` keeps port order,
        `--max-retries 0` sends exactly one probe per port, so one log line per port.
        """
        args = ["nmap", "-sS", "-Pn", "-n", "-r", "-T4", "--max-retries", "0",
                "--host-timeout", "30s", "-p", ports, *extra, self.target_addr]  # fmt: skip
        result = subprocess.run(
            self.in_ns(self.attacker_ns, *args),
            capture_output=True, text=True, timeout=timeout, check=True,
        )  # fmt: skip
        return result.stdout

    def log_lines(self) -> list[str]:
        """Return the LOGEMU lines written so far."""
        return [line for line in _read(self.emu_log).splitlines() if line.strip()]

    def wait_log_lines(self, count: int, timeout: float = 10.0, settle: float = 0.3) -> list[str]:
        """Wait until `count` lines were logged (and `settle` s without more); return all."""
        deadline = time.monotonic() + timeout
        lines = self.log_lines()
        while len(lines) < count and time.monotonic() < deadline:
            time.sleep(0.05)
            lines = self.log_lines()
        time.sleep(settle)  # a late extra line would make "exactly" assertions meaningful
        return self.log_lines()

    def send_syslog(self, lines: Sequence[str], port: int, host: str = "127.0.0.1") -> None:
        """Send LOGEMU lines as a router's kernel messages over UDP with `logger`.

        The tag is `kernel` as on a router; the facility is `user` because util-linux logger
        does not send `kern` (facility 0 is reserved for the kernel), which no parser reads.
        """
        messages = [kernel_message(line) for line in lines]
        batch = self.workdir / f"syslog-{next(_COUNTER)}.txt"
        batch.write_text("".join(f"{m}\n" for m in messages))
        _run("logger", "-n", host, "-P", str(port), "-d", "--rfc3164", "-t", "kernel",
             "-p", "user.warning", "-f", str(batch))  # fmt: skip


def kernel_message(logemu_line: str) -> str:
    """Strip LOGEMU's "Mmm dd hh:mm:ss host " head: the rest is the kernel's log message."""
    return _LOGEMU_HEAD.sub("", logemu_line, count=1)


def _read(path: Path) -> str:
    try:
        return path.read_text(errors="replace")
    except FileNotFoundError:
        return ""


@contextmanager
def scan_lab(workdir: Path, **options: str) -> Iterator[ScanLab]:
    """Build a ScanLab under `workdir`, yield it, and tear it down whatever happens."""
    require_lab()
    tag = f"nw{os.getpid() % 100000}x{next(_COUNTER)}"  # short: interface names max 15 chars
    workdir.mkdir(parents=True, exist_ok=True)
    lab = ScanLab(workdir=workdir, tag=tag, **options)  # type: ignore[arg-type]
    try:
        lab.setup()
        yield lab
    finally:
        lab.teardown()
