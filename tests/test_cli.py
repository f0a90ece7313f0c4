"""The command-line entry that runs wherever Home Assistant is installed."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.helpers import PROJECT, testdata


def _cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "custom_components.netwatch.engine.tools", *args],
        cwd=PROJECT, input=stdin, capture_output=True, timeout=60, check=False,
    )  # fmt: skip


def test_decode_flows_prints_the_oracle_flows() -> None:
    """softflowd's v9 export decodes to as many JSON flows as nfdump found."""
    files = sorted(str(p) for p in testdata("netflow", "softflowd", "raw_v9").glob("*.bin"))
    result = _cli("decode-flows", "--exporter", "127.0.0.1", *files)
    assert result.returncode == 0, result.stderr
    flows = [json.loads(line) for line in result.stdout.splitlines()]
    oracle = json.loads(testdata("netflow", "softflowd", "nfdump_oracle_v9.json").read_text())
    assert len(flows) == len(oracle)
    assert {f["exporter"] for f in flows} == {"127.0.0.1"}
    assert sum(f["bytes"] for f in flows) == sum(f["in_bytes"] for f in oracle)


def test_parse_syslog_reads_stdin() -> None:
    """A UFW line and a garbage line give one event and one error object."""
    line = (
        b"<4>Nov 27 10:00:00 router kernel: [UFW BLOCK] IN=eth0 OUT= SRC=175.16.199.10 "
        b"DST=192.0.2.10 LEN=60 TOS=0x00 PREC=0x00 TTL=50 ID=1 PROTO=TCP SPT=40000 DPT=23 "
        b"WINDOW=1024 RES=0x00 SYN URGP=0\nthis is not a firewall line\n"
    )
    result = _cli("parse-syslog", "--sender", "192.168.1.1", stdin=line)
    assert result.returncode == 0, result.stderr
    first, second = (json.loads(x) for x in result.stdout.splitlines())
    assert (first["vendor"], first["action"], first["dst_port"]) == ("netfilter", "deny", 23)
    assert second["vendor"] is None
    assert second["error"]


def test_usage() -> None:
    """No command prints the usage (exit 2); an unknown one says so."""
    assert _cli().returncode == 2
    assert b"decode-flows" in _cli("--help").stdout
    unknown = _cli("frobnicate")
    assert unknown.returncode == 2
    assert b"unknown command" in unknown.stderr
