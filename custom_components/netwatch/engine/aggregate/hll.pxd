# Cython declarations for hll.py (netwatch-speedups); the .py file stays the source.
cimport cython

cdef unsigned long long _MASK64, _GOLDEN, _MIX1, _MIX2
cdef int _INDEX_MASK, _RANK_BITS, PRECISION


@cython.locals(z=cython.ulonglong)
cpdef unsigned long long mix64(object key)


@cython.final
cdef class RollingHLL:
    cdef public list hours
    cdef public bytearray union

    @cython.locals(hashed=cython.ulonglong, index=cython.int, rank=cython.int, current=bytearray)
    cpdef add(self, object hour, object key)
