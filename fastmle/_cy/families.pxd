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
                        erf, erfc, hypot, fmin, fmax, copysign, INFINITY, NAN, M_PI, M_LN2,
                        M_SQRT1_2)
from fastmle._cy.common cimport BLOCK, LANES, lanes_sum, fm_vlog, fm_vlog1p, shifted_log_sums
from scipy.special.cython_special cimport (gammaln, psi, ndtr, log_ndtr, ndtri, gammainc,
                                           gammaincc, gammaincinv, gammainccinv, stdtr,
                                           stdtrit, betainc, betaincc, betaincinv, betainccinv,
                                           pdtr, pdtrc, pdtrik, bdtrik, nbdtrik, erfcx, erfinv,
                                           erfcinv)
from fastmle._cy.special cimport psi_diff, trigamma, trigamma_diff, xlogy_l, LOG_2PI, LOG_PI

cdef extern from "float.h":
    const double DBL_MAX
    const double DBL_MIN

cdef extern from *:
    """
    #define FM_SQRT2 1.4142135623730951
    #define FM_LOG_DBL_MIN -708.3964185322641
    """
    const double SQRT2 "FM_SQRT2"
    const double LOG_DBL_MIN "FM_LOG_DBL_MIN"


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
    # (halves: x + m may overflow where each is finite)
    if fabs(x - m) < 0.2 * (0.5 * x + 0.5 * m):
        v = (0.5 * x - 0.5 * m) / (0.5 * x + 0.5 * m)
        s = (x - m) * v
        ej = x * (2.0 * v)
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
    return shifted_log_sums(x, n, s[0], o)


# ---------------------------------------------------------------- chi2
# th = [df, scale, loc]: scipy's chi2 is gamma with a = df/2 and twice the scale, so
# every kernel is gamma's at those parameters (c as gamma_prep's; halving and doubling
# are exact), the derivatives by the chain rule d/ddf = d/da / 2, d/dscale = 2 d/dscale_g
cdef inline void chi2_gamma_th(const double *th, double *g) noexcept nogil:
    g[0] = 0.5 * th[0]
    g[1] = 2.0 * th[1]
    g[2] = th[2]

cdef inline void chi2_chain(double *o) noexcept nogil:
    """[ll, gradient, Hessian] w.r.t. gamma's (a, scale_g) -> w.r.t. chi2's (df, scale)."""
    o[1] *= 0.5
    o[2] *= 2.0
    o[3] *= 0.25
    o[5] *= 4.0

cdef inline void chi2_prep(const double *th, double *c) noexcept nogil:
    cdef double g[3]
    chi2_gamma_th(th, g)
    gamma_prep(g, c)

cdef inline double chi2_pre(double x, const double *c) noexcept nogil:
    return gamma_pre(x, c)

cdef inline double chi2_post(double x, double t, const double *c) noexcept nogil:
    return gamma_post(x, t, c)

cdef inline double chi2_logpdf(double x, const double *c) noexcept nogil:
    return gamma_logpdf(x, c)

cdef inline double chi2_dist(int fn, double x, const double *th) noexcept nogil:
    """Distribution function fn (the index in _spec.DIST_FUNCTIONS) of chi2 as gamma's."""
    cdef double g[3]
    chi2_gamma_th(th, g)
    if fn == 0:
        return gamma_cdf(x, g)
    if fn == 1:
        return gamma_sf(x, g)
    if fn == 2:
        return gamma_logcdf(x, g)
    if fn == 3:
        return gamma_logsf(x, g)
    return gamma_ppf(x, g) if fn == 4 else gamma_isf(x, g)

cdef inline double chi2_cdf(double x, const double *th) noexcept nogil:
    return chi2_dist(0, x, th)

cdef inline double chi2_sf(double x, const double *th) noexcept nogil:
    return chi2_dist(1, x, th)

cdef inline double chi2_logcdf(double x, const double *th) noexcept nogil:
    return chi2_dist(2, x, th)

cdef inline double chi2_logsf(double x, const double *th) noexcept nogil:
    return chi2_dist(3, x, th)

cdef inline double chi2_ppf(double q, const double *th) noexcept nogil:
    return chi2_dist(4, q, th)

cdef inline double chi2_isf(double q, const double *th) noexcept nogil:
    return chi2_dist(5, q, th)

cdef inline bint chi2_lp_ok(const double *c) noexcept nogil:
    return gamma_lp_ok(c)

cdef inline double chi2_lp_y(double x, const double *c) noexcept nogil:
    return gamma_lp_y(x, c)

cdef inline double chi2_lp_h(double x, const double *c) noexcept nogil:
    return gamma_lp_h(x, c)

cdef inline double chi2_lp_combine(Py_ssize_t nb, double sumlog, double sumh,
                                   const double *c) noexcept nogil:
    return gamma_lp_combine(nb, sumlog, sumh, c)

cdef inline void chi2_derivs(double x, const double *c, double *o) noexcept nogil:
    gamma_derivs(x, c, o)
    chi2_chain(o)

# s = [loc]: gamma's statistics (1, x - loc, log(x - loc), outside)
cdef inline void chi2_stats(double x, const double *s, double *o) noexcept nogil:
    gamma_stats(x, s, o)

cdef inline bint chi2_stats_block(const double *x, Py_ssize_t n, const double *s,
                                  double *o) noexcept nogil:
    return gamma_stats_block(x, n, s, o)


# ---------------------------------------------------------------- invgamma
# th = [a, scale, loc]; y = (x - loc)/scale, t = 1/y,
#   logpdf = -(a + 1) log(y) - t - lgamma(a) - log(scale) for y > 0,
# for a > 100 as log_dpois_big(a, t) + log(t) + log(a) - log(scale) (the plain form
# cancels terms of size a log(a) at the mode, as gamma's); t = scale / (x - loc),
# log(y) from x directly where y under- or overflows
# c = [a, loc, 1/scale, -lgamma(a) - log(scale), a + 1, psi(a), psi'(a), scale,
#      -log(scale), log(a) - log(scale)] (gamma's but c[4], c[9])
cdef inline void invgamma_prep(const double *th, double *c) noexcept nogil:
    gamma_prep(th, c)
    c[4] = th[0] + 1.0
    c[9] = log(th[0]) - log(th[1])

cdef inline double invgamma_pre(double x, const double *c) noexcept nogil:
    return positive_arg(x, c[1], c[2])

cdef inline double div_lo(double s, double u, double t) noexcept nogil:
    """The rounding error s/u - t of t = fl(s/u) for s, u, t in [1e-150, 1e150]:
    (s - t u) / u with t u split exactly (Dekker's product; s - fl(t u) is exact)."""
    cdef double p = t * u, k, th, tl, uh, ul
    k = 134217729.0 * t
    th = k - (k - t)
    tl = t - th
    k = 134217729.0 * u
    uh = k - (k - u)
    ul = u - uh
    return ((s - p) - (((th * uh - p) + th * ul + tl * uh) + tl * ul)) / u

cdef inline double invgamma_ll(double L, double u, const double *c) noexcept nogil:
    """logpdf given L = log(y) and u = x - loc > 0 (inf where it overflows), t =
    scale / u: for a > 100 Loader's form, corrected by the rounding error of t (its
    derivative there is a/t - 1, up to ~37 sqrt(a) t in the tails)."""
    cdef double t = c[7] / u, e
    if t == INFINITY:           # u -> 0+: the density vanishes (e^-t beats t^(a+1))
        return -INFINITY
    if c[0] <= 100.0 or not (t >= DBL_MIN and t < INFINITY):
        return -c[4] * L - t + c[3]
    if t > 1e-150 and t < 1e150 and u > 1e-150 and u < 1e150:
        e = div_lo(c[7], u, t)       # times a/t - 1, as e - (e/t) a: no overflow of a/t
        return (log_dpois_big(c[0], t) - (e - (e / t) * c[0])) - L + c[9]
    return log_dpois_big(c[0], t) - L + c[9]

cdef inline double invgamma_post(double x, double L, const double *c) noexcept nogil:
    cdef double y = ls_z(x, c[1], c[2])
    if not (y >= DBL_MIN and y < INFINITY):
        if not (x > c[1] and x < INFINITY):
            return y if y != y else -INFINITY
        L = log_abs_z(x, c[1], c[8])       # y under- or overflows, log(y) does not
    return invgamma_ll(L, x - c[1], c)

cdef inline double invgamma_logpdf(double x, const double *c) noexcept nogil:
    return invgamma_post(x, log(invgamma_pre(x, c)), c)

# distribution functions, of th = [a, scale, loc]: cdf = Q(a, t), sf = P(a, t) of
# t = scale / (x - loc) (gamma's incomplete functions and their logs)
cdef inline double invgamma_t(double x, const double *th) noexcept nogil:
    """t = scale / (x - loc) for x > loc, without the spurious overflow of x - loc;
    -1 at and below loc, NaN at NaN."""
    cdef double d = x - th[2]
    if not d > 0.0:
        return d if d != d else -1.0
    if d <= DBL_MAX:
        return th[1] / d
    return (0.5 * th[1]) / (0.5 * x - 0.5 * th[2])

cdef inline double invgamma_cdf(double x, const double *th) noexcept nogil:
    cdef double t = invgamma_t(x, th)
    return gammaincc(th[0], t) if t >= 0.0 else (t if t != t else 0.0)

cdef inline double invgamma_sf(double x, const double *th) noexcept nogil:
    cdef double t = invgamma_t(x, th)
    return gammainc(th[0], t) if t >= 0.0 else (t if t != t else 1.0)

cdef inline double invgamma_logcdf(double x, const double *th) noexcept nogil:
    cdef double t = invgamma_t(x, th)
    return log_gamma_q(th[0], t) if t >= 0.0 else (t if t != t else -INFINITY)

cdef inline double invgamma_logsf(double x, const double *th) noexcept nogil:
    cdef double t = invgamma_t(x, th)
    return log_gamma_p(th[0], t) if t >= 0.0 else (t if t != t else 0.0)

cdef inline double invgamma_ppf(double q, const double *th) noexcept nogil:
    return th[2] + th[1] / gammainccinv(th[0], q) if is_prob(q) else NAN

cdef inline double invgamma_isf(double q, const double *th) noexcept nogil:
    return th[2] + th[1] / gammaincinv(th[0], q) if is_prob(q) else NAN

cdef inline void invgamma_derivs(double x, const double *c, double *o) noexcept nogil:
    # d/da = -log(y) - psi(a), d/dscale = (a - t)/scale; H = [-psi'(a), 1/scale, -a/scale^2]
    cdef double y = ls_z(x, c[1], c[2]), r = c[2], L = log_pos_z(x, y, c[1], c[8]), t
    if L != L:
        nan_derivs(invgamma_logpdf(x, c), o, 6)
        return
    t = c[7] / (x - c[1])
    o[0] = invgamma_ll(L, x - c[1], c)
    o[1] = -L - c[5]
    o[2] = (c[0] - t) * r
    o[3] = -c[6]
    o[4] = r
    o[5] = -c[0] * r * r

# s = [loc]: statistics (1, 1/(x - loc), log(x - loc), outside)
cdef inline void invgamma_stats(double x, const double *s, double *o) noexcept nogil:
    cdef double u = x - s[0]
    if u > 0.0 and u < INFINITY:
        o[0] = 1.0
        o[1] = 1.0 / u
        o[2] = log(u)
        o[3] = 0.0
    else:
        stats_outside(x, o, 4)


cdef inline bint invgamma_stats_block(const double *x, Py_ssize_t n, const double *s,
                                      double *o) noexcept nogil:
    cdef double v[BLOCK]
    cdef double lu[BLOCK]
    cdef Py_ssize_t j
    cdef int bad = 0
    cdef double u
    for j in range(n):
        u = x[j] - s[0]
        bad |= ((u > 0.0) & (u < INFINITY)) ^ 1
        lu[j] = u if u > 0.0 else 1.0
        v[j] = 1.0 / lu[j]
    if bad:
        return 0
    fm_vlog(lu, n)
    return sums_block(v, lu, n, o)


# ---------------------------------------------------------------- invgauss
# th = [mu, scale, loc]; y = (x - loc)/scale, t = y/mu - 1,
#   logpdf = -log(2 pi)/2 - 3/2 log(y) - Q - log(scale),  Q = (y - mu)^2 / (2 mu^2 y),
# Q as t (t / y) / 2 (no overflow of t^2); where y underflows 1/y = scale / (x - loc),
# where y/mu overflows Q = y / (2 mu^2) - 1/mu from x directly (log(y) too)
# c = [mu, loc, 1/scale, -log(scale) - log(2 pi)/2, 1/mu, scale, -log(scale),
#      1/(2 scale mu^2)]
cdef inline void invgauss_prep(const double *th, double *c) noexcept nogil:
    c[0] = th[0]
    c[1] = th[2]
    c[2] = 1.0 / th[1]
    c[3] = -log(th[1]) - 0.5 * LOG_2PI
    c[4] = 1.0 / th[0]
    c[5] = th[1]
    c[6] = -log(th[1])
    c[7] = (0.5 / th[1]) / (th[0] * th[0])

cdef inline double invgauss_q(double x, double y, const double *c) noexcept nogil:
    """Q of a point x > loc (finite) with y = (x - loc) / scale."""
    cdef double t = y / c[0] - 1.0
    if y >= DBL_MIN and t < 1e300:
        return 0.5 * t * (t / y)
    if y < DBL_MIN:
        return 0.5 * t * t * (c[5] / (x - c[1]))
    return ls_z(x, c[1], c[7]) - c[4]

cdef inline double invgauss_pre(double x, const double *c) noexcept nogil:
    return positive_arg(x, c[1], c[2])

cdef inline double invgauss_post(double x, double L, const double *c) noexcept nogil:
    cdef double y = ls_z(x, c[1], c[2])
    if not (y >= DBL_MIN and y < INFINITY):
        if not (x > c[1] and x < INFINITY):
            return y if y != y else -INFINITY
        L = log_abs_z(x, c[1], c[6])       # y under- or overflows, log(y) does not
    return c[3] - 1.5 * L - invgauss_q(x, y, c)

cdef inline double invgauss_logpdf(double x, const double *c) noexcept nogil:
    return invgauss_post(x, log(invgauss_pre(x, c)), c)

cdef inline void invgauss_derivs(double x, const double *c, double *o) noexcept nogil:
    # with r = 1/mu, R = 1/scale: d/dmu = t r^2, d/dscale = (1 - 1/y + y r^2) R / 2,
    # H = [-(1 + 3t) r^3, -(y r) r^2 R, -(1/2 + (y r) r) R^2]
    cdef double y = ls_z(x, c[1], c[2]), L = log_pos_z(x, y, c[1], c[6]), r = c[4], R = c[2]
    cdef double t, yr, iy
    if L != L or y == INFINITY:
        nan_derivs(invgauss_logpdf(x, c), o, 6)
        return
    t = y / c[0] - 1.0
    yr = y * r
    iy = 1.0 / y if y >= DBL_MIN else c[5] / (x - c[1])
    o[0] = c[3] - 1.5 * L - invgauss_q(x, y, c)
    o[1] = t * r * r
    o[2] = 0.5 * (1.0 - iy + yr * r) * R
    o[3] = -(1.0 + 3.0 * t) * r * r * r
    o[4] = -yr * r * r * R
    o[5] = -(0.5 + yr * r) * R * R

# distribution functions, of th = [mu, scale, loc].  With z1 = (y/mu - 1)/sqrt(y),
# z2 = (y/mu + 1)/sqrt(y) (z2^2 - z1^2 = 4/mu), a = z1/sqrt(2), b = z2/sqrt(2):
#   cdf = Phi(z1) + exp(2/mu) Phi(-z2),  sf = Phi(-z1) - exp(2/mu) Phi(-z2),
# and exp(2/mu) Phi(-z2) = exp(-a^2) erfcx(b)/2 exactly (no overflow of exp(2/mu)), so
#   cdf = exp(-a^2) (erfcx(-a) + erfcx(b)) / 2         (a < 0: a sum, no cancellation)
#   sf  = exp(-a^2) (erfcx(a) - erfcx(b)) / 2          (a >= -1)
# and the difference D = erfcx(a) - erfcx(a + h), h = b - a = sqrt(2/y), which cancels
# where h is small against the scale max(1, a) of erfcx, is there the integral of
# g = -erfcx' over [a, a + h] (8-point Gauss-Legendre).  The other function is one minus
# these (cdf >= 1/2 for a >= 0, sf >= 0.74 for a < -1); logs as log1p where they near 0.
cdef inline double invgauss_gt(double t) noexcept nogil:
    """t^2 g(t) for t >= 2, g = -erfcx': (2/sqrt(pi)) t^2 R/(t + R) with the continued
    fraction 1/(sqrt(pi) erfcx(t)) = t + R, R = (1/2)/(t + 1/(t + (3/2)/(t + ...))) (no
    cancellation, no overflow; 80 terms below 3, 40 above give full precision)."""
    cdef double r = 0.0
    cdef int k
    for k in range(80 if t < 3.0 else 40, 0, -1):
        r = (0.5 * k) / (t + r)
    return 1.1283791670955126 * (t * r) / (1.0 + r / t)

cdef inline double invgauss_gl(double a, double h, double m, double u) noexcept nogil:
    """g at the node t = m + u of [a, a + h]; for a >= 2 scaled by a^2 (t^2 g(t) (a/t)^2).
    Below t = 2 g = 2/sqrt(pi) - 2 t erfcx(t) directly (it cancels at most 1:9 there)."""
    cdef double t = m + u
    if a >= 2.0:
        return invgauss_gt(t) * ((a / t) * (a / t))
    return 1.1283791670955126 - 2.0 * t * erfcx(t) if t < 2.0 else invgauss_gt(t) / (t * t)

cdef inline double invgauss_log_d(double a, double h) noexcept nogil:
    """log(erfcx(a) - erfcx(a + h)) for a >= -1, h > 0."""
    cdef double m, hh, s
    if h > 0.5 * fmax(1.0, a):
        return log(erfcx(a) - erfcx(a + h))
    hh = 0.5 * h
    m = a + hh
    s = (0.36268378337836166 * (invgauss_gl(a, h, m, -0.18343464249564978 * hh)
                                + invgauss_gl(a, h, m, 0.18343464249564978 * hh))
         + 0.3137066458778869 * (invgauss_gl(a, h, m, -0.525532409916329 * hh)
                                 + invgauss_gl(a, h, m, 0.525532409916329 * hh))
         + 0.22238103445337443 * (invgauss_gl(a, h, m, -0.7966664774136267 * hh)
                                  + invgauss_gl(a, h, m, 0.7966664774136267 * hh))
         + 0.10122853629037706 * (invgauss_gl(a, h, m, -0.9602898564975362 * hh)
                                  + invgauss_gl(a, h, m, 0.9602898564975362 * hh)))
    return log(hh) + log(s) - (0.0 if a < 2.0 else 2.0 * log(a))

cdef inline double pick4(int i, double a, double b, double c, double d) noexcept nogil:
    return a if i == 0 else (b if i == 1 else (c if i == 2 else d))

cdef inline double invgauss_std(int fn, double y, double mu) noexcept nogil:
    """Distribution function fn (0 cdf, 1 sf, 2 logcdf, 3 logsf) of invgauss(mu) at a
    standard y > 0 (inf included)."""
    cdef double r2y, a, b, v
    if y == INFINITY:
        return pick4(fn, 1.0, 0.0, 0.0, -INFINITY)
    r2y = sqrt(2.0 * y)
    a = (y / mu - 1.0) / r2y
    b = (y / mu + 1.0) / r2y
    if a == INFINITY:
        return pick4(fn, 1.0, 0.0, 0.0, -INFINITY)
    if a < 0.0 and (fn == 0 or fn == 2 or a < -1.0):
        # the lower function as a sum
        v = log(erfcx(-a) + erfcx(b)) - a * a - M_LN2
        if fn == 0:
            return exp(v)
        if fn == 2:
            return v
        return -expm1(v) if fn == 1 else log1p(-exp(v))
    v = invgauss_log_d(a, sqrt(2.0 / y)) - a * a - M_LN2       # log sf
    if fn == 1:
        return exp(v)
    if fn == 3:
        return v
    return -expm1(v) if fn == 0 else log1p(-exp(v))

cdef inline double invgauss_dist(int fn, double x, const double *th) noexcept nogil:
    cdef double y = ls_div(x, th[2], th[1])
    if y > 0.0:
        return invgauss_std(fn, y, th[0])
    if y != y:
        return y
    return pick4(fn, 0.0, 1.0, -INFINITY, 0.0)

cdef inline double invgauss_cdf(double x, const double *th) noexcept nogil:
    return invgauss_dist(0, x, th)

cdef inline double invgauss_sf(double x, const double *th) noexcept nogil:
    return invgauss_dist(1, x, th)

cdef inline double invgauss_logcdf(double x, const double *th) noexcept nogil:
    return invgauss_dist(2, x, th)

cdef inline double invgauss_logsf(double x, const double *th) noexcept nogil:
    return invgauss_dist(3, x, th)

cdef inline double invgauss_logpdf_std(double y, double mu) noexcept nogil:
    cdef double t = y / mu - 1.0
    return -0.5 * LOG_2PI - 1.5 * log(y) - 0.5 * t * (t / y)

cdef inline double invgauss_solve(double lq, double mu, bint upper) noexcept nogil:
    """The standard y with logsf(y) = lq (upper) or logcdf(y) = lq, lq <= log(1/2):
    Newton in w = log(y) (steps at most 5), safeguarded by bisection of the bracket
    found so far (also where the slope under- or overflows: tiny mu, where the function
    is a step at y = mu in double); started from the smaller of two approximations, the
    normal one of z1 and the Levy limit mu -> inf (cdf = erfc(1/sqrt(2y)))."""
    cdef double q = exp(lq), z, d, s, e, w, wn, lo = -INFINITY, hi = INFINITY, y, F, dF, step
    cdef int it
    z = -ndtri(q) if upper else ndtri(q)
    d = hypot(mu * z, 2.0 * sqrt(mu))           # sqrt((mu z)^2 + 4 mu)
    s = 0.5 * (mu * z + d) if z >= 0.0 else 2.0 * mu / (d - mu * z)
    w = 2.0 * log(s)
    e = erfinv(q) if upper else erfcinv(q)
    if e > 0.0 and e < INFINITY:
        w = fmin(w, -log(2.0 * e * e))
    for it in range(100):
        y = exp(w)
        F = invgauss_std(3 if upper else 2, y, mu)
        if (F > lq) != upper:
            hi = fmin(hi, w)
        else:
            lo = fmax(lo, w)
        if F == lq:
            return y
        dF = exp(invgauss_logpdf_std(y, mu) + w - F)
        wn = NAN
        if dF > 0.0 and dF < INFINITY:
            step = (F - lq) / dF
            wn = w - fmax(-5.0, fmin(5.0, -step if upper else step))
            if fabs(wn - w) <= 1e-15 * fmax(1.0, fabs(w)):
                return exp(wn)
        if not (wn > lo and wn < hi):      # no Newton step, or one leaving the bracket
            if lo > -INFINITY and hi < INFINITY:
                wn = 0.5 * (lo + hi)
                if hi - lo <= 1e-15 * fmax(1.0, fabs(wn)):
                    return exp(wn)
            else:
                wn = w + (-5.0 if w >= hi else 5.0)
        w = wn
    return exp(w)

cdef inline double invgauss_quantile(double q, const double *th, bint upper) noexcept nogil:
    """ppf (upper = 0) or isf (upper = 1) of q: in the tail where q is below 1/2, by the
    function of that tail at log(q), else the other tail's at log(1 - q) (exact)."""
    cdef double y
    if not is_prob(q):
        return NAN
    if q == 0.0 or q == 1.0:
        return th[2] if (q == 0.0) != upper else INFINITY
    if q <= 0.5:
        y = invgauss_solve(log(q), th[0], upper)
    else:
        y = invgauss_solve(log(1.0 - q), th[0], not upper)
    return th[2] + th[1] * y

cdef inline double invgauss_ppf(double q, const double *th) noexcept nogil:
    return invgauss_quantile(q, th, 0)

cdef inline double invgauss_isf(double q, const double *th) noexcept nogil:
    return invgauss_quantile(q, th, 1)


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
cdef inline void shape_scale_prep(const double *th, double *c) noexcept nogil:
    """Constants of a positive family th = [k, scale, loc] (weibull_min, fisk, ...):
    c = [k, loc, 1/scale, log(k) - log(scale), k - 1, 1/k, -log(scale)]."""
    c[0] = th[0]
    c[1] = th[2]
    c[2] = 1.0 / th[1]
    c[3] = log(th[0]) - log(th[1])
    c[4] = th[0] - 1.0
    c[5] = 1.0 / th[0]
    c[6] = -log(th[1])

cdef inline double pos_log_t(double x, double y, double t, double loc, double lr) noexcept nogil:
    """log(y) given t = log(y) computed for a normal positive y (F_pre's argument), also
    where y under- or overflows but x > loc is finite; NaN where x <= loc, x = inf, NaN."""
    return t if (y >= DBL_MIN and y < INFINITY) else log_pos_z(x, y, loc, lr)

cdef inline double shape_scale_log(double x, const double *c, double *o) noexcept nogil:
    """log(y) for F_derivs of a shape_scale_prep family (2 free parameters); NaN outside
    the support's interior, where o is filled (the edge's log-density, NaN derivatives)."""
    cdef double y = ls_z(x, c[1], c[2]), L = log_pos_z(x, y, c[1], c[6])
    if L != L:
        nan_derivs(power_edge(y, c[4], c[3]), o, 6)
    return L

cdef inline void weibull_min_prep(const double *th, double *c) noexcept nogil:
    shape_scale_prep(th, c)

cdef inline double weibull_min_pre(double x, const double *c) noexcept nogil:
    return positive_arg(x, c[1], c[2])

cdef inline double weib_post(double x, double y, double t, const double *c,
                             bint two_sided) noexcept nogil:
    # the log-density c[3] + (k - 1) L - exp(k L) at L = log(y) (t when y is a normal
    # double), y = (x - loc)/scale, or |y| for dweibull (two_sided; c laid out alike)
    if y >= DBL_MIN and y < INFINITY:
        return c[3] + c[4] * t - exp(c[0] * t)
    if (x > c[1] or (two_sided and x < c[1])) and fabs(x) < INFINITY:
        t = log_abs_z(x, c[1], c[6])        # y under- or overflows, log(y) does not
        return c[3] + c[4] * t - exp(c[0] * t)
    return power_edge(y, c[4], c[3])

cdef inline double weibull_min_post(double x, double t, const double *c) noexcept nogil:
    return weib_post(x, ls_z(x, c[1], c[2]), t, c, 0)

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
    cdef double r = c[2], k = c[0], P, L = shape_scale_log(x, c, o)
    if L != L:
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

# distribution functions, of th = [a, b, loc, scale]: scipy's betainc / betaincc of
# y = (x - loc) / scale, their inverses (loc + scale * betaincinv(a, b, q), isf by
# betainccinv, no 1 - q); the logs by log_ibeta, also where the probability underflows
cdef inline double ibeta_cf(double a, double b, double x) noexcept nogil:
    """The continued fraction of I_x(a, b) = x^a (1 - x)^b / (a B(a, b)) * cf, by the
    modified Lentz method (fast for x < (a + 1) / (a + b + 2), where log_ibeta uses it)."""
    cdef double c = 1.0, d = 1.0 - (a + b) * x / (a + 1.0), h, e, m = 1.0
    cdef int j
    d = 1.0 / (d if fabs(d) > 1e-300 else 1e-300)
    h = d
    while m < 1e5:
        for j in range(2):
            if j == 0:
                e = m * (b - m) * x / ((a + 2.0 * m - 1.0) * (a + 2.0 * m))
            else:
                e = -(a + m) * (a + b + m) * x / ((a + 2.0 * m) * (a + 2.0 * m + 1.0))
            d = 1.0 + e * d
            d = 1.0 / (d if fabs(d) > 1e-300 else 1e-300)
            c = 1.0 + e / c
            c = c if fabs(c) > 1e-300 else 1e-300
            h *= d * c
        if fabs(d * c - 1.0) < 3e-16:
            break
        m += 1.0
    return h

cdef inline double log_ibeta_pre(double a, double b, double x, double xc, double lx,
                                 double lxc) noexcept nogil:
    """log(x^a xc^b / B(a, b)) for xc = 1 - x, lx = log(x), lxc = log(xc).  For a, b >= 100
    in Loader's form -bd0(a, n x) - bd0(b, n xc) + log(a b / (2 pi n)) / 2 + Stirling
    corrections (n = a + b): the plain form cancels terms of size a log(a)."""
    cdef double n = a + b
    if a >= 100.0 and b >= 100.0:
        return (0.5 * (log(a) + log(b) - log(n) - LOG_2PI) - bd0(a, n * x) - bd0(b, n * xc)
                + (lgamma_corr(n) - lgamma_corr(a) - lgamma_corr(b)))
    return a * lx + b * lxc - betaln_(a, b)

cdef inline double log_ibeta(double a, double b, double y, bint upper) noexcept nogil:
    """log I_y(a, b) (upper: log of 1 - I_y(a, b) = I_{1-y}(b, a)) for 0 < y < 1: log1p of
    the complement where the value is > 1/2, its log where it is a normal double, and where
    it underflows the log of x^a (1 - x)^b / (a B(a, b)) * cf (ibeta_cf; x = y, or 1 - y
    with a and b swapped)."""
    cdef double v = betaincc(a, b, y) if upper else betainc(a, b, y)
    if v > 0.5:
        return log1p(-(betainc(a, b, y) if upper else betaincc(a, b, y)))
    if v >= DBL_MIN or v != v or not (y > 0.0 and y < 1.0):
        return log(v)
    if upper:
        return (log_ibeta_pre(b, a, 1.0 - y, y, log1p(-y), log(y)) - log(b)
                + log(ibeta_cf(b, a, 1.0 - y)))
    return (log_ibeta_pre(a, b, y, 1.0 - y, log(y), log1p(-y)) - log(a)
            + log(ibeta_cf(a, b, y)))

cdef inline double beta_ppf_y(double a, double b, double q, bint upper) noexcept nogil:
    """The standard quantile of q (upper: of the upper tail): betaincinv / betainccinv,
    and where those fail the leading term of the tail, y^a / (a B(a, b)) = q (exact there:
    the next is O(y)): NaN far in the tails (e.g. a = 2.5, b = 3.5, q = 1e-300: the
    lower tail of ppf, the upper one of isf), and a value at or just below DBL_MIN for an
    answer below it (a lower tail; it underflows to 0 or a subnormal here)."""
    cdef double y
    if not is_prob(q):
        return NAN
    y = betainccinv(a, b, q) if upper else betaincinv(a, b, q)
    if y == y and not (y > 0.0 and y <= DBL_MIN):
        return y
    if upper and y != y:
        return -expm1((log(q) + log(b) + betaln_(a, b)) / b)
    return exp((log(1.0 - q if upper else q) + log(a) + betaln_(a, b)) / a)

cdef inline double beta_fn(double x, const double *th, int fn) noexcept nogil:
    """cdf ... logsf (fn = 0 ... 3, as in DIST_FUNCTIONS) of beta at x."""
    cdef double y = ls_div(x, th[2], th[3])
    if y != y:
        return y
    if y > 0.0 and y < 1.0:
        if fn == 0:
            return betainc(th[0], th[1], y)
        if fn == 1:
            return betaincc(th[0], th[1], y)
        return log_ibeta(th[0], th[1], y, fn == 3)
    return tail_edge(fn, y >= 1.0)

cdef inline double beta_cdf(double x, const double *th) noexcept nogil:
    return beta_fn(x, th, 0)

cdef inline double beta_sf(double x, const double *th) noexcept nogil:
    return beta_fn(x, th, 1)

cdef inline double beta_logcdf(double x, const double *th) noexcept nogil:
    return beta_fn(x, th, 2)

cdef inline double beta_logsf(double x, const double *th) noexcept nogil:
    return beta_fn(x, th, 3)

cdef inline double beta_ppf(double q, const double *th) noexcept nogil:
    return th[2] + th[3] * beta_ppf_y(th[0], th[1], q, 0)

cdef inline double beta_isf(double q, const double *th) noexcept nogil:
    return th[2] + th[3] * beta_ppf_y(th[0], th[1], q, 1)

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


# ---------------------------------------------------------------- dweibull
# th = [c, loc, scale]; with y = (x - loc)/scale, |y| is weibull_min(c):
#   logpdf = log(c/2) + (c - 1) log|y| - |y|^c - log(scale)
# c = [c, loc, 1/scale, log(c) - log(2) - log(scale), c - 1, 1/c, -log(scale)] (weibull_min's
# layout: its kernels serve)
cdef inline void dweibull_prep(const double *th, double *c) noexcept nogil:
    c[0] = th[0]
    c[1] = th[1]
    c[2] = 1.0 / th[2]
    c[3] = log(th[0]) - M_LN2 - log(th[2])
    c[4] = th[0] - 1.0
    c[5] = 1.0 / th[0]
    c[6] = -log(th[2])

cdef inline double dweibull_pre(double x, const double *c) noexcept nogil:
    cdef double y = fabs(ls_z(x, c[1], c[2]))
    return y if ((y >= DBL_MIN) & (y < INFINITY)) else 1.0

cdef inline double dweibull_post(double x, double t, const double *c) noexcept nogil:
    return weib_post(x, fabs(ls_z(x, c[1], c[2])), t, c, 1)

cdef inline double dweibull_logpdf(double x, const double *c) noexcept nogil:
    return dweibull_post(x, log(dweibull_pre(x, c)), c)

# distribution functions, of th = [c, loc, scale]: laplace's at w = sign(y) |y|^c
# (dweibull is laplace in w), quantiles laplace's mapped back
cdef inline double dweibull_w(double x, const double *th) noexcept nogil:
    cdef double y = ls_div(x, th[1], th[2])
    return copysign(pow(fabs(y), th[0]), y)

cdef inline double dweibull_ppf_q(double q, double k) noexcept nogil:
    cdef double v = laplace_ppf_q(q)
    return copysign(pow(fabs(v), 1.0 / k), v)

cdef inline double dweibull_cdf(double x, const double *th) noexcept nogil:
    return laplace_cdf_z(dweibull_w(x, th))

cdef inline double dweibull_sf(double x, const double *th) noexcept nogil:
    return laplace_cdf_z(-dweibull_w(x, th))

cdef inline double dweibull_logcdf(double x, const double *th) noexcept nogil:
    return laplace_logcdf_z(dweibull_w(x, th))

cdef inline double dweibull_logsf(double x, const double *th) noexcept nogil:
    return laplace_logcdf_z(-dweibull_w(x, th))

cdef inline double dweibull_ppf(double q, const double *th) noexcept nogil:
    return th[1] + th[2] * dweibull_ppf_q(q, th[0]) if is_prob(q) else NAN

cdef inline double dweibull_isf(double q, const double *th) noexcept nogil:
    return th[1] - th[2] * dweibull_ppf_q(q, th[0]) if is_prob(q) else NAN

cdef inline void dweibull_derivs(double x, const double *c, double *o) noexcept nogil:
    # weibull_min's in c and scale (of |y|); in loc through e = 1/(x - loc) = r/y
    cdef double y = fabs(ls_z(x, c[1], c[2])), r = c[2], k = c[0], L, P, e
    if y >= DBL_MIN and y < INFINITY:
        L = log(y)
    elif x != c[1] and fabs(x) < INFINITY:
        L = log_abs_z(x, c[1], c[6])
    else:
        nan_derivs(power_edge(y, c[4], c[3]), o, 10)
        return
    P = exp(k * L)
    e = 1.0 / (x - c[1])
    o[0] = c[3] + c[4] * L - P
    o[1] = c[5] + L - P * L
    o[2] = (k * P - k + 1.0) * e
    o[3] = k * (P - 1.0) * r
    o[4] = -c[5] * c[5] - P * L * L
    o[5] = (P + k * P * L - 1.0) * e
    o[6] = (P - 1.0 + k * P * L) * r
    o[7] = (1.0 - k) * (1.0 + k * P) * e * e
    o[8] = -k * k * P * r * e
    o[9] = -k * (k * P + P - 1.0) * r * r


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


# ---------------------------------------------------------------- gumbel_l
# th = [loc, scale]; logpdf = z - exp(z) - log(scale): gumbel_r mirrored (X = -Y with
# Y ~ gumbel_r(-loc, scale)), so every kernel is gumbel_r's at -x about -loc (the z of
# -x about -loc is exactly -z).  c = gumbel_r's constants of [-loc, scale]
ctypedef double (*dist_fn)(double, const double *) noexcept nogil

cdef inline double mirrored(dist_fn f, double v, const double *th) noexcept nogil:
    """f(v, th') for th' = [-loc, scale] (th = [loc, scale])."""
    cdef double m[2]
    m[0] = -th[0]
    m[1] = th[1]
    return f(v, m)

cdef inline void gumbel_l_prep(const double *th, double *c) noexcept nogil:
    cdef double m[2]
    m[0] = -th[0]
    m[1] = th[1]
    gumbel_r_prep(m, c)

cdef inline double gumbel_l_pre(double x, const double *c) noexcept nogil:
    return gumbel_r_pre(-x, c)

cdef inline double gumbel_l_post(double x, double t, const double *c) noexcept nogil:
    return gumbel_r_post(-x, t, c)

cdef inline double gumbel_l_logpdf(double x, const double *c) noexcept nogil:
    return gumbel_r_logpdf(-x, c)

# distribution functions, of th = [loc, scale]: cdf(x) is gumbel_r's sf(-x) about -loc,
# logcdf its logsf, ppf(q) = -(gumbel_r's isf(q) about -loc), and so on
cdef inline double gumbel_l_cdf(double x, const double *th) noexcept nogil:
    return mirrored(gumbel_r_sf, -x, th)

cdef inline double gumbel_l_sf(double x, const double *th) noexcept nogil:
    return mirrored(gumbel_r_cdf, -x, th)

cdef inline double gumbel_l_logcdf(double x, const double *th) noexcept nogil:
    return mirrored(gumbel_r_logsf, -x, th)

cdef inline double gumbel_l_logsf(double x, const double *th) noexcept nogil:
    return mirrored(gumbel_r_logcdf, -x, th)

cdef inline double gumbel_l_ppf(double q, const double *th) noexcept nogil:
    return -mirrored(gumbel_r_isf, q, th)

cdef inline double gumbel_l_isf(double q, const double *th) noexcept nogil:
    return -mirrored(gumbel_r_ppf, q, th)

cdef inline void gumbel_l_derivs(double x, const double *c, double *o) noexcept nogil:
    # the derivatives w.r.t. -loc, turned into those w.r.t. loc
    gumbel_r_derivs(-x, c, o)
    o[1] = -o[1]
    o[4] = -o[4]


# ---------------------------------------------------------------- loggamma
# th = [c, loc, scale]; y = (x - loc)/scale, u = exp(y) (block-vectorised),
#   logpdf = c y - u - lgamma(c) - log(scale)
# (scipy's form); for c > 101 as gamma's log-density at u plus y, log_dpois_big(c - 1, u)
# + y - log(scale): the plain form cancels terms of size c log(c) near the mode.
# c = [c, loc, 1/scale, -lgamma(c) - log(scale), psi(c), psi'(c), -log(scale), c - 1]
cdef inline void loggamma_prep(const double *th, double *c) noexcept nogil:
    c[0] = th[0]
    c[1] = th[1]
    c[2] = 1.0 / th[2]
    c[3] = -gammaln(th[0]) - log(th[2])
    c[4] = psi(th[0])
    c[5] = trigamma(th[0])
    c[6] = -log(th[2])
    c[7] = th[0] - 1.0

cdef inline double loggamma_pre(double x, const double *c) noexcept nogil:
    # exp(y) is left to the scalar code where it may overflow (y >= 709)
    cdef double y = ls_z(x, c[1], c[2])
    return y if (y < 709.0 and y > -INFINITY) else 0.0

cdef inline double loggamma_post(double x, double t, const double *c) noexcept nogil:
    cdef double y = ls_z(x, c[1], c[2])
    if y < 709.0 and y > -INFINITY:
        if c[0] <= 101.0 or not t >= DBL_MIN:      # (u underflows: no cancellation)
            return c[0] * y - t + c[3]
        return log_dpois_big(c[7], t) + y + c[6]
    if isfinite(y):
        return c[0] * y - exp(y) + c[3]
    return y if y != y else -INFINITY

cdef inline double loggamma_logpdf(double x, const double *c) noexcept nogil:
    return loggamma_post(x, exp(loggamma_pre(x, c)), c)

# distribution functions, of th = [c, loc, scale]: P(c, u) and Q(c, u) of gamma, and
# where u underflows (y < log(DBL_MIN), as scipy) P's first term u^c / Gamma(c + 1),
# whose log c y - lgamma(c + 1) = L < 0 is exact there
cdef inline double loggamma_low(double c, double y) noexcept nogil:
    return c * y - gammaln(c + 1.0)

cdef inline double loggamma_cdf(double x, const double *th) noexcept nogil:
    cdef double y = ls_div(x, th[1], th[2])
    return exp(loggamma_low(th[0], y)) if y < LOG_DBL_MIN else gammainc(th[0], exp(y))

cdef inline double loggamma_sf(double x, const double *th) noexcept nogil:
    cdef double y = ls_div(x, th[1], th[2])
    return -expm1(loggamma_low(th[0], y)) if y < LOG_DBL_MIN else gammaincc(th[0], exp(y))

cdef inline double loggamma_logcdf(double x, const double *th) noexcept nogil:
    cdef double y = ls_div(x, th[1], th[2])
    return loggamma_low(th[0], y) if y < LOG_DBL_MIN else log_gamma_p(th[0], exp(y))

cdef inline double loggamma_logsf(double x, const double *th) noexcept nogil:
    cdef double y = ls_div(x, th[1], th[2])
    return log1mexp(-loggamma_low(th[0], y)) if y < LOG_DBL_MIN else log_gamma_q(th[0], exp(y))

# quantiles: log of gamma's, and where that underflows (g < DBL_MIN) the inverse of
# the first term above, as scipy
cdef inline double loggamma_ppf(double q, const double *th) noexcept nogil:
    cdef double g
    if not is_prob(q):
        return NAN
    g = gammaincinv(th[0], q)
    return th[1] + th[2] * ((log(q) + gammaln(th[0] + 1.0)) / th[0] if g < DBL_MIN else log(g))

cdef inline double loggamma_isf(double q, const double *th) noexcept nogil:
    cdef double g
    if not is_prob(q):
        return NAN
    g = gammainccinv(th[0], q)
    return th[1] + th[2] * ((log1p(-q) + gammaln(th[0] + 1.0)) / th[0] if g < DBL_MIN
                            else log(g))

cdef inline void loggamma_derivs(double x, const double *c, double *o) noexcept nogil:
    # the (loc, scale) block as every location-scale family's, f(y) = c y - exp(y)
    cdef double y = ls_z(x, c[1], c[2]), r = c[2], u
    cdef double t[6]
    if not isfinite(y):
        nan_derivs(loggamma_logpdf(x, c), o, 10)
        return
    u = exp(y)
    ls_derivs(loggamma_post(x, u, c), y, r, c[0] - u, -u, t)
    o[0] = t[0]
    o[1] = y - c[4]
    o[2] = t[1]
    o[3] = t[2]
    o[4] = -c[5]
    o[5] = -r
    o[6] = -y * r
    o[7] = t[3]
    o[8] = t[4]
    o[9] = t[5]


# ---------------------------------------------------------------- uniform
# th = [loc, scale]; logpdf = -log(scale) on loc <= x <= loc + scale, i.e. 0 <= y <= 1 for
# y = (x - loc)/scale divided as scipy (the support ends match exactly)
# c = [loc, scale, -log(scale), 1/scale]
cdef inline void uniform_prep(const double *th, double *c) noexcept nogil:
    c[0] = th[0]
    c[1] = th[1]
    c[2] = -log(th[1])
    c[3] = 1.0 / th[1]

cdef inline double uniform_logpdf(double x, const double *c) noexcept nogil:
    cdef double y = (x - c[0]) / c[1]
    if y >= 0.0 and y <= 1.0:
        return c[2]
    return y if y != y else -INFINITY

cdef inline void uniform_derivs(double x, const double *c, double *o) noexcept nogil:
    cdef double y = (x - c[0]) / c[1]
    if not (y >= 0.0 and y <= 1.0):
        nan_derivs(uniform_logpdf(x, c), o, 6)
        return
    o[0] = c[2]
    o[1] = 0.0
    o[2] = -c[3]
    o[3] = 0.0
    o[4] = 0.0
    o[5] = c[3] * c[3]

# distribution functions, of th = [loc, scale]: cdf = y (exact where it is small: x - loc
# is exact near loc), sf = (loc + scale - x)/scale with loc + scale - x to rounding
# (its TwoSum error added: exact near the top, where 1 - y cancels), both clipped to
# [0, 1]; the logs of the smaller of the two, log1p of the other
cdef inline double clip01(double v) noexcept nogil:
    return v if v != v else (0.0 if v < 0.0 else (1.0 if v > 1.0 else v))

cdef inline double uniform_upper(double x, const double *th) noexcept nogil:
    # (loc + scale - x) / scale, halved first where a sum could overflow
    cdef double h = 0.5 if (fabs(th[0]) > 0.25 * DBL_MAX or th[1] > 0.25 * DBL_MAX
                            or fabs(x) > 0.25 * DBL_MAX) else 1.0
    cdef double l = h * th[0], sc = h * th[1], s = l + sc, bb = s - l
    return ((s - h * x) + ((l - (s - bb)) + (sc - bb))) / sc

cdef inline double uniform_cdf(double x, const double *th) noexcept nogil:
    return clip01(ls_div(x, th[0], th[1]))

cdef inline double uniform_sf(double x, const double *th) noexcept nogil:
    return clip01(uniform_upper(x, th))

cdef inline double uniform_logcdf(double x, const double *th) noexcept nogil:
    cdef double p = uniform_cdf(x, th)
    return log(p) if not p > 0.5 else log1p(-uniform_sf(x, th))

cdef inline double uniform_logsf(double x, const double *th) noexcept nogil:
    cdef double p = uniform_sf(x, th)
    return log(p) if not p > 0.5 else log1p(-uniform_cdf(x, th))

cdef inline double uniform_ppf(double q, const double *th) noexcept nogil:
    return th[0] + th[1] * q if is_prob(q) else NAN

cdef inline double uniform_isf(double q, const double *th) noexcept nogil:
    return th[0] + th[1] * (1.0 - q) if is_prob(q) else NAN


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


# ---------------------------------------------------------------- rayleigh
# th = [scale, loc]; y = (x - loc)/scale, logpdf = log(y) - y^2/2 - log(scale) for y > 0
# (log y from x directly where y underflows; y^2/2 as (y/2) y, finite up to its own limit)
# c = [loc, 1/scale, -log(scale)]
cdef inline void rayleigh_prep(const double *th, double *c) noexcept nogil:
    c[0] = th[1]
    c[1] = 1.0 / th[0]
    c[2] = -log(th[0])

cdef inline double rayleigh_pre(double x, const double *c) noexcept nogil:
    return positive_arg(x, c[0], c[1])

cdef inline double rayleigh_post(double x, double t, const double *c) noexcept nogil:
    cdef double y = ls_z(x, c[0], c[1])
    if y >= DBL_MIN and y < INFINITY:
        return t - (0.5 * y) * y + c[2]
    if y < DBL_MIN and x > c[0]:           # y underflows, its log does not
        return log_abs_z(x, c[0], c[2]) + c[2]
    return y if y != y else -INFINITY

cdef inline double rayleigh_logpdf(double x, const double *c) noexcept nogil:
    return rayleigh_post(x, log(rayleigh_pre(x, c)), c)

# distribution functions, of th = [scale, loc]: p = y^2/2, sf = exp(-p), cdf = -expm1(-p),
# logcdf = log(p) - p/2 where p < 1e-10 (log1mexp(p) there would lose p or all of it)
cdef inline double rayleigh_cdf(double x, const double *th) noexcept nogil:
    cdef double y = ls_div(x, th[1], th[0])
    return -expm1(-(0.5 * y) * y) if y > 0.0 else (y if y != y else 0.0)

cdef inline double rayleigh_sf(double x, const double *th) noexcept nogil:
    cdef double y = ls_div(x, th[1], th[0])
    return exp(-(0.5 * y) * y) if y > 0.0 else (y if y != y else 1.0)

cdef inline double rayleigh_logcdf(double x, const double *th) noexcept nogil:
    cdef double y = ls_div(x, th[1], th[0]), p
    if not y > 0.0:
        return y if y != y else -INFINITY
    p = (0.5 * y) * y
    return log1mexp(p) if p > 1e-10 else 2.0 * log(y) - M_LN2 - 0.5 * p

cdef inline double rayleigh_logsf(double x, const double *th) noexcept nogil:
    cdef double y = ls_div(x, th[1], th[0])
    return -(0.5 * y) * y if y > 0.0 else (y if y != y else 0.0)

cdef inline double rayleigh_ppf(double q, const double *th) noexcept nogil:
    return th[1] + th[0] * sqrt(-2.0 * log1p(-q)) if is_prob(q) else NAN

cdef inline double rayleigh_isf(double q, const double *th) noexcept nogil:
    return th[1] + th[0] * sqrt(-2.0 * log(q)) if is_prob(q) else NAN

cdef inline void rayleigh_derivs(double x, const double *c, double *o) noexcept nogil:
    # d/dscale = (y^2 - 2)/scale, d2/dscale2 = (2 - 3 y^2)/scale^2
    cdef double y = ls_z(x, c[0], c[1]), r = c[1], L = log_pos_z(x, y, c[0], c[2])
    if L != L or y == INFINITY:
        nan_derivs(rayleigh_logpdf(x, c), o, 3)
        return
    o[0] = L - (0.5 * y) * y + c[2]
    o[1] = (y * y - 2.0) * r
    o[2] = (2.0 - 3.0 * y * y) * r * r


# ---------------------------------------------------------------- lomax
# th = [c, scale, loc]; y = (x - loc)/scale, logpdf = log(c) - (c + 1) log1p(y) - log(scale)
# for y >= 0 (log1p block-vectorised; where y overflows log1p(y) = log(y) from x directly)
# c = [c, loc, 1/scale, log(c) - log(scale), c + 1, 1/c, -log(scale)]
cdef inline void lomax_prep(const double *th, double *c) noexcept nogil:
    c[0] = th[0]
    c[1] = th[2]
    c[2] = 1.0 / th[1]
    c[3] = log(th[0]) - log(th[1])
    c[4] = th[0] + 1.0
    c[5] = 1.0 / th[0]
    c[6] = -log(th[1])

cdef inline double lomax_pre(double x, const double *c) noexcept nogil:
    cdef double y = ls_z(x, c[1], c[2])
    return y if (y >= 0.0 and y < INFINITY) else 0.0

cdef inline double lomax_l1p(double x, double y, double t, const double *c) noexcept nogil:
    """log1p(y) given t = log1p(y) of a y in [0, inf): log(y) from x where y overflows and
    x is finite; NaN at NaN, y < 0 and x = inf."""
    if y >= 0.0 and y < INFINITY:
        return t
    if y == INFINITY and x < INFINITY:
        return log_abs_z(x, c[1], c[6])
    return NAN

cdef inline double lomax_post(double x, double t, const double *c) noexcept nogil:
    cdef double y = ls_z(x, c[1], c[2]), L = lomax_l1p(x, y, t, c)
    if L == L:
        return c[3] - c[4] * L
    return y if y != y else -INFINITY

cdef inline double lomax_logpdf(double x, const double *c) noexcept nogil:
    return lomax_post(x, log1p(lomax_pre(x, c)), c)

cdef inline void lomax_derivs(double x, const double *c, double *o) noexcept nogil:
    # with v = y/(1 + y): d/dc = 1/c - log1p(y), d/dscale = ((c + 1) v - 1)/scale,
    # H = [-1/c^2, v/scale, (1 - (c + 1) v (2 - v))/scale^2]
    cdef double y = ls_z(x, c[1], c[2]), L = lomax_l1p(x, y, log1p(lomax_pre(x, c)), c)
    cdef double R = c[2], v
    if L != L:
        nan_derivs(lomax_logpdf(x, c), o, 6)
        return
    v = y / (1.0 + y) if y < INFINITY else 1.0
    o[0] = c[3] - c[4] * L
    o[1] = c[5] - L
    o[2] = (c[4] * v - 1.0) * R
    o[3] = -c[5] * c[5]
    o[4] = v * R
    o[5] = (1.0 - c[4] * v * (2.0 - v)) * R * R

# distribution functions, of th = [c, scale, loc]: p = c log1p(y), sf = exp(-p),
# cdf = -expm1(-p), logcdf = log1mexp(p) (scipy's isf q^(-1/c) - 1 cancels near q = 1:
# expm1(-log(q)/c) here)
cdef inline double lomax_p(double x, const double *th) noexcept nogil:
    """c log1p(y) of y = (x - loc) / scale (log(y) where y overflows): -1 below loc,
    NaN at NaN."""
    cdef double y = ls_div(x, th[2], th[1])
    if not y >= 0.0:
        return y if y != y else -1.0
    if y < INFINITY or x == INFINITY:
        return th[0] * log1p(y)
    return th[0] * log_abs_z(x, th[2], -log(th[1]))

cdef inline double lomax_cdf(double x, const double *th) noexcept nogil:
    cdef double p = lomax_p(x, th)
    return -expm1(-p) if p >= 0.0 else (p if p != p else 0.0)

cdef inline double lomax_sf(double x, const double *th) noexcept nogil:
    cdef double p = lomax_p(x, th)
    return exp(-p) if p >= 0.0 else (p if p != p else 1.0)

cdef inline double lomax_logcdf(double x, const double *th) noexcept nogil:
    cdef double p = lomax_p(x, th)
    return log1mexp(p) if p > 0.0 else (p if p != p else -INFINITY)

cdef inline double lomax_logsf(double x, const double *th) noexcept nogil:
    cdef double p = lomax_p(x, th)
    return -p if p >= 0.0 else (p if p != p else 0.0)

cdef inline double lomax_ppf(double q, const double *th) noexcept nogil:
    return th[2] + th[1] * expm1(-log1p(-q) / th[0]) if is_prob(q) else NAN

cdef inline double lomax_isf(double q, const double *th) noexcept nogil:
    return th[2] + th[1] * expm1(-log(q) / th[0]) if is_prob(q) else NAN
# ---------------------------------------------------------------- burr family
# (fisk, burr12): densities c d y^(c-1) / (1 + y^c)^(d+1), y = (x - loc)/scale, in
# t = c log(y), where log1p(y^c) = softplus(t) (no overflow of y^c)
cdef inline double softplus_parts(double t, double *s) noexcept nogil:
    """log1p(exp(t)) for any t (NaN at NaN); s = [sigmoid(t), 1 - sigmoid(t)], each
    without cancellation."""
    cdef double e = exp(-fabs(t)), q = 1.0 / (1.0 + e)
    s[0] = q if t >= 0.0 else e * q
    s[1] = e * q if t >= 0.0 else q
    return (t if t > 0.0 else 0.0) + log1p(e)

cdef inline double burr_at(double L, double k, double d1, double c0) noexcept nogil:
    """c0 + (k - 1) L - d1 log1p(y^k) at L = log(y)."""
    cdef double t = k * L
    return c0 + (k - 1.0) * L - d1 * ((t if t > 0.0 else 0.0) + log1p(exp(-fabs(t))))

cdef inline double pos_log(double x, double loc, double scale) noexcept nogil:
    """log((x - loc) / scale) as scipy divides: -inf at and below loc, NaN at NaN."""
    cdef double y = ls_div(x, loc, scale)
    return log(y) if y > 0.0 else (y if y != y else -INFINITY)


# ---------------------------------------------------------------- fisk
# th = [c, scale, loc]; log(y) is logistic with loc log(scale) and scale 1/c:
#   logpdf = log(c) - log(scale) + (c - 1) L - 2 log1p(exp(c L)), L = log(y)
# c = [c, loc, 1/scale, log(c) - log(scale), c - 1, 1/c, -log(scale)] (shape_scale_prep)
cdef inline void fisk_prep(const double *th, double *c) noexcept nogil:
    shape_scale_prep(th, c)

cdef inline double fisk_pre(double x, const double *c) noexcept nogil:
    return positive_arg(x, c[1], c[2])

cdef inline double fisk_post(double x, double t, const double *c) noexcept nogil:
    cdef double y = ls_z(x, c[1], c[2]), L = pos_log_t(x, y, t, c[1], c[6])
    return burr_at(L, c[0], 2.0, c[3]) if L == L else power_edge(y, c[4], c[3])

cdef inline double fisk_logpdf(double x, const double *c) noexcept nogil:
    return fisk_post(x, log(fisk_pre(x, c)), c)

# distribution functions, of th = [c, scale, loc]: the logistic's of t = c log(y)
cdef inline double fisk_cdf(double x, const double *th) noexcept nogil:
    return logistic_cdf_z(th[0] * pos_log(x, th[2], th[1]))

cdef inline double fisk_sf(double x, const double *th) noexcept nogil:
    return logistic_cdf_z(-th[0] * pos_log(x, th[2], th[1]))

cdef inline double fisk_logcdf(double x, const double *th) noexcept nogil:
    return logistic_logcdf_z(th[0] * pos_log(x, th[2], th[1]))

cdef inline double fisk_logsf(double x, const double *th) noexcept nogil:
    return logistic_logcdf_z(-th[0] * pos_log(x, th[2], th[1]))

cdef inline double fisk_ppf(double q, const double *th) noexcept nogil:
    return th[2] + th[1] * exp(logistic_ppf_q(q) / th[0]) if is_prob(q) else NAN

cdef inline double fisk_isf(double q, const double *th) noexcept nogil:
    return th[2] + th[1] * exp(-logistic_ppf_q(q) / th[0]) if is_prob(q) else NAN

cdef inline void fisk_derivs(double x, const double *c, double *o) noexcept nogil:
    # with t = c L, s = sigmoid(t), s1 = 1 - s, f1 = 2 s - 1 = s - s1, f2 = 2 s s1
    cdef double k = c[0], r = c[2], f1, f2, L = shape_scale_log(x, c, o)
    cdef double s[2]
    if L != L:
        return
    softplus_parts(k * L, s)
    f1 = s[0] - s[1]
    f2 = 2.0 * s[0] * s[1]
    o[0] = burr_at(L, k, 2.0, c[3])
    o[1] = c[5] - f1 * L
    o[2] = k * f1 * r
    o[3] = -c[5] * c[5] - f2 * L * L
    o[4] = (k * L * f2 + f1) * r
    o[5] = -k * (f1 + k * f2) * r * r


# ---------------------------------------------------------------- burr12
# th = [c, d, scale, loc]; with L = log(y), t = c L:
#   logpdf = log(c) + log(d) - log(scale) + (c - 1) L - (d + 1) log1p(exp(t))
# c = [c, d, loc, 1/scale, log(c) + log(d) - log(scale), c - 1, d + 1, 1/c, 1/d, -log(scale)]
cdef inline void burr12_prep(const double *th, double *c) noexcept nogil:
    c[0] = th[0]
    c[1] = th[1]
    c[2] = th[3]
    c[3] = 1.0 / th[2]
    c[4] = log(th[0]) + log(th[1]) - log(th[2])
    c[5] = th[0] - 1.0
    c[6] = th[1] + 1.0
    c[7] = 1.0 / th[0]
    c[8] = 1.0 / th[1]
    c[9] = -log(th[2])

cdef inline double burr12_pre(double x, const double *c) noexcept nogil:
    return positive_arg(x, c[2], c[3])

cdef inline double burr12_post(double x, double t, const double *c) noexcept nogil:
    cdef double y = ls_z(x, c[2], c[3]), L = pos_log_t(x, y, t, c[2], c[9])
    return burr_at(L, c[0], c[6], c[4]) if L == L else power_edge(y, c[5], c[4])

cdef inline double burr12_logpdf(double x, const double *c) noexcept nogil:
    return burr12_post(x, log(burr12_pre(x, c)), c)

# distribution functions, of th = [c, d, scale, loc]: logsf = -d log1p(y^c) =
# -d softplus(t); logcdf = log(1 - exp(logsf)), from its series where that is tiny
cdef inline double burr12_logsf(double x, const double *th) noexcept nogil:
    cdef double s[2]
    return -th[1] * softplus_parts(th[0] * pos_log(x, th[3], th[2]), s)

cdef inline double burr12_sf(double x, const double *th) noexcept nogil:
    return exp(burr12_logsf(x, th))

cdef inline double burr12_cdf(double x, const double *th) noexcept nogil:
    return -expm1(burr12_logsf(x, th))

cdef inline double burr12_logcdf(double x, const double *th) noexcept nogil:
    # p = d log1p(v), v = y^c: log(1 - exp(-p)) = log(p) - p/2 + O(p^2), and
    # log(log1p(v)) = t - v/2 + O(v^2) where v (maybe 0 in double) is tiny
    cdef double t = th[0] * pos_log(x, th[3], th[2]), s[2], sp, p
    sp = softplus_parts(t, s)
    p = th[1] * sp
    if p > 1e-10:
        return log1mexp(p)
    return log(th[1]) + (t - 0.5 * exp(t) if t < -30.0 else log(sp)) - 0.5 * p

cdef inline double burr12_y(double w, double c) noexcept nogil:
    """(e^w - 1)^(1/c) for w >= 0, also where e^w overflows."""
    return pow(expm1(w), 1.0 / c) if w <= 700.0 else exp((w + log1p(-exp(-w))) / c)

cdef inline double burr12_ppf(double q, const double *th) noexcept nogil:
    return th[3] + th[2] * burr12_y(-1.0 / th[1] * log1p(-q), th[0]) if is_prob(q) else NAN

cdef inline double burr12_isf(double q, const double *th) noexcept nogil:
    return th[3] + th[2] * burr12_y(-1.0 / th[1] * log(q), th[0]) if is_prob(q) else NAN

cdef inline void burr12_derivs(double x, const double *c, double *o) noexcept nogil:
    # with s = sigmoid(t), s1 = 1 - s: A = 1 - (d + 1) s = s1 - d s, B = (d + 1) s s1
    cdef double y = ls_z(x, c[2], c[3]), k = c[0], d = c[1], r = c[3], L, sp, A, B
    cdef double s[2]
    L = log_pos_z(x, y, c[2], c[9])
    if L != L:
        nan_derivs(power_edge(y, c[5], c[4]), o, 10)
        return
    sp = softplus_parts(k * L, s)
    A = s[1] - d * s[0]
    B = c[6] * s[0] * s[1]
    o[0] = c[4] + c[5] * L - c[6] * sp
    o[1] = c[7] + L * A
    o[2] = c[8] - sp
    o[3] = -k * A * r
    o[4] = -c[7] * c[7] - B * L * L
    o[5] = -s[0] * L
    o[6] = (k * L * B - A) * r
    o[7] = -c[8] * c[8]
    o[8] = k * s[0] * r
    o[9] = k * (A - k * B) * r * r


# ---------------------------------------------------------------- nakagami
# th = [nu, scale, loc]; y^2 = ((x - loc)/scale)^2 is gamma(nu, scale 1/nu):
#   logpdf = log(2) + C(nu) - nu g(y) - L - log(scale),  L = log(y),
#   C(nu) = nu log(nu) - nu - lgamma(nu),  g(y) = y^2 - 1 - 2 L >= 0
# (no cancellation of the large terms nu log(nu), lgamma(nu), nu y^2 as nu grows)
# c = [nu, loc, 1/scale, log(2) + C(nu) - log(scale), -log(scale), C'(nu), C''(nu), 2 nu - 1]
cdef inline void lgamma_stirling(double x, double *d) noexcept nogil:
    """d = [C(x), C'(x), C''(x)] for C(x) = x log(x) - x - lgamma(x), x > 0: C' = log(x) -
    psi(x), C'' = 1/x - psi'(x); directly below 20, else Stirling's series (the terms
    above cancel to O(1/x); truncation below 1e-17 relative)."""
    cdef double v, v2
    if x < 20.0:
        d[0] = x * log(x) - x - gammaln(x)
        d[1] = log(x) - psi(x)
        d[2] = 1.0 / x - trigamma(x)
        return
    v = 1.0 / x
    v2 = v * v
    d[0] = 0.5 * (log(x) - LOG_2PI) - v * (1.0 / 12.0 - v2 * (1.0 / 360.0 - v2 * (
        1.0 / 1260.0 - v2 * (1.0 / 1680.0 - v2 * (1.0 / 1188.0 - v2 * (
            691.0 / 360360.0 - v2 / 156.0))))))
    d[1] = v * (0.5 + v * (1.0 / 12.0 - v2 * (1.0 / 120.0 - v2 * (1.0 / 252.0 - v2 * (
        1.0 / 240.0 - v2 * (1.0 / 132.0 - v2 * (691.0 / 32760.0 - v2 / 12.0)))))))
    d[2] = -v2 * (0.5 + v * (1.0 / 6.0 - v2 * (1.0 / 30.0 - v2 * (1.0 / 42.0 - v2 * (
        1.0 / 30.0 - v2 * (5.0 / 66.0 - v2 * (691.0 / 2730.0 - v2 * 7.0 / 6.0)))))))

cdef inline double nakagami_g(double y, double L) noexcept nogil:
    """y^2 - 1 - 2 L (L = log(y)) >= 0: Loader's bd0 near y = 1, where it cancels."""
    cdef double u = y * y
    return bd0(1.0, u) if (u >= 0.5 and u <= 2.0) else (u - 1.0) - 2.0 * L

cdef inline void nakagami_prep(const double *th, double *c) noexcept nogil:
    cdef double d[3]
    lgamma_stirling(th[0], d)
    c[0] = th[0]
    c[1] = th[2]
    c[2] = 1.0 / th[1]
    c[3] = M_LN2 + d[0] - log(th[1])
    c[4] = -log(th[1])
    c[5] = d[1]
    c[6] = d[2]
    c[7] = 2.0 * th[0] - 1.0

cdef inline double nakagami_pre(double x, const double *c) noexcept nogil:
    return positive_arg(x, c[1], c[2])

cdef inline double nakagami_post(double x, double t, const double *c) noexcept nogil:
    cdef double y = ls_z(x, c[1], c[2]), L = pos_log_t(x, y, t, c[1], c[4])
    if L != L:     # at y = 0 the density ~ y^(2 nu - 1)
        return power_edge(y, c[7], c[3] + c[0])
    return c[3] - c[0] * nakagami_g(y, L) - L

cdef inline double nakagami_logpdf(double x, const double *c) noexcept nogil:
    return nakagami_post(x, log(nakagami_pre(x, c)), c)

# distribution functions, of th = [nu, scale, loc]: gamma's of z = nu y^2, with the
# leading term of the series of log P(nu, z) where z underflows (y > 0)
cdef inline double nakagami_z(double x, const double *th, double *lp) noexcept nogil:
    """z = nu y^2 (0 at and below loc, NaN at NaN); lp = log P(nu, z) where z < DBL_MIN
    but y > 0, else NaN."""
    cdef double y = ls_div(x, th[2], th[1]), z
    if not y > 0.0:
        lp[0] = NAN
        return y if y != y else 0.0
    z = th[0] * y * y
    lp[0] = th[0] * (log(th[0]) + 2.0 * log(y)) - gammaln(th[0] + 1.0) if z < DBL_MIN else NAN
    return z

cdef inline double nakagami_cdf(double x, const double *th) noexcept nogil:
    cdef double lp, z = nakagami_z(x, th, &lp)
    return exp(lp) if lp == lp else gammainc(th[0], z)

cdef inline double nakagami_sf(double x, const double *th) noexcept nogil:
    cdef double lp, z = nakagami_z(x, th, &lp)
    return -expm1(lp) if lp == lp else gammaincc(th[0], z)

cdef inline double nakagami_logcdf(double x, const double *th) noexcept nogil:
    cdef double lp, z = nakagami_z(x, th, &lp)
    if lp == lp:
        return lp
    return log_gamma_p(th[0], z) if z > 0.0 else (z if z != z else -INFINITY)

cdef inline double nakagami_logsf(double x, const double *th) noexcept nogil:
    cdef double lp, z = nakagami_z(x, th, &lp)
    if lp == lp:
        return log1p(-exp(lp))
    return log_gamma_q(th[0], z) if z > 0.0 else (z if z != z else 0.0)

cdef inline double nakagami_ppf(double q, const double *th) noexcept nogil:
    return th[2] + th[1] * sqrt(gammaincinv(th[0], q) / th[0]) if is_prob(q) else NAN

cdef inline double nakagami_isf(double q, const double *th) noexcept nogil:
    return th[2] + th[1] * sqrt(gammainccinv(th[0], q) / th[0]) if is_prob(q) else NAN

cdef inline void nakagami_derivs(double x, const double *c, double *o) noexcept nogil:
    cdef double y = ls_z(x, c[1], c[2]), r = c[2], nu = c[0], L, e
    L = log_pos_z(x, y, c[1], c[4])
    if L != L:
        nan_derivs(power_edge(y, c[7], c[3] + nu), o, 6)
        return
    e = (y - 1.0) * (y + 1.0)
    o[0] = c[3] - nu * nakagami_g(y, L) - L
    o[1] = c[5] - nakagami_g(y, L)
    o[2] = 2.0 * nu * e * r
    o[3] = c[6]
    o[4] = 2.0 * e * r
    o[5] = 2.0 * nu * (1.0 - 3.0 * y * y) * r * r


# ---------------------------------------------------------------- exponpow
# th = [b, scale, loc]; with L = log(y), v = y^b = exp(b L) (1 + v - e^v = -(expm1(v) - v)):
#   logpdf = log(b) - log(scale) + (b - 1) L - (expm1(v) - v)
# c as shape_scale_prep: [b, loc, 1/scale, log(b) - log(scale), b - 1, 1/b, -log(scale)]
cdef inline double exponpow_v_of(double y, double L, double b) noexcept nogil:
    """v = y^b: pow (correctly rounded: e^v amplifies its error v-fold) where y is a normal
    positive double, else exp(b L)."""
    return pow(y, b) if (y >= DBL_MIN and y < INFINITY) else exp(b * L)

cdef inline double exponpow_at(double y, double L, const double *c) noexcept nogil:
    cdef double v = exponpow_v_of(y, L, c[0])
    return c[3] + c[4] * L - (expm1(v) - v) if v < INFINITY else -INFINITY

cdef inline void exponpow_prep(const double *th, double *c) noexcept nogil:
    shape_scale_prep(th, c)

cdef inline double exponpow_pre(double x, const double *c) noexcept nogil:
    return positive_arg(x, c[1], c[2])

cdef inline double exponpow_post(double x, double t, const double *c) noexcept nogil:
    cdef double y = ls_z(x, c[1], c[2]), L = pos_log_t(x, y, t, c[1], c[6])
    return exponpow_at(y, L, c) if L == L else power_edge(y, c[4], c[3])

cdef inline double exponpow_logpdf(double x, const double *c) noexcept nogil:
    return exponpow_post(x, log(exponpow_pre(x, c)), c)

# distribution functions, of th = [b, scale, loc]: sf = exp(-expm1(v)), v = y^b
cdef inline double exponpow_v(double x, const double *th) noexcept nogil:
    """y^b, y = (x - loc) / scale: 0 at and below loc, NaN at NaN."""
    cdef double y = ls_div(x, th[2], th[1])
    return pow(y, th[0]) if y > 0.0 else (y if y != y else 0.0)

cdef inline double exponpow_cdf(double x, const double *th) noexcept nogil:
    return -expm1(-expm1(exponpow_v(x, th)))

cdef inline double exponpow_sf(double x, const double *th) noexcept nogil:
    return exp(-expm1(exponpow_v(x, th)))

cdef inline double exponpow_logsf(double x, const double *th) noexcept nogil:
    return -expm1(exponpow_v(x, th))

cdef inline double exponpow_logcdf(double x, const double *th) noexcept nogil:
    # log(1 - exp(-expm1(v))) = log(v) + O(v^2) where v (maybe 0 in double) is tiny
    cdef double y = ls_div(x, th[2], th[1]), v
    if not y > 0.0:
        return y if y != y else -INFINITY
    v = pow(y, th[0])
    return log1mexp(expm1(v)) if v > 1e-10 else th[0] * log(y)

cdef inline double exponpow_ppf(double q, const double *th) noexcept nogil:
    return th[2] + th[1] * pow(log1p(-log1p(-q)), 1.0 / th[0]) if is_prob(q) else NAN

cdef inline double exponpow_isf(double q, const double *th) noexcept nogil:
    return th[2] + th[1] * pow(log1p(-log(q)), 1.0 / th[0]) if is_prob(q) else NAN

cdef inline void exponpow_derivs(double x, const double *c, double *o) noexcept nogil:
    # with P = v expm1(v), Q = v (expm1(v) + v e^v)
    cdef double b = c[0], r = c[2], v, em, P, Q, L = shape_scale_log(x, c, o)
    if L != L:
        return
    v = exponpow_v_of(ls_z(x, c[1], c[2]), L, b)
    em = expm1(v)
    P = v * em
    Q = v * (em + v * (em + 1.0))
    o[0] = c[3] + c[4] * L - (em - v) if v < INFINITY else -INFINITY
    o[1] = c[5] + L * (1.0 - P)
    o[2] = b * (P - 1.0) * r
    o[3] = -c[5] * c[5] - L * L * Q
    o[4] = (P - 1.0 + b * L * Q) * r
    o[5] = -b * (b * Q + P - 1.0) * r * r


# ---------------------------------------------------------------- powerlaw
# th = [a, loc, scale]; y = (x - loc)/scale (divided, as scipy, so that the support ends
# y = 0 and y = 1 match exactly); logpdf = log(a) - log(scale) + (a - 1) log(y) on
# 0 < y <= 1 (y = 0: scipy's support only for a >= 1).  c = [a, loc, scale,
# log(a) - log(scale), a - 1, 1/a, -log(scale)]
cdef inline void powerlaw_prep(const double *th, double *c) noexcept nogil:
    c[0] = th[0]
    c[1] = th[1]
    c[2] = th[2]
    c[3] = log(th[0]) - log(th[2])
    c[4] = th[0] - 1.0
    c[5] = 1.0 / th[0]
    c[6] = -log(th[2])

cdef inline double powerlaw_pre(double x, const double *c) noexcept nogil:
    cdef double y = (x - c[1]) / c[2]
    return y if (y >= DBL_MIN and y <= 1.0) else 1.0

cdef inline double powerlaw_log_y(double x, double y, double t, const double *c) noexcept nogil:
    """log(y) on 0 < y <= 1 given t = log(y) for a normal y, also where y underflows;
    NaN elsewhere."""
    if y >= DBL_MIN and y <= 1.0:
        return t
    return log_abs_z(x, c[1], c[6]) if (y < DBL_MIN and x > c[1]) else NAN

cdef inline double powerlaw_edge(double y, const double *c) noexcept nogil:
    if y != y:
        return y
    return c[3] if (y == 0.0 and c[0] == 1.0) else -INFINITY

cdef inline double powerlaw_post(double x, double t, const double *c) noexcept nogil:
    cdef double y = (x - c[1]) / c[2], L = powerlaw_log_y(x, y, t, c)
    return xlogy_l(c[4], L) + c[3] if L == L else powerlaw_edge(y, c)

cdef inline double powerlaw_logpdf(double x, const double *c) noexcept nogil:
    return powerlaw_post(x, log(powerlaw_pre(x, c)), c)

# distribution functions, of th = [a, loc, scale]: cdf = y^a, sf = -expm1(a log y)
cdef inline double powerlaw_cdf(double x, const double *th) noexcept nogil:
    cdef double y = ls_div(x, th[1], th[2])
    if y > 0.0 and y < 1.0:
        return pow(y, th[0])
    return y if y != y else (1.0 if y >= 1.0 else 0.0)

cdef inline double powerlaw_sf(double x, const double *th) noexcept nogil:
    cdef double y = ls_div(x, th[1], th[2])
    if y > 0.0 and y < 1.0:
        return -expm1(th[0] * log(y))
    return y if y != y else (0.0 if y >= 1.0 else 1.0)

cdef inline double powerlaw_logcdf(double x, const double *th) noexcept nogil:
    cdef double y = ls_div(x, th[1], th[2])
    if y > 0.0 and y < 1.0:
        return th[0] * log(y)
    return y if y != y else (0.0 if y >= 1.0 else -INFINITY)

cdef inline double powerlaw_logsf(double x, const double *th) noexcept nogil:
    cdef double y = ls_div(x, th[1], th[2])
    if y > 0.0 and y < 1.0:
        return log1mexp(-th[0] * log(y))
    return y if y != y else (-INFINITY if y >= 1.0 else 0.0)

cdef inline double powerlaw_ppf(double q, const double *th) noexcept nogil:
    return th[1] + th[2] * pow(q, 1.0 / th[0]) if is_prob(q) else NAN

cdef inline double powerlaw_isf(double q, const double *th) noexcept nogil:
    return th[1] + th[2] * exp(log1p(-q) / th[0]) if is_prob(q) else NAN

cdef inline void powerlaw_derivs(double x, const double *c, double *o) noexcept nogil:
    cdef double y = (x - c[1]) / c[2], L = powerlaw_log_y(x, y, log(powerlaw_pre(x, c)), c)
    if L != L:
        nan_derivs(powerlaw_edge(y, c), o, 3)
        return
    o[0] = xlogy_l(c[4], L) + c[3]
    o[1] = c[5] + L
    o[2] = -c[5] * c[5]
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


# ---------------------------------------------------------------- discrete distribution functions
# scipy's rv_discrete semantics: a function of x is that of the count k = floor(x), and
# outside the support [lo, hi] (hi = inf or binom's n) cdf = 0, sf = 1 below lo and
# cdf = 1, sf = 0 from hi on.  ppf(q) is the smallest count with cdf >= q and isf(q) the
# smallest with sf <= q; ppf(0) = isf(1) = lo - 1 and ppf(1) = isf(0) = hi.  The families'
# F_tail(k, th, fn) (fn = 0 ... 3: cdf ... logsf at a count lo <= k < hi) and
# F_guess(q, th, upper) (a first count for count_quantile); count_tail reaches the former
# through the codes below.
cdef enum:
    POISSON = 0
    BINOM = 1
    GEOM = 2
    NBINOM = 3

cdef inline double tail_edge(int fn, bint above) noexcept nogil:
    """cdf ... logsf (fn = 0 ... 3) below the support (above false) or at or above its
    upper end."""
    cdef bint one = (fn == 0 or fn == 2) == above     # the probability is 1 (else 0)
    if fn <= 1:
        return 1.0 if one else 0.0
    return 0.0 if one else -INFINITY

cdef inline double count_tail(int fam, double k, const double *th, int fn) noexcept nogil:
    if fam == POISSON:
        return poisson_tail(k, th, fn)
    if fam == BINOM:
        return binom_tail(k, th, fn)
    if fam == GEOM:
        return geom_tail(k, th, fn)
    return nbinom_tail(k, th, fn)

cdef inline double count_fn(int fam, double x, const double *th, int fn, double lo,
                            double hi) noexcept nogil:
    """cdf ... logsf (fn = 0 ... 3) at x of a discrete family with support [lo, hi]."""
    cdef double k
    if x != x:
        return x
    k = floor(x)
    if k < lo or k >= hi:
        return tail_edge(fn, k >= hi)
    return count_tail(fam, k, th, fn)

cdef inline bint count_hit(int fam, double k, const double *th, double q, bint upper,
                           double lo, double hi) noexcept nogil:
    """cdf(k) >= q (upper: sf(k) <= q) at a count k, at least lo - 1."""
    if k < lo or k >= hi:
        return k >= hi
    if upper:
        return count_tail(fam, k, th, 1) <= q
    return count_tail(fam, k, th, 0) >= q

cdef inline double count_start(double g, double q, bint upper, double mean, double sd,
                               double lo, double hi) noexcept nogil:
    """The first count of the quantile search: g (scipy's inverse, rounded up) when it is
    plausible (the dtrik functions give NaN at edge parameters and garbage beyond their
    range, e.g. pdtrik(0.5, 1e15) = 1e100), else the normal approximation; in [lo, hi]."""
    cdef double top = mean + 1e3 * (sd + 1.0), z
    if not (g >= lo and g <= top):
        z = ndtri(q)
        g = mean + sd * (-z if upper else z)
    g = -floor(-(g if g < top else top))
    return (g if g < hi else hi) if g > lo else lo

cdef inline double count_quantile(int fam, double q, const double *th, bint upper, double lo,
                                  double hi, double k) noexcept nogil:
    """ppf(q) (upper: isf(q)) of a discrete family with support [lo, hi]: from the first
    count k (F_guess), steps doubling away from it until the answer is bracketed (the
    guess is checked in both directions), then bisection."""
    cdef double a, b, m, step = 1.0
    if not is_prob(q):
        return NAN
    if q == 0.0 or q == 1.0:
        return hi if (q == 1.0) != upper else lo - 1.0
    if count_hit(fam, k, th, q, upper, lo, hi):
        b = k
        a = k - step
        while a >= lo and count_hit(fam, a, th, q, upper, lo, hi):
            b = a
            step *= 2.0
            a = b - step
        a = a if a > lo - 1.0 else lo - 1.0
    else:
        a = k
        b = k + step
        while b < hi and not count_hit(fam, b, th, q, upper, lo, hi):
            a = b
            step *= 2.0
            b = a + step
        if not b < INFINITY:
            return NAN
        b = b if b < hi else hi
    while b - a > 1.0:
        m = floor(0.5 * (a + b))
        if not (m > a and m < b):
            break
        if count_hit(fam, m, th, q, upper, lo, hi):
            b = m
        else:
            a = m
    return b


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

# distribution functions, of th = [mu]: cdf(k) = pdtr(k, mu) = Q(k + 1, mu) and sf(k) =
# pdtrc(k, mu) = P(k + 1, mu) (scipy's), their logs by log_gamma_q / log_gamma_p
cdef inline double poisson_tail(double k, const double *th, int fn) noexcept nogil:
    if fn == 0:
        return pdtr(k, th[0])
    if fn == 1:
        return pdtrc(k, th[0])
    return log_gamma_q(k + 1.0, th[0]) if fn == 2 else log_gamma_p(k + 1.0, th[0])

cdef inline double poisson_guess(double q, const double *th, bint upper) noexcept nogil:
    cdef double mu = th[0]
    return count_start(-floor(-pdtrik(1.0 - q if upper else q, mu)), q, upper, mu, sqrt(mu),
                       0.0, INFINITY)

cdef inline double poisson_cdf(double x, const double *th) noexcept nogil:
    return count_fn(POISSON, x, th, 0, 0.0, INFINITY)

cdef inline double poisson_sf(double x, const double *th) noexcept nogil:
    return count_fn(POISSON, x, th, 1, 0.0, INFINITY)

cdef inline double poisson_logcdf(double x, const double *th) noexcept nogil:
    return count_fn(POISSON, x, th, 2, 0.0, INFINITY)

cdef inline double poisson_logsf(double x, const double *th) noexcept nogil:
    return count_fn(POISSON, x, th, 3, 0.0, INFINITY)

cdef inline double poisson_ppf(double q, const double *th) noexcept nogil:
    return count_quantile(POISSON, q, th, 0, 0.0, INFINITY,
                          poisson_guess(q, th, 0))

cdef inline double poisson_isf(double q, const double *th) noexcept nogil:
    return count_quantile(POISSON, q, th, 1, 0.0, INFINITY,
                          poisson_guess(q, th, 1))

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

# distribution functions, of th = [p, n]: cdf(k) = I_{1-p}(n - k, k + 1) =
# betaincc(k + 1, n - k, p) and sf(k) = I_p(k + 1, n - k) (scipy's, no 1 - p formed)
cdef inline double binom_tail(double k, const double *th, int fn) noexcept nogil:
    if fn == 0:
        return betaincc(k + 1.0, th[1] - k, th[0])
    if fn == 1:
        return betainc(k + 1.0, th[1] - k, th[0])
    return log_ibeta(k + 1.0, th[1] - k, th[0], fn == 2)

cdef inline double binom_guess(double q, const double *th, bint upper) noexcept nogil:
    cdef double p = th[0], n = th[1]
    return count_start(-floor(-bdtrik(1.0 - q if upper else q, n, p)), q, upper, n * p,
                       sqrt(n * p * (1.0 - p)), 0.0, n)

cdef inline double binom_cdf(double x, const double *th) noexcept nogil:
    return count_fn(BINOM, x, th, 0, 0.0, th[1])

cdef inline double binom_sf(double x, const double *th) noexcept nogil:
    return count_fn(BINOM, x, th, 1, 0.0, th[1])

cdef inline double binom_logcdf(double x, const double *th) noexcept nogil:
    return count_fn(BINOM, x, th, 2, 0.0, th[1])

cdef inline double binom_logsf(double x, const double *th) noexcept nogil:
    return count_fn(BINOM, x, th, 3, 0.0, th[1])

cdef inline double binom_ppf(double q, const double *th) noexcept nogil:
    return count_quantile(BINOM, q, th, 0, 0.0, th[1],
                          binom_guess(q, th, 0))

cdef inline double binom_isf(double q, const double *th) noexcept nogil:
    return count_quantile(BINOM, q, th, 1, 0.0, th[1],
                          binom_guess(q, th, 1))

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

# distribution functions, of th = [p]: sf(k) = (1 - p)^k = exp(k log1p(-p)) (scipy's),
# cdf = -expm1(k log1p(-p)), logcdf = log1mexp(-k log1p(-p)); p = 1: log1p(-p) = -inf
cdef inline double geom_tail(double k, const double *th, int fn) noexcept nogil:
    cdef double t = k * log1p(-th[0])
    if fn == 0:
        return -expm1(t)
    if fn == 1:
        return exp(t)
    return log1mexp(-t) if fn == 2 else t

cdef inline double geom_guess(double q, const double *th, bint upper) noexcept nogil:
    cdef double g = (log(q) if upper else log1p(-q)) / log1p(-th[0])
    return count_start(-floor(-g), q, upper, 1.0 / th[0], sqrt(1.0 - th[0]) / th[0], 1.0,
                       INFINITY)

cdef inline double geom_cdf(double x, const double *th) noexcept nogil:
    return count_fn(GEOM, x, th, 0, 1.0, INFINITY)

cdef inline double geom_sf(double x, const double *th) noexcept nogil:
    return count_fn(GEOM, x, th, 1, 1.0, INFINITY)

cdef inline double geom_logcdf(double x, const double *th) noexcept nogil:
    return count_fn(GEOM, x, th, 2, 1.0, INFINITY)

cdef inline double geom_logsf(double x, const double *th) noexcept nogil:
    return count_fn(GEOM, x, th, 3, 1.0, INFINITY)

cdef inline double geom_ppf(double q, const double *th) noexcept nogil:
    return count_quantile(GEOM, q, th, 0, 1.0, INFINITY,
                          geom_guess(q, th, 0))

cdef inline double geom_isf(double q, const double *th) noexcept nogil:
    return count_quantile(GEOM, q, th, 1, 1.0, INFINITY,
                          geom_guess(q, th, 1))

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


# ---------------------------------------------------------------- halfnorm
# th = [scale, loc]; y = (x - loc)/scale >= 0, logpdf = log(2/pi)/2 - y^2/2 - log(scale)
# c = [loc, 1/scale, log(2/pi)/2 - log(scale)]
cdef inline void halfnorm_prep(const double *th, double *c) noexcept nogil:
    c[0] = th[1]
    c[1] = 1.0 / th[0]
    c[2] = 0.5 * (M_LN2 - LOG_PI) - log(th[0])

cdef inline double halfnorm_logpdf(double x, const double *c) noexcept nogil:
    cdef double y = ls_z(x, c[0], c[1])
    if y >= 0.0:
        return c[2] - 0.5 * y * y
    return y if y != y else -INFINITY

cdef inline void halfnorm_derivs(double x, const double *c, double *o) noexcept nogil:
    cdef double y = ls_z(x, c[0], c[1]), r = c[1]
    if not (y >= 0.0 and y < INFINITY):
        nan_derivs(halfnorm_logpdf(x, c), o, 3)
        return
    o[0] = c[2] - 0.5 * y * y
    o[1] = (y * y - 1.0) * r
    o[2] = (1.0 - 3.0 * y * y) * r * r

# distribution functions, of th = [scale, loc]: cdf = erf(y/sqrt 2), sf = erfc(y/sqrt 2)
# = 2 ndtr(-y); each log from the form that does not round to 1 (log1p of the other)
cdef inline double halfnorm_cdf(double x, const double *th) noexcept nogil:
    cdef double y = ls_div(x, th[1], th[0])
    return erf(y * M_SQRT1_2) if y > 0.0 else (y if y != y else 0.0)

cdef inline double halfnorm_sf(double x, const double *th) noexcept nogil:
    cdef double y = ls_div(x, th[1], th[0])
    return erfc(y * M_SQRT1_2) if y > 0.0 else (y if y != y else 1.0)

cdef inline double halfnorm_logcdf(double x, const double *th) noexcept nogil:
    cdef double y = ls_div(x, th[1], th[0])
    if not y > 0.0:
        return y if y != y else -INFINITY
    return log(erf(y * M_SQRT1_2)) if y < 1.0 else log1p(-erfc(y * M_SQRT1_2))

cdef inline double halfnorm_logsf(double x, const double *th) noexcept nogil:
    cdef double y = ls_div(x, th[1], th[0])
    if not y > 0.0:
        return y if y != y else 0.0
    return log1p(-erf(y * M_SQRT1_2)) if y < 1.0 else M_LN2 + log_ndtr(-y)

cdef inline double halfnorm_ppf_q(double q) noexcept nogil:
    # q >= 1/2: -ndtri((1 - q)/2), 1 - q exact; below, ndtri(1/2 + q/2) (which rounds
    # q away) and one Newton step on erf(y/sqrt 2) = q (density sqrt(2/pi) exp(-y^2/2))
    cdef double y
    if q >= 0.5:
        return -ndtri(0.5 * (1.0 - q))
    y = ndtri(0.5 + 0.5 * q)
    return y - (erf(y * M_SQRT1_2) - q) / (0.7978845608028654 * exp(-0.5 * y * y))

cdef inline double halfnorm_ppf(double q, const double *th) noexcept nogil:
    return th[1] + th[0] * halfnorm_ppf_q(q) if is_prob(q) else NAN

cdef inline double halfnorm_isf(double q, const double *th) noexcept nogil:
    if not is_prob(q):
        return NAN
    return th[1] + th[0] * (-ndtri(0.5 * q) if q <= 0.5 else halfnorm_ppf_q(1.0 - q))
# distribution functions, of th = [n, p]: cdf(k) = I_p(n, k + 1) and sf(k) =
# I_{1-p}(k + 1, n) = betaincc(n, k + 1, p) (scipy's)
cdef inline double nbinom_tail(double k, const double *th, int fn) noexcept nogil:
    if fn == 0:
        return betainc(th[0], k + 1.0, th[1])
    if fn == 1:
        return betaincc(th[0], k + 1.0, th[1])
    return log_ibeta(th[0], k + 1.0, th[1], fn == 3)

cdef inline double nbinom_guess(double q, const double *th, bint upper) noexcept nogil:
    cdef double n = th[0], p = th[1]
    return count_start(-floor(-nbdtrik(1.0 - q if upper else q, n, p)), q, upper,
                       n * (1.0 - p) / p, sqrt(n * (1.0 - p)) / p, 0.0, INFINITY)

cdef inline double nbinom_cdf(double x, const double *th) noexcept nogil:
    return count_fn(NBINOM, x, th, 0, 0.0, INFINITY)

cdef inline double nbinom_sf(double x, const double *th) noexcept nogil:
    return count_fn(NBINOM, x, th, 1, 0.0, INFINITY)

cdef inline double nbinom_logcdf(double x, const double *th) noexcept nogil:
    return count_fn(NBINOM, x, th, 2, 0.0, INFINITY)

cdef inline double nbinom_logsf(double x, const double *th) noexcept nogil:
    return count_fn(NBINOM, x, th, 3, 0.0, INFINITY)

cdef inline double nbinom_ppf(double q, const double *th) noexcept nogil:
    return count_quantile(NBINOM, q, th, 0, 0.0, INFINITY,
                          nbinom_guess(q, th, 0))

cdef inline double nbinom_isf(double q, const double *th) noexcept nogil:
    return count_quantile(NBINOM, q, th, 1, 0.0, INFINITY,
                          nbinom_guess(q, th, 1))
