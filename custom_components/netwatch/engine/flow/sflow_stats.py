"""sFlow counters: sample totals and the latest interface counters per agent, bounded.

Counter samples carry an agent's interface counters (sFlow v5 `if_counters`, the IF-MIB values).
netwatch keeps the latest value per (agent, ifIndex) for diagnostics: at most MAX_AGENTS agents
(the least recently heard one is forgotten) with at most MAX_INTERFACES interfaces each (the least
recently updated one is forgotten). Evictions are counted.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from typing import Any, Final

MAX_AGENTS: Final = 16
MAX_INTERFACES: Final = 64


@dataclass(slots=True)
class InterfaceCounters:
    """The latest generic interface counters of one ifIndex (absolute values, as sent)."""

    if_index: int
    if_type: int
    speed: int
    """Bits per second."""
    direction: int
    """0 unknown, 1 full duplex, 2 half duplex, 3 in, 4 out."""
    status: int
    """Bit 0 admin up, bit 1 operational up."""
    in_octets: int
    in_packets: int
    """Unicast + multicast + broadcast packets."""
    in_discards: int
    in_errors: int
    out_octets: int
    out_packets: int
    out_discards: int
    out_errors: int
    updated: float


@dataclass(slots=True)
class AgentCounters:
    """What one sFlow agent (address and sub-agent id) last reported."""

    exporter: str
    """The datagram's source address (the agent address inside may differ behind NAT)."""
    uptime_ms: int = 0
    last_seen: float = 0.0
    interfaces: OrderedDict[int, InterfaceCounters] = field(default_factory=OrderedDict)


@dataclass(slots=True)
class SflowStats:
    """Totals of the sFlow decoder plus interface counters per agent (bounded)."""

    datagrams: int = 0
    flow_samples: int = 0
    counter_samples: int = 0
    other_samples: int = 0
    """Samples of formats netwatch does not read (enterprise-specific, discards, RT metrics)."""
    non_ip: int = 0
    """Flow samples whose packet is not IPv4/IPv6 (ARP, LLDP ...): counted, no flow record."""
    over_limit: int = 0
    """Datagrams announcing more samples than the per-datagram limit (the rest is not read)."""
    discarded: int = 0
    """Flow samples of packets the agent dropped (output format 1): kept, marked as dropped."""
    agents_evicted: int = 0
    interfaces_evicted: int = 0
    agents: OrderedDict[str, AgentCounters] = field(default_factory=OrderedDict)

    def agent(self, key: str, exporter: str, now: float) -> AgentCounters:
        """Return (creating) an agent's entry; the least recently heard goes beyond the cap."""
        entry = self.agents.get(key)
        if entry is None:
            entry = self.agents[key] = AgentCounters(exporter)
            while len(self.agents) > MAX_AGENTS:
                self.agents.popitem(last=False)
                self.agents_evicted += 1
        else:
            self.agents.move_to_end(key)
        entry.exporter, entry.last_seen = exporter, now
        return entry

    def store(self, agent: AgentCounters, counters: InterfaceCounters) -> None:
        """Keep the latest counters of an interface, forgetting the stalest beyond the cap."""
        agent.interfaces[counters.if_index] = counters
        agent.interfaces.move_to_end(counters.if_index)
        while len(agent.interfaces) > MAX_INTERFACES:
            agent.interfaces.popitem(last=False)
            self.interfaces_evicted += 1

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-able snapshot (diagnostics)."""
        return {
            "datagrams": self.datagrams,
            "flow_samples": self.flow_samples,
            "counter_samples": self.counter_samples,
            "other_samples": self.other_samples,
            "non_ip": self.non_ip,
            "over_limit": self.over_limit,
            "discarded": self.discarded,
            "agents_evicted": self.agents_evicted,
            "interfaces_evicted": self.interfaces_evicted,
            "agents": {
                key: {
                    "exporter": agent.exporter,
                    "uptime_ms": agent.uptime_ms,
                    "last_seen": agent.last_seen,
                    "interfaces": [asdict(c) for c in agent.interfaces.values()],
                }
                for key, agent in self.agents.items()
            },
        }
