# Cython declarations for count_flows.py (netwatch-speedups); the .py file stays the source.
cimport cython

from custom_components.netwatch.engine.aggregate.ledger cimport Ledger
from custom_components.netwatch.engine.aggregate.tables cimport Device


cpdef count_flows(Ledger ledger, object batch, object country_of, bint inbound_creates)

cdef tuple _sum(list records)

@cython.locals(device=Device)
cdef Device _device(Ledger ledger, object key, object now, bint create)

@cython.locals(records=list, devices=dict, acc=list, device=Device)
cdef tuple _outbound(Ledger ledger, object batch, object country_of)

@cython.locals(records=list, remotes=dict, seen=list, codes=dict)
cdef _destinations(Ledger ledger, object batch, object country_of)

@cython.locals(records=list, by_key=object, device=Device)
cdef tuple _inbound(Ledger ledger, object batch, bint creates)

@cython.locals(records=list, version=cython.int, sender=Device, receiver=Device, device=Device)
cdef _internal(Ledger ledger, object batch)

cdef bint _link(Ledger ledger, object record, tuple key, object now)

cdef _link_unclassified(Ledger ledger, object record, object now)
