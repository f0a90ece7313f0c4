"""Flow decoder counters: totals and per-exporter health, plain data read by the publisher."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Final

from .sflow_stats import SflowStats

REASONS: Final = (
    "too_short",
    "bad_version",
    "bad_count",
    "bad_length",
    "bad_set",
    "bad_template",
    "template_empty",
    "bad_sample",
    "too_many_templates",
    "too_many_records",
    "exporters_full",
    "internal_error",
)
"""Every reason a datagram, set or template is rejected for; the malformed dicts use only these
keys, so they stay bounded whatever arrives."""


def _reasons() -> dict[str, int]:
    return dict.fromkeys(REASONS, 0)


@dataclass(slots=True)
class ExporterStats:
    """Health of one exporter (by source address)."""

    datagrams: int = 0
    flows: int = 0
    sequence_gaps: int = 0
    """Times the export sequence number jumped forward (export datagrams were lost)."""
    lost: int = 0
    """Estimated missing units behind those jumps: flows (v5), datagrams (v9), records (IPFIX)."""
    sequence_resets: int = 0
    """Times the sequence went backwards (exporter restart or reordering)."""
    unknown_template: int = 0
    """Data sets that arrived before their template (buffered, see `pending`)."""
    pending: int = 0
    """Data sets currently waiting for their template."""
    malformed: dict[str, int] = field(default_factory=_reasons)
    templates: int = 0
    last_seen: float = 0.0
    last_flow: float = 0.0
    """When this exporter last produced a flow (protects its state from eviction)."""
    version: int = 0
    sampling_interval: int = 1

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-able snapshot."""
        return {
            "datagrams": self.datagrams,
            "flows": self.flows,
            "sequence_gaps": self.sequence_gaps,
            "lost": self.lost,
            "sequence_resets": self.sequence_resets,
            "unknown_template": self.unknown_template,
            "pending": self.pending,
            "malformed": {k: v for k, v in self.malformed.items() if v},
            "templates": self.templates,
            "last_seen": self.last_seen,
            "last_flow": self.last_flow,
            "version": self.version,
            "sampling_interval": self.sampling_interval,
        }


@dataclass(slots=True)
class FlowStats:
    """Totals of one FlowDecoder plus per-exporter health (at most `max_exporters` entries)."""

    datagrams: int = 0
    flows: int = 0
    malformed: dict[str, int] = field(default_factory=_reasons)
    unknown_template: int = 0
    pending: int = 0
    pending_decoded: int = 0
    """Buffered data sets decoded once their template arrived."""
    pending_dropped: int = 0
    """Buffered data sets dropped: buffer full, too old, or their exporter was evicted."""
    templates: int = 0
    templates_evicted: int = 0
    templates_expired: int = 0
    templates_withdrawn: int = 0
    sequence_gaps: int = 0
    exporters_evicted: int = 0
    exporters_refused: int = 0
    """New exporters refused because every slot was held by an exporter with recent flows."""
    import_rejected: int = 0
    """Entries of a restored state that did not parse and were skipped."""
    exporters: OrderedDict[str, ExporterStats] = field(default_factory=OrderedDict)
    sflow: SflowStats = field(default_factory=SflowStats)

    @property
    def malformed_total(self) -> int:
        """Return the number of rejections of any reason."""
        return sum(self.malformed.values())

    def count_malformed(self, exporter: ExporterStats | None, reason: str) -> None:
        """Count one rejection in the totals and the exporter's health."""
        key = reason if reason in self.malformed else "internal_error"
        self.malformed[key] += 1
        if exporter is not None:
            exporter.malformed[key] += 1

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-able snapshot (diagnostics)."""
        return {
            "datagrams": self.datagrams,
            "flows": self.flows,
            "malformed": {k: v for k, v in self.malformed.items() if v},
            "unknown_template": self.unknown_template,
            "pending": self.pending,
            "pending_decoded": self.pending_decoded,
            "pending_dropped": self.pending_dropped,
            "templates": self.templates,
            "templates_evicted": self.templates_evicted,
            "templates_expired": self.templates_expired,
            "templates_withdrawn": self.templates_withdrawn,
            "sequence_gaps": self.sequence_gaps,
            "exporters_evicted": self.exporters_evicted,
            "exporters_refused": self.exporters_refused,
            "import_rejected": self.import_rejected,
            "exporters": {k: v.as_dict() for k, v in self.exporters.items()},
            "sflow": self.sflow.as_dict(),
        }
