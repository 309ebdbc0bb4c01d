# Shared pieces of the Cython engine: block sizes, compensated summation and
# the block-wise vector transcendentals of vmath.c.
from libc.math cimport fabs, isfinite

cdef extern from "vmath.h" nogil:
    void fm_vlog(double *x, Py_ssize_t n)
    void fm_vlog1p(double *x, Py_ssize_t n)
    void fm_vexp(double *x, Py_ssize_t n)
    int fm_cpu_level()

cdef enum:
    # Work is cut into CHUNKs (the unit of threading, independent of the
    # thread count) and each chunk into BLOCKs summed plainly; block sums are
    # combined with Neumaier compensation, then chunk sums in order.
    CHUNK = 4096
    BLOCK = 256
    MAXC = 32       # room for per-call constants of any family
    LANES = 8       # independent accumulators: vectorisable without -ffast-math


cdef inline void neum_add(double *s, double *comp, double v) noexcept nogil:
    """Neumaier-compensated ``s += v``; the rounding error goes to ``comp``."""
    cdef double t = s[0] + v
    if fabs(s[0]) >= fabs(v):
        comp[0] += (s[0] - t) + v
    else:
        comp[0] += (v - t) + s[0]
    s[0] = t


cdef inline double neum_result(double s, double comp) noexcept nogil:
    """Final value of a compensated sum (the plain sum once it is inf/NaN)."""
    return s + comp if isfinite(s) else s


cdef inline double lanes_sum(const double *acc) noexcept nogil:
    """Sum of the LANES accumulators, pairwise."""
    return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]))
