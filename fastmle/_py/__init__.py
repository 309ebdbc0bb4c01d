"""Pure-Python kernels: the python engine, and (compiled by numba) the numba engine."""
