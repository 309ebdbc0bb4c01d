# Scalar kernels of the Cython engine: one set of inline functions per family.
#
# For a family F with full parameter vector ``th`` (free parameters first, in
# scipy's order, then fixed extras such as loc) and k free parameters:
#   F_prep(th, c)      per-call constants c (hoisted out of the loops)
#   F_logpdf(x, c)     log-density / log-pmf at x (-inf outside the support)
#   F_derivs(x, c, o)  o[0] = logpdf, o[1:1+k] = gradient w.r.t. th[:k],
#                      o[1+k:] = Hessian upper triangle, row-major; derivative
#                      entries are NaN outside the support
# Families whose density needs one transcendental per point also provide
#   F_pre(x, c)        the argument of that function (a harmless 1.0/0.0 when
#                      x is NaN, infinite or outside the support), and
#   F_post(x, t, c)    logpdf given t = f(F_pre(x, c)),
# so that the loops can evaluate f over a whole block with vmath (see
# _kernels.pyx.tp).  Exponential families provide F_stats(x, s, o), the
# per-point sufficient statistics given stats parameters s (a shift, loc...):
# o[0] = 1 (the count), o[1:-1] the statistics, o[-1] = 0; at a point outside
# the interior of the support all are 0 but o[-1] = 1; at NaN all are NaN.  Pure maths:
# no checks, no allocation, noexcept nogil.
from libc.math cimport log, log1p, exp, fabs, isfinite, INFINITY, NAN, M_PI
from scipy.special.cython_special cimport gammaln, psi
from fastmle._cy.special cimport trigamma, LOG_2PI, LOG_PI


cdef inline void nan_derivs(double v, double *o, int m) noexcept nogil:
    o[0] = v
    cdef int q
    for q in range(1, m):
        o[q] = NAN


# ---------------------------------------------------------------- norm
# th = [loc, scale]; c = [loc, 1/scale, -log(scale) - log(2 pi)/2]
cdef inline void norm_prep(const double *th, double *c) noexcept nogil:
    c[0] = th[0]
    c[1] = 1.0 / th[1]
    c[2] = -log(th[1]) - 0.5 * LOG_2PI

cdef inline double norm_logpdf(double x, const double *c) noexcept nogil:
    cdef double z = (x - c[0]) * c[1]
    return c[2] - 0.5 * z * z

cdef inline void norm_derivs(double x, const double *c, double *o) noexcept nogil:
    cdef double z = (x - c[0]) * c[1], r = c[1]
    if not isfinite(x):
        nan_derivs(norm_logpdf(x, c), o, 6)
        return
    o[0] = c[2] - 0.5 * z * z
    o[1] = z * r
    o[2] = (z * z - 1.0) * r
    o[3] = -r * r
    o[4] = -2.0 * z * r * r
    o[5] = (1.0 - 3.0 * z * z) * r * r

# s = [shift]: statistics (1, x - shift, (x - shift)^2, outside)
cdef inline void norm_stats(double x, const double *s, double *o) noexcept nogil:
    cdef double d = x - s[0]
    if isfinite(x):
        o[0] = 1.0
        o[1] = d
        o[2] = d * d
        o[3] = 0.0
    elif x != x:
        o[0] = o[1] = o[2] = o[3] = x
    else:
        o[0] = o[1] = o[2] = 0.0
        o[3] = 1.0


# ---------------------------------------------------------------- gamma
# th = [a, scale, loc]
# c = [a, loc, 1/scale, -lgamma(a) - log(scale), a - 1, psi(a), psi'(a), scale]
cdef inline void gamma_prep(const double *th, double *c) noexcept nogil:
    c[0] = th[0]
    c[1] = th[2]
    c[2] = 1.0 / th[1]
    c[3] = -gammaln(th[0]) - log(th[1])
    c[4] = th[0] - 1.0
    c[5] = psi(th[0])
    c[6] = trigamma(th[0])
    c[7] = th[1]

cdef inline double gamma_pre(double x, const double *c) noexcept nogil:
    cdef double y = (x - c[1]) * c[2]
    return y if (y > 0.0 and y < INFINITY) else 1.0

cdef inline double gamma_edge(double y, const double *c) noexcept nogil:
    # y = 0, y < 0, y = inf or NaN
    if y != y:
        return y
    if y == 0.0:
        if c[4] == 0.0:
            return c[3]
        return -INFINITY if c[4] > 0.0 else INFINITY
    return -INFINITY

cdef inline double gamma_post(double x, double t, const double *c) noexcept nogil:
    cdef double y = (x - c[1]) * c[2]
    if y > 0.0 and y < INFINITY:
        return c[4] * t - y + c[3]
    return gamma_edge(y, c)

cdef inline double gamma_logpdf(double x, const double *c) noexcept nogil:
    return gamma_post(x, log(gamma_pre(x, c)), c)

cdef inline void gamma_derivs(double x, const double *c, double *o) noexcept nogil:
    cdef double y = (x - c[1]) * c[2], r = c[2], ly
    if not (y > 0.0 and y < INFINITY):
        nan_derivs(gamma_edge(y, c), o, 6)
        return
    ly = log(y)
    o[0] = c[4] * ly - y + c[3]
    o[1] = ly - c[5]
    o[2] = (y - c[0]) * r
    o[3] = -c[6]
    o[4] = -r
    o[5] = (c[0] - 2.0 * y) * r * r

# s = [loc]: statistics (1, x - loc, log(x - loc), outside)
cdef inline void gamma_stats(double x, const double *s, double *o) noexcept nogil:
    cdef double y = x - s[0]
    if y > 0.0 and y < INFINITY:
        o[0] = 1.0
        o[1] = y
        o[2] = log(y)
        o[3] = 0.0
    elif x != x:
        o[0] = o[1] = o[2] = o[3] = x
    else:
        o[0] = o[1] = o[2] = 0.0
        o[3] = 1.0


# ---------------------------------------------------------------- t
# th = [df, loc, scale]
# c = [df, loc, 1/scale, const, (df+1)/2, psi((df+1)/2)/2 - psi(df/2)/2 - 1/(2 df),
#      psi'((df+1)/2)/4 - psi'(df/2)/4 + 1/(2 df^2), 1/df]
cdef inline void t_prep(const double *th, double *c) noexcept nogil:
    cdef double nu = th[0], a = 0.5 * (nu + 1.0)
    c[0] = nu
    c[1] = th[1]
    c[2] = 1.0 / th[2]
    c[3] = gammaln(a) - gammaln(0.5 * nu) - 0.5 * (log(nu) + LOG_PI) - log(th[2])
    c[4] = a
    c[5] = 0.5 * psi(a) - 0.5 * psi(0.5 * nu) - 0.5 / nu
    c[6] = 0.25 * trigamma(a) - 0.25 * trigamma(0.5 * nu) + 0.5 / (nu * nu)
    c[7] = 1.0 / nu

cdef inline double t_pre(double x, const double *c) noexcept nogil:
    cdef double z = (x - c[1]) * c[2]
    return z * z * c[7] if isfinite(z) else 0.0

cdef inline double t_post(double x, double t, const double *c) noexcept nogil:
    if isfinite(x):
        return c[3] - c[4] * t
    return x if x != x else -INFINITY

cdef inline double t_logpdf(double x, const double *c) noexcept nogil:
    return t_post(x, log1p(t_pre(x, c)), c)

cdef inline void t_derivs(double x, const double *c, double *o) noexcept nogil:
    cdef double nu = c[0], r = c[2], z = (x - c[1]) * c[2], A = 2.0 * c[4]
    cdef double z2, D, D2, L
    if not isfinite(z):
        nan_derivs(t_logpdf(x, c), o, 10)
        return
    z2 = z * z
    D = nu + z2
    D2 = D * D
    L = log1p(z2 * c[7])
    o[0] = c[3] - c[4] * L
    o[1] = c[5] - 0.5 * L + A * z2 / (2.0 * nu * D)
    o[2] = A * z * r / D
    o[3] = (-1.0 + A * z2 / D) * r
    o[4] = c[6] + z2 / (2.0 * nu * D) + 0.5 * z2 * (nu * D - A * (D + nu)) / (nu * nu * D2)
    o[5] = z * (z2 - 1.0) * r / D2
    o[6] = z2 * (z2 - 1.0) * r / D2
    o[7] = -A * (nu - z2) * r * r / D2
    o[8] = -2.0 * A * z * nu * r * r / D2
    o[9] = (1.0 - A * z2 / D - 2.0 * A * nu * z2 / D2) * r * r
