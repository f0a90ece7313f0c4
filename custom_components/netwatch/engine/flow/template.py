"""Parse template and options-template sets of NetFlow v9 (RFC 3954) and IPFIX (RFC 7011)."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..errors import DecodeError
from .ies import V9_SCOPE_BASE, VARIABLE_LENGTH, pen_key

_HH = struct.Struct("!HH")
_HHH = struct.Struct("!HHH")
_I = struct.Struct("!I")

Fields = tuple[tuple[int, int], ...]
"""A template's fields as (IE key, length) in wire order."""

MIN_DATA_ID = 256
MAX_FIELDS = 256
"""Six times the largest template in the vendor captures (Netscaler, 41 fields); more is a bomb."""


_PACKED_FIELD = struct.Struct("!QH")


@dataclass(frozen=True, slots=True)
class TemplateSpec:
    """One template record as it appeared on the wire; scope_count > 0 marks options templates.

    The fields are kept packed (10 bytes each) rather than as tuples (~90 bytes each): a full
    template table then costs little memory however many fields hostile templates carry.
    """

    template_id: int
    packed: bytes
    scope_count: int = 0

    @classmethod
    def of(cls, template_id: int, fields: Fields, scope_count: int = 0) -> TemplateSpec:
        """Build a spec from (IE key, length) pairs."""
        packed = b"".join(_PACKED_FIELD.pack(key, length) for key, length in fields)
        return cls(template_id, packed, scope_count)

    @property
    def fields(self) -> Fields:
        """Return the fields as (IE key, length) in wire order."""
        return tuple(_PACKED_FIELD.iter_unpack(self.packed))

    @property
    def withdrawal(self) -> bool:
        """Tell whether this IPFIX record withdraws templates (field count 0, RFC 7011 8.1)."""
        return not self.packed

    def record_length(self) -> int:
        """Return the fixed record length, counting each variable-length field as one byte."""
        return sum(1 if length == VARIABLE_LENGTH else length for _key, length in self.fields)


def _check_id(template_id: int) -> None:
    if template_id < MIN_DATA_ID:
        raise DecodeError("bad_template", f"template id {template_id} < 256")


def _check_count(count: int) -> None:
    if count > MAX_FIELDS:
        raise DecodeError("bad_template", f"{count} fields")


def parse_v9_templates(body: bytes | memoryview) -> Iterator[TemplateSpec]:
    """Yield the templates of a v9 template flowset (id 0); raise DecodeError at a bad one."""
    pos, end = 0, len(body)
    while end - pos >= 4:
        template_id, count = _HH.unpack_from(body, pos)
        if template_id == 0 and count == 0:
            break  # zero padding up to the flowset's 32-bit boundary
        _check_id(template_id)
        _check_count(count)
        if not count:
            raise DecodeError("bad_template", "v9 template without fields")
        stop = pos + 4 + 4 * count
        if stop > end:
            raise DecodeError("bad_template", "template runs past its flowset")
        yield _v9_spec(bytes(body[pos:stop]))
        pos = stop


@lru_cache(maxsize=1024)
def _v9_spec(record: bytes) -> TemplateSpec:
    """Build the spec of one v9 template record (cached: exporters re-announce every minute)."""
    template_id, count = _HH.unpack_from(record)
    fields = tuple(_HH.unpack_from(record, 4 + 4 * i) for i in range(count))
    return TemplateSpec.of(template_id, fields)


def parse_v9_options(body: bytes | memoryview) -> Iterator[TemplateSpec]:
    """Yield the templates of a v9 options flowset (id 1); scope types get their own keys."""
    pos, end = 0, len(body)
    while end - pos >= 6:
        template_id, scope_len, option_len = _HHH.unpack_from(body, pos)
        if template_id == 0:
            break  # padding
        _check_id(template_id)
        if scope_len % 4 or option_len % 4 or not scope_len + option_len:
            raise DecodeError("bad_template", "options template lengths not multiples of 4")
        _check_count((scope_len + option_len) // 4)
        pos += 6
        if pos + scope_len + option_len > end:
            raise DecodeError("bad_template", "options template runs past its flowset")
        scope = [_HH.unpack_from(body, pos + i) for i in range(0, scope_len, 4)]
        pos += scope_len
        opts = [_HH.unpack_from(body, pos + i) for i in range(0, option_len, 4)]
        pos += option_len
        fields = tuple((V9_SCOPE_BASE + kind, length) for kind, length in scope) + tuple(opts)
        yield TemplateSpec.of(template_id, fields, max(len(scope), 1))


def parse_ipfix_templates(
    body: bytes | memoryview, options: bool = False
) -> Iterator[TemplateSpec]:
    """Yield the templates of an IPFIX template set (2) or options template set (3)."""
    pos, end = 0, len(body)
    while end - pos >= 4:
        template_id, count = _HH.unpack_from(body, pos)
        if template_id == 0 and count == 0:
            break  # padding (RFC 7011 3.3.1)
        if count == 0:
            # Withdrawal; the set id itself as template id withdraws all of that kind (8.1).
            if template_id not in (2, 3):
                _check_id(template_id)
            yield TemplateSpec(template_id, b"")
            pos += 4
            continue
        _check_id(template_id)
        _check_count(count)
        start = pos
        pos += 6 if options else 4
        if end - pos < 0:
            raise DecodeError("bad_template", "options template header truncated")
        for _ in range(count):  # find the record's end: enterprise fields carry 4 more bytes
            if pos + 4 > end:
                raise DecodeError("bad_template", "template runs past its set")
            pos += 8 if body[pos] & 0x80 else 4
        if pos > end:
            raise DecodeError("bad_template", "enterprise number runs past its set")
        yield _ipfix_spec(bytes(body[start:pos]), options)


@lru_cache(maxsize=1024)
def _ipfix_spec(record: bytes, options: bool) -> TemplateSpec:
    """Build the spec of one IPFIX (options) template record (cached like `_v9_spec`)."""
    template_id, count = _HH.unpack_from(record)
    scope_count = 0
    if options:
        scope_count = _HHH.unpack_from(record)[2]
        if not 0 < scope_count <= count:
            raise DecodeError("bad_template", f"scope count {scope_count} of {count} fields")
    fields, _end = _ipfix_fields(record, 6 if options else 4, count)
    return TemplateSpec.of(template_id, fields, scope_count)


def _ipfix_fields(body: bytes | memoryview, pos: int, count: int) -> tuple[Fields, int]:
    end = len(body)
    fields: list[tuple[int, int]] = []
    for _ in range(count):
        if pos + 4 > end:
            raise DecodeError("bad_template", "template runs past its set")
        element, length = _HH.unpack_from(body, pos)
        pos += 4
        if element & 0x8000:
            if pos + 4 > end:
                raise DecodeError("bad_template", "enterprise number runs past its set")
            element = pen_key(_I.unpack_from(body, pos)[0], element & 0x7FFF)
            pos += 4
        fields.append((element, length))
    return tuple(fields), pos
