"""Scalar kernels of the python and numba engines: one set of functions per family.

The pure-Python mirror of ``fastmle/_cy/families.pxd`` (same parameter
layouts, same constants, same results): for a family F with full parameter
vector ``th`` (free parameters first, in scipy's order, then fixed extras such
as loc) and k free parameters,

- ``F_prep(th)`` returns the per-call constants ``c`` (an array);
- ``F_logpdf(x, c)`` is the log-density / log-pmf at x (-inf outside the support);
- ``F_derivs(x, c, o)`` writes o[0] = logpdf, o[1:1+k] = gradient with respect
  to th[:k], o[1+k:] = Hessian upper triangle, row-major; derivative entries
  are NaN outside the support.

The families and their layouts are declared in ``fastmle._spec``.  Written for
numba as much as for Python: scalars and small arrays only, and the IEEE-safe helpers of
``fastmle._py.special`` wherever ``math`` would raise.
"""
import math

import numpy as np

from fastmle._py.special import (DBL_MAX, DBL_MIN, LN2, LOG_2PI, LOG_PI, SQRT2, bd0, betaln,
                                 digamma, exp_, gammainc, gammaincc, gammainccinv, gammaincinv,
                                 is_integer, lbinom, lgamma_, lgamma_diff, log1p_, log_,
                                 log_dpois_big, log_ndtr, ndtr, ndtri, pow_, psi_diff, recip,
                                 stdtr, stdtrit, stirlerr, trigamma, trigamma_diff, xlogy_l)


def nan_derivs(v, o):
    o[0] = v
    for q in range(1, o.shape[0]):
        o[q] = math.nan


def ls_derivs(ll, z, r, f1, f2, o):
    # Location-scale family with logpdf f(z) - log(scale), z = (x - loc)/scale,
    # given f'(z) = f1 and f''(z) = f2; th = [loc, scale], r = 1/scale.
    o[0] = ll
    o[1] = -f1 * r
    o[2] = -(z * f1 + 1.0) * r
    o[3] = f2 * r * r
    o[4] = (z * f2 + f1) * r * r
    o[5] = (2.0 * z * f1 + z * (z * f2) + 1.0) * r * r


def power_edge(y, k, at_zero):
    """Log-density at a non-interior y (0, < 0, inf, NaN) of a density ~ y^k near 0."""
    if y != y:
        return y
    if y == 0.0:
        if k == 0.0:
            return at_zero
        return -math.inf if k > 0.0 else math.inf
    return -math.inf


def finite(x):
    return abs(x) < math.inf


def is_count(x):
    """x is a non-negative finite integer."""
    return x >= 0.0 and x < math.inf and is_integer(x)


def ls_z(x, loc, r):
    """z = (x - loc) * r without the spurious overflow of x - loc (see families.pxd)."""
    if r < 1.0:
        return ((0.5 * x - 0.5 * loc) * r) * 2.0
    return (x - loc) * r


def ls_div(x, loc, scale):
    """(x - loc) / scale rounded once, without the spurious overflow of x - loc."""
    d = x - loc
    if abs(d) <= DBL_MAX or d != d:
        return d / scale
    return ((0.5 * x - 0.5 * loc) / scale) * 2.0


def log1mexp(y):
    """log(1 - exp(-y)) for y > 0, accurate for every y."""
    return log_(-math.expm1(-y)) if y < LN2 else log1p_(-exp_(-y))


def is_prob(q):
    return q >= 0.0 and q <= 1.0


def log_abs_z(x, loc, lr):
    """log|x - loc| + lr for finite x and loc, without overflow of x - loc."""
    d = x - loc
    if abs(d) <= DBL_MAX:
        return math.log(abs(d)) + lr
    return math.log(abs(0.5 * x - 0.5 * loc)) + (LN2 + lr)


def log_pos_z(x, y, loc, lr):
    """log(y) of y = (x - loc) / scale, also where y under- or overflows (see families.pxd)."""
    if y >= DBL_MIN and y < math.inf:
        return math.log(y)
    if x > loc and x < math.inf:
        return log_abs_z(x, loc, lr)
    return math.nan


def nan_or_neginf(v):
    return v if v != v else -math.inf


# ---------------------------------------------------------------- Box-Cox forms
# genpareto and genextreme are built on L(c, y) = log1p(c y) / c (genpareto's -logsf;
# genextreme's log(-log cdf) is -L(-c, z)) and its inverse E(c, t) = expm1(c t) / c
# (their quantiles).  Where |u| = |c y| < BC_SERIES both are series in u times y (or t):
# no division by c, so c = 0 and c = 5e-324 give the exponential / Gumbel values
# exactly and the c-derivatives tend to their limits (see families.pxd).
BC_SERIES = 0.1
BC_TERMS = 17       # 0.1^17: truncation below 1e-17 relative


def bc_series(u, kind):
    """sum_k a_k u^k over k < BC_TERMS for |u| < BC_SERIES.  kind 0: log1p(u) / u
    (a_k = (-1)^k / (k + 1)); 1: g1(u) = (u / (1 + u) - log1p(u)) / u^2, so that
    dL/dc = y^2 g1(c y) (a_k = (-1)^(k + 1) (k + 1) / (k + 2)); 2: g1'(u), so that
    d2L/dc2 = y^3 g1'(c y) (a_k = (-1)^k (k + 1) (k + 2) / (k + 3)); 3: expm1(u) / u
    (a_k = 1 / (k + 1)!)."""
    acc = 0.0
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


def bc_log1p(c, y, u):
    """log1p(u) of u = fl(c y) > -1; below -1/2 (near the end 1 + c y = 0) as log of
    1 + c y rounded once (the product's error from Dekker's split, c and y first
    balanced by 2^600 when one is tiny: 1 + u is exact there), so that the gap is as
    exact as y is."""
    if u < -0.5 and abs(c) < 2e-200:        # c tiny, y huge: balance them by 2^600 (exact)
        c *= 4.149515568880993e180
        y *= 2.409919865102884e-181
    elif u < -0.5 and abs(y) < 2e-200:
        y *= 4.149515568880993e180
        c *= 2.409919865102884e-181
    if u < -0.5 and abs(c) < 1e290 and abs(y) < 1e290 and abs(c) > 1e-280 and abs(y) > 1e-280:
        t = 134217729.0 * c         # 2^27 + 1: Veltkamp's split of c and y
        ch = t - (t - c)
        cl = c - ch
        t = 134217729.0 * y
        yh = t - (t - y)
        yl = y - yh
        e = ((ch * yh - u) + ch * yl + cl * yh) + cl * yl
        return log_(max((1.0 + u) + e, 0.0))
    return log1p_(max(u, -1.0))


def bc_L(c, y, x, loc, scale):
    """L = log1p(c y) / c for 1 + c y >= 0 (y = (x - loc) / scale): y at c = 0, the
    series where |c y| < BC_SERIES, (log|c| + log|y|) / c where c y overflows (log|y|
    from x where y itself does); +-inf at 1 + c y = 0."""
    if c == 0.0:
        return y
    u = c * y
    if abs(u) < BC_SERIES:
        return y * bc_series(u, 0)
    if u < math.inf:
        return bc_log1p(c, y, u) / c
    ly = math.log(abs(y)) if abs(y) < math.inf else log_abs_z(x, loc, -math.log(scale))
    return (math.log(abs(c)) + ly) / c


def bc_dc(c, y, L):
    """(q, y q, dL/dc, d2L/dc2) of L = bc_L(c, y, ...), q = 1 / (1 + c y) = dL/dy: the
    series y^2 g1(u), y^3 g1'(u) where |u| < BC_SERIES, else (y q - L) / c and
    -((y q)^2 + 2 dL/dc) / c; y q = 1 / c where c y overflows."""
    u = c * y
    q = 1.0 / (1.0 + u)
    yq = y * q if u < math.inf else 1.0 / c
    if c == 0.0 or abs(u) < BC_SERIES:
        u = u if c != 0.0 else 0.0
        return q, yq, y * y * bc_series(u, 1), y * y * y * bc_series(u, 2)
    Lc = (yq - L) / c
    return q, yq, Lc, -(yq * yq + 2.0 * Lc) / c


def bc_E(c, t):
    """E = expm1(c t) / c: t at c = 0, t times the series where |c t| < BC_SERIES,
    sign(c) exp(c t - log|c|) where exp(c t) overflows (E itself may not)."""
    v = c * t
    if c == 0.0:
        return t
    if abs(v) < BC_SERIES:
        return t * bc_series(v, 3)
    if v > 700.0:
        return math.copysign(exp_(v - math.log(abs(c))), c)
    return math.expm1(v) / c


# ---------------------------------------------------------------- norm
def norm_prep(th):
    return np.array([th[0], 1.0 / th[1], -math.log(th[1]) - 0.5 * LOG_2PI])


def norm_logpdf(x, c):
    z = ls_z(x, c[0], c[1])
    return c[2] - 0.5 * z * z


# distribution functions, of th = [loc, scale]
def norm_cdf(x, th):
    return float(ndtr(ls_div(x, th[0], th[1])))


def norm_sf(x, th):
    return float(ndtr(-ls_div(x, th[0], th[1])))


def norm_logcdf(x, th):
    return float(log_ndtr(ls_div(x, th[0], th[1])))


def norm_logsf(x, th):
    return float(log_ndtr(-ls_div(x, th[0], th[1])))


def norm_ppf(q, th):
    return th[0] + th[1] * float(ndtri(q)) if is_prob(q) else math.nan


def norm_isf(q, th):
    return th[0] - th[1] * float(ndtri(q)) if is_prob(q) else math.nan


def norm_derivs(x, c, o):
    z = ls_z(x, c[0], c[1])
    if not finite(z):
        nan_derivs(norm_logpdf(x, c), o)
        return
    r = c[1]
    o[0] = c[2] - 0.5 * z * z
    o[1] = z * r
    o[2] = (z * z - 1.0) * r
    o[3] = -r * r
    o[4] = -2.0 * z * r * r
    o[5] = (1.0 - 3.0 * z * z) * r * r


# ---------------------------------------------------------------- gamma
def gamma_prep(th):
    a = th[0]
    return np.array([a, th[2], 1.0 / th[1], -lgamma_(a) - math.log(th[1]), a - 1.0,
                     digamma(a), trigamma(a), th[1], -math.log(th[1])])


def gamma_post(x, y, ly, c):
    if y >= DBL_MIN and y < math.inf:
        if c[0] <= 101.0:
            return c[4] * ly - y + c[3]
        return log_dpois_big(c[4], y) + c[8]
    if y < DBL_MIN and x > c[1]:           # y underflows, its log does not
        return c[4] * ly + c[3]
    return power_edge(y, c[4], c[3])


def gamma_logpdf(x, c):
    y = ls_z(x, c[1], c[2])
    return gamma_post(x, y, log_pos_z(x, y, c[1], c[8]), c)


# distribution functions, of th = [a, scale, loc] (see families.pxd)
def log_gamma_p(a, y):
    """log P(a, y): log1p(-Q) where P > 1/2, the series where P underflows (families.pxd)."""
    v = float(gammainc(a, y))
    if v > 0.5:
        return math.log1p(-float(gammaincc(a, y)))
    if v > 0.0 or v != v:
        return log_(v)
    t = 1.0
    s = 1.0
    k = 1.0
    while k < 1e5:
        t *= y / (a + k)
        s += t
        if t < 1e-17 * s:
            break
        k += 1.0
    return a * math.log(y) - y - lgamma_(a + 1.0) + math.log(s)


def log_gamma_q(a, y):
    """log Q(a, y): log1p(-P) where Q > 1/2, Lentz's continued fraction where Q
    underflows (see families.pxd)."""
    v = float(gammaincc(a, y))
    if v > 0.5:
        return math.log1p(-float(gammainc(a, y)))
    if v > 0.0 or v != v or y == math.inf:
        return log_(v)
    b = y + 1.0 - a
    c = 1.0 / 1e-300
    d = 1.0 / b
    h = d
    i = 1.0
    while i < 1e5:
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = d if abs(d) > 1e-300 else 1e-300
        c = b + an / c
        c = c if abs(c) > 1e-300 else 1e-300
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-16:
            break
        i += 1.0
    return a * math.log(y) - y - lgamma_(a) + math.log(h)


def gamma_cdf(x, th):
    y = ls_div(x, th[2], th[1])
    return float(gammainc(th[0], y)) if y > 0.0 else (y if y != y else 0.0)


def gamma_sf(x, th):
    y = ls_div(x, th[2], th[1])
    return float(gammaincc(th[0], y)) if y > 0.0 else (y if y != y else 1.0)


def gamma_logcdf(x, th):
    y = ls_div(x, th[2], th[1])
    return log_gamma_p(th[0], y) if y > 0.0 else (y if y != y else -math.inf)


def gamma_logsf(x, th):
    y = ls_div(x, th[2], th[1])
    return log_gamma_q(th[0], y) if y > 0.0 else (y if y != y else 0.0)


def gamma_ppf(q, th):
    return th[2] + th[1] * float(gammaincinv(th[0], q)) if is_prob(q) else math.nan


def gamma_isf(q, th):
    return th[2] + th[1] * float(gammainccinv(th[0], q)) if is_prob(q) else math.nan


def gamma_derivs(x, c, o):
    y = ls_z(x, c[1], c[2])
    r = c[2]
    ly = log_pos_z(x, y, c[1], c[8])
    if ly != ly:
        nan_derivs(power_edge(y, c[4], c[3]), o)
        return
    o[0] = gamma_post(x, y, ly, c)
    o[1] = ly - c[5]
    o[2] = (y - c[0]) * r
    o[3] = -c[6]
    o[4] = -r
    o[5] = (c[0] - 2.0 * y) * r * r


# ---------------------------------------------------------------- t
# logpdf = C(df) - log(scale) - (df + 1)/2 log1p(s^2), s = z / sqrt(df); see
# fastmle/_cy/families.pxd for the layout of c and the stable forms.
def t_lgamma_ratio(x):
    """[D(x), D'(x), D''(x)] for D(x) = lgamma(x + 1/2) - lgamma(x) - log(x)/2, x > 0."""
    if x < 20.0:
        return (lgamma_(x + 0.5) - lgamma_(x) - 0.5 * math.log(x),
                digamma(x + 0.5) - digamma(x + 1.0) + 0.5 / x,
                trigamma(x + 0.5) - trigamma(x + 1.0) - 0.5 / (x * x))
    v = 1.0 / x
    v2 = v * v
    d0 = v * (-1.0 / 8.0 + v2 * (1.0 / 192.0 + v2 * (-1.0 / 640.0 + v2 * (
        17.0 / 14336.0 + v2 * (-31.0 / 18432.0 + v2 * (691.0 / 180224.0))))))
    d1 = -v2 * (-1.0 / 8.0 + v2 * (3.0 / 192.0 + v2 * (-5.0 / 640.0 + v2 * (
        7.0 * 17.0 / 14336.0 + v2 * (-9.0 * 31.0 / 18432.0 + v2 * (11.0 * 691.0 / 180224.0))))))
    d2 = v2 * v * (-2.0 / 8.0 + v2 * (12.0 / 192.0 + v2 * (-30.0 / 640.0 + v2 * (
        56.0 * 17.0 / 14336.0 + v2 * (-90.0 * 31.0 / 18432.0 + v2 * (132.0 * 691.0 / 180224.0))))))
    return d0, d1, d2


def t_prep(th):
    nu = th[0]
    ls = math.log(th[2])
    d0, d1, d2 = t_lgamma_ratio(0.5 * nu)
    rs = 1.0 / math.sqrt(nu)
    return np.array([nu, th[1], 1.0 / th[2], d0 - 0.5 * LOG_2PI - ls, 0.5 * (nu + 1.0),
                     0.5 * d1, 0.25 * d2, 1.0 / nu, rs, -0.5 * math.log(nu) - ls,
                     (nu + 1.0) * rs])


def t_big(x, s, c):
    """log1p(s^2) = 2 log|s| for finite x where s^2 overflows."""
    if finite(s):
        return 2.0 * math.log(abs(s))
    return 2.0 * log_abs_z(x, c[1], c[9])


def t_logpdf(x, c):
    s = ls_z(x, c[1], c[2]) * c[8]
    q = s * s
    if q <= DBL_MAX:
        return c[3] - c[4] * math.log1p(q)
    if not finite(x):
        return nan_or_neginf(x)
    return c[3] - c[4] * t_big(x, s, c)

# distribution functions, of th = [df, loc, scale] (see families.pxd)
def t_logcdf_z(df, z):
    v = float(stdtr(df, z))
    return log1p_(-float(stdtr(df, -z))) if v > 0.5 else log_(v)


def t_cdf(x, th):
    return float(stdtr(th[0], ls_div(x, th[1], th[2])))


def t_sf(x, th):
    return float(stdtr(th[0], -ls_div(x, th[1], th[2])))


def t_logcdf(x, th):
    return t_logcdf_z(th[0], ls_div(x, th[1], th[2]))


def t_logsf(x, th):
    return t_logcdf_z(th[0], -ls_div(x, th[1], th[2]))


def t_ppf_q(df, q):
    if q > 0.0 and q < 1.0:
        return float(stdtrit(df, q))
    return (math.inf if q == 1.0 else -math.inf) if is_prob(q) else math.nan


def t_ppf(q, th):
    return th[1] + th[2] * t_ppf_q(th[0], q)


def t_isf(q, th):
    return th[1] - th[2] * t_ppf_q(th[0], q)


def t_log1p_minus(u, L):
    """-log1p(-u) - u given L = log1p(q), u = q/(1 + q) (a series below u = 1e-3)."""
    if u >= 1e-3:
        return L - u
    return u * u * (1.0 / 2.0 + u * (1.0 / 3.0 + u * (1.0 / 4.0 + u * (
        1.0 / 5.0 + u * (1.0 / 6.0 + u * (1.0 / 7.0 + u / 8.0))))))


def t_derivs(x, c, o):
    r = c[2]
    c7 = c[7]
    rr = r * r
    z = ls_z(x, c[1], c[2])
    if not finite(z):
        nan_derivs(t_logpdf(x, c), o)
        return
    s = z * c[8]
    q = s * s
    if q <= DBL_MAX:
        iq = 1.0 / (1.0 + q)
        u = q * iq
        e = s * iq
        L = math.log1p(q)
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


# ---------------------------------------------------------------- lognorm
def lognorm_prep(th):
    s = th[0]
    return np.array([s, th[2], math.log(th[1]), 1.0 / (SQRT2 * s), -math.log(s) - 0.5 * LOG_2PI,
                     1.0 / s, 1.0 / th[1]])


def lognorm_logpdf(x, c):
    u = x - c[1]
    if u > 0.0 and u < math.inf:
        t = math.log(u)
        d = t - c[2]
        d = d * c[3]
        return c[4] - t - d * d
    if u == math.inf and x < math.inf:     # x - loc overflows: its log does not
        t = log_abs_z(x, c[1], 0.0)
        d = t - c[2]
        d = d * c[3]
        return c[4] - t - d * d
    return nan_or_neginf(u)

# distribution functions, of th = [s, scale, loc] (see families.pxd)
def lognorm_z(x, th):
    y = ls_div(x, th[2], th[1])
    return log_(y) / th[0] if y > 0.0 else (y if y != y else -math.inf)


def lognorm_cdf(x, th):
    return float(ndtr(lognorm_z(x, th)))


def lognorm_sf(x, th):
    return float(ndtr(-lognorm_z(x, th)))


def lognorm_logcdf(x, th):
    return float(log_ndtr(lognorm_z(x, th)))


def lognorm_logsf(x, th):
    return float(log_ndtr(-lognorm_z(x, th)))


def lognorm_ppf(q, th):
    return th[2] + th[1] * exp_(th[0] * float(ndtri(q))) if is_prob(q) else math.nan


def lognorm_isf(q, th):
    return th[2] + th[1] * exp_(-th[0] * float(ndtri(q))) if is_prob(q) else math.nan


def lognorm_derivs(x, c, o):
    u = x - c[1]
    r = c[5]
    R = c[6]
    if not (u > 0.0 and u < math.inf):
        nan_derivs(lognorm_logpdf(x, c), o)
        return
    t = math.log(u)
    d = t - c[2]
    o[0] = c[4] - t - (d * c[3]) * (d * c[3])
    o[1] = (d * d * r * r - 1.0) * r
    o[2] = d * r * r * R
    o[3] = (1.0 - 3.0 * d * d * r * r) * r * r
    o[4] = -2.0 * d * r * r * r * R
    o[5] = -(1.0 + d) * r * r * R * R


# ---------------------------------------------------------------- expon
def expon_prep(th):
    return np.array([th[1], 1.0 / th[0], -math.log(th[0])])


def expon_logpdf(x, c):
    y = ls_z(x, c[0], c[1])
    if y >= 0.0:
        return c[2] - y
    return nan_or_neginf(y)


# distribution functions, of th = [scale, loc]
def expon_cdf(x, th):
    y = ls_div(x, th[1], th[0])
    return -math.expm1(-y) if y > 0.0 else (y if y != y else 0.0)


def expon_sf(x, th):
    y = ls_div(x, th[1], th[0])
    return exp_(-y) if y > 0.0 else (y if y != y else 1.0)


def expon_logcdf(x, th):
    y = ls_div(x, th[1], th[0])
    return log1mexp(y) if y > 0.0 else (y if y != y else -math.inf)


def expon_logsf(x, th):
    y = ls_div(x, th[1], th[0])
    return -y if y > 0.0 else (y if y != y else 0.0)


def expon_ppf(q, th):
    return th[1] - th[0] * log1p_(-q) if is_prob(q) else math.nan


def expon_isf(q, th):
    return th[1] - th[0] * log_(q) if is_prob(q) else math.nan


def expon_derivs(x, c, o):
    y = ls_z(x, c[0], c[1])
    r = c[1]
    if not (y >= 0.0 and y < math.inf):
        nan_derivs(expon_logpdf(x, c), o)
        return
    o[0] = c[2] - y
    o[1] = (y - 1.0) * r
    o[2] = (1.0 - 2.0 * y) * r * r


# ---------------------------------------------------------------- weibull_min
def weibull_min_prep(th):
    k = th[0]
    return np.array([k, th[2], 1.0 / th[1], math.log(k) - math.log(th[1]), k - 1.0, 1.0 / k,
                     -math.log(th[1])])


def weibull_min_logpdf(x, c):
    y = ls_z(x, c[1], c[2])
    if y >= DBL_MIN and y < math.inf:
        t = math.log(y)
        return c[3] + c[4] * t - exp_(c[0] * t)
    if x > c[1] and x < math.inf:     # y under- or overflows, log(y) does not
        t = log_abs_z(x, c[1], c[6])
        return c[3] + c[4] * t - exp_(c[0] * t)
    return power_edge(y, c[4], c[3])

# distribution functions, of th = [c, scale, loc] (see families.pxd)
def weibull_min_cdf(x, th):
    y = ls_div(x, th[2], th[1])
    return -math.expm1(-pow_(y, th[0])) if y > 0.0 else (y if y != y else 0.0)


def weibull_min_sf(x, th):
    y = ls_div(x, th[2], th[1])
    return exp_(-pow_(y, th[0])) if y > 0.0 else (y if y != y else 1.0)


def weibull_min_logcdf(x, th):
    y = ls_div(x, th[2], th[1])
    if not y > 0.0:
        return y if y != y else -math.inf
    p = pow_(y, th[0])
    return log1mexp(p) if p > 1e-10 else th[0] * math.log(y) - 0.5 * p


def weibull_min_logsf(x, th):
    y = ls_div(x, th[2], th[1])
    return -pow_(y, th[0]) if y > 0.0 else (y if y != y else 0.0)


def weibull_min_ppf(q, th):
    return th[2] + th[1] * pow_(-log1p_(-q), 1.0 / th[0]) if is_prob(q) else math.nan


def weibull_min_isf(q, th):
    return th[2] + th[1] * pow_(-log_(q), 1.0 / th[0]) if is_prob(q) else math.nan


def weibull_min_derivs(x, c, o):
    y = ls_z(x, c[1], c[2])
    r = c[2]
    k = c[0]
    L = log_pos_z(x, y, c[1], c[6])
    if L != L:
        nan_derivs(power_edge(y, c[4], c[3]), o)
        return
    P = exp_(k * L)
    o[0] = c[3] + c[4] * L - P
    o[1] = c[5] + L - P * L
    o[2] = k * (P - 1.0) * r
    o[3] = -c[5] * c[5] - P * L * L
    o[4] = (P - 1.0 + k * P * L) * r
    o[5] = -k * (k * P + P - 1.0) * r * r


# ---------------------------------------------------------------- beta
def beta_prep(th):
    a = th[0]
    b = th[1]
    return np.array([a, b, th[2], th[3], a - 1.0, b - 1.0, -betaln(a, b) - math.log(th[3]),
                     -psi_diff(a, b), -psi_diff(b, a), trigamma_diff(a, b),
                     trigamma_diff(b, a), trigamma(a + b)])


def beta_edge(y, c):
    # y = 0 or 1 (xlogy conventions), outside [0, 1], or NaN
    if y != y:
        return y
    if y == 0.0:
        return power_edge(y, c[4], c[6])
    if y == 1.0:
        return power_edge(0.0, c[5], c[6])
    return -math.inf


def beta_logpdf(x, c):
    y = (x - c[2]) / c[3]
    if y >= DBL_MIN and y < 1.0:
        return c[5] * math.log1p(-y) + c[4] * math.log(y) + c[6]
    if y < DBL_MIN and x > c[2]:           # y underflows, its log does not
        return c[4] * log_abs_z(x, c[2], -math.log(c[3])) + c[6]
    return beta_edge(y, c)


def beta_derivs(x, c, o):
    y = (x - c[2]) / c[3]
    if not (y >= 0.0 and y < 1.0 and x > c[2]):
        nan_derivs(beta_edge(y, c), o)
        return
    l1 = math.log(y) if y >= DBL_MIN else log_abs_z(x, c[2], -math.log(c[3]))
    l2 = math.log1p(-y)
    o[0] = c[5] * l2 + c[4] * l1 + c[6]
    o[1] = l1 - c[7]
    o[2] = l2 - c[8]
    o[3] = -c[9]
    o[4] = c[11]
    o[5] = -c[10]


# ---------------------------------------------------------------- laplace
def laplace_prep(th):
    return np.array([th[0], 1.0 / th[1], -LN2 - math.log(th[1])])


def laplace_logpdf(x, c):
    return c[2] - abs(ls_z(x, c[0], c[1]))

# distribution functions, of th = [loc, scale]; F_*_z: of the standard variable
def laplace_cdf_z(z):
    return 0.5 * exp_(z) if z < 0.0 else 1.0 - 0.5 * exp_(-z)


def laplace_logcdf_z(z):
    return z - LN2 if z < 0.0 else log1p_(-0.5 * exp_(-z))


def laplace_ppf_q(q):
    return log_(2.0 * q) if q <= 0.5 else -log_(2.0 - 2.0 * q)


def laplace_cdf(x, th):
    return laplace_cdf_z(ls_div(x, th[0], th[1]))


def laplace_sf(x, th):
    return laplace_cdf_z(-ls_div(x, th[0], th[1]))


def laplace_logcdf(x, th):
    return laplace_logcdf_z(ls_div(x, th[0], th[1]))


def laplace_logsf(x, th):
    return laplace_logcdf_z(-ls_div(x, th[0], th[1]))


def laplace_ppf(q, th):
    return th[0] + th[1] * laplace_ppf_q(q) if is_prob(q) else math.nan


def laplace_isf(q, th):
    return th[0] - th[1] * laplace_ppf_q(q) if is_prob(q) else math.nan


def laplace_derivs(x, c, o):
    z = ls_z(x, c[0], c[1])
    if not finite(z):
        nan_derivs(laplace_logpdf(x, c), o)
        return
    # f'(z) = -sign(z) (0 at the kink), f''(z) = 0
    f1 = -1.0 if z > 0.0 else (1.0 if z < 0.0 else 0.0)
    ls_derivs(c[2] - abs(z), z, c[1], f1, 0.0, o)


# ---------------------------------------------------------------- logistic
def logistic_prep(th):
    return np.array([th[0], 1.0 / th[1], -math.log(th[1])])


def logistic_logpdf(x, c):
    z = ls_z(x, c[0], c[1])
    if finite(z):
        return c[2] - abs(z) - 2.0 * math.log1p(math.exp(-abs(z)))
    return nan_or_neginf(z)

# distribution functions, of th = [loc, scale]
def logistic_cdf_z(z):
    if z >= 0.0:
        return 1.0 / (1.0 + exp_(-z))
    e = exp_(z)
    return e / (1.0 + e)


def logistic_logcdf_z(z):
    return -log1p_(exp_(-z)) if z >= 0.0 else z - log1p_(exp_(z))


def logistic_ppf_q(q):
    return log_(q) - log1p_(-q)


def logistic_cdf(x, th):
    return logistic_cdf_z(ls_div(x, th[0], th[1]))


def logistic_sf(x, th):
    return logistic_cdf_z(-ls_div(x, th[0], th[1]))


def logistic_logcdf(x, th):
    return logistic_logcdf_z(ls_div(x, th[0], th[1]))


def logistic_logsf(x, th):
    return logistic_logcdf_z(-ls_div(x, th[0], th[1]))


def logistic_ppf(q, th):
    return th[0] + th[1] * logistic_ppf_q(q) if is_prob(q) else math.nan


def logistic_isf(q, th):
    return th[0] - th[1] * logistic_ppf_q(q) if is_prob(q) else math.nan


def logistic_derivs(x, c, o):
    z = ls_z(x, c[0], c[1])
    if not finite(z):
        nan_derivs(logistic_logpdf(x, c), o)
        return
    e = math.exp(-abs(z))
    d = 1.0 + e
    # f'(z) = -tanh(z/2), f''(z) = -2 e/(1 + e)^2 with e = exp(-|z|)
    f1 = (1.0 - e) / d
    if z > 0.0:
        f1 = -f1
    ls_derivs(c[2] - abs(z) - 2.0 * math.log1p(e), z, c[1], f1, -2.0 * e / (d * d), o)


# ---------------------------------------------------------------- cauchy
def cauchy_prep(th):
    return np.array([th[0], 1.0 / th[1], -LOG_PI - math.log(th[1]), -math.log(th[1])])


def cauchy_logpdf(x, c):
    z = ls_z(x, c[0], c[1])
    q = z * z
    if q < math.inf:
        return c[2] - math.log1p(q)
    if not finite(x):
        return nan_or_neginf(x)
    if finite(z):
        return c[2] - 2.0 * math.log(abs(z))
    return c[2] - 2.0 * log_abs_z(x, c[0], c[3])

# distribution functions, of th = [loc, scale] (see families.pxd)
def cauchy_cdf_z(z):
    return math.atan2(1.0, -z) / math.pi if z <= 0.0 else 1.0 - math.atan2(1.0, z) / math.pi


def cauchy_logcdf_z(z):
    if z <= 0.0:
        return log_(math.atan2(1.0, -z) / math.pi)
    return log1p_(-math.atan2(1.0, z) / math.pi)


def cauchy_ppf_q(q):
    if q < 0.5:
        return -recip(math.tan(math.pi * q))
    return recip(math.tan(math.pi * (1.0 - q))) if q > 0.5 else 0.0


def cauchy_cdf(x, th):
    return cauchy_cdf_z(ls_div(x, th[0], th[1]))


def cauchy_sf(x, th):
    return cauchy_cdf_z(-ls_div(x, th[0], th[1]))


def cauchy_logcdf(x, th):
    return cauchy_logcdf_z(ls_div(x, th[0], th[1]))


def cauchy_logsf(x, th):
    return cauchy_logcdf_z(-ls_div(x, th[0], th[1]))


def cauchy_ppf(q, th):
    return th[0] + th[1] * cauchy_ppf_q(q) if is_prob(q) else math.nan


def cauchy_isf(q, th):
    return th[0] - th[1] * cauchy_ppf_q(q) if is_prob(q) else math.nan


def cauchy_derivs(x, c, o):
    z = ls_z(x, c[0], c[1])
    if not finite(z):
        nan_derivs(cauchy_logpdf(x, c), o)
        return
    # f'(z) = -2z/(1 + z^2), f''(z) = -2(1 - z^2)/(1 + z^2)^2 (in 1/z for |z| > 1)
    if abs(z) <= 1.0:
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
def gumbel_r_prep(th):
    return np.array([th[0], 1.0 / th[1], -math.log(th[1])])


def gumbel_r_logpdf(x, c):
    z = ls_z(x, c[0], c[1])
    if finite(z):
        return c[2] - z - exp_(-z)
    return nan_or_neginf(z)

# distribution functions, of th = [loc, scale] (see families.pxd)
def gumbel_r_cdf(x, th):
    return exp_(-exp_(-ls_div(x, th[0], th[1])))


def gumbel_r_sf(x, th):
    return -math.expm1(-exp_(-ls_div(x, th[0], th[1])))


def gumbel_r_logcdf(x, th):
    return -exp_(-ls_div(x, th[0], th[1]))


def gumbel_r_logsf(x, th):
    z = ls_div(x, th[0], th[1])
    return -z - 0.5 * exp_(-z) if z > 30.0 else log1mexp(exp_(-z))


def gumbel_r_ppf(q, th):
    return th[0] - th[1] * log_(-log_(q)) if is_prob(q) else math.nan


def gumbel_r_isf(q, th):
    return th[0] - th[1] * log_(-log1p_(-q)) if is_prob(q) else math.nan


def gumbel_r_derivs(x, c, o):
    z = ls_z(x, c[0], c[1])
    if not finite(z):
        nan_derivs(gumbel_r_logpdf(x, c), o)
        return
    e = exp_(-z)
    ls_derivs(c[2] - z - e, z, c[1], e - 1.0, -e, o)


# ---------------------------------------------------------------- pareto
def pareto_prep(th):
    b = th[0]
    return np.array([b, th[2], th[1], math.log(b) - math.log(th[1]), b + 1.0, 1.0 / b,
                     1.0 / th[1], -math.log(th[1])])


def pareto_logpdf(x, c):
    y = (x - c[1]) / c[2]
    if y >= 1.0 and y < math.inf:
        return c[3] - c[4] * math.log(y)
    if y == math.inf and x < math.inf:     # y overflows, its log does not
        return c[3] - c[4] * log_abs_z(x, c[1], c[7])
    return nan_or_neginf(y)

# distribution functions, of th = [b, scale, loc] (see families.pxd)
def pareto_cdf(x, th):
    y = ls_div(x, th[2], th[1])
    return -math.expm1(-th[0] * math.log(y)) if y >= 1.0 else (y if y != y else 0.0)


def pareto_sf(x, th):
    y = ls_div(x, th[2], th[1])
    return exp_(-th[0] * log_(y)) if y >= 1.0 else (y if y != y else 1.0)


def pareto_logcdf(x, th):
    y = ls_div(x, th[2], th[1])
    return log1mexp(th[0] * log_(y)) if y > 1.0 else (y if y != y else -math.inf)


def pareto_logsf(x, th):
    y = ls_div(x, th[2], th[1])
    return -th[0] * log_(y) if y >= 1.0 else (y if y != y else 0.0)


def pareto_ppf(q, th):
    return th[2] + th[1] * exp_(-log1p_(-q) / th[0]) if is_prob(q) else math.nan


def pareto_isf(q, th):
    return th[2] + th[1] * exp_(-log_(q) / th[0]) if is_prob(q) else math.nan


def pareto_derivs(x, c, o):
    y = (x - c[1]) / c[2]
    R = c[6]
    if not (y >= 1.0 and y < math.inf):
        nan_derivs(pareto_logpdf(x, c), o)
        return
    L = math.log(y)
    o[0] = c[3] - c[4] * L
    o[1] = c[5] - L
    o[2] = c[0] * R
    o[3] = -c[5] * c[5]
    o[4] = R
    o[5] = -c[0] * R * R


# ---------------------------------------------------------------- genpareto
# th = [c, scale, loc]; y = (x - loc) / scale (divided, as scipy: the upper end y = -1/c
# of c < 0 matches scipy's), logpdf = -(1 + c) L(c, y) - log(scale) on 0 <= y (<= -1/c),
# with scipy's convention 0 * inf = 0 at c = -1 (see families.pxd)
def genpareto_prep(th):
    c = th[0]
    return np.array([c, th[2], th[1], -math.log(th[1]), 1.0 + c,
                     -1.0 / c if c < 0.0 else math.inf, 1.0 / th[1]])


def genpareto_logpdf(x, c):
    y = ls_div(x, c[1], c[2])
    if not (y >= 0.0 and y <= c[5]):
        return nan_or_neginf(y)
    return -xlogy_l(c[4], bc_L(c[0], y, x, c[1], c[2])) + c[3]


# distribution functions, of th = [c, scale, loc]: L = -logsf
def genpareto_L(x, th):
    """L(c, y) = -logsf: 0 below loc, inf beyond the upper end, NaN at NaN."""
    y = ls_div(x, th[2], th[1])
    c = th[0]
    if not y > 0.0:
        return y if y != y else 0.0
    if c < 0.0 and y > -1.0 / c:
        return math.inf
    return bc_L(c, y, x, th[2], th[1])


def genpareto_cdf(x, th):
    return -math.expm1(-genpareto_L(x, th))


def genpareto_sf(x, th):
    return exp_(-genpareto_L(x, th))


def genpareto_logcdf(x, th):
    return log1mexp(genpareto_L(x, th))


def genpareto_logsf(x, th):
    return -genpareto_L(x, th)


def genpareto_ppf(q, th):
    return th[2] + th[1] * bc_E(th[0], -log1p_(-q)) if is_prob(q) else math.nan


def genpareto_isf(q, th):
    return th[2] + th[1] * bc_E(th[0], -log_(q)) if is_prob(q) else math.nan


def genpareto_derivs(x, c, o):
    y = ls_div(x, c[1], c[2])
    k = c[0]
    if not (y >= 0.0 and y < c[5] and y < math.inf):
        nan_derivs(genpareto_logpdf(x, c), o)
        return
    L = bc_L(k, y, x, c[1], c[2])
    q, yq, Lc, Lcc = bc_dc(k, y, L)
    a = c[4]
    r = c[6]
    o[0] = -xlogy_l(a, L) + c[3]
    o[1] = -L - a * Lc
    o[2] = (a * yq - 1.0) * r
    o[3] = -2.0 * Lc - a * Lcc
    o[4] = (yq - a * yq * yq) * r
    o[5] = (1.0 - a * yq * (1.0 + q)) * r * r


# ---------------------------------------------------------------- genextreme
# th = [c, loc, scale] (scipy's sign of c: c > 0 bounded above at z = 1/c, c < 0 below);
# z = (x - loc) / scale (divided, as scipy), T = -log(-log cdf) = L(-c, z) (bc_L: z at
# c = 0, the Gumbel), logpdf = -exp(-T) - (1 - c) T - log(scale) on 1 - c z > 0; at the
# end c z = 1 scipy's -inf (0 at c = 1, z = 1), see families.pxd
def gev_end(k):
    """The end z = 1/c of the support (scipy's: 1/max(c, DBL_MIN) for c > 0,
    1/min(c, -DBL_MIN) for c < 0; 0 at c = 0)."""
    if k > 0.0:
        return 1.0 / max(k, DBL_MIN)
    return 1.0 / min(k, -DBL_MIN) if k < 0.0 else 0.0


def genextreme_prep(th):
    c = th[0]
    return np.array([c, th[1], th[2], -math.log(th[2]), 1.0 - c, 1.0 / th[2], gev_end(c)])


def gev_T(x, k, loc, scale, end):
    """(z, T) for c = k: T = +inf beyond the upper end (and at it), -inf below the lower
    one, NaN at NaN."""
    z = ls_div(x, loc, scale)
    if z != z:
        return z, z
    if (k > 0.0 and z > end) or (k < 0.0 and z < end) or k * z == 1.0:
        return z, (math.inf if k > 0.0 else -math.inf)
    return z, bc_L(-k, z, x, loc, scale)


def genextreme_logpdf(x, c):
    z = ls_div(x, c[1], c[2])
    k = c[0]
    if z != z:
        return z
    if (k > 0.0 and z > c[6]) or (k < 0.0 and z < c[6]) or k * z == 1.0:
        return c[3] if (k == 1.0 and z == 1.0) else -math.inf
    T = bc_L(-k, z, x, c[1], c[2])
    E = exp_(-T)
    if not E < math.inf:
        return -math.inf
    return -E - xlogy_l(c[4], T) + c[3]


# distribution functions, of th = [c, loc, scale]: E = exp(-T) = -logcdf
def genextreme_E(x, th):
    return exp_(-gev_T(x, th[0], th[1], th[2], gev_end(th[0]))[1])


def genextreme_cdf(x, th):
    return exp_(-genextreme_E(x, th))


def genextreme_sf(x, th):
    return -math.expm1(-genextreme_E(x, th))


def genextreme_logcdf(x, th):
    return -genextreme_E(x, th)


def genextreme_logsf(x, th):
    # log(1 - exp(-E)) = -T - E/2 + O(E^2) once T > 30 (E may underflow there)
    T = gev_T(x, th[0], th[1], th[2], gev_end(th[0]))[1]
    E = exp_(-T)
    return -T - 0.5 * E if T > 30.0 else log1mexp(E)


def genextreme_ppf(q, th):
    return th[1] + th[2] * bc_E(-th[0], -log_(-log_(q))) if is_prob(q) else math.nan


def genextreme_isf(q, th):
    return th[1] + th[2] * bc_E(-th[0], -log_(-log1p_(-q))) if is_prob(q) else math.nan


def genextreme_derivs(x, c, o):
    # in T: d/dT = A = E - (1 - c), d2/dT2 = -E, d/dc (explicit) = T; with q = 1/(1 - c z)
    # = T_z, T_zz = c q^2, T_c = -L_c(-c, z), T_cc = L_cc(-c, z), T_cz = z q^2 (families.pxd)
    z, T = gev_T(x, c[0], c[1], c[2], c[6])
    k = c[0]
    r = c[5]
    if not (abs(T) < math.inf and abs(z) < math.inf) or k * z == 1.0:
        nan_derivs(genextreme_logpdf(x, c), o)
        return
    q, zq, Lc, Lcc = bc_dc(-k, z, T)
    E = exp_(-T)
    A = E - c[4]
    Tc = -Lc
    lz = A * q
    lcz = -E * Tc * q + A * zq * q + q
    lzz = (A * k - E) * q * q
    o[0] = -E - xlogy_l(c[4], T) + c[3]
    o[1] = A * Tc + T
    o[2] = -lz * r
    o[3] = -(z * lz + 1.0) * r
    o[4] = -E * Tc * Tc + A * Lcc + 2.0 * Tc
    o[5] = -lcz * r
    o[6] = -z * lcz * r
    o[7] = lzz * r * r
    o[8] = (z * lzz + lz) * r * r
    o[9] = (2.0 * z * lz + z * (z * lzz) + 1.0) * r * r


# ---------------------------------------------------------------- poisson
def poisson_prep(th):
    return np.array([th[0], log_(th[0]), recip(th[0])])


def poisson_logpdf(x, c):
    if is_count(x):
        if x < 100.0:
            return xlogy_l(x, c[1]) - lgamma_(x + 1.0) - c[0]
        return log_dpois_big(x, c[0])
    return nan_or_neginf(x)


def poisson_derivs(x, c, o):
    if not is_count(x):
        nan_derivs(poisson_logpdf(x, c), o)
        return
    o[0] = poisson_logpdf(x, c)
    if x == 0.0:
        o[1] = -1.0
        o[2] = 0.0
    else:
        o[1] = x * c[2] - 1.0
        o[2] = -x * c[2] * c[2]


# ---------------------------------------------------------------- binom
def binom_prep(th):
    p = th[0]
    return np.array([p, th[1], lgamma_(th[1] + 1.0), log_(p), log1p_(-p), recip(p),
                     recip(1.0 - p), stirlerr(th[1]) if th[1] >= 100.0 else 0.0])


def binom_logpdf(x, c):
    n = c[1]
    f = n - x
    if not (is_count(x) and x <= n):
        return nan_or_neginf(x)
    if n < 100.0 or x == 0.0 or f == 0.0 or c[0] == 0.0 or c[0] == 1.0:
        return lbinom(n, x, c[2]) + xlogy_l(x, c[3]) + xlogy_l(f, c[4])
    # Loader's form for large n (see families.pxd)
    return (c[7] - stirlerr(x) - stirlerr(f) - bd0(x, n * c[0]) - bd0(f, n * (1.0 - c[0]))
            + 0.5 * (math.log(n) - LOG_2PI - math.log(x) - math.log(f)))


def binom_derivs(x, c, o):
    if not (is_count(x) and x <= c[1]):
        nan_derivs(binom_logpdf(x, c), o)
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


# ---------------------------------------------------------------- geom
def geom_prep(th):
    p = th[0]
    return np.array([p, log_(p), log1p_(-p), recip(p), recip(1.0 - p)])


def geom_logpdf(x, c):
    if not c[0] > 0.0:
        return math.nan
    if is_count(x) and x >= 1.0:
        return xlogy_l(x - 1.0, c[2]) + c[1]
    return nan_or_neginf(x)


def geom_derivs(x, c, o):
    if not (c[0] > 0.0 and is_count(x) and x >= 1.0):
        nan_derivs(geom_logpdf(x, c), o)
        return
    f = x - 1.0
    o[0] = xlogy_l(f, c[2]) + c[1]
    o[1] = c[3]
    o[2] = -c[3] * c[3]
    if f != 0.0:
        o[1] -= f * c[4]
        o[2] -= f * c[4] * c[4]


# ---------------------------------------------------------------- nbinom
def nbinom_prep(th):
    n = th[0]
    p = th[1]
    lp = log_(p)
    return np.array([n, p, lgamma_(n), xlogy_l(n, lp), log1p_(-p), recip(p),
                     recip(1.0 - p), lp])


def nbinom_lcoef(x, c):
    """lgamma(n + x) - lgamma(x + 1) - lgamma(n) for a count x (see families.pxd)."""
    if x == 0.0:
        return 0.0
    if x >= c[0]:
        return lgamma_diff(x, c[0]) - math.log(x) - c[2]
    return lgamma_diff(c[0], x) - lgamma_(x + 1.0)


def nbinom_logpdf(x, c):
    if not (c[1] > 0.0 and c[0] > 0.0):
        return math.nan
    if is_count(x):
        return nbinom_lcoef(x, c) + c[3] + xlogy_l(x, c[4])
    return nan_or_neginf(x)


def nbinom_derivs(x, c, o):
    n = c[0]
    if not (c[1] > 0.0 and c[0] > 0.0 and is_count(x)):
        nan_derivs(nbinom_logpdf(x, c), o)
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
