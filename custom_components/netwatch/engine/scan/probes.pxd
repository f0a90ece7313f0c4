# Cython declarations for probes.py (netwatch-speedups); the .py file stays the source.
cimport cython


cpdef bint is_unicast(int ip_version, object address)

cpdef bint looks_like_reply(object src_port, object dst_port)

@cython.locals(version=cython.int, protocol=cython.int)
cpdef str inbound_flow_reason(object record, set answered)

cdef str _datagram_reason(object record, object packets, set answered)

cdef str _icmp_reason(object protocol, object icmp_type)

cdef tuple _reverse_key(object record)

cpdef set answered_keys(object sent_from_home)
