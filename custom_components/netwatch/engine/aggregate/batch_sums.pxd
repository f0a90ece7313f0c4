# Cython declarations for batch_sums.py (netwatch-speedups); the .py file stays the source.
cimport cython


cpdef object sum_batch(object batch)

@cython.locals(records=list, home_keys=list, remote_keys=list, homes=dict, facts=dict,
               remotes=dict, entry=list, key=tuple)
cdef _sum_side(object batch, object sums, bint outbound)
