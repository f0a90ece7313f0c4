# Cython declarations for classify.py (netwatch-speedups); the .py file stays the source.
cimport cython

from custom_components.netwatch.engine.addr cimport NetworkSet


@cython.locals(version=cython.int, record=object, src=object, dst=object,
               outbound=list, out_home=list, out_remote=list, inbound=list, in_home=list,
               in_remote=list, internal=list, other=list)
cpdef classify_flows(object records, NetworkSet home, object now)

cpdef object addr_key(int ip_version, object addr)
