# Cython declarations for stages.py (netwatch-speedups); the .py file stays the source.
cimport cython

from custom_components.netwatch.engine.watch cimport CountryWatch


@cython.locals(codes=dict, pairs=dict, out=list)
cpdef list new_countries(CountryWatch watch, object aggregator, object batch, object country_of)
