# Cython declarations for watch.py (netwatch-speedups); the .py file stays the source.
cimport cython


@cython.final
cdef class CountryWatch:
    cdef public object learning, _devices, evicted

    @cython.locals(entry=tuple, countries=set)
    cpdef bint observe(self, object device, str country, object now)
