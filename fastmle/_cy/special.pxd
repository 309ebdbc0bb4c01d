# Special functions the Cython engine needs beyond scipy.special.cython_special
# (which has gammaln and psi but no trigamma).
from libc.math cimport NAN

cdef extern from *:
    """
    #define FM_LOG_2PI 1.8378770664093453
    #define FM_LOG_PI 1.1447298858494002
    """
    const double LOG_2PI "FM_LOG_2PI"
    const double LOG_PI "FM_LOG_PI"


cdef inline double trigamma(double x) noexcept nogil:
    """psi'(x) for x > 0: recurrence up to x >= 10, then the asymptotic series."""
    cdef double r = 0.0, inv, inv2
    if not x > 0.0:
        return NAN
    while x < 10.0:
        r += 1.0 / (x * x)
        x += 1.0
    inv = 1.0 / x
    inv2 = inv * inv
    return r + inv + 0.5 * inv2 + inv * inv2 * (
        1.0 / 6.0 + inv2 * (-1.0 / 30.0 + inv2 * (1.0 / 42.0 + inv2 * (
            -1.0 / 30.0 + inv2 * (5.0 / 66.0 + inv2 * (-691.0 / 2730.0 + inv2 * 7.0 / 6.0))))))
