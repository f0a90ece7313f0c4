"""`parse-syslog`: one JSON object per input line, from files or stdin."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from custom_components.netwatch.engine.syslog import SyslogParser
from custom_components.netwatch.engine.tools.parse_syslog import parse_syslog_main

from .cases import FIXTURES, all_cases, mismatches

REQUIRED = (
    "vendor", "action", "direction", "protocol", "src_addr", "src_port", "dst_addr", "dst_port",
    "interface", "rule", "host", "timestamp",
)  # fmt: skip


def test_stdin_prints_one_object_per_line(capsys: pytest.CaptureFixture[str]) -> None:
    lines = [c.line for c in all_cases()]
    stdin = io.BytesIO(("\n".join(lines) + "\n\xff garbage\n").encode("utf-8", "surrogateescape"))
    assert parse_syslog_main(["--sender", "192.0.2.9"], stdin) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(out) == len(lines) + 1
    for case, record in zip(all_cases(), out, strict=False):
        if case.is_event:
            assert set(REQUIRED) <= set(record)
            assert record["sender"] == "192.0.2.9"
            assert record["timestamp"].endswith("+00:00")
            event = SyslogParser().parse(case.line.encode(), "192.0.2.9")
            assert event is not None
            assert mismatches(event, {k: record[k] for k in REQUIRED if k != "timestamp"}) == {}
        else:
            assert record == {"vendor": None, "error": case.expect["error"]}
    assert out[-1] == {"vendor": None, "error": "unrecognized"}


def test_files_and_a_pinned_vendor(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "x.log"
    path.write_bytes(
        b"FIREWALL-DROP: IN=eth0 OUT= SRC=192.0.2.1 DST=192.0.2.2 PROTO=UDP SPT=1 DPT=2\n"
    )
    assert parse_syslog_main(["--vendor", "mikrotik", str(path)]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "vendor": None, "error": "mikrotik:missing_fields"
    }  # fmt: skip
    assert parse_syslog_main([str(path)]) == 0
    record = json.loads(capsys.readouterr().out)
    assert (record["vendor"], record["action"], record["protocol"]) == ("netfilter", "deny", 17)


def test_unreadable_file_sets_the_exit_status(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = FIXTURES / "mikrotik.jsonl"
    assert parse_syslog_main([str(tmp_path / "missing.log"), str(good)]) == 1
    captured = capsys.readouterr()
    assert "cannot read" in captured.err
    assert len(captured.out.splitlines()) == len(good.read_text().splitlines())


def test_usage_error_exits_2() -> None:
    with pytest.raises(SystemExit) as exc:
        parse_syslog_main(["--vendor", "nope"])
    assert exc.value.code == 2
