# Cython declarations for plan.py (netwatch-speedups); the .py file stays the source.
cimport cython

cdef bint _COMPILED
cdef Py_ssize_t _EXPORTER, _PROTOCOL, _SAMPLING, _FIRST, _LAST, _ICMP_TYPE, _ICMP_CODE, _ESTIMATED


@cython.final
cdef class DataPlan:
    cdef public object attrs, bytes_rows, consts, getter, min_length, mixed, size, slicer, steps
    cdef public bint flag_extras, multi_list
    cdef public object struct, template_id, version, width
    cdef public tuple row_fields, row_consts, row_time_rows
    cdef public object row_times
    cdef public bint by_rows

    cpdef tuple columns(self, object body, object limit=*)
    cpdef list decode(self, object body, object ctx, object limit=*)
    @cython.locals(values=list, records=list, row=tuple, fields=tuple, at=Py_ssize_t,
                   pick=Py_ssize_t, size=Py_ssize_t, count=Py_ssize_t, start=object, end=object,
                   first=Py_ssize_t, last=Py_ssize_t, uptime=object)
    cpdef list rows(self, object body, object ctx)
    cdef list _row_values(self, object ctx)
    cdef _row_icmp(self, list values, tuple row)
    @cython.locals(out=list, records=list)
    cpdef list build(self, object n, list cols, object ctx)
