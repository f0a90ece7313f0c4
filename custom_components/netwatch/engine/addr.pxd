# Cython declarations for addr.py (netwatch-speedups); the .py file stays the source.
cimport cython


@cython.final
cdef class NetworkSet:
    cdef public tuple v4, v6, _v4_top, _v6_top

    @cython.locals(top=object, blocks=tuple, shift=object, prefixes=frozenset)
    cpdef bint contains(self, int ip_version, object value)
