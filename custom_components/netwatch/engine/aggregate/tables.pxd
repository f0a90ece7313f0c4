# Cython declarations for tables.py (netwatch-speedups); the .py file stays the source.
cimport cython


@cython.final
cdef class Device:
    cdef public object bytes_in, bytes_out, cur_in, cur_out, denied_inbound, first_seen, flows
    cdef public object key, last_seen, mac, minute, packets_in, packets_out, prev_in, prev_out
    cdef public object saved_name

    cpdef roll(self, object minute)


@cython.final
cdef class DeviceTable:
    cdef public object by_key
    cdef public object capacity, evicted

    cpdef Device create(self, object key, object now)
    cpdef touch(self, Device device, object minute)


@cython.final
cdef class Country:
    cdef public object code, inbound_denied, last_seen, outbound_bytes, outbound_flows


@cython.final
cdef class CountryTable:
    cdef public dict by_code
    cdef public object capacity, evicted
