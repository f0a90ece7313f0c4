# Cython declarations for count_facts.py (netwatch-speedups); the .py file stays the source.
cimport cython

from custom_components.netwatch.engine.aggregate.ledger cimport Ledger


@cython.locals(devices=dict, version=cython.int)
cpdef count_facts(Ledger ledger, object batch, object sums, object country_of)

@cython.locals(countries=dict)
cdef _add_facts(object series, dict facts, dict codes)

cdef _add_homes(dict devices, dict homes, object tracked)

@cython.locals(entry=list)
cdef _dev(dict devices, object key, object received, object sent, object flows)
