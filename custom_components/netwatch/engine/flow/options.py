"""Options data records: sampling intervals, exporter boot time and interface names."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Final

from .ies import (
    OPT_IF_INDEX,
    OPT_IF_NAME,
    OPT_PACKET_INTERVAL,
    OPT_PACKET_SPACE,
    OPT_SAMPLER_ID,
    OPT_SAMPLING_INTERVAL,
    OPT_SAMPLING_POPULATION,
    OPT_SAMPLING_SIZE,
    OPT_SYSTEM_INIT_MS,
    V9_SCOPE_INTERFACE,
    VARIABLE_LENGTH,
)
from .layout import RecordCut, variable_rows
from .template import Fields

MAX_SAMPLERS: Final = 64
"""Sampler ids remembered per observation domain; the oldest is forgotten beyond this."""
MAX_IF_NAMES: Final = 1024
"""Interface names remembered per exporter; the oldest is forgotten beyond this."""
MAX_NAME: Final = 64
"""Interface names are cut to this many characters."""

OptionsRecord = dict[int, int | bytes]


def options_records(
    fields: Fields, body: bytes | memoryview, limit: int = 1 << 30
) -> list[OptionsRecord]:
    """Split up to `limit` options records into {IE key: value}; values up to 8 bytes are ints.

    RecordCut, carrying the records before it, when a record runs past the set (layout.py).
    """
    steps = tuple((length, 2) for _key, length in fields)
    min_length = sum(1 if n == VARIABLE_LENGTH else n for _k, n in fields)
    rows, cut = variable_rows(steps, body, min_length, limit)
    records: list[OptionsRecord] = []
    for row in rows:
        record: OptionsRecord = {}
        for (key, _length), chunk in zip(fields, row, strict=True):
            record.setdefault(key, int.from_bytes(chunk) if len(chunk) <= 8 else chunk)
        records.append(record)
    if cut >= 0:
        raise RecordCut(records, f"options record at byte {cut} of {len(body)} overruns")
    return records


@dataclass(slots=True)
class DomainOptions:
    """What options records told about one observation domain / source id."""

    sampling: int = 1
    samplers: OrderedDict[int, int] = field(default_factory=OrderedDict)
    boot_ms: int | None = None


def sampling_interval(record: OptionsRecord) -> int | None:
    """Return the 1-in-N interval an options record announces, if any (RFC 5477 / RFC 3954)."""
    for key in OPT_SAMPLING_INTERVAL:
        value = record.get(key)
        if isinstance(value, int) and value > 0:
            return value
    taken, skipped = record.get(OPT_PACKET_INTERVAL), record.get(OPT_PACKET_SPACE)
    if isinstance(taken, int) and isinstance(skipped, int) and taken > 0:
        return max(1, round((taken + skipped) / taken))
    size, population = record.get(OPT_SAMPLING_SIZE), record.get(OPT_SAMPLING_POPULATION)
    if isinstance(size, int) and isinstance(population, int) and size > 0:
        return max(1, round(population / size))
    return None


def apply_sampling(domain: DomainOptions, record: OptionsRecord) -> bool:
    """Record a sampling interval (per sampler id when one is given); tell whether one was found."""
    interval = sampling_interval(record)
    if interval is None:
        return False
    sampler = next((v for k in OPT_SAMPLER_ID if isinstance(v := record.get(k), int)), None)
    if sampler is None:
        domain.sampling = interval
    else:
        domain.samplers[sampler] = interval
        domain.samplers.move_to_end(sampler)
        while len(domain.samplers) > MAX_SAMPLERS:
            domain.samplers.popitem(last=False)
    return True


def apply_boot_time(domain: DomainOptions, record: OptionsRecord) -> None:
    """Remember systemInitTimeMilliseconds, the base of IPFIX uptime-relative times."""
    value = record.get(OPT_SYSTEM_INIT_MS)
    if isinstance(value, int) and value > 0:
        domain.boot_ms = value


def interface_name(record: OptionsRecord) -> tuple[int, str] | None:
    """Return (ifIndex, name) when the record names an interface."""
    name = next((v for k in OPT_IF_NAME if isinstance(v := record.get(k), bytes | int)), None)
    if name is None:
        return None
    index = next(
        (v for k in (*OPT_IF_INDEX, V9_SCOPE_INTERFACE) if isinstance(v := record.get(k), int)),
        None,
    )
    if index is None:
        return None
    raw = name if isinstance(name, bytes) else name.to_bytes(8).lstrip(b"\0")
    text = raw.split(b"\0", 1)[0].decode("utf-8", "replace").strip()
    return (index, text[:MAX_NAME]) if text else None


def remember_interface(names: OrderedDict[int, str], index: int, name: str) -> None:
    """Store an interface name, forgetting the oldest beyond MAX_IF_NAMES."""
    names[index] = name
    names.move_to_end(index)
    while len(names) > MAX_IF_NAMES:
        names.popitem(last=False)
