"""The scan lab helper: real probes become ulogd lines, sent as syslog; nothing is left behind."""

from __future__ import annotations

import os
import re
import socket
from pathlib import Path

import pytest

from .netns import NETNS_DIR, kernel_message, scan_lab

LOGEMU_LINE = (
    "Nov 27 20:40:51 vm [UFW BLOCK]  IN=nwt0 OUT= MAC=1e:97:42:65:5b:50:fa:05:6d:1d:ff:fa:08:00 "
    "SRC=10.199.0.1 DST=10.199.0.2 LEN=44 TOS=00 PREC=0x00 TTL=44 ID=33886 PROTO=TCP SPT=40925 "
    "DPT=20 SEQ=242542480 ACK=0 WINDOW=1024 SYN URGP=0 MARK=0x0 "
)


def test_kernel_message_strips_the_logemu_head() -> None:
    assert kernel_message(LOGEMU_LINE) == LOGEMU_LINE[len("Nov 27 20:40:51 vm ") :]
    assert kernel_message("Nov  3 01:02:03 host x IN=a").startswith("x IN=a")
    assert kernel_message("no head IN=") == "no head IN="


@pytest.mark.peers
def test_probes_to_logged_ports_become_one_line_each(tmp_path: Path) -> None:
    with scan_lab(tmp_path, ports="20-25") as lab:
        output = lab.run_nmap("20-30")
        lines = lab.wait_log_lines(6)
    states = {int(port): state for port, state in re.findall(r"^(\d+)/tcp\s+(\S+)", output, re.M)}
    # The rule drops (and logs) 20-25; the other ports answer with RST from the target's kernel.
    assert states == {
        **dict.fromkeys(range(20, 26), "filtered"),
        **dict.fromkeys(range(26, 31), "closed"),
    }
    # Only the rule's ports are logged; each probe once, with the kernel LOG fields.
    assert sorted(int(re.search(r"DPT=(\d+)", line)[1]) for line in lines) == list(range(20, 26))
    for line in lines:
        message = kernel_message(line)
        assert message.startswith("[UFW BLOCK] ")
        assert f"IN={lab.target_if} OUT= " in message
        assert f"SRC={lab.attacker_addr} DST={lab.target_addr} " in message
        assert " PROTO=TCP " in message
        assert " SYN " in message


@pytest.mark.peers
def test_send_syslog_delivers_rfc3164_kernel_messages(tmp_path: Path, socket_enabled) -> None:
    with (
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock,
        scan_lab(tmp_path) as lab,
    ):
        sock.bind(("127.0.0.1", 0))
        sock.settimeout(5)
        lab.send_syslog(
            [LOGEMU_LINE, LOGEMU_LINE.replace("DPT=20", "DPT=21")], sock.getsockname()[1]
        )
        datagrams = [sock.recv(4096).decode() for _ in range(2)]
    for datagram, port in zip(datagrams, (20, 21), strict=True):
        # user.warning = facility 1, severity 4: PRI 1 * 8 + 4 (RFC 3164 section 4.1.1)
        assert re.match(
            r"<12>[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ kernel: \[UFW BLOCK\] ", datagram
        )
        assert f"DPT={port} " in datagram


def _fail_inside_the_lab(tmp_path: Path, seen: dict[str, object]) -> None:
    with scan_lab(tmp_path) as lab:
        seen["lab"] = lab
        seen["names"] = (lab.attacker_ns, lab.target_ns)
        assert all((NETNS_DIR / name).exists() for name in seen["names"])
        assert lab.ulogd is not None
        seen["pid"] = lab.ulogd.pid
        os.kill(lab.ulogd.pid, 0)  # alive
        raise RuntimeError("boom")


@pytest.mark.peers
def test_everything_is_removed_even_when_the_body_fails(tmp_path: Path) -> None:
    seen: dict[str, object] = {}
    with pytest.raises(RuntimeError, match="boom"):
        _fail_inside_the_lab(tmp_path, seen)
    assert not any((NETNS_DIR / name).exists() for name in seen["names"])
    assert seen["lab"].ulogd is None
    with pytest.raises(ProcessLookupError):
        os.kill(seen["pid"], 0)
