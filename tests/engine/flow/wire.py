"""Build NetFlow v9 / IPFIX datagrams byte by byte from the RFC layouts, for tests."""

from __future__ import annotations

import struct
from collections.abc import Iterable, Sequence

Field = tuple[int, int] | tuple[int, int, int]
"""(element id, length) or (element id, length, enterprise number)."""


def pad4(body: bytes) -> bytes:
    """Zero-pad to a 32-bit boundary (RFC 3954 5.3 / RFC 7011 3.3.1)."""
    return body + b"\0" * (-len(body) % 4)


def flowset(set_id: int, body: bytes, *, pad: bool = True) -> bytes:
    """Wrap a body in a set header (id, length)."""
    body = pad4(body) if pad else body
    return struct.pack("!HH", set_id, 4 + len(body)) + body


def v9_template(template_id: int, fields: Sequence[Field]) -> bytes:
    """One v9 template record (RFC 3954 5.2)."""
    out = struct.pack("!HH", template_id, len(fields))
    return out + b"".join(struct.pack("!HH", f[0], f[1]) for f in fields)


def v9_options_template(
    template_id: int, scope: Sequence[tuple[int, int]], options: Sequence[tuple[int, int]]
) -> bytes:
    """One v9 options template record (RFC 3954 6.1); scope types 1 System, 2 Interface."""
    out = struct.pack("!HHH", template_id, 4 * len(scope), 4 * len(options))
    return out + b"".join(struct.pack("!HH", *f) for f in (*scope, *options))


def v9(
    sets: Iterable[bytes], *, uptime: int = 100_000, secs: int = 1_700_000_000, seq: int = 1,
    source: int = 0, count: int = 0,
) -> bytes:  # fmt: skip
    """A v9 export packet (RFC 3954 5.1)."""
    return struct.pack("!HHIIII", 9, count, uptime, secs, seq, source) + b"".join(sets)


def ipfix_field(field: Field) -> bytes:
    """One field specifier, with the enterprise bit and PEN when given (RFC 7011 3.2)."""
    if len(field) == 3:
        return struct.pack("!HHI", field[0] | 0x8000, field[1], field[2])
    return struct.pack("!HH", field[0], field[1])


def ipfix_template(template_id: int, fields: Sequence[Field]) -> bytes:
    """One IPFIX template record (RFC 7011 3.4.1)."""
    return struct.pack("!HH", template_id, len(fields)) + b"".join(map(ipfix_field, fields))


def ipfix_options_template(template_id: int, scope: int, fields: Sequence[Field]) -> bytes:
    """One IPFIX options template record; the first `scope` fields are scope (3.4.2.2)."""
    head = struct.pack("!HHH", template_id, len(fields), scope)
    return head + b"".join(map(ipfix_field, fields))


def ipfix(
    sets: Iterable[bytes], *, export_time: int = 1_700_000_000, seq: int = 0, domain: int = 0
) -> bytes:
    """An IPFIX message (RFC 7011 3.1) with the right length."""
    body = b"".join(sets)
    return struct.pack("!HHIII", 10, 16 + len(body), export_time, seq, domain) + body


def varlen(value: bytes) -> bytes:
    """A variable-length field value: 1-byte length, or 255 + 2-byte length (RFC 7011 7)."""
    if len(value) < 255:
        return bytes([len(value)]) + value
    return b"\xff" + struct.pack("!H", len(value)) + value


V4_FIELDS: tuple[Field, ...] = (
    (8, 4), (12, 4), (7, 2), (11, 2), (4, 1), (6, 1), (1, 4), (2, 4), (22, 4), (21, 4),
)  # fmt: skip
"""A plain IPv4 template: addresses, ports, protocol, flags, octets, packets, first/last."""
V4_RECORD = struct.Struct("!IIHHBBIIII")


def v4_record(
    *,
    src: int = 0x0A000001, dst: int = 0xC0000201, sport: int = 1234, dport: int = 443,
    proto: int = 6, flags: int = 0x18, octets: int = 1000, packets: int = 10,
    first: int = 90_000, last: int = 99_000,
) -> bytes:  # fmt: skip
    """One record for V4_FIELDS."""
    return V4_RECORD.pack(src, dst, sport, dport, proto, flags, octets, packets, first, last)
