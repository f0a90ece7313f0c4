"""Wire bytes for benchmarks/adversary.py: NetFlow v9 datagrams and syslog lines, built with struct.

Pure functions, no sockets: the senders in adversary_traffic.py precompute pools of datagrams with
these and patch only the sequence number and times before each send, so a Python sender reaches
the attack rates of issue 11 on one core.
"""

from __future__ import annotations

import random
import struct

V9_HEADER = struct.Struct("!HHIIII")
"""version, count, sysUptime ms, unix seconds, sequence, source id (RFC 3954 5.1)."""
_SEQUENCE_AT = 12
_SET = struct.Struct("!HH")

# The good exporter's template: addresses, ports, protocol, bytes, packets (no switched times, so
# a precomputed record never looks old; the decoder then uses the export time).
GOOD_TEMPLATE_ID = 256
GOOD_FIELDS: tuple[tuple[int, int], ...] = (
    (8, 4),  # sourceIPv4Address
    (12, 4),  # destinationIPv4Address
    (7, 2),  # sourceTransportPort
    (11, 2),  # destinationTransportPort
    (4, 1),  # protocolIdentifier
    (1, 4),  # octetDeltaCount
    (2, 4),  # packetDeltaCount
)
_GOOD_RECORD = struct.Struct("!4s4sHHBII")
HOME_NETWORK = "192.168.0.0/16"
"""The suite's home network (set through the options flow); good flows run from 192.168.1.x."""

# Known IEs with lengths the decode plan accepts: wide templates repeat these (a plan is compiled
# over every field, so known fields cost what real ones cost).
_WIDE_POOL: tuple[tuple[int, int], ...] = (
    (1, 4),
    (2, 4),
    (4, 1),
    (5, 1),
    (6, 1),
    (7, 2),
    (10, 2),
    (11, 2),
    (14, 2),
    (16, 4),
    (17, 4),
    (21, 4),
    (22, 4),
    (61, 1),
    (89, 1),
    (85, 8),
    (86, 8),
    (23, 4),
    (24, 4),
    (15, 4),
)


def _pad4(body: bytes) -> bytes:
    return body + b"\x00" * (-len(body) % 4)


def flowset(set_id: int, body: bytes) -> bytes:
    """Return one flowset: id, length, body padded to 32 bits (RFC 3954 5.3)."""
    body = _pad4(body)
    return _SET.pack(set_id, 4 + len(body)) + body


def template_record(template_id: int, fields: tuple[tuple[int, int], ...]) -> bytes:
    """Return one v9 template record."""
    out = [struct.pack("!HH", template_id, len(fields))]
    out.extend(struct.pack("!HH", ie, length) for ie, length in fields)
    return b"".join(out)


def v9(sets: list[bytes], count: int, source_id: int, sequence: int = 0) -> bytearray:
    """Return a v9 datagram (a bytearray, so the sender can patch it in place)."""
    header = V9_HEADER.pack(9, count, 1_000_000, 0, sequence, source_id)
    return bytearray(header + b"".join(sets))


def stamp(datagram: bytearray, sequence: int, uptime_ms: int, unix_s: int) -> None:
    """Patch the sequence number and times of a v9 datagram in place."""
    struct.pack_into("!II", datagram, 4, uptime_ms & 0xFFFFFFFF, unix_s)
    struct.pack_into("!I", datagram, _SEQUENCE_AT, sequence & 0xFFFFFFFF)


def good_template(source_id: int) -> bytearray:
    """Return the datagram that announces the good exporter's template (sent once)."""
    return v9([flowset(0, template_record(GOOD_TEMPLATE_ID, GOOD_FIELDS))], 1, source_id)


def good_data(rng: random.Random, records: int, source_id: int, device_base: int) -> bytearray:
    """Return a data datagram: `records` flows from home devices 192.168.1.x to 203.0.113.x."""
    body = b"".join(
        _GOOD_RECORD.pack(
            bytes((192, 168, 1, device_base + rng.randrange(10))),
            bytes((203, 0, 113, rng.randrange(1, 255))),
            rng.randrange(1024, 65535),
            rng.choice((443, 80, 53, 123, 8443)),
            rng.choice((6, 17)),
            rng.randrange(100, 100_000),
            rng.randrange(1, 100),
        )
        for _ in range(records)
    )
    return v9([flowset(GOOD_TEMPLATE_ID, body)], records, source_id)


def template_flood(first_id: int, templates: int, source_id: int) -> bytearray:
    """Return a datagram announcing `templates` one-field templates with consecutive ids."""
    ids = [256 + (first_id + i) % (65536 - 256) for i in range(templates)]
    body = b"".join(template_record(tid, ((1, 4),)) for tid in ids)
    return v9([flowset(0, body)], templates, source_id)


def wide_fields(variant: int, count: int = 256) -> tuple[tuple[int, int], ...]:
    """Return a `count`-field definition: addresses, then known IEs (order depends on variant)."""
    head = ((8, 4), (12, 4))
    pool = _WIDE_POOL[variant % len(_WIDE_POOL) :] + _WIDE_POOL[: variant % len(_WIDE_POOL)]
    rest = tuple(pool[i % len(pool)] for i in range(count - len(head)))
    return head + rest


def wide_datagram(variant: int, source_id: int, template_id: int = 300) -> bytearray:
    """Return a datagram re-announcing a 256-field template plus one data record of it."""
    fields = wide_fields(variant)
    record = bytearray(sum(length for _ie, length in fields))
    record[0:8] = bytes((198, 51, 100, 7, 203, 0, 113, 9))  # neither address is "home"
    sets = [flowset(0, template_record(template_id, fields)), flowset(template_id, bytes(record))]
    return v9(sets, 2, source_id)


def junk_lines(rng: random.Random, lines: int, width: int = 4) -> bytes:
    """Return `lines` LF-separated junk tokens (no syslog header, no firewall fields)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return b"".join(
        ("".join(rng.choice(letters) for _ in range(width)) + "\n").encode() for _ in range(lines)
    )


def ufw_line(rng: random.Random, scanners: list[str]) -> bytes:
    """Return one RFC 3164 UFW BLOCK line from one of `scanners` to a home device."""
    src = rng.choice(scanners)
    dst = f"192.168.1.{rng.randrange(10, 20)}"
    return (
        f"<4>Dec  3 10:00:00 router kernel: [UFW BLOCK] IN=eth0 OUT= "
        f"MAC=00:11:22:33:44:55:66:77:88:99:aa:bb:08:00 SRC={src} DST={dst} LEN=60 TOS=0x00 "
        f"PREC=0x00 TTL=50 ID=1 PROTO=TCP SPT={rng.randrange(1024, 65535)} "
        f"DPT={rng.randrange(1, 1025)} WINDOW=1024 RES=0x00 SYN URGP=0"
    ).encode()
