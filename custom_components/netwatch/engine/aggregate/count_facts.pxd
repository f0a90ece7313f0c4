# Cython declarations for count_facts.py (netwatch-speedups); the .py file stays the source.
cimport cython

from custom_components.netwatch.engine.aggregate.ledger cimport Ledger


@cython.locals(devices=dict, acc=dict, countries=dict, version=cython.int)
cpdef count_facts(Ledger ledger, object batch, object country_of)

cdef dict _country_keys(object codes)

@cython.locals(entry=list)
cdef _sum3(dict acc, tuple key, object a, object b)

@cython.locals(entry=list)
cdef _dev(dict devices, object key, object received, object sent)
