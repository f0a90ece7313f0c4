"""Template state scoped by (exporter, version, source id / observation domain, template id).

Bounds (every collection here is keyed by network data):
- templates: at most `max_templates` in total; when full, the exporter holding the most templates
  loses its least recently refreshed one, so one noisy or hostile exporter cannot push out the
  templates of the others. A template not refreshed for `template_ttl` seconds is expired.
- exporters: at most MAX_EXPORTERS; the least recently seen is forgotten with all its state.
- per exporter: sequence/options state for at most MAX_DOMAINS domains (oldest forgotten), at most
  MAX_IF_NAMES interface names.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Final

from .options import DomainOptions
from .plan import DataPlan
from .stats import ExporterStats, FlowStats
from .template import TemplateSpec

MAX_EXPORTERS: Final = 128
MAX_DOMAINS: Final = 64

TemplateKey = tuple[int, int, int]
"""(version, domain, template id) inside one exporter."""
DomainKey = tuple[int, int]
"""(version, domain)."""


@dataclass(slots=True)
class Template:
    """A template known for one exporter.

    The decode plan is compiled when the first data set needs it, so a flood of templates that
    never carry data costs parsing only.
    """

    spec: TemplateSpec
    version: int
    refreshed: float
    compiled: DataPlan | None = None

    @property
    def options(self) -> bool:
        """Tell whether this is an options template."""
        return self.spec.scope_count > 0

    def plan(self) -> DataPlan:
        """Return the data plan, compiling it on first use."""
        if self.compiled is None:
            self.compiled = DataPlan(self.version, self.spec.template_id, self.spec.fields)
        return self.compiled


@dataclass(slots=True)
class ExporterState:
    """Everything remembered about one exporter."""

    stats: ExporterStats = field(default_factory=ExporterStats)
    templates: OrderedDict[TemplateKey, Template] = field(default_factory=OrderedDict)
    domains: OrderedDict[DomainKey, DomainOptions] = field(default_factory=OrderedDict)
    sequence: OrderedDict[DomainKey, tuple[int, int, int] | None] = field(
        default_factory=OrderedDict
    )
    if_names: OrderedDict[int, str] = field(default_factory=OrderedDict)

    def domain(self, key: DomainKey) -> DomainOptions:
        """Return (creating) the options state of a domain, forgetting the oldest beyond the cap."""
        options = self.domains.get(key)
        if options is None:
            options = self.domains[key] = DomainOptions()
            while len(self.domains) > MAX_DOMAINS:
                self.domains.popitem(last=False)
        return options


class TemplateStore:
    """Per-exporter state with global bounds on exporters and templates."""

    def __init__(self, stats: FlowStats, max_templates: int, template_ttl: float) -> None:
        self.stats = stats
        self.max_templates = max(1, max_templates)
        self.ttl = template_ttl
        self.exporters: OrderedDict[str, ExporterState] = OrderedDict()
        self.on_evict_exporter: list[str] = []

    def exporter(self, name: str) -> ExporterState:
        """Return (creating) the state of an exporter, evicting the least recently seen."""
        state = self.exporters.get(name)
        if state is not None:
            self.exporters.move_to_end(name)
            self.stats.exporters.move_to_end(name)
            return state
        state = self.exporters[name] = ExporterState()
        self.stats.exporters[name] = state.stats
        while len(self.exporters) > MAX_EXPORTERS:
            old_name, old = self.exporters.popitem(last=False)
            self.stats.exporters.pop(old_name, None)
            self.stats.templates -= len(old.templates)
            self.stats.exporters_evicted += 1
            self.on_evict_exporter.append(old_name)
        return state

    def get(self, state: ExporterState, key: TemplateKey, now: float) -> Template | None:
        """Return a live template, expiring it when not refreshed within the TTL."""
        template = state.templates.get(key)
        if template is not None and now - template.refreshed > self.ttl:
            self._remove(state, key)
            self.stats.templates_expired += 1
            return None
        return template

    def put(
        self, state: ExporterState, key: TemplateKey, spec: TemplateSpec, now: float
    ) -> Template:
        """Store or refresh a template; recompile only when its fields changed."""
        current = state.templates.get(key)
        if current is not None and current.spec == spec:
            current.refreshed = now
            state.templates.move_to_end(key)
            return current
        template = Template(spec, key[0], now)
        if current is None:
            self._make_room(state)
            self.stats.templates += 1
            state.stats.templates += 1
        state.templates[key] = template
        state.templates.move_to_end(key)
        return template

    def withdraw(self, state: ExporterState, version: int, domain: int, template_id: int) -> None:
        """Withdraw one template, or all data (2) / options (3) templates of a domain."""
        if template_id in (2, 3):
            options = template_id == 3
            keys = [
                k
                for k, t in state.templates.items()
                if k[:2] == (version, domain) and t.options == options
            ]
        else:
            keys = [(version, domain, template_id)]
        for key in keys:
            if key in state.templates:
                self._remove(state, key)
                self.stats.templates_withdrawn += 1

    def _remove(self, state: ExporterState, key: TemplateKey) -> None:
        del state.templates[key]
        self.stats.templates -= 1
        state.stats.templates -= 1

    def _make_room(self, state: ExporterState) -> None:
        if self.stats.templates < self.max_templates:
            return
        # Evict from whoever holds the most; the exporter adding templates usually is that one.
        victim = state
        average = self.stats.templates / max(1, len(self.exporters))
        if len(state.templates) < average or not state.templates:
            victim = max(self.exporters.values(), key=lambda s: len(s.templates))
        oldest = next(iter(victim.templates))
        self._remove(victim, oldest)
        self.stats.templates_evicted += 1
