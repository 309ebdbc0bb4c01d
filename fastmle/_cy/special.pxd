# Special functions the Cython engine needs beyond scipy.special.cython_special
# (which has gammaln and psi but no trigamma).
from libc.math cimport NAN, log

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


cdef inline double xlogy_l(double a, double logy) noexcept nogil:
    """``a * logy`` given a precomputed logarithm, with scipy's xlogy/xlog1py
    convention that a zero coefficient gives 0 (even when logy is -inf)."""
    if a == 0.0 and logy == logy:
        return 0.0
    return a * logy


cdef inline double xlogy(double a, double y) noexcept nogil:
    """scipy.special.xlogy: ``a * log(y)``, 0 when a == 0 and y is not NaN."""
    if a == 0.0 and y == y:
        return 0.0
    return a * log(y)
