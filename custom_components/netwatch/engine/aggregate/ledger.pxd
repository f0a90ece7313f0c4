# Cython declarations for ledger.py (netwatch-speedups); the .py file stays the source.
cimport cython

from custom_components.netwatch.engine.aggregate.hll cimport RollingHLL
from custom_components.netwatch.engine.aggregate.tables cimport CountryTable, DeviceTable


@cython.final
cdef class Ledger:
    cdef public CountryTable countries
    cdef public DeviceTable devices
    cdef public object hour, minute, join, last_event_at, last_flow_at, totals
    cdef public dict facts, rings, tops
    cdef public list facts_since
    cdef public RollingHLL sources

    cpdef add(self, object ring, object value)
