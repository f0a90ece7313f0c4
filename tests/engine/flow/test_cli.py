"""`decode-flows`: raw datagram files and pcap/pcapng captures to JSON lines."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from custom_components.netwatch.engine.tools.decode_flows import decode_flows_main, run
from custom_components.netwatch.engine.tools.pcap import read_udp
from tests.helpers import testdata

from .capture import pcap, pcapng, udp_ipv4_frame, udp_ipv6_frame
from .oracle import cli_flow, nfdump_flow, unmatched

REQUIRED = {
    "exporter", "version", "template_id", "src_addr", "dst_addr", "src_port", "dst_port",
    "protocol", "bytes", "packets", "first", "last", "tcp_flags", "sampling_interval",
    "reverse_bytes", "reverse_packets",
}  # fmt: skip


def _softflowd(version: int) -> list[Path]:
    return sorted(testdata("netflow", "softflowd", f"raw_v{version}").iterdir())


def _oracle(version: int) -> list[dict[str, object]]:
    path = testdata("netflow", "softflowd", f"nfdump_oracle_v{version}.json")
    return [nfdump_flow(o) for o in json.loads(path.read_text())]


def _run(
    paths: list[Path], exporter: str | None = None
) -> tuple[int, list[dict[str, object]], str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(paths, exporter, out, err)
    return status, [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


@pytest.mark.parametrize("version", [5, 9, 10])
def test_raw_files_match_nfdump(version: int) -> None:
    status, lines, err = _run(_softflowd(version), "127.0.0.1")
    assert (status, err) == (0, "")
    assert all(line.keys() >= REQUIRED for line in lines)
    assert {line["exporter"] for line in lines} == {"127.0.0.1"}
    assert all(len(str(line["first"])) == 24 for line in lines)  # 2023-11-14T22:13:19.988Z
    left, missing = unmatched([cli_flow(line) for line in lines], _oracle(version))
    assert (left, missing) == ([], [])


def test_data_file_before_template_file() -> None:
    files = _softflowd(9)
    status, lines, _ = _run([files[1], files[0], files[2]])
    assert status == 0
    assert len(lines) == len(_oracle(9))
    assert {line["exporter"] for line in lines} == {"0.0.0.0"}


def test_rejections_go_to_stderr_and_exit_zero(tmp_path: Path) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\x07" + b"\x00" * 30)
    status, lines, err = _run([junk, testdata("netflow", "vendor", "netflow5_test_invalid01.dat")])
    assert status == 0
    assert lines == []
    assert f"{junk}: rejected (bad_version)" in err
    assert "netflow5_test_invalid01.dat: rejected (bad_count)" in err


def test_unreadable_input_exits_one_and_goes_on(tmp_path: Path) -> None:
    status, lines, err = _run([tmp_path / "missing.bin", _softflowd(5)[0]])
    assert status == 1
    assert "missing.bin: cannot read" in err
    assert len(lines) == 29


def test_leftover_data_sets_are_reported() -> None:
    status, _lines, err = _run([_softflowd(9)[1]])
    assert status == 0
    assert "1 data set(s) never saw their template" in err


@pytest.mark.parametrize("writer", [pcap, pcapng])
def test_captures_give_udp_payloads_with_their_source(writer: object, tmp_path: Path) -> None:
    payloads = [p.read_bytes() for p in _softflowd(10)]
    frames = [udp_ipv4_frame("10.9.8.7", "10.0.0.1", 9995, 2055, payloads[0], vlan=5)]
    frames.append(udp_ipv4_frame("10.9.8.7", "10.0.0.1", 53, 53, b"\x12\x34 not flow data"))
    frames += [udp_ipv4_frame("10.9.8.7", "10.0.0.1", 9995, 2055, p) for p in payloads[1:3]]
    frames.append(udp_ipv6_frame("fd00::7", "fd00::1", 9995, 2055, payloads[3]))
    path = tmp_path / "export.cap"
    path.write_bytes(writer(frames))  # type: ignore[operator]
    status, lines, err = _run([path])
    # The last datagram came from another (IPv6) source, which sent no template: its two data
    # sets wait, and are reported.
    assert (status, err) == (0, "2 data set(s) never saw their template\n")
    assert {line["exporter"] for line in lines} == {"10.9.8.7"}
    left, missing = unmatched([cli_flow(line) for line in lines], _oracle(10))
    assert left == []
    assert len(missing) == 2  # the two flows of raw_v10/0003.bin, whose exporter differs


def test_exporter_option_overrides_capture_source(tmp_path: Path) -> None:
    frames = [
        udp_ipv4_frame("10.9.8.7", "10.0.0.1", 1, 2055, p.read_bytes()) for p in _softflowd(9)
    ]
    path = tmp_path / "export.pcap"
    path.write_bytes(pcap(frames))
    status, lines, _ = _run([path], "192.0.2.99")
    assert status == 0
    assert {line["exporter"] for line in lines} == {"192.0.2.99"}
    assert len(lines) == len(_oracle(9))


def test_truncated_capture_keeps_complete_packets(tmp_path: Path) -> None:
    frames = [
        udp_ipv4_frame("10.9.8.7", "10.0.0.1", 1, 2055, p.read_bytes()) for p in _softflowd(5)
    ]
    path = tmp_path / "cut.pcap"
    path.write_bytes(pcap(frames)[:-100])
    status, lines, _ = _run([path])
    assert status == 0
    assert len(lines) == 29 + 29  # the third datagram was cut off


def test_main_entry_point(capsys: pytest.CaptureFixture[str]) -> None:
    assert decode_flows_main(["--exporter", "10.1.1.1", str(_softflowd(5)[2])]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 17
    assert json.loads(lines[0])["exporter"] == "10.1.1.1"


def _ip_udp(payload: bytes) -> bytes:
    """IPv4/UDP without the Ethernet header."""
    return udp_ipv4_frame("10.9.8.7", "10.0.0.1", 1, 2055, payload)[14:]


@pytest.mark.parametrize(
    ("linktype", "head"),
    [
        (113, b"\0\0\0\1\0\6" + b"\2" * 8 + b"\x08\x00"),  # Linux cooked v1: protocol at 14
        (276, b"\x08\x00" + b"\0" * 18),  # Linux cooked v2: protocol first
        (101, b""),  # raw IP
        (0, b"\2\0\0\0"),  # BSD loopback, host byte order AF_INET
    ],
)
def test_capture_link_types(linktype: int, head: bytes) -> None:
    payload = _softflowd(5)[0].read_bytes()
    (packet,) = read_udp(io.BytesIO(pcap([head + _ip_udp(payload)], linktype)))
    assert (packet.source, packet.payload) == ("10.9.8.7", payload)


def test_broken_capture_cannot_be_read(tmp_path: Path) -> None:
    path = tmp_path / "broken.pcap"
    path.write_bytes(pcap([])[:10])
    status, lines, err = _run([path])
    assert (status, lines) == (1, [])
    assert "cannot read" in err
