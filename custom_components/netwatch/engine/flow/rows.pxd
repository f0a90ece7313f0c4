# Cython declarations for rows.py (netwatch-speedups); the .py file stays the source.
cimport cython

cdef extern from *:
    """
    /* A tuple subclass instance (FlowRecord) holding the items of a list: what tuple.__new__
       does for a subclass, without its argument parsing and its intermediate exact tuple. */
    static PyObject *netwatch_make_record(PyObject *cls, PyObject *values) {
        Py_ssize_t i, n = PyList_GET_SIZE(values);
        PyObject *record = ((PyTypeObject *)cls)->tp_alloc((PyTypeObject *)cls, n);
        if (record == NULL) return NULL;
    #if PY_VERSION_HEX >= 0x030E0000
        ((PyTupleObject *)record)->ob_hash = -1;  /* 3.14's hash cache: not computed yet */
    #endif
        for (i = 0; i < n; i++) {
            PyObject *item = PyList_GET_ITEM(values, i);
            Py_INCREF(item);
            PyTuple_SET_ITEM(record, i, item);
        }
        return record;
    }
    """
    object make_record "netwatch_make_record"(object cls, list values)

ctypedef const unsigned char *cbytes

cdef bint _COMPILED
cdef object _NEW, _FROM
cdef Py_ssize_t _PROTOCOL, _SAMPLING, _EXPORTER, _FIRST, _LAST, _ESTIMATED
cdef Py_ssize_t _SRC_PORT, _DST_PORT, _ICMP_TYPE, _ICMP_CODE
cdef long long _LIMIT
cdef long long _UINT, _COUNTER, _PROTO, _WIDE, _START, _END


@cython.locals(size=Py_ssize_t, count=Py_ssize_t, boot=cython.longlong, uptime=cython.longlong,
               mode=int, values=list)
cpdef object decode_rows(object plan, object body, object ctx)

@cython.locals(records=list, mode=int, boot=cython.longlong, uptime=cython.longlong,
               size=Py_ssize_t, recipe=bytes, spec=cbytes, buf=cbytes, fields=Py_ssize_t, count=Py_ssize_t,
               scaled=bint, i=Py_ssize_t, k=Py_ssize_t, base=Py_ssize_t, at=Py_ssize_t,
               offset=Py_ssize_t, length=Py_ssize_t, role=cython.longlong,
               value=cython.ulonglong, start=cython.ulonglong, end=cython.ulonglong,
               proto=cython.ulonglong)
cdef object _loop(object plan, bytes data, list values, object ctx, tuple clock)

@cython.locals(value=cython.ulonglong, j=Py_ssize_t)
cdef inline unsigned long long _read(cbytes buf, Py_ssize_t offset, Py_ssize_t length) noexcept

@cython.locals(first_ms=cython.longlong, last_ms=cython.longlong)
cdef inline int _uptime_times(list values, long long boot, long long uptime,
                              unsigned long long start, unsigned long long end) except -1

@cython.locals(row=tuple)
cdef object _icmp_record(object plan, list values, bytes data, Py_ssize_t base)

cdef inline object _record(list values)
