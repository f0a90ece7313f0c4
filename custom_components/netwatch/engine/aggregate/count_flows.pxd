# Cython declarations for count_flows.py (netwatch-speedups); the .py file stays the source.
cimport cython

from custom_components.netwatch.engine.aggregate.ledger cimport Ledger
from custom_components.netwatch.engine.aggregate.tables cimport Device


cpdef count_flows(Ledger ledger, object batch, object sums, object country_of, bint inbound_creates)

cdef tuple _sum(list records)

@cython.locals(entry=list)
cdef tuple _count_totals(object totals, dict homes)

@cython.locals(device=Device)
cdef Device _device(Ledger ledger, object key, object now, bint create)

@cython.locals(device=Device)
cdef _homes(Ledger ledger, dict homes, object now, bint create)

@cython.locals(codes=dict)
cdef _destinations(Ledger ledger, object batch, dict remotes, object country_of)

cdef _inbound(Ledger ledger, object batch)

@cython.locals(records=list, version=cython.int, sender=Device, receiver=Device, device=Device)
cdef _internal(Ledger ledger, object batch)

cdef bint _link(Ledger ledger, object record, tuple key, object now)

cdef _link_unclassified(Ledger ledger, object record, object now)
