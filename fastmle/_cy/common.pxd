# Shared pieces of the Cython engine: block sizes, compensated summation and
# the block-wise vector transcendentals of vmath.c.
from libc.math cimport fabs, isfinite, log, INFINITY

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


cdef extern from *:
    """
    #include <stdint.h>
    #include <string.h>
    #include <float.h>
    static inline uint64_t fm_bits(double v) { uint64_t u; memcpy(&u, &v, 8); return u; }
    static inline double fm_double(uint64_t u) { double v; memcpy(&v, &u, 8); return v; }
    #define FM_LN2_HI 6.93147180369123816490e-01
    #define FM_LN2_LO 1.90821492927058770002e-10
    """
    unsigned long long fm_bits(double v) nogil
    double fm_double(unsigned long long u) nogil
    const double DBL_MIN
    const double DBL_MAX
    const double LN2_HI "FM_LN2_HI"     # ln 2 split so that e * LN2_HI is exact
    const double LN2_LO "FM_LN2_LO"


cdef inline int logprod_add(double y, double *prod, long long *expo) noexcept nogil:
    """Fold y = m * 2^e into a lane (prod *= m, expo += biased e); 1 when y is not a
    positive normal double (0, < 0, subnormal, inf, NaN: flagged bitwise, so loops
    stay branch-free)."""
    cdef unsigned long long u = fm_bits(y)
    expo[0] += <long long> (u >> 52)
    prod[0] *= fm_double((u & 0x000FFFFFFFFFFFFFULL) | 0x3FF0000000000000ULL)
    return ((y >= DBL_MIN) & (y <= DBL_MAX)) ^ 1

cdef inline double logprod_result(const double *prod, const long long *expo,
                                  Py_ssize_t nb) noexcept nogil:
    """sum(log y) of a block of nb values y = m * 2^e from the LANES partial
    products of their mantissas m (each in [1, 2), so a lane of 32 stays below
    2^32) and the LANES sums of their biased exponents."""
    cdef double k = <double> (((expo[0] + expo[1]) + (expo[2] + expo[3]))
                              + ((expo[4] + expo[5]) + (expo[6] + expo[7])) - 1023 * nb)
    cdef double p = ((prod[0] * prod[1]) * (prod[2] * prod[3])) * ((prod[4] * prod[5])
                                                                    * (prod[6] * prod[7]))
    return k * LN2_HI + (log(p) + k * LN2_LO)


cdef inline bint shifted_log_sums(const double *x, Py_ssize_t n, double shift,
                                  double *o) noexcept nogil:
    """o = [n, sum y, sum log y, 0] over a block of n <= BLOCK values y = x - shift, the
    logs as one log of the product of the mantissas plus the exponents (logprod_result,
    no log per value); 0 when a y is not a positive normal double (then pointwise)."""
    cdef double prod[LANES]
    cdef double acc[LANES]
    cdef long long expo[LANES]
    cdef double y
    cdef Py_ssize_t j, k, full = n - n % LANES
    cdef int bad = 0
    for k in range(LANES):
        prod[k] = 1.0
        acc[k] = 0.0
        expo[k] = 0
    for j in range(n // LANES):
        for k in range(LANES):
            y = x[j * LANES + k] - shift
            bad |= logprod_add(y, &prod[k], &expo[k])
            acc[k] += y
    for j in range(full, n):
        # at most one more value per lane: a lane holds at most BLOCK / LANES = 32
        y = x[j] - shift
        bad |= logprod_add(y, &prod[j - full], &expo[j - full])
        acc[j - full] += y
    if bad:
        return 0
    o[0] = <double> n
    o[1] = lanes_sum(acc)
    o[2] = logprod_result(prod, expo, n)
    o[3] = 0.0
    return o[1] < INFINITY
