"""A real DNS server for tests: dnsmasq on 127.0.0.1 serving PTR records, NXDOMAIN and timeouts.

Zones (reverse names of these addresses):
  * `records`: PTR record of each address -> name (as given);
  * 175.in-addr.arpa (and every zone in `local`): answered only from local data, so any other
    address in it gets NXDOMAIN;
  * 81.in-addr.arpa (and every zone in `silent`): forwarded to a socket that never answers, so a
    lookup times out.
"""

from __future__ import annotations

import ipaddress
import socket
import subprocess
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from tests.helpers import free_port, require_tool


@dataclass(frozen=True)
class DnsServer:
    """A running dnsmasq: `nameserver` is "127.0.0.1:PORT" for aiodns."""

    port: int

    @property
    def nameserver(self) -> str:
        return f"127.0.0.1:{self.port}"


def _answering(proc: subprocess.Popen[bytes], port: int, timeout: float = 20.0) -> bool:
    """Wait until the server answers a query for its own version (CHAOS TXT version.bind).

    False when dnsmasq exited first (its port was taken after all); RuntimeError if it hangs.
    """
    query = bytes.fromhex("abcd01000001000000000000") + b"\x07version\x04bind\x00\x00\x10\x00\x03"
    deadline = time.monotonic() + timeout
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(0.2)
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                return False
            sock.sendto(query, ("127.0.0.1", port))
            try:
                if sock.recv(512)[:2] == b"\xab\xcd":
                    return True
            except TimeoutError, ConnectionRefusedError:
                continue
    raise RuntimeError(f"dnsmasq did not answer on port {port} in {timeout:g} s")


@contextmanager
def dnsmasq(
    records: Mapping[str, str],
    *,
    local: tuple[str, ...] = ("175.in-addr.arpa",),
    silent: tuple[str, ...] = ("81.in-addr.arpa",),
    ttl: int = 3600,
) -> Iterator[DnsServer]:
    """Run dnsmasq with PTR `records` (address -> name); stop it afterwards."""
    binary = require_tool("dnsmasq")
    black_hole = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)  # reads nothing, answers nothing
    black_hole.bind(("127.0.0.1", 0))
    hole = black_hole.getsockname()[1]
    common = [
        binary, "--keep-in-foreground", "--conf-file=/dev/null",
        "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts",
        "--pid-file=", "--user=root", f"--local-ttl={ttl}", "--log-facility=-",
    ]  # fmt: skip
    common += [
        f"--ptr-record={ipaddress.ip_address(a).reverse_pointer},{n}" for a, n in records.items()
    ]
    common += [f"--local=/{zone}/" for zone in local]
    common += [f"--server=/{zone}/127.0.0.1#{hole}" for zone in silent]
    try:
        for _attempt in range(3):
            port = free_port(udp=True, tcp=True)  # dnsmasq listens on both
            proc = subprocess.Popen(
                [*common, f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
            )
            if _answering(proc, port):
                break
            _stop(proc)
        else:
            raise RuntimeError("dnsmasq exited at start three times (ports taken?)")
        try:
            yield DnsServer(port)
        finally:
            _stop(proc)
    finally:
        black_hole.close()


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
