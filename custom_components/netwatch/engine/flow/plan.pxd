# Cython declarations for plan.py (netwatch-speedups); the .py file stays the source.
cimport cython

cdef bint _COMPILED
cdef Py_ssize_t _SRC_PORT, _DST_PORT, _ICMP_TYPE, _ICMP_CODE


@cython.final
cdef class DataPlan:
    cdef public object attrs, bytes_rows, consts, getter, min_length, mixed, size, slicer, steps
    cdef public bint flag_extras, multi_list
    cdef public object struct, template_id, version, width
    cdef public tuple row_fields, row_consts, row_time_rows
    cdef public object row_times, row_spec
    cdef public bint by_rows

    cpdef tuple columns(self, object body, object limit=*)
    cpdef list decode(self, object body, object ctx, object limit=*)
    cpdef object rows(self, object body, object ctx)
    @cython.locals(out=list)
    cpdef list build(self, object n, list cols, object ctx)
