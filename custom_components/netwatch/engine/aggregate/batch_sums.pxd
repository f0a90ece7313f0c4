# Cython declarations for batch_sums.py (netwatch-speedups); the .py file stays the source.
cimport cython


cpdef object sum_batch(object batch)

@cython.locals(entry=list, key=tuple)
cdef _sum_outbound(object batch, dict homes, dict remotes, dict facts)

@cython.locals(entry=list, key=tuple)
cdef _sum_inbound(object batch, dict homes, dict facts)
