"""Template state scoped by (exporter, version, source id / observation domain, template id).

Bounds (every collection here is keyed by network data):
- templates: at most MAX_TEMPLATES_PER_EXPORTER per exporter (its own least recently refreshed
  one makes room) and `max_templates` in total; when the total is full, the exporter holding the
  most templates loses its least recently refreshed one, so one noisy or hostile exporter cannot
  push out the templates of the others. A template not refreshed for `template_ttl` seconds is
  expired.
- exporters: at most MAX_EXPORTERS. State is created only for a datagram whose header is valid.
  To make room, the least recently seen exporter that produced no flow within PRODUCTIVE_WINDOW
  is forgotten with all its state; an exporter that did is never evicted for a newcomer (which
  has produced nothing yet): the newcomer is refused and counted instead.
- per exporter: sequence/options state for at most MAX_DOMAINS domains (oldest forgotten), at most
  MAX_IF_NAMES interface names.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

from .ies import VARIABLE_LENGTH
from .options import DomainOptions
from .plan import DataPlan
from .stats import ExporterStats, FlowStats
from .template import TemplateSpec

MAX_EXPORTERS: Final = 128
MAX_DOMAINS: Final = 64
MAX_TEMPLATES_PER_EXPORTER: Final = 256
"""Five times the most templates one vendor capture announces (Cisco ASA NSEL, ~50)."""
PRODUCTIVE_WINDOW: Final = 7200.0
"""Seconds after its last flow during which an exporter's state is protected from eviction."""

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
    record_size: int = field(init=False)
    """Bytes per data record, 0 when the template has variable-length fields."""

    def __post_init__(self) -> None:
        lengths = [length for _key, length in self.spec.fields]
        self.record_size = 0 if VARIABLE_LENGTH in lengths else sum(lengths)

    @property
    def options(self) -> bool:
        """Tell whether this is an options template."""
        return self.spec.scope_count > 0

    def plan(self) -> DataPlan:
        """Return the data plan; identical definitions share one compiled plan."""
        if self.compiled is None:
            self.compiled = compiled_plan(self.version, self.spec.template_id, self.spec.packed)
        return self.compiled


@lru_cache(maxsize=256)
def compiled_plan(version: int, template_id: int, packed: bytes) -> DataPlan:
    """Compile a plan once per definition (re-announced or flapping templates cost a lookup)."""
    return DataPlan(version, template_id, TemplateSpec(template_id, packed).fields)


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

    def exporter(self, name: str, now: float) -> ExporterState | None:
        """Return (creating) an exporter's state; None when every slot is held by a busy one."""
        state = self.exporters.get(name)
        if state is not None:
            self.exporters.move_to_end(name)
            self.stats.exporters.move_to_end(name)
            return state
        if len(self.exporters) >= MAX_EXPORTERS and not self._evict_idle(now):
            self.stats.exporters_refused += 1
            return None
        state = self.exporters[name] = ExporterState()
        self.stats.exporters[name] = state.stats
        return state

    def _evict_idle(self, now: float) -> bool:
        """Forget the least recently seen exporter without a recent flow; tell whether one was."""
        horizon = now - PRODUCTIVE_WINDOW
        idle = (n for n, s in self.exporters.items() if s.stats.last_flow <= horizon)
        old_name = next(idle, None)
        if old_name is None:
            return False
        old = self.exporters.pop(old_name)
        self.stats.exporters.pop(old_name, None)
        self.stats.templates -= len(old.templates)
        self.stats.exporters_evicted += 1
        self.on_evict_exporter.append(old_name)
        return True

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
        if len(state.templates) >= MAX_TEMPLATES_PER_EXPORTER:
            self._remove(state, next(iter(state.templates)))
            self.stats.templates_evicted += 1
            return
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
