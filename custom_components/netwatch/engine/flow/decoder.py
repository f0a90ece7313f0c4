"""FlowDecoder: NetFlow v5, v9 (RFC 3954), IPFIX (RFC 7011) and sFlow v5 datagrams to records."""

from __future__ import annotations

import logging
import struct
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Final

from ..errors import DecodeError
from ..ratelimit import RateLimitedLog
from ..records import FlowRecord
from .layout import RecordCut
from .options import (
    apply_boot_time,
    apply_sampling,
    interface_name,
    options_records,
    remember_interface,
)
from .pending import PendingBuffer, PendingSet
from .persist import export_state, import_state
from .sequence import track_sequence
from .sflow import SflowDecoder
from .state import MAX_EXPORTERS, ExporterState, Template, TemplateStore
from .stats import FlowStats
from .template import TemplateSpec, parse_ipfix_templates, parse_v9_options, parse_v9_templates
from .times import Context
from .v5 import decode_v5

_LOGGER = logging.getLogger(__name__)

DEFAULT_MAX_TEMPLATES: Final = 1024
DEFAULT_TEMPLATE_TTL: Final = 7200.0
"""Four times Cisco's default 30-minute template refresh (RFC 7011 8.4 asks for a multiple)."""
DEFAULT_MAX_PENDING: Final = 512
MAX_TEMPLATES_PER_DATAGRAM: Final = 64
"""Templates read from one datagram; vendors send at most a few dozen, a flood sends hundreds."""
MAX_RECORDS_PER_DATAGRAM: Final = 2048
"""Data records decoded from one datagram (incl. buffered sets its templates release): a 64 KiB
datagram of the smallest real records holds ~1,400; more means a one-byte template bomb."""

_V9_HEADER: Final = struct.Struct("!HHIIII")
_IPFIX_HEADER: Final = struct.Struct("!HHIII")
_SET: Final = struct.Struct("!HH")
_NEW: Final = tuple.__new__
_SFLOW_MIN: Final = 28
"""sFlow version, IPv4 agent address, sub-agent, sequence, uptime and sample count."""


@dataclass(slots=True)
class _Datagram:
    """The datagram being decoded: where it came from, where its flows go, what it cost."""

    exporter: str
    state: ExporterState
    now: float
    out: list[FlowRecord]
    templates: int = 0
    records: int = 0


@dataclass(slots=True)
class _Message:
    """Header facts of the v9/IPFIX message being decoded."""

    dgram: _Datagram
    version: int
    domain: int
    export_ms: int
    uptime_ms: int | None
    records: int = 0
    flows: int = 0
    complete: bool = True


def is_sflow(view: memoryview) -> bool:
    """Tell whether a datagram (4+ bytes) starts with sFlow's 32-bit version 5 (SFLOW_MAGIC)."""
    return not (view[0] | view[1] | view[2]) and view[3] == 5


def check_header(view: memoryview) -> None:
    """Raise DecodeError unless the datagram starts like NetFlow v5/v9, IPFIX or sFlow v5."""
    size = len(view)
    if size < 4:
        raise DecodeError("too_short", f"{size} bytes")
    version = (view[0] << 8) | view[1]
    if is_sflow(view):
        if size < _SFLOW_MIN:
            raise DecodeError("too_short", f"sFlow header needs {_SFLOW_MIN} bytes")
    elif version == 5:
        count = (view[2] << 8) | view[3]
        if size < 24 or not count or size < 24 + 48 * count:
            raise DecodeError("bad_count", f"v5 header count {count} in {size} bytes")
    elif version == 9:
        if size < _V9_HEADER.size:
            raise DecodeError("too_short", "v9 header needs 20 bytes")
    elif version == 10:
        if size < _IPFIX_HEADER.size:
            raise DecodeError("too_short", "IPFIX header needs 16 bytes")
        length = (view[2] << 8) | view[3]
        if not _IPFIX_HEADER.size <= length <= size:
            raise DecodeError("bad_length", f"IPFIX length {length}, {size} bytes")
    else:
        raise DecodeError("bad_version", f"version {version}")


class FlowDecoder:
    """Decode export datagrams with template state per exporter; never raises on bad input."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.time,
        max_templates: int = DEFAULT_MAX_TEMPLATES,
        template_ttl: float = DEFAULT_TEMPLATE_TTL,
        max_pending: int = DEFAULT_MAX_PENDING,
    ) -> None:
        self.stats = FlowStats()
        self._clock = clock
        self._store = TemplateStore(self.stats, max_templates, template_ttl)
        self._pending = PendingBuffer(self.stats, max_pending)
        self._log = RateLimitedLog(_LOGGER)
        self._sflow = SflowDecoder(self.stats, self._reject)
        self.last_reject: tuple[str, str] | None = None
        """(reason, detail) of the last rejection during the latest decode() call, else None."""

    def decode(self, data: bytes, exporter: str) -> list[FlowRecord]:
        """Decode one datagram; return its flows plus buffered ones its templates released."""
        out: list[FlowRecord] = []
        self.last_reject = None
        state: ExporterState | None = None
        try:
            now = self._clock()
            self.stats.datagrams += 1
            view = memoryview(data)
            check_header(view)  # no state is created for a datagram that is not flow data
            state = self._enter(exporter, now)
            if is_sflow(view):
                self._sflow.decode(view, exporter, state, now, out)
            else:
                self._messages(view, _Datagram(exporter, state, now, out))
        except DecodeError as err:
            self._reject(state, exporter, err.reason, err.detail)
        except Exception:  # the datagram boundary: count, log rarely, never raise
            self._reject(state, exporter, "internal_error", "unexpected decoder failure")
            _LOGGER.debug("flow decoder failure on a datagram from %s", exporter, exc_info=True)
        self.stats.flows += len(out)
        if state is not None and out:
            state.stats.flows += len(out)
            state.stats.last_flow = now
        return out

    def interface_names(self, exporter: str) -> dict[int, str]:
        """Return the interface names an exporter announced in options records."""
        state = self._store.exporters.get(exporter)
        return dict(state.if_names) if state else {}

    def export_state(self) -> dict[str, Any]:
        """Return templates and options state as JSON-able data, for persistence."""
        return export_state(self._store)

    def import_state(self, state: dict[str, Any]) -> None:
        """Restore export_state() output; entries that do not parse are counted and skipped."""
        self.stats.import_rejected += import_state(self._store, state, self._clock())

    def _enter(self, exporter: str, now: float) -> ExporterState:
        state = self._store.exporter(exporter, now)
        if state is None:
            raise DecodeError("exporters_full", f"{MAX_EXPORTERS} exporters with recent flows")
        for gone in self._store.on_evict_exporter:
            self._pending.drop_exporter(gone)
        self._store.on_evict_exporter.clear()
        self._pending.expire(now)
        state.stats.datagrams += 1
        state.stats.last_seen = now
        return state

    def _reject(self, state: ExporterState | None, exporter: str, reason: str, detail: str) -> None:
        self.stats.count_malformed(state.stats if state else None, reason)
        self.last_reject = (reason, detail)
        self._log.report(
            reason,
            "Flow data from %s rejected (%s): %s",
            exporter,
            reason,
            detail,
            sender=exporter,
        )

    def _messages(self, view: memoryview, dgram: _Datagram) -> None:
        """Decode every export message in the datagram (some devices concatenate them)."""
        pos, end = 0, len(view)
        while True:
            if end - pos < 4:
                raise DecodeError("too_short", f"{end - pos} bytes")
            version = (view[pos] << 8) | view[pos + 1]
            if version == 5:
                records, pos, sequence, count = decode_v5(view, pos, dgram.exporter)
                dgram.out.extend(records)
                dgram.state.stats.sampling_interval = records[0].sampling_interval
                track_sequence(self.stats, dgram.state, (5, 0), sequence, (count, count))
            elif version == 9:
                pos = self._v9(view, pos, dgram)
            elif version == 10:
                pos = self._ipfix(view, pos, dgram)
            elif pos == 0:
                raise DecodeError("bad_version", f"version {version}")
            else:
                raise DecodeError("bad_length", f"{end - pos} bytes after the message")
            dgram.state.stats.version = version
            if pos >= end or not any(view[pos:end]):
                return  # done, or zero padding after the last message

    def _v9(self, view: memoryview, pos: int, dgram: _Datagram) -> int:
        if len(view) - pos < _V9_HEADER.size:
            raise DecodeError("too_short", "v9 header needs 20 bytes")
        _ver, _count, uptime, secs, sequence, source = _V9_HEADER.unpack_from(view, pos)
        # The header count is unreliable (softflowd leaves templates out): walk the flowsets.
        msg = _Message(dgram, 9, source, secs * 1000, uptime)
        self._sets(view, pos + _V9_HEADER.size, len(view), msg)
        track_sequence(self.stats, dgram.state, (9, source), sequence, (1, 1))
        return len(view)

    def _ipfix(self, view: memoryview, pos: int, dgram: _Datagram) -> int:
        if len(view) - pos < _IPFIX_HEADER.size:
            raise DecodeError("too_short", "IPFIX header needs 16 bytes")
        _ver, length, export_time, sequence, domain = _IPFIX_HEADER.unpack_from(view, pos)
        if length < _IPFIX_HEADER.size or pos + length > len(view):
            raise DecodeError("bad_length", f"IPFIX length {length}, {len(view) - pos} bytes")
        stop: int = pos + length
        msg = _Message(dgram, 10, domain, export_time * 1000, None)
        self._sets(view, pos + _IPFIX_HEADER.size, stop, msg)
        # IPFIX counts data records: unknown when a data set waits for its template.
        counts = (msg.records, msg.flows) if msg.complete else None
        track_sequence(self.stats, dgram.state, (10, domain), sequence, counts)
        return stop

    def _sets(self, view: memoryview, pos: int, end: int, msg: _Message) -> None:
        """Walk the sets of one message; a bad set costs only itself unless lengths are broken."""
        template_set, options_set = (0, 1) if msg.version == 9 else (2, 3)
        while end - pos >= 4:
            set_id, length = _SET.unpack_from(view, pos)
            if length < 4 or pos + length > end:
                if not any(view[pos:end]):
                    return  # zero padding after the last set (Palo Alto, Cisco ACI)
                raise DecodeError("bad_set", f"set {set_id} length {length} at offset {pos}")
            body = view[pos + 4 : pos + length]
            pos += length
            try:
                if set_id >= 256:
                    self._data_set(set_id, body, msg)
                elif set_id == template_set:
                    v9 = msg.version == 9
                    self._templates(
                        parse_v9_templates(body) if v9 else parse_ipfix_templates(body), msg
                    )
                elif set_id == options_set:
                    v9 = msg.version == 9
                    self._templates(
                        parse_v9_options(body) if v9 else parse_ipfix_templates(body, True), msg
                    )
                # Other ids below 256 are reserved (RFC 7011 3.3.2): skipped.
            except DecodeError as err:
                self._reject(msg.dgram.state, msg.dgram.exporter, err.reason, err.detail)

    def _templates(self, specs: Iterable[TemplateSpec], msg: _Message) -> None:
        store, dgram = self._store, msg.dgram
        for spec in specs:
            dgram.templates += 1
            if dgram.templates > MAX_TEMPLATES_PER_DATAGRAM:
                raise DecodeError(
                    "too_many_templates", f"more than {MAX_TEMPLATES_PER_DATAGRAM} in a datagram"
                )
            if spec.withdrawal:
                store.withdraw(dgram.state, msg.version, msg.domain, spec.template_id)
                continue
            if not spec.record_length():
                detail = f"template {spec.template_id} has no field bytes"
                self._reject(dgram.state, dgram.exporter, "template_empty", detail)
                continue
            key = (msg.version, msg.domain, spec.template_id)
            template = store.put(dgram.state, key, spec, dgram.now)
            for pending in self._pending.take((dgram.exporter, *key), dgram.now):
                self.stats.pending_decoded += 1
                self._decode(template, pending.body, (pending.export_ms, pending.uptime_ms), msg)

    def _data_set(self, set_id: int, body: memoryview, msg: _Message) -> None:
        dgram = msg.dgram
        key = (msg.version, msg.domain, set_id)
        template = self._store.get(dgram.state, key, dgram.now)
        if template is None:
            msg.complete = False
            self.stats.unknown_template += 1
            dgram.state.stats.unknown_template += 1
            pending = PendingSet(
                dgram.now, bytes(body), msg.export_ms, msg.uptime_ms, None, dgram.state.stats
            )
            self._pending.add((dgram.exporter, *key), pending)
            return
        count = self._decode(template, body, (msg.export_ms, msg.uptime_ms), msg)
        msg.records += count
        if not template.options:
            msg.flows += count

    def _decode(
        self,
        template: Template,
        body: bytes | memoryview,
        times: tuple[int, int | None],
        msg: _Message,
    ) -> int:
        """Decode one data set with its template; return the number of records in it."""
        dgram = msg.dgram
        room = MAX_RECORDS_PER_DATAGRAM - dgram.records
        size = template.record_size
        if size and len(body) // size > room:
            self._reject(dgram.state, dgram.exporter, "too_many_records", f"{room} records left")
            body = body[: max(0, room) * size]
        if room <= 0:
            return 0
        state = dgram.state
        domain = state.domain((msg.version, msg.domain))
        if template.options:
            try:
                records = options_records(template.spec.fields, body, room)
            except RecordCut as cut:  # keep the records before the cut, count the set
                records = cut.records
                self._reject(state, dgram.exporter, cut.reason, cut.detail)
            dgram.records += len(records)
            for record in records:
                if apply_sampling(domain, record):
                    state.stats.sampling_interval = domain.sampling
                apply_boot_time(domain, record)
                if named := interface_name(record):
                    remember_interface(state.if_names, *named)
            return len(records)
        export_ms, uptime_ms = times
        boot = export_ms - uptime_ms if uptime_ms is not None else domain.boot_ms
        plan = template.plan()
        lookup = self._subtemplates(msg) if "lists" in plan.attrs else None
        fields = (dgram.exporter, export_ms, uptime_ms, boot, domain.sampling, domain.samplers)
        ctx = _NEW(Context, (*fields, lookup))  # Context(...) without its Python-level __new__
        try:
            flows = plan.decode(body, ctx, room)
        except RecordCut as cut:  # keep the records before the cut, count the set
            flows = cut.records
            self._reject(state, dgram.exporter, cut.reason, cut.detail)
        dgram.records += len(flows)
        dgram.out.extend(flows)
        return len(flows)

    def _subtemplates(self, msg: _Message) -> Callable[[int], TemplateSpec | None]:
        """Return a lookup of the message domain's data templates (for RFC 6313 lists)."""
        store, state, now = self._store, msg.dgram.state, msg.dgram.now
        version, domain = msg.version, msg.domain

        def lookup(template_id: int) -> TemplateSpec | None:
            template = store.get(state, (version, domain, template_id), now)
            return template.spec if template is not None and not template.options else None

        return lookup
