# Special functions the Cython engine needs beyond scipy.special.cython_special
# (which has gammaln and psi but no trigamma).
from libc.math cimport INFINITY, NAN, expm1, log, log1p

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


cdef inline void gamma_shape_eq(double a, double *L, double *D) noexcept nogil:
    """L = log(a) - psi(a) and D = a psi'(a) - 1 for a > 0 (both positive, and both
    ~ 1/(2a) at large a, where the plain differences cancel): one recurrence up to
    a + N >= 10, then the asymptotic series of each (error < 5e-17 at 10)."""
    cdef double y = a, r1 = 0.0, r2 = 0.0, inv, i2, la, da, p
    while y < 9.0:
        # two terms per division: 1/y + 1/(y+1) and 1/y^2 + 1/(y+1)^2 over y (y + 1)
        p = y * (y + 1.0)
        inv = 1.0 / p
        r1 += (2.0 * y + 1.0) * inv
        r2 += (2.0 * p + 1.0) * inv * inv
        y += 2.0
    if y < 10.0:
        inv = 1.0 / y
        r1 += inv
        r2 += inv * inv
        y += 1.0
    inv = 1.0 / y
    i2 = inv * inv
    la = 0.5 * inv + i2 * (1.0 / 12.0 + i2 * (-1.0 / 120.0 + i2 * (1.0 / 252.0 + i2 * (
        -1.0 / 240.0 + i2 * (1.0 / 132.0 + i2 * (-691.0 / 32760.0 + i2 / 12.0))))))
    da = 0.5 * inv + i2 * (1.0 / 6.0 + i2 * (-1.0 / 30.0 + i2 * (1.0 / 42.0 + i2 * (
        -1.0 / 30.0 + i2 * (5.0 / 66.0 + i2 * (-691.0 / 2730.0 + i2 * 7.0 / 6.0))))))
    if y == a:
        L[0] = la
        D[0] = da
    else:
        # psi'(y) = (1 + da) / y
        L[0] = la + r1 - log(y / a)
        D[0] = a * ((1.0 + da) * inv + r2) - 1.0


cdef inline double tetragamma(double x) noexcept nogil:
    """psi''(x) for x > 0: recurrence up to x >= 20, then the asymptotic series (the
    derivative of trigamma's)."""
    cdef double r = 0.0, inv, inv2
    if not x > 0.0:
        return NAN
    while x < 20.0:
        r -= 2.0 / (x * x * x)
        x += 1.0
    inv = 1.0 / x
    inv2 = inv * inv
    return r - inv2 * (1.0 + inv + inv2 * (0.5 + inv2 * (-1.0 / 6.0 + inv2 * (1.0 / 6.0 + inv2 * (
        -3.0 / 10.0 + inv2 * (5.0 / 6.0 + inv2 * (-691.0 / 210.0 + inv2 * 35.0 / 2.0)))))))


cdef inline double pentagamma(double x) noexcept nogil:
    """psi'''(x) for x > 0: recurrence up to x >= 20, then the asymptotic series."""
    cdef double r = 0.0, inv, inv2
    if not x > 0.0:
        return NAN
    while x < 20.0:
        r += 6.0 / (x * x * x * x)
        x += 1.0
    inv = 1.0 / x
    inv2 = inv * inv
    return r + inv2 * inv * (2.0 + inv * (3.0 + inv * (2.0 + inv2 * (-1.0 + inv2 * (
        4.0 / 3.0 + inv2 * (-3.0 + inv2 * (10.0 + inv2 * (-691.0 / 15.0 + inv2 * 280.0))))))))


cdef inline double share(double a, double x) noexcept nogil:
    """a / (x + a) for a, x >= 0, also where x + a overflows."""
    cdef double t = x + a
    if t < INFINITY:
        return a / t
    return (0.5 * a) / (0.5 * x + 0.5 * a)


cdef inline double psi_diff(double x, double a) noexcept nogil:
    """psi(x + a) - psi(x) for x > 0, a >= 0, without the cancellation of the plain
    difference when a << x: the recurrence terms a / (x (x + a)) up to x >= 20, then
    the asymptotic series of psi term by term, x^-m (1 - (1 + a/x)^-m) by expm1
    (as _py/special.py)."""
    cdef double r = 0.0, u, i2
    if not (x > 0.0 and a >= 0.0):
        return NAN
    if a == INFINITY:
        return INFINITY
    while x < 20.0:
        r += share(a, x) / x
        x += 1.0
    u = log1p(a / x)
    i2 = 1.0 / (x * x)
    return r + u + 0.5 * share(a, x) / x + i2 * (
        -1.0 / 12.0 * expm1(-2.0 * u) + i2 * (
            1.0 / 120.0 * expm1(-4.0 * u) + i2 * (
                -1.0 / 252.0 * expm1(-6.0 * u) + i2 * (
                    1.0 / 240.0 * expm1(-8.0 * u) + i2 * (
                        -1.0 / 132.0 * expm1(-10.0 * u) + i2 * (
                            691.0 / 32760.0 * expm1(-12.0 * u)
                            + i2 * (-1.0 / 12.0 * expm1(-14.0 * u))))))))


cdef inline double trigamma_diff(double x, double a) noexcept nogil:
    """psi'(x) - psi'(x + a) >= 0 for x > 0, a >= 0, without cancellation (as psi_diff)."""
    cdef double r = 0.0, q, u, i1, i2
    if not (x > 0.0 and a >= 0.0):
        return NAN
    while x < 20.0:
        q = share(a, x)
        r += q * (2.0 - q) / x / x
        x += 1.0
    u = log1p(a / x)
    i1 = 1.0 / x
    i2 = i1 * i1
    return r + share(a, x) * i1 - 0.5 * i2 * expm1(-2.0 * u) - i1 * i2 * (
        1.0 / 6.0 * expm1(-3.0 * u) + i2 * (
            -1.0 / 30.0 * expm1(-5.0 * u) + i2 * (
                1.0 / 42.0 * expm1(-7.0 * u) + i2 * (
                    -1.0 / 30.0 * expm1(-9.0 * u) + i2 * (
                        5.0 / 66.0 * expm1(-11.0 * u) + i2 * (
                            -691.0 / 2730.0 * expm1(-13.0 * u)
                            + i2 * (7.0 / 6.0 * expm1(-15.0 * u))))))))


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
