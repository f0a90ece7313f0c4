"""Templates and options state as JSON-able data, so a restart does not wait for template refreshes.

Shape: {"format": 1, "exporters": {exporter: {"templates": [[version, domain, template_id,
scope_count, refreshed, [[key, length], ...]], ...], "domains": [[version, domain, sampling,
[[sampler_id, interval], ...], boot_ms | null], ...], "if_names": [[ifindex, name], ...]}}}.
"""

from __future__ import annotations

import math
from typing import Any, Final

from .options import MAX_IF_NAMES, MAX_NAME, MAX_SAMPLERS, remember_interface
from .state import ExporterState, TemplateStore
from .template import MAX_FIELDS, MIN_DATA_ID, TemplateSpec

FORMAT: Final = 1
_U16 = 0xFFFF
_U32 = 0xFFFFFFFF


def export_state(store: TemplateStore) -> dict[str, Any]:
    """Serialise every exporter's live templates, sampling, boot times and interface names."""
    exporters: dict[str, Any] = {}
    for name, state in store.exporters.items():
        exporters[name] = {
            "templates": [
                [
                    *key[:2],
                    key[2],
                    t.spec.scope_count,
                    t.refreshed,
                    [list(f) for f in t.spec.fields],
                ]
                for key, t in state.templates.items()
            ],
            "domains": [
                [*key, d.sampling, [list(s) for s in d.samplers.items()], d.boot_ms]
                for key, d in state.domains.items()
            ],
            "if_names": [list(item) for item in state.if_names.items()],
        }
    return {"format": FORMAT, "exporters": exporters}


def import_state(store: TemplateStore, data: Any, now: float) -> int:
    """Restore export_state() output into `store`; return how many entries were rejected."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return 1
    exporters = data.get("exporters")
    if not isinstance(exporters, dict):
        return 1
    rejected = 0
    for name, entry in exporters.items():
        if not isinstance(name, str) or not isinstance(entry, dict):
            rejected += 1
            continue
        state = store.exporter(name, now)
        if state is None:
            rejected += 1
            continue
        # It had templates before the restart: protect it like an exporter with recent flows.
        state.stats.last_flow = now
        rejected += _templates(store, state, entry.get("templates"), now)
        rejected += _domains(state, entry.get("domains"))
        rejected += _if_names(state, entry.get("if_names"))
    return rejected


def _is_int(value: Any, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= high


def _fields(items: Any) -> tuple[tuple[int, int], ...] | None:
    if not isinstance(items, list) or not 0 < len(items) <= MAX_FIELDS:
        return None
    parsed: list[tuple[int, int]] = []
    for item in items:
        if not isinstance(item, list) or len(item) != 2:
            return None
        if not _is_int(item[0], 1 << 48) or not _is_int(item[1], _U16):
            return None
        parsed.append((item[0], item[1]))
    return tuple(parsed)


def _spec(item: Any) -> tuple[tuple[int, int, int], TemplateSpec, float] | None:
    if not isinstance(item, list) or len(item) != 6:
        return None
    version, domain, template_id, scope_count, refreshed, raw_fields = item
    ok = version in (9, 10) and _is_int(domain, _U32) and _is_int(template_id, _U16)
    ok = ok and template_id >= MIN_DATA_ID and _is_int(scope_count, MAX_FIELDS)
    ok = ok and isinstance(refreshed, int | float) and math.isfinite(refreshed)
    fields = _fields(raw_fields) if ok else None
    if fields is None:
        return None
    spec = TemplateSpec.of(template_id, fields, scope_count)
    if not spec.record_length():
        return None
    return (version, domain, template_id), spec, float(refreshed)


def _templates(store: TemplateStore, state: ExporterState, items: Any, now: float) -> int:
    if not isinstance(items, list):
        return 1
    rejected = 0
    for item in items:
        parsed = _spec(item)
        if parsed is None:
            rejected += 1
            continue
        key, spec, refreshed = parsed
        if now - refreshed > store.ttl:
            continue  # expired while we were down
        store.put(state, key, spec, now).refreshed = min(refreshed, now)
    return rejected


def _domains(state: ExporterState, items: Any) -> int:
    if not isinstance(items, list):
        return 1
    rejected = 0
    for item in items:
        if not isinstance(item, list) or len(item) != 5:
            rejected += 1
            continue
        version, domain, sampling, samplers, boot_ms = item
        ok = version in (5, 9, 10) and _is_int(domain, _U32) and _is_int(sampling, _U32)
        ok = ok and sampling > 0 and isinstance(samplers, list)
        ok = ok and (boot_ms is None or _is_int(boot_ms, 1 << 62))
        pairs = samplers if ok else []
        if not ok or not all(
            isinstance(p, list) and len(p) == 2 and _is_int(p[0], _U32) and _is_int(p[1], _U32)
            for p in pairs
        ):
            rejected += 1
            continue
        options = state.domain((version, domain))
        options.sampling = sampling
        options.boot_ms = boot_ms
        for sampler, interval in pairs[-MAX_SAMPLERS:]:
            options.samplers[sampler] = max(1, interval)
    return rejected


def _if_names(state: ExporterState, items: Any) -> int:
    if not isinstance(items, list):
        return 1
    rejected = 0
    for item in items[-MAX_IF_NAMES:]:
        pair_ok = isinstance(item, list) and len(item) == 2 and _is_int(item[0], _U32)
        if not pair_ok or not isinstance(item[1], str) or not item[1]:
            rejected += 1
        else:
            remember_interface(state.if_names, item[0], item[1][:MAX_NAME])
    return rejected
