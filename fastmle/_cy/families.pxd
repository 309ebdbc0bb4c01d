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
from libc.math cimport (log, log1p, exp, expm1, pow, sqrt, fabs, floor, isfinite, atan2, tan,
                        INFINITY, NAN, M_PI, M_LN2)
from fastmle._cy.common cimport BLOCK, LANES, lanes_sum, fm_vlog, fm_vlog1p
from scipy.special.cython_special cimport (gammaln, psi, ndtr, log_ndtr, ndtri, gammainc,
                                           gammaincc, gammaincinv, gammainccinv, stdtr,
                                           stdtrit)
from fastmle._cy.special cimport psi_diff, trigamma, trigamma_diff, xlogy_l, LOG_2PI, LOG_PI

cdef extern from "float.h":
    const double DBL_MAX
    const double DBL_MIN

cdef extern from *:
    """
    #define FM_SQRT2 1.4142135623730951
    """
    const double SQRT2 "FM_SQRT2"


cdef inline void nan_derivs(double v, double *o, int m) noexcept nogil:
    o[0] = v
    cdef int q
    for q in range(1, m):
        o[q] = NAN


cdef inline void ls_derivs(double ll, double z, double r, double f1, double f2,
                           double *o) noexcept nogil:
    # Location-scale family with logpdf f(z) - log(scale), z = (x - loc)/scale,
    # given f'(z) = f1 and f''(z) = f2; th = [loc, scale], r = 1/scale.
    o[0] = ll
    o[1] = -f1 * r
    o[2] = -(z * f1 + 1.0) * r
    o[3] = f2 * r * r
    o[4] = (z * f2 + f1) * r * r
    o[5] = (2.0 * z * f1 + z * (z * f2) + 1.0) * r * r


cdef inline double ls_z(double x, double loc, double r) noexcept nogil:
    """z = (x - loc) * r without the spurious overflow of x - loc: +-inf only where
    |z| itself overflows (or x is infinite).  For r < 1 as ((x/2 - loc/2) r) 2, the
    same double (halving and doubling are exact) unless x or loc is subnormal; for
    r >= 1 an overflow of x - loc is one of z.  The choice depends on r only: the
    calling loops stay branch-free and vectorisable."""
    cdef double h = 0.5 if r < 1.0 else 1.0
    return ((h * x - h * loc) * r) * (2.0 if r < 1.0 else 1.0)


cdef inline double log_abs_z(double x, double loc, double lr) noexcept nogil:
    """log|x - loc| + lr for finite x and loc, without overflow of x - loc (the
    log of |z| = |x - loc| * exp(lr) where z overflows)."""
    cdef double d = x - loc
    if fabs(d) <= DBL_MAX:
        return log(fabs(d)) + lr
    return log(fabs(0.5 * x - 0.5 * loc)) + (M_LN2 + lr)


cdef inline double ls_div(double x, double loc, double scale) noexcept nogil:
    """(x - loc) / scale rounded once, as scipy forms it, without the spurious overflow
    of x - loc (then halved first: the same double unless x or loc is subnormal)."""
    cdef double d = x - loc
    if fabs(d) <= DBL_MAX or d != d:
        return d / scale
    return ((0.5 * x - 0.5 * loc) / scale) * 2.0


cdef inline double log1mexp(double y) noexcept nogil:
    """log(1 - exp(-y)) for y > 0, accurate for every y (Maechler's switch at log 2)."""
    return log(-expm1(-y)) if y < M_LN2 else log1p(-exp(-y))


cdef inline bint is_prob(double q) noexcept nogil:
    """q is a probability, 0 <= q <= 1 (False at NaN)."""
    return q >= 0.0 and q <= 1.0


cdef inline double log_pos_z(double x, double y, double loc, double lr) noexcept nogil:
    """log(y) of y = (x - loc) / scale, lr = -log(scale), also where y underflows (to 0
    or a subnormal, which has lost digits) or overflows but x > loc is finite; NaN
    where x <= loc, x = inf or NaN."""
    if y >= DBL_MIN and y < INFINITY:
        return log(y)
    if x > loc and x < INFINITY:
        return log_abs_z(x, loc, lr)
    return NAN


cdef inline double positive_arg(double x, double loc, double rscale) noexcept nogil:
    """y = (x - loc) / scale when it is a normal positive double, else 1.0 (a harmless
    log argument)."""
    cdef double y = ls_z(x, loc, rscale)
    return y if ((y >= DBL_MIN) & (y < INFINITY)) else 1.0


cdef inline double power_edge(double y, double k, double at_zero) noexcept nogil:
    """Log-density at a non-interior y (0, < 0, inf, NaN) of a density ~ y^k near 0,
    following scipy's xlogy(k, y): at y = 0 it is ``at_zero`` if k == 0, else -+inf."""
    if y != y:
        return y
    if y == 0.0:
        if k == 0.0:
            return at_zero
        return -INFINITY if k > 0.0 else INFINITY
    return -INFINITY


# ---------------------------------------------------------------- Box-Cox forms
# genpareto and genextreme are built on L(c, y) = log1p(c y) / c (genpareto's -logsf;
# genextreme's log(-log cdf) is -L(-c, z)), its c-derivatives and its inverse
# E(c, t) = expm1(c t) / c (their quantiles).  Where |u| = |c y| < BC_SERIES they are
# series in u times a power of y (or t): no division by c, so c = 0 and c = 5e-324 give
# the exponential / Gumbel values exactly, and dL/dc -> -y^2/2, d2L/dc2 -> 2 y^3/3, the
# limits at c = 0.  Elsewhere the closed forms lose at most ~20 ulp (at |u| = 0.1).
cdef enum:
    BC_TERMS = 17       # 0.1^17: series truncation below 1e-17 relative

cdef extern from *:
    """
    #define FM_BC_SERIES 0.1
    """
    const double BC_SERIES "FM_BC_SERIES"


cdef inline double bc_series(double u, int kind) noexcept nogil:
    """sum_k a_k u^k over k < BC_TERMS for |u| < BC_SERIES.  kind 0: log1p(u) / u
    (a_k = (-1)^k / (k + 1)); 1: g1(u) = (u / (1 + u) - log1p(u)) / u^2, so that
    dL/dc = y^2 g1(c y) (a_k = (-1)^(k + 1) (k + 1) / (k + 2)); 2: g1'(u), so that
    d2L/dc2 = y^3 g1'(c y) (a_k = (-1)^k (k + 1) (k + 2) / (k + 3)); 3: expm1(u) / u
    (a_k = 1 / (k + 1)!).  (As _py/families.py, operation for operation.)"""
    cdef double acc = 0.0, s, a
    cdef int j, k, i
    for j in range(BC_TERMS):
        k = BC_TERMS - 1 - j
        s = 1.0 if k % 2 == 0 else -1.0
        if kind == 0:
            a = s / (k + 1.0)
        elif kind == 1:
            a = -s * (k + 1.0) / (k + 2.0)
        elif kind == 2:
            a = s * (k + 1.0) * (k + 2.0) / (k + 3.0)
        else:
            a = 1.0
            for i in range(2, k + 2):
                a /= i
        acc = acc * u + a
    return acc


cdef inline double bc_log1p(double c, double y, double u) noexcept nogil:
    """log1p(u) of u = fl(c y) > -1; below -1/2 (near the end 1 + c y = 0) as log of
    1 + c y rounded once (the product's error from Dekker's split, c and y first
    balanced by 2^600 when one is tiny: 1 + u is exact there), so that the gap is as
    exact as y is."""
    cdef double t, ch, cl, yh, yl, e
    if u < -0.5 and fabs(c) < 2e-200:       # c tiny, y huge: balance them by 2^600 (exact)
        c *= 4.149515568880993e180
        y *= 2.409919865102884e-181
    elif u < -0.5 and fabs(y) < 2e-200:
        y *= 4.149515568880993e180
        c *= 2.409919865102884e-181
    if (u < -0.5 and fabs(c) < 1e290 and fabs(y) < 1e290 and fabs(c) > 1e-280
            and fabs(y) > 1e-280):
        t = 134217729.0 * c         # 2^27 + 1: Veltkamp's split of c and y
        ch = t - (t - c)
        cl = c - ch
        t = 134217729.0 * y
        yh = t - (t - y)
        yl = y - yh
        e = ((ch * yh - u) + ch * yl + cl * yh) + cl * yl
        e = (1.0 + u) + e
        return log(e if e > 0.0 else 0.0)
    return log1p(u if u > -1.0 else -1.0)


cdef inline double bc_L(double c, double y, double x, double loc, double scale) noexcept nogil:
    """L = log1p(c y) / c for 1 + c y >= 0 (y = (x - loc) / scale): y at c = 0, the
    series where |c y| < BC_SERIES, (log|c| + log|y|) / c where c y overflows (log|y|
    from x where y itself does); +-inf at 1 + c y = 0."""
    cdef double u, ly
    if c == 0.0:
        return y
    u = c * y
    if fabs(u) < BC_SERIES:
        return y * bc_series(u, 0)
    if u < INFINITY:
        return bc_log1p(c, y, u) / c
    ly = log(fabs(y)) if fabs(y) < INFINITY else log_abs_z(x, loc, -log(scale))
    return (log(fabs(c)) + ly) / c


cdef inline void bc_dc(double c, double y, double L, double *o) noexcept nogil:
    """o = [q, y q, dL/dc, d2L/dc2] of L = bc_L(c, y, ...), q = 1 / (1 + c y) = dL/dy:
    the series y^2 g1(u), y^3 g1'(u) where |u| < BC_SERIES, else (y q - L) / c and
    -((y q)^2 + 2 dL/dc) / c; y q = 1 / c where c y overflows."""
    cdef double u = c * y, q, yq, Lc
    q = 1.0 / (1.0 + u)
    yq = y * q if u < INFINITY else 1.0 / c
    o[0] = q
    o[1] = yq
    if c == 0.0 or fabs(u) < BC_SERIES:
        u = u if c != 0.0 else 0.0
        o[2] = y * y * bc_series(u, 1)
        o[3] = y * y * y * bc_series(u, 2)
        return
    Lc = (yq - L) / c
    o[2] = Lc
    o[3] = -(yq * yq + 2.0 * Lc) / c


cdef inline double bc_E(double c, double t) noexcept nogil:
    """E = expm1(c t) / c: t at c = 0, t times the series where |c t| < BC_SERIES,
    sign(c) exp(c t - log|c|) where exp(c t) overflows (E itself may not)."""
    cdef double v = c * t, e
    if c == 0.0:
        return t
    if fabs(v) < BC_SERIES:
        return t * bc_series(v, 3)
    if v > 700.0:
        e = exp(v - log(fabs(c)))
        return e if c > 0.0 else -e
    return expm1(v) / c


cdef inline double lgamma_corr(double x) noexcept nogil:
    """lgamma(x) - ((x - 1/2) log(x) - x + log(2 pi)/2) for x >= 100 (Stirling series,
    truncation below 1e-21)."""
    cdef double v = 1.0 / x, v2 = v * v
    return v * (1.0 / 12.0 - v2 * (1.0 / 360.0 - v2 * (1.0 / 1260.0 - v2 / 1680.0)))


cdef inline double bd0(double x, double m) noexcept nogil:
    """x log(x/m) + m - x for x, m > 0, without cancellation when x ~ m (Loader's series)."""
    cdef double v, s, ej, s1, r
    cdef int j
    if fabs(x - m) < 0.1 * (x + m):
        v = (x - m) / (x + m)
        s = (x - m) * v
        ej = 2.0 * x * v
        v = v * v
        for j in range(1, 100):
            ej *= v
            s1 = s + ej / (2 * j + 1)
            if s1 == s:
                break
            s = s1
        return s
    r = x / m
    return x * (log(r) if (r >= DBL_MIN and r <= DBL_MAX) else log(x) - log(m)) + m - x


cdef inline double stirlerr(double k) noexcept nogil:
    """lgamma(k + 1) - ((k + 1/2) log(k) - k + log(2 pi)/2) for k > 0."""
    if k >= 100.0:
        return lgamma_corr(k)
    return gammaln(k + 1.0) - (k + 0.5) * log(k) + k - 0.5 * LOG_2PI


cdef inline double log_dpois_big(double k, double m) noexcept nogil:
    """log(m^k exp(-m) / k!) for real k >= 100, m >= 0 (Loader: no cancellation of the
    large terms k log m, lgamma(k + 1), m when k ~ m)."""
    return -(lgamma_corr(k) + bd0(k, m)) - 0.5 * (LOG_2PI + log(k))


cdef inline void stats_outside(double x, double *o, int m) noexcept nogil:
    """Stats of a point outside the support: all NaN at NaN, else zeros and the flag."""
    cdef int q
    for q in range(m):
        o[q] = x if x != x else 0.0
    if x == x:
        o[m - 1] = 1.0


cdef inline bint sums_block(const double *v, const double *u, Py_ssize_t n,
                            double *o) noexcept nogil:
    """o = [n, sum v, sum u, 0] over a block, in LANES independent accumulators
    (vectorisable); 0 when a sum is not finite."""
    cdef double a1[LANES]
    cdef double a2[LANES]
    cdef Py_ssize_t j, k
    for k in range(LANES):
        a1[k] = 0.0
        a2[k] = 0.0
    for j in range(n // LANES):
        for k in range(LANES):
            a1[k] += v[j * LANES + k]
            a2[k] += u[j * LANES + k]
    for j in range(n - n % LANES, n):
        a1[0] += v[j]
        a2[0] += u[j]
    o[0] = <double> n
    o[1] = lanes_sum(a1)
    o[2] = lanes_sum(a2)
    o[3] = 0.0
    return isfinite(o[1]) and isfinite(o[2])


# ---------------------------------------------------------------- norm
# th = [loc, scale]; c = [loc, 1/scale, -log(scale) - log(2 pi)/2]
cdef inline void norm_prep(const double *th, double *c) noexcept nogil:
    c[0] = th[0]
    c[1] = 1.0 / th[1]
    c[2] = -log(th[1]) - 0.5 * LOG_2PI

cdef inline double norm_logpdf(double x, const double *c) noexcept nogil:
    cdef double z = ls_z(x, c[0], c[1])
    return c[2] - 0.5 * z * z

# sum form (see SUMFORM in _kernels.pyx.tp): logpdf = c[2] - z^2 / 2 (z may
# overflow here: the block is then redone with norm_logpdf)
cdef inline double norm_sf_g(double x, const double *c) noexcept nogil:
    cdef double z = (x - c[0]) * c[1]
    return z * z

cdef inline double norm_sf_combine(Py_ssize_t nb, double sumg, const double *c) noexcept nogil:
    return nb * c[2] - 0.5 * sumg

# distribution functions, of th = [loc, scale]
cdef inline double norm_cdf(double x, const double *th) noexcept nogil:
    return ndtr(ls_div(x, th[0], th[1]))

cdef inline double norm_sf(double x, const double *th) noexcept nogil:
    return ndtr(-ls_div(x, th[0], th[1]))

cdef inline double norm_logcdf(double x, const double *th) noexcept nogil:
    return log_ndtr(ls_div(x, th[0], th[1]))

cdef inline double norm_logsf(double x, const double *th) noexcept nogil:
    return log_ndtr(-ls_div(x, th[0], th[1]))

cdef inline double norm_ppf(double q, const double *th) noexcept nogil:
    return th[0] + th[1] * ndtri(q) if is_prob(q) else NAN

cdef inline double norm_isf(double q, const double *th) noexcept nogil:
    return th[0] - th[1] * ndtri(q) if is_prob(q) else NAN

cdef inline void norm_derivs(double x, const double *c, double *o) noexcept nogil:
    cdef double z = ls_z(x, c[0], c[1]), r = c[1]
    if not isfinite(z):
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
    else:
        stats_outside(x, o, 4)

cdef inline bint norm_stats_block(const double *x, Py_ssize_t n, const double *s,
                                  double *o) noexcept nogil:
    cdef double d[BLOCK]
    cdef double d2[BLOCK]
    cdef Py_ssize_t j
    for j in range(n):
        d[j] = x[j] - s[0]
        d2[j] = d[j] * d[j]
    return sums_block(d, d2, n, o)


# ---------------------------------------------------------------- gamma
# th = [a, scale, loc]
# c = [a, loc, 1/scale, -lgamma(a) - log(scale), a - 1, psi(a), psi'(a), scale, -log(scale)]
# For a > 101 the interior log-density is log_dpois_big(a - 1, y) - log(scale): the
# plain form cancels terms of size a log(a) (relative error ~ a * 1e-16).
cdef inline void gamma_prep(const double *th, double *c) noexcept nogil:
    c[0] = th[0]
    c[1] = th[2]
    c[2] = 1.0 / th[1]
    c[3] = -gammaln(th[0]) - log(th[1])
    c[4] = th[0] - 1.0
    c[5] = psi(th[0])
    c[6] = trigamma(th[0])
    c[7] = th[1]
    c[8] = -log(th[1])

cdef inline double gamma_pre(double x, const double *c) noexcept nogil:
    return positive_arg(x, c[1], c[2])

cdef inline double gamma_post(double x, double t, const double *c) noexcept nogil:
    cdef double y = ls_z(x, c[1], c[2])
    if y >= DBL_MIN and y < INFINITY:
        return c[4] * t - y + c[3] if c[0] <= 101.0 else log_dpois_big(c[4], y) + c[8]
    if y < DBL_MIN and x > c[1]:           # y underflows, its log does not
        return c[4] * log_abs_z(x, c[1], c[8]) + c[3]
    return power_edge(y, c[4], c[3])

cdef inline double gamma_logpdf(double x, const double *c) noexcept nogil:
    return gamma_post(x, log(gamma_pre(x, c)), c)

# distribution functions, of th = [a, scale, loc]: scipy.special's regularised
# incomplete gamma functions, and their logs where those underflow (log_gamma_p/q)
cdef inline double log_gamma_p(double a, double y) noexcept nogil:
    """log P(a, y): log1p(-Q) where P > 1/2, and where P underflows (then y < a + 1)
    the series P = y^a e^-y / Gamma(a + 1) * sum_k y^k / ((a + 1)...(a + k))."""
    cdef double v = gammainc(a, y), t = 1.0, s = 1.0, k = 1.0
    if v > 0.5:
        return log1p(-gammaincc(a, y))
    if v > 0.0 or v != v:
        return log(v)
    while k < 1e5:
        t *= y / (a + k)
        s += t
        if t < 1e-17 * s:
            break
        k += 1.0
    return a * log(y) - y - gammaln(a + 1.0) + log(s)

cdef inline double log_gamma_q(double a, double y) noexcept nogil:
    """log Q(a, y): log1p(-P) where Q > 1/2, and where Q underflows (then y > a + 1)
    the continued fraction of Q = y^a e^-y / Gamma(a) * h, by Lentz's method."""
    cdef double v = gammaincc(a, y), b, c, d, h, an, delta, i = 1.0
    if v > 0.5:
        return log1p(-gammainc(a, y))
    if v > 0.0 or v != v or y == INFINITY:
        return log(v)
    b = y + 1.0 - a
    c = 1.0 / 1e-300
    d = 1.0 / b
    h = d
    while i < 1e5:
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = d if fabs(d) > 1e-300 else 1e-300
        c = b + an / c
        c = c if fabs(c) > 1e-300 else 1e-300
        d = 1.0 / d
        delta = d * c
        h *= delta
        if fabs(delta - 1.0) < 1e-16:
            break
        i += 1.0
    return a * log(y) - y - gammaln(a) + log(h)

cdef inline double gamma_cdf(double x, const double *th) noexcept nogil:
    cdef double y = ls_div(x, th[2], th[1])
    return gammainc(th[0], y) if y > 0.0 else (y if y != y else 0.0)

cdef inline double gamma_sf(double x, const double *th) noexcept nogil:
    cdef double y = ls_div(x, th[2], th[1])
    return gammaincc(th[0], y) if y > 0.0 else (y if y != y else 1.0)

cdef inline double gamma_logcdf(double x, const double *th) noexcept nogil:
    cdef double y = ls_div(x, th[2], th[1])
    return log_gamma_p(th[0], y) if y > 0.0 else (y if y != y else -INFINITY)

cdef inline double gamma_logsf(double x, const double *th) noexcept nogil:
    cdef double y = ls_div(x, th[2], th[1])
    return log_gamma_q(th[0], y) if y > 0.0 else (y if y != y else 0.0)

cdef inline double gamma_ppf(double q, const double *th) noexcept nogil:
    return th[2] + th[1] * gammaincinv(th[0], q) if is_prob(q) else NAN

cdef inline double gamma_isf(double q, const double *th) noexcept nogil:
    return th[2] + th[1] * gammainccinv(th[0], q) if is_prob(q) else NAN

# log-product path (see LOGPROD in _kernels.pyx.tp): on the interior,
# logpdf = (a - 1) * log(y) - y + const, y = (x - loc) / scale
cdef inline bint gamma_lp_ok(const double *c) noexcept nogil:
    return c[0] <= 101.0

cdef inline double gamma_lp_y(double x, const double *c) noexcept nogil:
    return (x - c[1]) * c[2]

cdef inline double gamma_lp_h(double x, const double *c) noexcept nogil:
    return (x - c[1]) * c[2]

cdef inline double gamma_lp_combine(Py_ssize_t nb, double sumlog, double sumh,
                                    const double *c) noexcept nogil:
    return c[4] * sumlog - sumh + nb * c[3]

cdef inline void gamma_derivs(double x, const double *c, double *o) noexcept nogil:
    cdef double y = ls_z(x, c[1], c[2]), r = c[2], ly = log_pos_z(x, y, c[1], c[8])
    if ly != ly:
        nan_derivs(power_edge(y, c[4], c[3]), o, 6)
        return
    o[0] = gamma_post(x, ly, c)
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
    else:
        stats_outside(x, o, 4)


cdef inline bint gamma_stats_block(const double *x, Py_ssize_t n, const double *s,
                                   double *o) noexcept nogil:
    cdef double y[BLOCK]
    cdef double ly[BLOCK]
    cdef Py_ssize_t j
    cdef int bad = 0
    for j in range(n):
        y[j] = x[j] - s[0]
        bad |= ((y[j] > 0.0) & (y[j] < INFINITY)) ^ 1
        ly[j] = y[j] if y[j] > 0.0 else 1.0
    if bad:
        return 0
    fm_vlog(ly, n)
    return sums_block(y, ly, n, o)


# ---------------------------------------------------------------- t
# th = [df, loc, scale]; with z = (x - loc)/scale and s = z / sqrt(df),
#   logpdf = C(df) - log(scale) - (df + 1)/2 log1p(s^2),
#   C(df) = lgamma((df+1)/2) - lgamma(df/2) - log(pi df)/2 = D(df/2) - log(2 pi)/2,
# D as in t_lgamma_ratio (a series for large df, without the cancellation of
# the lgamma difference), so that the density and its derivatives tend to the
# normal's as df grows.  Where s^2 overflows, log1p(s^2) = 2 log|s| (exactly, in
# double), with log|s| from x directly when z itself overflows.
# c = [df, loc, 1/scale, C(df) - log(scale), (df + 1)/2, C'(df), C''(df), 1/df,
#      1/sqrt(df), -log(df)/2 - log(scale), (df + 1)/sqrt(df)]
cdef inline void t_lgamma_ratio(double x, double *d) noexcept nogil:
    """d = [D(x), D'(x), D''(x)] for D(x) = lgamma(x + 1/2) - lgamma(x) - log(x)/2, x > 0:
    directly below 20 (psi(x), psi'(x) shifted to x + 1: no inf - inf for tiny x),
    else the asymptotic series sum b_j x^-j (odd j <= 11; truncation < 1e-19)."""
    cdef double v, v2
    if x < 20.0:
        d[0] = gammaln(x + 0.5) - gammaln(x) - 0.5 * log(x)
        d[1] = psi(x + 0.5) - psi(x + 1.0) + 0.5 / x
        d[2] = trigamma(x + 0.5) - trigamma(x + 1.0) - 0.5 / (x * x)
        return
    v = 1.0 / x
    v2 = v * v
    d[0] = v * (-1.0 / 8.0 + v2 * (1.0 / 192.0 + v2 * (-1.0 / 640.0 + v2 * (
        17.0 / 14336.0 + v2 * (-31.0 / 18432.0 + v2 * (691.0 / 180224.0))))))
    d[1] = -v2 * (-1.0 / 8.0 + v2 * (3.0 / 192.0 + v2 * (-5.0 / 640.0 + v2 * (
        7.0 * 17.0 / 14336.0 + v2 * (-9.0 * 31.0 / 18432.0 + v2 * (11.0 * 691.0 / 180224.0))))))
    d[2] = v2 * v * (-2.0 / 8.0 + v2 * (12.0 / 192.0 + v2 * (-30.0 / 640.0 + v2 * (
        56.0 * 17.0 / 14336.0 + v2 * (-90.0 * 31.0 / 18432.0 + v2 * (132.0 * 691.0 / 180224.0))))))

cdef inline void t_prep(const double *th, double *c) noexcept nogil:
    cdef double nu = th[0], ls = log(th[2])
    cdef double d[3]
    t_lgamma_ratio(0.5 * nu, d)
    c[0] = nu
    c[1] = th[1]
    c[2] = 1.0 / th[2]
    c[3] = d[0] - 0.5 * LOG_2PI - ls
    c[4] = 0.5 * (nu + 1.0)
    c[5] = 0.5 * d[1]
    c[6] = 0.25 * d[2]
    c[7] = 1.0 / nu
    c[8] = 1.0 / sqrt(nu)
    c[9] = -0.5 * log(nu) - ls
    c[10] = (nu + 1.0) * c[8]

cdef inline double t_s(double x, const double *c) noexcept nogil:
    """s = (x - loc) / (scale sqrt(df))."""
    return ls_z(x, c[1], c[2]) * c[8]

cdef inline double t_big(double x, double s, const double *c) noexcept nogil:
    """log1p(s^2) = 2 log|s| for finite x where s^2 overflows."""
    return 2.0 * (log(fabs(s)) if isfinite(s) else log_abs_z(x, c[1], c[9]))

cdef inline double t_pre(double x, const double *c) noexcept nogil:
    cdef double s = t_s(x, c), q = s * s
    return q if q <= DBL_MAX else 0.0

cdef inline double t_post(double x, double t, const double *c) noexcept nogil:
    cdef double s = t_s(x, c)
    if s * s <= DBL_MAX:
        return c[3] - c[4] * t
    if not isfinite(x):
        return x if x != x else -INFINITY
    return c[3] - c[4] * t_big(x, s, c)

cdef inline double t_logpdf(double x, const double *c) noexcept nogil:
    return t_post(x, log1p(t_pre(x, c)), c)

# distribution functions, of th = [df, loc, scale]: scipy.special's stdtr/stdtrit;
# log(1 - cdf) is never formed (logsf = log(stdtr(df, -z)), logcdf near 1 by log1p)
cdef inline double t_logcdf_z(double df, double z) noexcept nogil:
    cdef double v = stdtr(df, z)
    return log1p(-stdtr(df, -z)) if v > 0.5 else log(v)

cdef inline double t_cdf(double x, const double *th) noexcept nogil:
    return stdtr(th[0], ls_div(x, th[1], th[2]))

cdef inline double t_sf(double x, const double *th) noexcept nogil:
    return stdtr(th[0], -ls_div(x, th[1], th[2]))

cdef inline double t_logcdf(double x, const double *th) noexcept nogil:
    return t_logcdf_z(th[0], ls_div(x, th[1], th[2]))

cdef inline double t_logsf(double x, const double *th) noexcept nogil:
    return t_logcdf_z(th[0], -ls_div(x, th[1], th[2]))

cdef inline double t_ppf_q(double df, double q) noexcept nogil:
    # stdtrit is +inf at both q = 0 and q = 1
    if q > 0.0 and q < 1.0:
        return stdtrit(df, q)
    return (INFINITY if q == 1.0 else -INFINITY) if is_prob(q) else NAN

cdef inline double t_ppf(double q, const double *th) noexcept nogil:
    return th[1] + th[2] * t_ppf_q(th[0], q)

cdef inline double t_isf(double q, const double *th) noexcept nogil:
    return th[1] - th[2] * t_ppf_q(th[0], q)

# log-product path: on finite x, logpdf = const - (df + 1)/2 * log(1 + s^2); only
# for df <= 256, where rounding 1 + s^2 costs at most (df + 1)/2 ulp
cdef inline bint t_lp_ok(const double *c) noexcept nogil:
    return c[0] <= 256.0

cdef inline double t_lp_y(double x, const double *c) noexcept nogil:
    cdef double s = t_s(x, c)
    return 1.0 + s * s

cdef inline double t_lp_h(double x, const double *c) noexcept nogil:
    return 0.0

cdef inline double t_lp_combine(Py_ssize_t nb, double sumlog, double sumh,
                                const double *c) noexcept nogil:
    return nb * c[3] - c[4] * sumlog

cdef inline double t_log1p_minus(double u, double L) noexcept nogil:
    """-log1p(-u) - u = log1p(q) - q/(1 + q) given L = log1p(q), u = q/(1 + q): the
    series sum u^k/k (k = 2..8, truncation < 1e-18) below u = 1e-3, where L - u
    would cancel (above, L - u loses at most 2/u ulp: < 3e-13 relative)."""
    if u >= 1e-3:
        return L - u
    return u * u * (1.0 / 2.0 + u * (1.0 / 3.0 + u * (1.0 / 4.0 + u * (
        1.0 / 5.0 + u * (1.0 / 6.0 + u * (1.0 / 7.0 + u / 8.0))))))

cdef inline void t_derivs_v(double x, double L, const double *c, double *o) noexcept nogil:
    # t_derivs given L = log1p(t_pre(x, c)) (block-vectorised by the loop); in
    # u = s^2/(1 + s^2), v = 1/(1 + s^2), e = s/(1 + s^2) (one division per
    # point; df u = z^2 v), every term is free of cancellation as df -> inf (see
    # t_log1p_minus)
    cdef double r = c[2], c7 = c[7], rr = c[2] * c[2], z, s, q, iq, u, e
    z = ls_z(x, c[1], c[2])
    if not isfinite(z):
        nan_derivs(t_logpdf(x, c), o, 10)
        return
    s = z * c[8]
    q = s * s
    if q <= DBL_MAX:
        iq = 1.0 / (1.0 + q)
        u = q * iq
        e = s * iq
    else:
        e = 1.0 / s
        iq = e * e
        u = 1.0
        L = t_big(x, s, c)
    o[0] = c[3] - c[4] * L
    o[1] = c[5] - 0.5 * t_log1p_minus(u, L) + 0.5 * u * c7
    o[2] = c[10] * e * r
    o[3] = (c[0] * u - iq) * r
    o[4] = c[6] + 0.5 * u * c7 * (u * (1.0 + c7) - 2.0 * c7)
    o[5] = r * c[8] * e * (u - iq * c7)
    o[6] = r * u * (u - iq * c7)
    o[7] = -(1.0 + c7) * iq * (iq - u) * rr
    o[8] = -2.0 * c[10] * e * iq * rr
    o[9] = (iq - c[0] * u * (1.0 + 2.0 * iq) - 2.0 * u * iq) * rr

cdef inline void t_derivs(double x, const double *c, double *o) noexcept nogil:
    t_derivs_v(x, log1p(t_pre(x, c)), c, o)


# ---------------------------------------------------------------- lognorm
# th = [s, scale, loc]; with u = x - loc, d = log(u) - log(scale):
#   logpdf = -log(u) - log(s) - log(2 pi)/2 - d^2 / (2 s^2)
# c = [s, loc, log(scale), 1/(sqrt(2) s), -log(s) - log(2 pi)/2, 1/s, 1/scale]
# (d/(sqrt(2) s) squared, not d^2/(2 s^2): finite for tiny s)
cdef inline void lognorm_prep(const double *th, double *c) noexcept nogil:
    c[0] = th[0]
    c[1] = th[2]
    c[2] = log(th[1])
    c[3] = 1.0 / (SQRT2 * th[0])
    c[4] = -log(th[0]) - 0.5 * LOG_2PI
    c[5] = 1.0 / th[0]
    c[6] = 1.0 / th[1]

cdef inline double lognorm_pre(double x, const double *c) noexcept nogil:
    cdef double u = x - c[1]
    return u if (u > 0.0 and u < INFINITY) else 1.0

cdef inline double lognorm_post(double x, double t, const double *c) noexcept nogil:
    cdef double u = x - c[1], d
    if u > 0.0 and u < INFINITY:
        d = t - c[2]
        d = d * c[3]
        return c[4] - t - d * d
    if u == INFINITY and x < INFINITY:     # x - loc overflows: its log does not
        t = log_abs_z(x, c[1], 0.0)
        d = t - c[2]
        d = d * c[3]
        return c[4] - t - d * d
    return u if u != u else -INFINITY

cdef inline double lognorm_logpdf(double x, const double *c) noexcept nogil:
    return lognorm_post(x, log(lognorm_pre(x, c)), c)

# distribution functions, of th = [s, scale, loc]
cdef inline double lognorm_z(double x, const double *th) noexcept nogil:
    """log((x - loc) / scale) / s: -inf at and below loc, NaN at NaN."""
    cdef double y = ls_div(x, th[2], th[1])
    return log(y) / th[0] if y > 0.0 else (y if y != y else -INFINITY)

cdef inline double lognorm_cdf(double x, const double *th) noexcept nogil:
    return ndtr(lognorm_z(x, th))

cdef inline double lognorm_sf(double x, const double *th) noexcept nogil:
    return ndtr(-lognorm_z(x, th))

cdef inline double lognorm_logcdf(double x, const double *th) noexcept nogil:
    return log_ndtr(lognorm_z(x, th))

cdef inline double lognorm_logsf(double x, const double *th) noexcept nogil:
    return log_ndtr(-lognorm_z(x, th))

cdef inline double lognorm_ppf(double q, const double *th) noexcept nogil:
    return th[2] + th[1] * exp(th[0] * ndtri(q)) if is_prob(q) else NAN

cdef inline double lognorm_isf(double q, const double *th) noexcept nogil:
    return th[2] + th[1] * exp(-th[0] * ndtri(q)) if is_prob(q) else NAN

cdef inline void lognorm_derivs(double x, const double *c, double *o) noexcept nogil:
    cdef double u = x - c[1], r = c[5], R = c[6], t, d
    if not (u > 0.0 and u < INFINITY):
        nan_derivs(lognorm_logpdf(x, c), o, 6)
        return
    t = log(u)
    d = t - c[2]
    o[0] = c[4] - t - (d * c[3]) * (d * c[3])
    o[1] = (d * d * r * r - 1.0) * r
    o[2] = d * r * r * R
    o[3] = (1.0 - 3.0 * d * d * r * r) * r * r
    o[4] = -2.0 * d * r * r * r * R
    o[5] = -(1.0 + d) * r * r * R * R

# s = [shift, loc]: statistics (1, d, d^2, outside), d = log(x - loc) - shift
cdef inline void lognorm_stats(double x, const double *s, double *o) noexcept nogil:
    cdef double u = x - s[1], d
    if u > 0.0 and u < INFINITY:
        d = log(u) - s[0]
        o[0] = 1.0
        o[1] = d
        o[2] = d * d
        o[3] = 0.0
    else:
        stats_outside(x, o, 4)


cdef inline bint lognorm_stats_block(const double *x, Py_ssize_t n, const double *s,
                                     double *o) noexcept nogil:
    cdef double d[BLOCK]
    cdef double d2[BLOCK]
    cdef Py_ssize_t j
    cdef int bad = 0
    cdef double u
    for j in range(n):
        u = x[j] - s[1]
        bad |= ((u > 0.0) & (u < INFINITY)) ^ 1
        d[j] = u if u > 0.0 else 1.0
    if bad:
        return 0
    fm_vlog(d, n)
    for j in range(n):
        d[j] -= s[0]
        d2[j] = d[j] * d[j]
    return sums_block(d, d2, n, o)


# ---------------------------------------------------------------- expon
# th = [scale, loc]; c = [loc, 1/scale, -log(scale)]
cdef inline void expon_prep(const double *th, double *c) noexcept nogil:
    c[0] = th[1]
    c[1] = 1.0 / th[0]
    c[2] = -log(th[0])

cdef inline double expon_logpdf(double x, const double *c) noexcept nogil:
    cdef double y = ls_z(x, c[0], c[1])
    if y >= 0.0:
        return c[2] - y
    return y if y != y else -INFINITY

# distribution functions, of th = [scale, loc]
cdef inline double expon_cdf(double x, const double *th) noexcept nogil:
    cdef double y = ls_div(x, th[1], th[0])
    return -expm1(-y) if y > 0.0 else (y if y != y else 0.0)

cdef inline double expon_sf(double x, const double *th) noexcept nogil:
    cdef double y = ls_div(x, th[1], th[0])
    return exp(-y) if y > 0.0 else (y if y != y else 1.0)

cdef inline double expon_logcdf(double x, const double *th) noexcept nogil:
    cdef double y = ls_div(x, th[1], th[0])
    return log1mexp(y) if y > 0.0 else (y if y != y else -INFINITY)

cdef inline double expon_logsf(double x, const double *th) noexcept nogil:
    cdef double y = ls_div(x, th[1], th[0])
    return -y if y > 0.0 else (y if y != y else 0.0)

cdef inline double expon_ppf(double q, const double *th) noexcept nogil:
    return th[1] - th[0] * log1p(-q) if is_prob(q) else NAN

cdef inline double expon_isf(double q, const double *th) noexcept nogil:
    return th[1] - th[0] * log(q) if is_prob(q) else NAN

cdef inline void expon_derivs(double x, const double *c, double *o) noexcept nogil:
    cdef double y = ls_z(x, c[0], c[1]), r = c[1]
    if not (y >= 0.0 and y < INFINITY):
        nan_derivs(expon_logpdf(x, c), o, 3)
        return
    o[0] = c[2] - y
    o[1] = (y - 1.0) * r
    o[2] = (1.0 - 2.0 * y) * r * r

# s = [loc]: statistics (1, x - loc, outside); x = loc is in the support (finite
# density), so only x < loc and x = +inf are flagged
cdef inline void expon_stats(double x, const double *s, double *o) noexcept nogil:
    cdef double y = x - s[0]
    if y >= 0.0 and y < INFINITY:
        o[0] = 1.0
        o[1] = y
        o[2] = 0.0
    else:
        stats_outside(x, o, 3)


cdef inline bint expon_stats_block(const double *x, Py_ssize_t n, const double *s,
                                   double *o) noexcept nogil:
    cdef double y[BLOCK]
    cdef double t[4]
    cdef Py_ssize_t j
    cdef int bad = 0
    for j in range(n):
        y[j] = x[j] - s[0]
        bad |= ((y[j] >= 0.0) & (y[j] < INFINITY)) ^ 1
    if bad or not sums_block(y, y, n, t):
        return 0
    o[0] = t[0]         # [n, sum y, outside]
    o[1] = t[1]
    o[2] = 0.0
    return 1


# ---------------------------------------------------------------- weibull_min
# th = [c, scale, loc]; y = (x - loc)/scale,
#   logpdf = log(c) + (c - 1) log(y) - y^c - log(scale)
# c = [c, loc, 1/scale, log(c) - log(scale), c - 1, 1/c, -log(scale)]
cdef inline void weibull_min_prep(const double *th, double *c) noexcept nogil:
    c[0] = th[0]
    c[1] = th[2]
    c[2] = 1.0 / th[1]
    c[3] = log(th[0]) - log(th[1])
    c[4] = th[0] - 1.0
    c[5] = 1.0 / th[0]
    c[6] = -log(th[1])

cdef inline double weibull_min_pre(double x, const double *c) noexcept nogil:
    return positive_arg(x, c[1], c[2])

cdef inline double weibull_min_post(double x, double t, const double *c) noexcept nogil:
    cdef double y = ls_z(x, c[1], c[2])
    if y >= DBL_MIN and y < INFINITY:
        return c[3] + c[4] * t - exp(c[0] * t)
    if x > c[1] and x < INFINITY:     # y under- or overflows, log(y) does not
        t = log_abs_z(x, c[1], c[6])
        return c[3] + c[4] * t - exp(c[0] * t)
    return power_edge(y, c[4], c[3])

cdef inline double weibull_min_logpdf(double x, const double *c) noexcept nogil:
    return weibull_min_post(x, log(weibull_min_pre(x, c)), c)

# distribution functions, of th = [c, scale, loc]; p = y^c
cdef inline double weibull_min_cdf(double x, const double *th) noexcept nogil:
    cdef double y = ls_div(x, th[2], th[1])
    return -expm1(-pow(y, th[0])) if y > 0.0 else (y if y != y else 0.0)

cdef inline double weibull_min_sf(double x, const double *th) noexcept nogil:
    cdef double y = ls_div(x, th[2], th[1])
    return exp(-pow(y, th[0])) if y > 0.0 else (y if y != y else 1.0)

cdef inline double weibull_min_logcdf(double x, const double *th) noexcept nogil:
    # log(1 - exp(-p)) = log(p) - p/2 + O(p^2) where p may underflow
    cdef double y = ls_div(x, th[2], th[1]), p
    if not y > 0.0:
        return y if y != y else -INFINITY
    p = pow(y, th[0])
    return log1mexp(p) if p > 1e-10 else th[0] * log(y) - 0.5 * p

cdef inline double weibull_min_logsf(double x, const double *th) noexcept nogil:
    cdef double y = ls_div(x, th[2], th[1])
    return -pow(y, th[0]) if y > 0.0 else (y if y != y else 0.0)

cdef inline double weibull_min_ppf(double q, const double *th) noexcept nogil:
    return th[2] + th[1] * pow(-log1p(-q), 1.0 / th[0]) if is_prob(q) else NAN

cdef inline double weibull_min_isf(double q, const double *th) noexcept nogil:
    return th[2] + th[1] * pow(-log(q), 1.0 / th[0]) if is_prob(q) else NAN

cdef inline void weibull_min_derivs(double x, const double *c, double *o) noexcept nogil:
    cdef double y = ls_z(x, c[1], c[2]), r = c[2], k = c[0], P
    cdef double L = log_pos_z(x, y, c[1], c[6])
    if L != L:
        nan_derivs(power_edge(y, c[4], c[3]), o, 6)
        return
    P = exp(k * L)
    o[0] = c[3] + c[4] * L - P
    o[1] = c[5] + L - P * L
    o[2] = k * (P - 1.0) * r
    o[3] = -c[5] * c[5] - P * L * L
    o[4] = (P - 1.0 + k * P * L) * r
    o[5] = -k * (k * P + P - 1.0) * r * r


# ---------------------------------------------------------------- beta
# th = [a, b, loc, scale]; y = (x - loc)/scale (divided, as scipy, so that the
# support ends y = 0 and y = 1 match exactly),
#   logpdf = (a - 1) log(y) + (b - 1) log1p(-y) - betaln(a, b) - log(scale)
# c = [a, b, loc, scale, a - 1, b - 1, -betaln(a, b) - log(scale),
#      psi(a) - psi(a+b), psi(b) - psi(a+b), psi'(a) - psi'(a+b),
#      psi'(b) - psi'(a+b), psi'(a+b)]
cdef inline void beta_prep(const double *th, double *c) noexcept nogil:
    cdef double a = th[0], b = th[1], tab = trigamma(a + b)
    c[0] = a
    c[1] = b
    c[2] = th[2]
    c[3] = th[3]
    c[4] = a - 1.0
    c[5] = b - 1.0
    c[6] = -betaln_(a, b) - log(th[3])
    c[7] = -psi_diff(a, b)
    c[8] = -psi_diff(b, a)
    c[9] = trigamma_diff(a, b)
    c[10] = trigamma_diff(b, a)
    c[11] = tab

cdef inline double beta_pre(double x, const double *c) noexcept nogil:
    cdef double y = (x - c[2]) / c[3]
    return y if (y >= DBL_MIN and y < 1.0) else 1.0

cdef inline double beta_edge(double y, const double *c) noexcept nogil:
    # y = 0 or 1 (xlogy conventions), outside [0, 1], or NaN
    if y != y:
        return y
    if y == 0.0:
        if c[4] == 0.0:
            return c[6]
        return -INFINITY if c[4] > 0.0 else INFINITY
    if y == 1.0:
        if c[5] == 0.0:
            return c[6]
        return -INFINITY if c[5] > 0.0 else INFINITY
    return -INFINITY

cdef inline double beta_post(double x, double t, const double *c) noexcept nogil:
    cdef double y = (x - c[2]) / c[3]
    if y >= DBL_MIN and y < 1.0:
        return c[5] * log1p(-y) + c[4] * t + c[6]
    if y < DBL_MIN and x > c[2]:           # y underflows, its log does not
        return c[4] * log_abs_z(x, c[2], -log(c[3])) + c[6]
    return beta_edge(y, c)

cdef inline double beta_logpdf(double x, const double *c) noexcept nogil:
    return beta_post(x, log(beta_pre(x, c)), c)

cdef inline void beta_derivs(double x, const double *c, double *o) noexcept nogil:
    cdef double y = (x - c[2]) / c[3], l1, l2
    if not (y >= 0.0 and y < 1.0 and x > c[2]):
        nan_derivs(beta_edge(y, c), o, 6)
        return
    l1 = log(y) if y >= DBL_MIN else log_abs_z(x, c[2], -log(c[3]))
    l2 = log1p(-y)
    o[0] = c[5] * l2 + c[4] * l1 + c[6]
    o[1] = l1 - c[7]
    o[2] = l2 - c[8]
    o[3] = -c[9]
    o[4] = c[11]
    o[5] = -c[10]

# s = [loc, scale]: statistics (1, log y, log1p(-y), outside); interior 0 < y < 1
cdef inline void beta_stats(double x, const double *s, double *o) noexcept nogil:
    cdef double y = (x - s[0]) / s[1]
    if y > 0.0 and y < 1.0:
        o[0] = 1.0
        o[1] = log(y)
        o[2] = log1p(-y)
        o[3] = 0.0
    else:
        stats_outside(x, o, 4)


cdef inline bint beta_stats_block(const double *x, Py_ssize_t n, const double *s,
                                  double *o) noexcept nogil:
    cdef double l1[BLOCK]
    cdef double l2[BLOCK]
    cdef Py_ssize_t j
    cdef int bad = 0
    cdef double y
    for j in range(n):
        y = (x[j] - s[0]) / s[1]
        bad |= ((y > 0.0) & (y < 1.0)) ^ 1
        l1[j] = y if (y > 0.0) & (y < 1.0) else 0.5
        l2[j] = -l1[j]
    if bad:
        return 0
    fm_vlog(l1, n)
    fm_vlog1p(l2, n)
    return sums_block(l1, l2, n, o)


# ---------------------------------------------------------------- laplace
# th = [loc, scale]; logpdf = -|z| - log(2) - log(scale)
# c = [loc, 1/scale, -log(2) - log(scale)]
cdef inline void laplace_prep(const double *th, double *c) noexcept nogil:
    c[0] = th[0]
    c[1] = 1.0 / th[1]
    c[2] = -M_LN2 - log(th[1])

cdef inline double laplace_logpdf(double x, const double *c) noexcept nogil:
    return c[2] - fabs(ls_z(x, c[0], c[1]))

# distribution functions, of th = [loc, scale]; F_*_z: of the standard variable
cdef inline double laplace_cdf_z(double z) noexcept nogil:
    return 0.5 * exp(z) if z < 0.0 else 1.0 - 0.5 * exp(-z)

cdef inline double laplace_logcdf_z(double z) noexcept nogil:
    return z - M_LN2 if z < 0.0 else log1p(-0.5 * exp(-z))

cdef inline double laplace_ppf_q(double q) noexcept nogil:
    return log(2.0 * q) if q <= 0.5 else -log(2.0 - 2.0 * q)

cdef inline double laplace_cdf(double x, const double *th) noexcept nogil:
    return laplace_cdf_z(ls_div(x, th[0], th[1]))

cdef inline double laplace_sf(double x, const double *th) noexcept nogil:
    return laplace_cdf_z(-ls_div(x, th[0], th[1]))

cdef inline double laplace_logcdf(double x, const double *th) noexcept nogil:
    return laplace_logcdf_z(ls_div(x, th[0], th[1]))

cdef inline double laplace_logsf(double x, const double *th) noexcept nogil:
    return laplace_logcdf_z(-ls_div(x, th[0], th[1]))

cdef inline double laplace_ppf(double q, const double *th) noexcept nogil:
    return th[0] + th[1] * laplace_ppf_q(q) if is_prob(q) else NAN

cdef inline double laplace_isf(double q, const double *th) noexcept nogil:
    return th[0] - th[1] * laplace_ppf_q(q) if is_prob(q) else NAN

cdef inline void laplace_derivs(double x, const double *c, double *o) noexcept nogil:
    cdef double z = ls_z(x, c[0], c[1]), f1
    if not isfinite(z):
        nan_derivs(laplace_logpdf(x, c), o, 6)
        return
    # f'(z) = -sign(z) (0 at the kink), f''(z) = 0
    f1 = -1.0 if z > 0.0 else (1.0 if z < 0.0 else 0.0)
    ls_derivs(c[2] - fabs(z), z, c[1], f1, 0.0, o)


# ---------------------------------------------------------------- logistic
# th = [loc, scale]; logpdf = -|z| - 2 log1p(exp(-|z|)) - log(scale); the
# exp is block-vectorised, the log1p is scalar
# c = [loc, 1/scale, -log(scale)]
cdef inline void logistic_prep(const double *th, double *c) noexcept nogil:
    c[0] = th[0]
    c[1] = 1.0 / th[1]
    c[2] = -log(th[1])

cdef inline double logistic_pre(double x, const double *c) noexcept nogil:
    cdef double z = ls_z(x, c[0], c[1])
    return -fabs(z) if isfinite(z) else 0.0

cdef inline double logistic_post(double x, double t, const double *c) noexcept nogil:
    cdef double z = ls_z(x, c[0], c[1])
    if isfinite(z):
        return c[2] - fabs(z) - 2.0 * log1p(t)
    return z if z != z else -INFINITY

cdef inline double logistic_logpdf(double x, const double *c) noexcept nogil:
    return logistic_post(x, exp(logistic_pre(x, c)), c)

# distribution functions, of th = [loc, scale]
cdef inline double logistic_cdf_z(double z) noexcept nogil:
    cdef double e
    if z >= 0.0:
        return 1.0 / (1.0 + exp(-z))
    e = exp(z)
    return e / (1.0 + e)

cdef inline double logistic_logcdf_z(double z) noexcept nogil:
    return -log1p(exp(-z)) if z >= 0.0 else z - log1p(exp(z))

cdef inline double logistic_ppf_q(double q) noexcept nogil:
    return log(q) - log1p(-q)

cdef inline double logistic_cdf(double x, const double *th) noexcept nogil:
    return logistic_cdf_z(ls_div(x, th[0], th[1]))

cdef inline double logistic_sf(double x, const double *th) noexcept nogil:
    return logistic_cdf_z(-ls_div(x, th[0], th[1]))

cdef inline double logistic_logcdf(double x, const double *th) noexcept nogil:
    return logistic_logcdf_z(ls_div(x, th[0], th[1]))

cdef inline double logistic_logsf(double x, const double *th) noexcept nogil:
    return logistic_logcdf_z(-ls_div(x, th[0], th[1]))

cdef inline double logistic_ppf(double q, const double *th) noexcept nogil:
    return th[0] + th[1] * logistic_ppf_q(q) if is_prob(q) else NAN

cdef inline double logistic_isf(double q, const double *th) noexcept nogil:
    return th[0] - th[1] * logistic_ppf_q(q) if is_prob(q) else NAN

cdef inline void logistic_derivs(double x, const double *c, double *o) noexcept nogil:
    cdef double z = ls_z(x, c[0], c[1]), e, f1, d
    if not isfinite(z):
        nan_derivs(logistic_logpdf(x, c), o, 6)
        return
    e = exp(-fabs(z))
    d = 1.0 + e
    # f'(z) = -tanh(z/2), f''(z) = -2 e/(1 + e)^2 with e = exp(-|z|)
    f1 = (1.0 - e) / d
    if z > 0.0:
        f1 = -f1
    ls_derivs(c[2] - fabs(z) - 2.0 * log1p(e), z, c[1], f1, -2.0 * e / (d * d), o)


# ---------------------------------------------------------------- cauchy
# th = [loc, scale]; logpdf = -log(pi) - log1p(z^2) - log(scale) (log1p
# block-vectorised; when z^2 overflows, -2 log|z| instead: log1p(1/z^2) is then
# below 1e-308; log|z| from x directly when z itself overflows)
# c = [loc, 1/scale, -log(pi) - log(scale), -log(scale)]
cdef inline void cauchy_prep(const double *th, double *c) noexcept nogil:
    c[0] = th[0]
    c[1] = 1.0 / th[1]
    c[2] = -LOG_PI - log(th[1])
    c[3] = -log(th[1])

cdef inline double cauchy_pre(double x, const double *c) noexcept nogil:
    cdef double z = ls_z(x, c[0], c[1]), q = z * z
    return q if q < INFINITY else 0.0

cdef inline double cauchy_post(double x, double t, const double *c) noexcept nogil:
    cdef double z = ls_z(x, c[0], c[1])
    if z * z < INFINITY:
        return c[2] - t
    if not isfinite(x):
        return x if x != x else -INFINITY
    return c[2] - 2.0 * (log(fabs(z)) if isfinite(z) else log_abs_z(x, c[0], c[3]))

cdef inline double cauchy_logpdf(double x, const double *c) noexcept nogil:
    return cauchy_post(x, log1p(cauchy_pre(x, c)), c)

# distribution functions, of th = [loc, scale]: the lower tail as atan2(1, -z) / pi
# (0.5 + atan(z) / pi cancels there), quantiles as -1 / tan(pi q) below the median
cdef inline double cauchy_cdf_z(double z) noexcept nogil:
    return atan2(1.0, -z) / M_PI if z <= 0.0 else 1.0 - atan2(1.0, z) / M_PI

cdef inline double cauchy_logcdf_z(double z) noexcept nogil:
    return log(atan2(1.0, -z) / M_PI) if z <= 0.0 else log1p(-atan2(1.0, z) / M_PI)

cdef inline double cauchy_ppf_q(double q) noexcept nogil:
    if q < 0.5:
        return -1.0 / tan(M_PI * q)
    return 1.0 / tan(M_PI * (1.0 - q)) if q > 0.5 else 0.0

cdef inline double cauchy_cdf(double x, const double *th) noexcept nogil:
    return cauchy_cdf_z(ls_div(x, th[0], th[1]))

cdef inline double cauchy_sf(double x, const double *th) noexcept nogil:
    return cauchy_cdf_z(-ls_div(x, th[0], th[1]))

cdef inline double cauchy_logcdf(double x, const double *th) noexcept nogil:
    return cauchy_logcdf_z(ls_div(x, th[0], th[1]))

cdef inline double cauchy_logsf(double x, const double *th) noexcept nogil:
    return cauchy_logcdf_z(-ls_div(x, th[0], th[1]))

cdef inline double cauchy_ppf(double q, const double *th) noexcept nogil:
    return th[0] + th[1] * cauchy_ppf_q(q) if is_prob(q) else NAN

cdef inline double cauchy_isf(double q, const double *th) noexcept nogil:
    return th[0] - th[1] * cauchy_ppf_q(q) if is_prob(q) else NAN

# log-product path: on finite x, logpdf = const - log(1 + z^2)
cdef inline bint cauchy_lp_ok(const double *c) noexcept nogil:
    return 1

cdef inline double cauchy_lp_y(double x, const double *c) noexcept nogil:
    cdef double z = ls_z(x, c[0], c[1])
    return 1.0 + z * z

cdef inline double cauchy_lp_h(double x, const double *c) noexcept nogil:
    return 0.0

cdef inline double cauchy_lp_combine(Py_ssize_t nb, double sumlog, double sumh,
                                     const double *c) noexcept nogil:
    return nb * c[2] - sumlog

cdef inline void cauchy_derivs(double x, const double *c, double *o) noexcept nogil:
    cdef double z = ls_z(x, c[0], c[1]), w, w2, d, f1, f2
    if not isfinite(z):
        nan_derivs(cauchy_logpdf(x, c), o, 6)
        return
    # f'(z) = -2z/(1 + z^2), f''(z) = -2(1 - z^2)/(1 + z^2)^2 (in 1/z for |z| > 1)
    if fabs(z) <= 1.0:
        w2 = z * z
        d = 1.0 + w2
        f1 = -2.0 * z / d
        f2 = -2.0 * (1.0 - w2) / (d * d)
    else:
        w = 1.0 / z
        w2 = w * w
        d = 1.0 + w2
        f1 = -2.0 * w / d
        f2 = -2.0 * w2 * (w2 - 1.0) / (d * d)
    ls_derivs(cauchy_logpdf(x, c), z, c[1], f1, f2, o)


# ---------------------------------------------------------------- gumbel_r
# th = [loc, scale]; logpdf = -z - exp(-z) - log(scale) (exp block-vectorised)
# c = [loc, 1/scale, -log(scale)]
cdef inline void gumbel_r_prep(const double *th, double *c) noexcept nogil:
    c[0] = th[0]
    c[1] = 1.0 / th[1]
    c[2] = -log(th[1])

cdef inline double gumbel_r_pre(double x, const double *c) noexcept nogil:
    # exp(-z) is left to the scalar code where it may overflow (z < -709)
    cdef double z = ls_z(x, c[0], c[1])
    return -z if (z > -709.0 and z < INFINITY) else 0.0

cdef inline double gumbel_r_post(double x, double t, const double *c) noexcept nogil:
    cdef double z = ls_z(x, c[0], c[1])
    if z > -709.0 and z < INFINITY:
        return c[2] - z - t
    if isfinite(z):
        return c[2] - z - exp(-z)
    return z if z != z else -INFINITY

cdef inline double gumbel_r_logpdf(double x, const double *c) noexcept nogil:
    return gumbel_r_post(x, exp(gumbel_r_pre(x, c)), c)

# distribution functions, of th = [loc, scale]; logsf = log(1 - exp(-exp(-z))),
# -z - exp(-z)/2 once exp(-z) < 1e-13 (its series; exp(-z) may underflow there)
cdef inline double gumbel_r_cdf(double x, const double *th) noexcept nogil:
    return exp(-exp(-ls_div(x, th[0], th[1])))

cdef inline double gumbel_r_sf(double x, const double *th) noexcept nogil:
    return -expm1(-exp(-ls_div(x, th[0], th[1])))

cdef inline double gumbel_r_logcdf(double x, const double *th) noexcept nogil:
    return -exp(-ls_div(x, th[0], th[1]))

cdef inline double gumbel_r_logsf(double x, const double *th) noexcept nogil:
    cdef double z = ls_div(x, th[0], th[1])
    return -z - 0.5 * exp(-z) if z > 30.0 else log1mexp(exp(-z))

cdef inline double gumbel_r_ppf(double q, const double *th) noexcept nogil:
    return th[0] - th[1] * log(-log(q)) if is_prob(q) else NAN

cdef inline double gumbel_r_isf(double q, const double *th) noexcept nogil:
    return th[0] - th[1] * log(-log1p(-q)) if is_prob(q) else NAN

cdef inline void gumbel_r_derivs(double x, const double *c, double *o) noexcept nogil:
    cdef double z = ls_z(x, c[0], c[1]), e
    if not isfinite(z):
        nan_derivs(gumbel_r_logpdf(x, c), o, 6)
        return
    e = exp(-z)
    ls_derivs(c[2] - z - e, z, c[1], e - 1.0, -e, o)


# ---------------------------------------------------------------- pareto
# th = [b, scale, loc]; y = (x - loc)/scale (divided, as scipy, so that the
# support end y = 1 matches exactly); logpdf = log(b) - (b + 1) log(y) - log(scale)
# for y >= 1.  c = [b, loc, scale, log(b) - log(scale), b + 1, 1/b, 1/scale, -log(scale)]
cdef inline void pareto_prep(const double *th, double *c) noexcept nogil:
    c[0] = th[0]
    c[1] = th[2]
    c[2] = th[1]
    c[3] = log(th[0]) - log(th[1])
    c[4] = th[0] + 1.0
    c[5] = 1.0 / th[0]
    c[6] = 1.0 / th[1]
    c[7] = -log(th[1])

cdef inline double pareto_pre(double x, const double *c) noexcept nogil:
    cdef double y = (x - c[1]) / c[2]
    return y if (y >= 1.0 and y < INFINITY) else 1.0

cdef inline double pareto_post(double x, double t, const double *c) noexcept nogil:
    cdef double y = (x - c[1]) / c[2]
    if y >= 1.0 and y < INFINITY:
        return c[3] - c[4] * t
    if y == INFINITY and x < INFINITY:     # y overflows, its log does not
        return c[3] - c[4] * log_abs_z(x, c[1], c[7])
    return y if y != y else -INFINITY

cdef inline double pareto_logpdf(double x, const double *c) noexcept nogil:
    return pareto_post(x, log(pareto_pre(x, c)), c)

# distribution functions, of th = [b, scale, loc]: y = (x - loc) / scale >= 1,
# sf = y^-b = exp(-b log y) and cdf = -expm1(-b log y) (1 - y^-b cancels near y = 1)
cdef inline double pareto_cdf(double x, const double *th) noexcept nogil:
    cdef double y = ls_div(x, th[2], th[1])
    return -expm1(-th[0] * log(y)) if y >= 1.0 else (y if y != y else 0.0)

cdef inline double pareto_sf(double x, const double *th) noexcept nogil:
    cdef double y = ls_div(x, th[2], th[1])
    return exp(-th[0] * log(y)) if y >= 1.0 else (y if y != y else 1.0)

cdef inline double pareto_logcdf(double x, const double *th) noexcept nogil:
    cdef double y = ls_div(x, th[2], th[1])
    return log1mexp(th[0] * log(y)) if y > 1.0 else (y if y != y else -INFINITY)

cdef inline double pareto_logsf(double x, const double *th) noexcept nogil:
    cdef double y = ls_div(x, th[2], th[1])
    return -th[0] * log(y) if y >= 1.0 else (y if y != y else 0.0)

cdef inline double pareto_ppf(double q, const double *th) noexcept nogil:
    return th[2] + th[1] * exp(-log1p(-q) / th[0]) if is_prob(q) else NAN

cdef inline double pareto_isf(double q, const double *th) noexcept nogil:
    return th[2] + th[1] * exp(-log(q) / th[0]) if is_prob(q) else NAN

# log-product path: for y >= 1, logpdf = log(b/scale) - (b + 1) log(y); other
# points map to -1 so that the block falls back to the pointwise path
cdef inline bint pareto_lp_ok(const double *c) noexcept nogil:
    return 1

cdef inline double pareto_lp_y(double x, const double *c) noexcept nogil:
    cdef double y = (x - c[1]) / c[2]
    return y if y >= 1.0 else -1.0

cdef inline double pareto_lp_h(double x, const double *c) noexcept nogil:
    return 0.0

cdef inline double pareto_lp_combine(Py_ssize_t nb, double sumlog, double sumh,
                                     const double *c) noexcept nogil:
    return nb * c[3] - c[4] * sumlog

cdef inline void pareto_derivs(double x, const double *c, double *o) noexcept nogil:
    cdef double y = (x - c[1]) / c[2], L, R = c[6]
    if not (y >= 1.0 and y < INFINITY):
        nan_derivs(pareto_logpdf(x, c), o, 6)
        return
    L = log(y)
    o[0] = c[3] - c[4] * L
    o[1] = c[5] - L
    o[2] = c[0] * R
    o[3] = -c[5] * c[5]
    o[4] = R
    o[5] = -c[0] * R * R


# ---------------------------------------------------------------- genpareto
# th = [c, scale, loc]; y = (x - loc) / scale (divided, as scipy, so that the upper end
# y = -1/c of c < 0 matches scipy's); on 0 <= y (<= -1/c),
#   logpdf = -(1 + c) L(c, y) - log(scale), L = log1p(c y) / c (bc_L: y at c = 0),
# with scipy's xlog1py convention 0 * inf = 0 at c = -1 (uniform, also at the end).
# c = [c, loc, scale, -log(scale), 1 + c, upper end of y (-1/c; inf for c >= 0), 1/scale]
cdef inline void genpareto_prep(const double *th, double *c) noexcept nogil:
    c[0] = th[0]
    c[1] = th[2]
    c[2] = th[1]
    c[3] = -log(th[1])
    c[4] = 1.0 + th[0]
    c[5] = -1.0 / th[0] if th[0] < 0.0 else INFINITY
    c[6] = 1.0 / th[1]

cdef inline double genpareto_logpdf(double x, const double *c) noexcept nogil:
    cdef double y = ls_div(x, c[1], c[2])
    if not (y >= 0.0 and y <= c[5]):
        return y if y != y else -INFINITY
    return -xlogy_l(c[4], bc_L(c[0], y, x, c[1], c[2])) + c[3]

# distribution functions, of th = [c, scale, loc]: L = -logsf, cdf = -expm1(-L),
# logcdf = log1mexp(L); quantiles scale E(c, -log1p(-q)) (E = expm1(c t) / c)
cdef inline double genpareto_L(double x, const double *th) noexcept nogil:
    """L(c, y) = -logsf: 0 below loc, inf beyond the upper end, NaN at NaN."""
    cdef double y = ls_div(x, th[2], th[1]), c = th[0]
    if not y > 0.0:
        return y if y != y else 0.0
    if c < 0.0 and y > -1.0 / c:
        return INFINITY
    return bc_L(c, y, x, th[2], th[1])

cdef inline double genpareto_cdf(double x, const double *th) noexcept nogil:
    return -expm1(-genpareto_L(x, th))

cdef inline double genpareto_sf(double x, const double *th) noexcept nogil:
    return exp(-genpareto_L(x, th))

cdef inline double genpareto_logcdf(double x, const double *th) noexcept nogil:
    return log1mexp(genpareto_L(x, th))

cdef inline double genpareto_logsf(double x, const double *th) noexcept nogil:
    return -genpareto_L(x, th)

cdef inline double genpareto_ppf(double q, const double *th) noexcept nogil:
    return th[2] + th[1] * bc_E(th[0], -log1p(-q)) if is_prob(q) else NAN

cdef inline double genpareto_isf(double q, const double *th) noexcept nogil:
    return th[2] + th[1] * bc_E(th[0], -log(q)) if is_prob(q) else NAN

cdef inline void genpareto_derivs(double x, const double *c, double *o) noexcept nogil:
    # with a = 1 + c, q = 1/(1 + c y): d/dc = -L - a L_c, d/dscale = (a y q - 1) / scale,
    # d2/dc2 = -2 L_c - a L_cc, d2/dc dscale = (y q - a (y q)^2) / scale,
    # d2/dscale2 = (1 - a y q (1 + q)) / scale^2; NaN from the upper end on
    cdef double y = ls_div(x, c[1], c[2]), L, a = c[4], r = c[6]
    cdef double b[4]
    if not (y >= 0.0 and y < c[5] and y < INFINITY):
        nan_derivs(genpareto_logpdf(x, c), o, 6)
        return
    L = bc_L(c[0], y, x, c[1], c[2])
    bc_dc(c[0], y, L, b)
    o[0] = -xlogy_l(a, L) + c[3]
    o[1] = -L - a * b[2]
    o[2] = (a * b[1] - 1.0) * r
    o[3] = -2.0 * b[2] - a * b[3]
    o[4] = (b[1] - a * b[1] * b[1]) * r
    o[5] = (1.0 - a * b[1] * (1.0 + b[0])) * r * r


# ---------------------------------------------------------------- genextreme
# th = [c, loc, scale] (scipy's sign of c: c > 0 bounded above at z = 1/c, c < 0 below);
# z = (x - loc) / scale (divided, as scipy), T = -log(-log cdf) = L(-c, z) (bc_L: z at
# c = 0, the Gumbel),
#   logpdf = -exp(-T) - (1 - c) T - log(scale) on 1 - c z > 0,
# scipy's -inf at the end c z = 1 (0 at c = 1, z = 1, where the density is finite).
# c = [c, loc, scale, -log(scale), 1 - c, 1/scale, end z = 1/c (scipy's: 1/max(c, DBL_MIN)
#      for c > 0, 1/min(c, -DBL_MIN) for c < 0; 0 at c = 0)]
cdef inline double gev_end(double k) noexcept nogil:
    """The end z = 1/c of the support (scipy's, see above)."""
    if k > 0.0:
        return 1.0 / (k if k > DBL_MIN else DBL_MIN)
    return 1.0 / (k if k < -DBL_MIN else -DBL_MIN) if k < 0.0 else 0.0

cdef inline void genextreme_prep(const double *th, double *c) noexcept nogil:
    c[0] = th[0]
    c[1] = th[1]
    c[2] = th[2]
    c[3] = -log(th[2])
    c[4] = 1.0 - th[0]
    c[5] = 1.0 / th[2]
    c[6] = gev_end(th[0])

cdef inline double gev_T(double x, double k, double loc, double scale, double end,
                         double *z) noexcept nogil:
    """T for c = k, and z into z[0]: T = +inf beyond the upper end (and at it), -inf
    below the lower one, NaN at NaN."""
    z[0] = ls_div(x, loc, scale)
    if z[0] != z[0]:
        return z[0]
    if (k > 0.0 and z[0] > end) or (k < 0.0 and z[0] < end) or k * z[0] == 1.0:
        return INFINITY if k > 0.0 else -INFINITY
    return bc_L(-k, z[0], x, loc, scale)

cdef inline double genextreme_logpdf(double x, const double *c) noexcept nogil:
    cdef double z = ls_div(x, c[1], c[2]), k = c[0], T, E
    if z != z:
        return z
    if (k > 0.0 and z > c[6]) or (k < 0.0 and z < c[6]) or k * z == 1.0:
        return c[3] if (k == 1.0 and z == 1.0) else -INFINITY
    T = bc_L(-k, z, x, c[1], c[2])
    E = exp(-T)
    if not E < INFINITY:
        return -INFINITY
    return -E - xlogy_l(c[4], T) + c[3]

# distribution functions, of th = [c, loc, scale]: E = exp(-T) = -logcdf, cdf = exp(-E),
# sf = -expm1(-E), logsf = log1mexp(E) (-T - E/2 once T > 30, where E may underflow);
# quantiles loc + scale E(-c, -log(-log q)) (E(c, t) = expm1(c t) / c)
cdef inline double genextreme_Tth(double x, const double *th) noexcept nogil:
    cdef double z
    return gev_T(x, th[0], th[1], th[2], gev_end(th[0]), &z)

cdef inline double genextreme_cdf(double x, const double *th) noexcept nogil:
    return exp(-exp(-genextreme_Tth(x, th)))

cdef inline double genextreme_sf(double x, const double *th) noexcept nogil:
    return -expm1(-exp(-genextreme_Tth(x, th)))

cdef inline double genextreme_logcdf(double x, const double *th) noexcept nogil:
    return -exp(-genextreme_Tth(x, th))

cdef inline double genextreme_logsf(double x, const double *th) noexcept nogil:
    cdef double T = genextreme_Tth(x, th), E = exp(-T)
    return -T - 0.5 * E if T > 30.0 else log1mexp(E)

cdef inline double genextreme_ppf(double q, const double *th) noexcept nogil:
    return th[1] + th[2] * bc_E(-th[0], -log(-log(q))) if is_prob(q) else NAN

cdef inline double genextreme_isf(double q, const double *th) noexcept nogil:
    return th[1] + th[2] * bc_E(-th[0], -log(-log1p(-q))) if is_prob(q) else NAN

cdef inline void genextreme_derivs(double x, const double *c, double *o) noexcept nogil:
    # in T: d/dT = A = E - (1 - c), d2/dT2 = -E, d/dc (explicit) = T; with q = 1/(1 - c z)
    # = T_z: T_zz = c q^2, T_c = -L_c(-c, z), T_cc = L_cc(-c, z), T_cz = z q^2, so
    #   l_c = A T_c + T, l_z = A q, l_cc = -E T_c^2 + A T_cc + 2 T_c,
    #   l_cz = -E T_c q + A z q^2 + q, l_zz = (A c - E) q^2,
    # then loc and scale through z = (x - loc) / scale (as ls_derivs)
    cdef double z, T, E, A, Tc, lz, lcz, lzz, k = c[0], r = c[5]
    cdef double b[4]
    T = gev_T(x, c[0], c[1], c[2], c[6], &z)
    if not (fabs(T) < INFINITY and fabs(z) < INFINITY) or k * z == 1.0:
        nan_derivs(genextreme_logpdf(x, c), o, 10)
        return
    bc_dc(-k, z, T, b)
    E = exp(-T)
    A = E - c[4]
    Tc = -b[2]
    lz = A * b[0]
    lcz = -E * Tc * b[0] + A * b[1] * b[0] + b[0]
    lzz = (A * k - E) * b[0] * b[0]
    o[0] = -E - xlogy_l(c[4], T) + c[3]
    o[1] = A * Tc + T
    o[2] = -lz * r
    o[3] = -(z * lz + 1.0) * r
    o[4] = -E * Tc * Tc + A * b[3] + 2.0 * Tc
    o[5] = -lcz * r
    o[6] = -z * lcz * r
    o[7] = lzz * r * r
    o[8] = (z * lzz + lz) * r * r
    o[9] = (2.0 * z * lz + z * (z * lzz) + 1.0) * r * r


# ---------------------------------------------------------------- discrete
cdef inline bint is_count(double x) noexcept nogil:
    """x is a non-negative finite integer."""
    return x >= 0.0 and x < INFINITY and x == floor(x)


cdef inline double lgamma_diff(double a, double b) noexcept nogil:
    """lgamma(a + b) - lgamma(a) for a > 0, a + b > 0: in Stirling's form when a and
    a + b are >= 100, without the cancellation of two large lgammas (and finite
    where both overflow)."""
    if a < 100.0 or a + b < 100.0:
        return gammaln(a + b) - gammaln(a)
    return ((a + b - 0.5) * log1p(b / a) + b * (log(a) - 1.0)
            + (lgamma_corr(a + b) - lgamma_corr(a)))


cdef inline double betaln_(double a, double b) noexcept nogil:
    """log B(a, b) for a, b > 0: Stirling's form when both are >= 100, else through
    lgamma_diff of the larger one (no cancellation of large lgammas; as _py/special.py)."""
    cdef double s = a if a < b else b, g = b if a < b else a
    if s >= 100.0:
        return (0.5 * (LOG_2PI - log(g + s)) - (s - 0.5) * log1p(g / s)
                - (g - 0.5) * log1p(s / g)
                + (lgamma_corr(s) + (lgamma_corr(g) - lgamma_corr(g + s))))
    return gammaln(s) - lgamma_diff(g, s)


cdef inline double lbinom(double n, double k, double lgn1) noexcept nogil:
    """log C(n, k) for integers 0 <= k <= n, given lgn1 = lgamma(n + 1): through
    lgamma_diff of the larger factorial when n is large."""
    cdef double m = k if k < n - k else n - k
    if n - m + 1.0 < 100.0:
        return lgn1 - (gammaln(k + 1.0) + gammaln(n - k + 1.0))
    return lgamma_diff(n - m + 1.0, m) - gammaln(m + 1.0)


# ---------------------------------------------------------------- poisson
# th = [mu]; logpmf = xlogy(k, mu) - lgamma(k + 1) - mu (scipy's order) for k < 100,
# else log_dpois_big(k, mu) (no cancellation of the large terms when mu ~ k)
# c = [mu, log(mu), 1/mu]
cdef inline void poisson_prep(const double *th, double *c) noexcept nogil:
    c[0] = th[0]
    c[1] = log(th[0])
    c[2] = 1.0 / th[0]

cdef inline double poisson_logpdf(double x, const double *c) noexcept nogil:
    if is_count(x):
        if x < 100.0:
            return xlogy_l(x, c[1]) - gammaln(x + 1.0) - c[0]
        return log_dpois_big(x, c[0])
    return x if x != x else -INFINITY

cdef inline void poisson_derivs(double x, const double *c, double *o) noexcept nogil:
    if not is_count(x):
        nan_derivs(poisson_logpdf(x, c), o, 3)
        return
    o[0] = poisson_logpdf(x, c)
    if x == 0.0:
        o[1] = -1.0
        o[2] = 0.0
    else:
        o[1] = x * c[2] - 1.0
        o[2] = -x * c[2] * c[2]

# s = []: statistics (1, x, lgamma(x + 1), outside)
cdef inline void poisson_stats(double x, const double *s, double *o) noexcept nogil:
    if is_count(x):
        o[0] = 1.0
        o[1] = x
        o[2] = gammaln(x + 1.0)
        o[3] = 0.0
    else:
        stats_outside(x, o, 4)


# ---------------------------------------------------------------- binom
# th = [p, n]; logpmf = lgamma(n+1) - (lgamma(k+1) + lgamma(n-k+1))
#                       + xlogy(k, p) + xlog1py(n - k, -p)      (scipy's order)
# (for n >= 100 and 0 < x < n in Loader's form, see binom_logpdf)
# c = [p, n, lgamma(n + 1), log(p), log1p(-p), 1/p, 1/(1 - p), stirlerr(n) (n >= 100)]
cdef inline void binom_prep(const double *th, double *c) noexcept nogil:
    c[0] = th[0]
    c[1] = th[1]
    c[2] = gammaln(th[1] + 1.0)
    c[3] = log(th[0])
    c[4] = log1p(-th[0])
    c[5] = 1.0 / th[0]
    c[6] = 1.0 / (1.0 - th[0])
    c[7] = stirlerr(th[1]) if th[1] >= 100.0 else 0.0

cdef inline double binom_logpdf(double x, const double *c) noexcept nogil:
    cdef double n = c[1], f = c[1] - x
    if not (is_count(x) and x <= n):
        return x if x != x else -INFINITY
    if n < 100.0 or x == 0.0 or f == 0.0 or c[0] == 0.0 or c[0] == 1.0:
        return lbinom(n, x, c[2]) + xlogy_l(x, c[3]) + xlogy_l(f, c[4])
    # Loader's form for large n: no cancellation of log C(n, x) against x log p + f log q
    return (c[7] - stirlerr(x) - stirlerr(f) - bd0(x, n * c[0]) - bd0(f, n * (1.0 - c[0]))
            + 0.5 * (log(n) - LOG_2PI - log(x) - log(f)))

cdef inline void binom_derivs(double x, const double *c, double *o) noexcept nogil:
    cdef double f
    if not (is_count(x) and x <= c[1]):
        nan_derivs(binom_logpdf(x, c), o, 3)
        return
    f = c[1] - x
    o[0] = binom_logpdf(x, c)
    o[1] = 0.0
    o[2] = 0.0
    if x != 0.0:
        o[1] += x * c[5]
        o[2] -= x * c[5] * c[5]
    if f != 0.0:
        o[1] -= f * c[6]
        o[2] -= f * c[6] * c[6]

# s = [n]: statistics (1, x, lgamma(n+1) - lgamma(x+1) - lgamma(n-x+1), outside)
cdef inline void binom_stats(double x, const double *s, double *o) noexcept nogil:
    if is_count(x) and x <= s[0]:
        o[0] = 1.0
        o[1] = x
        o[2] = lbinom(s[0], x, gammaln(s[0] + 1.0))
        o[3] = 0.0
    else:
        stats_outside(x, o, 4)


# ---------------------------------------------------------------- geom
# th = [p]; logpmf = xlog1py(k - 1, -p) + log(p) on k = 1, 2, ...; NaN for
# p <= 0 (as scipy, whose support of p is (0, 1])
# c = [p, log(p), log1p(-p), 1/p, 1/(1 - p)]
cdef inline void geom_prep(const double *th, double *c) noexcept nogil:
    c[0] = th[0]
    c[1] = log(th[0])
    c[2] = log1p(-th[0])
    c[3] = 1.0 / th[0]
    c[4] = 1.0 / (1.0 - th[0])

cdef inline double geom_logpdf(double x, const double *c) noexcept nogil:
    if not c[0] > 0.0:
        return NAN
    if is_count(x) and x >= 1.0:
        return xlogy_l(x - 1.0, c[2]) + c[1]
    return x if x != x else -INFINITY

cdef inline void geom_derivs(double x, const double *c, double *o) noexcept nogil:
    cdef double f = x - 1.0
    if not (c[0] > 0.0 and is_count(x) and x >= 1.0):
        nan_derivs(geom_logpdf(x, c), o, 3)
        return
    o[0] = xlogy_l(f, c[2]) + c[1]
    o[1] = c[3]
    o[2] = -c[3] * c[3]
    if f != 0.0:
        o[1] -= f * c[4]
        o[2] -= f * c[4] * c[4]

# s = []: statistics (1, x, outside)
cdef inline void geom_stats(double x, const double *s, double *o) noexcept nogil:
    if is_count(x) and x >= 1.0:
        o[0] = 1.0
        o[1] = x
        o[2] = 0.0
    else:
        stats_outside(x, o, 3)


# ---------------------------------------------------------------- nbinom
# th = [n, p]; logpmf = lgamma(n+k) - lgamma(k+1) - lgamma(n) + n log(p)
#                       + xlog1py(k, -p)                  (scipy's order)
# NaN for n <= 0 or p <= 0 (as scipy).  c = [n, p, lgamma(n), n log(p), log1p(-p),
# 1/p, 1/(1 - p), log(p)]
cdef inline void nbinom_prep(const double *th, double *c) noexcept nogil:
    c[0] = th[0]
    c[1] = th[1]
    c[2] = gammaln(th[0])
    c[3] = th[0] * log(th[1])
    c[4] = log1p(-th[1])
    c[5] = 1.0 / th[1]
    c[6] = 1.0 / (1.0 - th[1])
    c[7] = log(th[1])

cdef inline double nbinom_lcoef(double x, const double *c) noexcept nogil:
    """lgamma(n + x) - lgamma(x + 1) - lgamma(n) for a count x, the larger two paired
    (lgamma_diff; lgamma(x + 1) = lgamma(x) + log(x) keeps n exact for tiny n)."""
    if x == 0.0:
        return 0.0
    if x >= c[0]:
        return lgamma_diff(x, c[0]) - log(x) - c[2]
    return lgamma_diff(c[0], x) - gammaln(x + 1.0)

cdef inline double nbinom_logpdf(double x, const double *c) noexcept nogil:
    if not (c[1] > 0.0 and c[0] > 0.0):
        return NAN
    if is_count(x):
        return nbinom_lcoef(x, c) + c[3] + xlogy_l(x, c[4])
    return x if x != x else -INFINITY

cdef inline void nbinom_derivs(double x, const double *c, double *o) noexcept nogil:
    cdef double n = c[0]
    if not (c[1] > 0.0 and c[0] > 0.0 and is_count(x)):
        nan_derivs(nbinom_logpdf(x, c), o, 6)
        return
    o[0] = nbinom_logpdf(x, c)
    o[1] = c[7]
    o[2] = n * c[5]
    o[3] = 0.0
    o[4] = c[5]
    o[5] = -n * c[5] * c[5]
    if x != 0.0:
        o[1] += psi_diff(n, x)
        o[2] -= x * c[6]
        o[3] = -trigamma_diff(n, x)
        o[5] -= x * c[6] * c[6]
