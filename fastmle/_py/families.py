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

from fastmle._py.special import (DBL_MAX, DBL_MIN, LN2, LOG_2PI, LOG_DBL_MIN, LOG_PI, SQRT2, bd0,
                                 bdtrik, betainc, betaincc, betainccinv, betaincinv, betaln,
                                 digamma, erfcinv, erfcx, erfinv, exp_, expm1_, floor_, gammainc,
                                 gammaincc, gammainccinv, gammaincinv, is_integer, lbinom, lgamma_,
                                 lgamma_corr, lgamma_diff, log1p_, log_, log_dpois_big, log_ndtr,
                                 nbdtrik, ndtr, ndtri, pdtr, pdtrc, pdtrik, pow_, psi_diff, recip,
                                 sqrt_, stdtr, stdtrit, stirlerr, trigamma, trigamma_diff, xlogy_l)


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
    return a * log_(y) - y - lgamma_(a + 1.0) + math.log(s)


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


# ---------------------------------------------------------------- chi2
# gamma at a = df/2 and twice the scale (see families.pxd)
def chi2_gamma_th(th):
    return np.array([0.5 * th[0], 2.0 * th[1], th[2]])


def chi2_chain(o):
    """[ll, gradient, Hessian] w.r.t. gamma's (a, scale_g) -> w.r.t. chi2's (df, scale)."""
    o[1] *= 0.5
    o[2] *= 2.0
    o[3] *= 0.25
    o[5] *= 4.0


def chi2_prep(th):
    return gamma_prep(chi2_gamma_th(th))


def chi2_logpdf(x, c):
    return gamma_logpdf(x, c)


def chi2_cdf(x, th):
    return gamma_cdf(x, chi2_gamma_th(th))


def chi2_sf(x, th):
    return gamma_sf(x, chi2_gamma_th(th))


def chi2_logcdf(x, th):
    return gamma_logcdf(x, chi2_gamma_th(th))


def chi2_logsf(x, th):
    return gamma_logsf(x, chi2_gamma_th(th))


def chi2_ppf(q, th):
    return gamma_ppf(q, chi2_gamma_th(th))


def chi2_isf(q, th):
    return gamma_isf(q, chi2_gamma_th(th))


def chi2_derivs(x, c, o):
    gamma_derivs(x, c, o)
    chi2_chain(o)


# ---------------------------------------------------------------- invgamma
# logpdf = -(a + 1) log(y) - 1/y - lgamma(a) - log(scale), Loader's form for a > 100
# (see families.pxd)
def invgamma_prep(th):
    # gamma's constants but c[4] = a + 1, and c[9] = log(a) - log(scale)
    c = np.append(gamma_prep(th), math.log(th[0]) - math.log(th[1]))
    c[4] = th[0] + 1.0
    return c


def div_lo(s, u, t):
    """The rounding error s/u - t of t = fl(s/u) for s, u, t in [1e-150, 1e150] (see
    families.pxd)."""
    p = t * u
    k = 134217729.0 * t
    th = k - (k - t)
    tl = t - th
    k = 134217729.0 * u
    uh = k - (k - u)
    ul = u - uh
    return ((s - p) - (((th * uh - p) + th * ul + tl * uh) + tl * ul)) / u


def invgamma_ll(L, u, c):
    """logpdf given L = log(y) and u = x - loc > 0 (inf where it overflows); Loader's
    form for a > 100, corrected by the rounding error of t = scale / u (families.pxd)."""
    t = c[7] / u
    if t == math.inf:           # u -> 0+: the density vanishes (e^-t beats t^(a+1))
        return -math.inf
    if c[0] <= 100.0 or not (t >= DBL_MIN and t < math.inf):
        return -c[4] * L - t + c[3]
    if t > 1e-150 and t < 1e150 and u > 1e-150 and u < 1e150:
        e = div_lo(c[7], u, t)       # times a/t - 1, as e - (e/t) a: no overflow of a/t
        return (log_dpois_big(c[0], t) - (e - (e / t) * c[0])) - L + c[9]
    return log_dpois_big(c[0], t) - L + c[9]


def invgamma_logpdf(x, c):
    L = log_pos_z(x, ls_z(x, c[1], c[2]), c[1], c[8])
    if L != L:
        return nan_or_neginf(x - c[1])
    return invgamma_ll(L, x - c[1], c)


# distribution functions, of th = [a, scale, loc] (see families.pxd)
def invgamma_t(x, th):
    """t = scale / (x - loc) for x > loc, -1 at and below loc, NaN at NaN."""
    d = x - th[2]
    if not d > 0.0:
        return d if d != d else -1.0
    if d <= DBL_MAX:
        return th[1] / d
    return (0.5 * th[1]) / (0.5 * x - 0.5 * th[2])


def invgamma_cdf(x, th):
    t = invgamma_t(x, th)
    return float(gammaincc(th[0], t)) if t >= 0.0 else (t if t != t else 0.0)


def invgamma_sf(x, th):
    t = invgamma_t(x, th)
    return float(gammainc(th[0], t)) if t >= 0.0 else (t if t != t else 1.0)


def invgamma_logcdf(x, th):
    t = invgamma_t(x, th)
    return log_gamma_q(th[0], t) if t >= 0.0 else (t if t != t else -math.inf)


def invgamma_logsf(x, th):
    t = invgamma_t(x, th)
    return log_gamma_p(th[0], t) if t >= 0.0 else (t if t != t else 0.0)


def invgamma_ppf(q, th):
    return th[2] + th[1] / float(gammainccinv(th[0], q)) if is_prob(q) else math.nan


def invgamma_isf(q, th):
    return th[2] + th[1] / float(gammaincinv(th[0], q)) if is_prob(q) else math.nan


def invgamma_derivs(x, c, o):
    L = log_pos_z(x, ls_z(x, c[1], c[2]), c[1], c[8])
    if L != L:
        nan_derivs(invgamma_logpdf(x, c), o)
        return
    r = c[2]
    t = c[7] / (x - c[1])
    o[0] = invgamma_ll(L, x - c[1], c)
    o[1] = -L - c[5]
    o[2] = (c[0] - t) * r
    o[3] = -c[6]
    o[4] = r
    o[5] = -c[0] * r * r


# ---------------------------------------------------------------- invgauss
# logpdf = -log(2 pi)/2 - 3/2 log(y) - Q - log(scale), Q = t (t / y) / 2, t = y/mu - 1
# (see families.pxd for the edges and the distribution functions)
def invgauss_prep(th):
    return np.array([th[0], th[2], 1.0 / th[1], -math.log(th[1]) - 0.5 * LOG_2PI,
                     1.0 / th[0], th[1], -math.log(th[1]), (0.5 / th[1]) / (th[0] * th[0])])


def invgauss_q(x, y, c):
    """Q of a point x > loc (finite) with y = (x - loc) / scale."""
    t = y / c[0] - 1.0
    if y >= DBL_MIN and t < 1e300:
        return 0.5 * t * (t / y)
    if y < DBL_MIN:
        return 0.5 * t * t * (c[5] / (x - c[1]))
    return ls_z(x, c[1], c[7]) - c[4]


def invgauss_logpdf(x, c):
    y = ls_z(x, c[1], c[2])
    L = log_pos_z(x, y, c[1], c[6])
    if L != L:
        return nan_or_neginf(y)
    return c[3] - 1.5 * L - invgauss_q(x, y, c)


def invgauss_derivs(x, c, o):
    y = ls_z(x, c[1], c[2])
    L = log_pos_z(x, y, c[1], c[6])
    if L != L or y == math.inf:
        nan_derivs(invgauss_logpdf(x, c), o)
        return
    r = c[4]
    R = c[2]
    t = y / c[0] - 1.0
    yr = y * r
    iy = 1.0 / y if y >= DBL_MIN else c[5] / (x - c[1])
    o[0] = c[3] - 1.5 * L - invgauss_q(x, y, c)
    o[1] = t * r * r
    o[2] = 0.5 * (1.0 - iy + yr * r) * R
    o[3] = -(1.0 + 3.0 * t) * r * r * r
    o[4] = -yr * r * r * R
    o[5] = -(0.5 + yr * r) * R * R


# distribution functions, of th = [mu, scale, loc] (see families.pxd)
def invgauss_gt(t):
    """t^2 (-erfcx'(t)) for t >= 2 (the continued fraction, see families.pxd)."""
    r = 0.0
    for k in range(80 if t < 3.0 else 40, 0, -1):
        r = (0.5 * k) / (t + r)
    return 1.1283791670955126 * (t * r) / (1.0 + r / t)


def invgauss_gl(a, h, m, u):
    """-erfcx' at the node t = m + u of [a, a + h]; for a >= 2 scaled by a^2."""
    t = m + u
    if a >= 2.0:
        return invgauss_gt(t) * ((a / t) * (a / t))
    return 1.1283791670955126 - 2.0 * t * float(erfcx(t)) if t < 2.0 else invgauss_gt(t) / (t * t)


def invgauss_log_d(a, h):
    """log(erfcx(a) - erfcx(a + h)) for a >= -1, h > 0."""
    if h > 0.5 * max(1.0, a):
        return log_(float(erfcx(a)) - float(erfcx(a + h)))
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
    return log_(hh) + log_(s) - (0.0 if a < 2.0 else 2.0 * math.log(a))


def pick4(i, a, b, c, d):
    return a if i == 0 else (b if i == 1 else (c if i == 2 else d))


def invgauss_std(fn, y, mu):
    """Distribution function fn (0 cdf, 1 sf, 2 logcdf, 3 logsf) of invgauss(mu) at a
    standard y > 0 (inf included)."""
    if y == math.inf:
        return pick4(fn, 1.0, 0.0, 0.0, -math.inf)
    r2y = math.sqrt(2.0 * y)
    a = (y / mu - 1.0) / r2y
    b = (y / mu + 1.0) / r2y
    if a == math.inf:
        return pick4(fn, 1.0, 0.0, 0.0, -math.inf)
    if a < 0.0 and (fn == 0 or fn == 2 or a < -1.0):
        v = log_(float(erfcx(-a)) + float(erfcx(b))) - a * a - LN2
        if fn == 0:
            return exp_(v)
        if fn == 2:
            return v
        return -math.expm1(v) if fn == 1 else log1p_(-exp_(v))
    v = invgauss_log_d(a, math.sqrt(2.0 / y)) - a * a - LN2
    if fn == 1:
        return exp_(v)
    if fn == 3:
        return v
    return -math.expm1(v) if fn == 0 else log1p_(-exp_(v))


def invgauss_dist(fn, x, th):
    y = ls_div(x, th[2], th[1])
    if y > 0.0:
        return invgauss_std(fn, y, th[0])
    if y != y:
        return y
    return pick4(fn, 0.0, 1.0, -math.inf, 0.0)


def invgauss_cdf(x, th):
    return invgauss_dist(0, x, th)


def invgauss_sf(x, th):
    return invgauss_dist(1, x, th)


def invgauss_logcdf(x, th):
    return invgauss_dist(2, x, th)


def invgauss_logsf(x, th):
    return invgauss_dist(3, x, th)


def invgauss_logpdf_std(y, mu):
    t = y / mu - 1.0
    return -0.5 * LOG_2PI - 1.5 * log_(y) - 0.5 * t * (t / y)


def invgauss_solve(lq, mu, upper):
    """The standard y with logsf(y) = lq (upper) or logcdf(y) = lq (see families.pxd)."""
    q = exp_(lq)
    z = -float(ndtri(q)) if upper else float(ndtri(q))
    d = math.hypot(mu * z, 2.0 * math.sqrt(mu))
    s = 0.5 * (mu * z + d) if z >= 0.0 else 2.0 * mu / (d - mu * z)
    w = 2.0 * log_(s)
    e = float(erfinv(q)) if upper else float(erfcinv(q))
    if e > 0.0 and e < math.inf:
        w = min(w, -log_(2.0 * e * e))
    lo = -math.inf
    hi = math.inf
    for it in range(100):
        y = exp_(w)
        F = invgauss_std(3 if upper else 2, y, mu)
        if (F > lq) != upper:
            hi = min(hi, w)
        else:
            lo = max(lo, w)
        if F == lq:
            return y
        dF = exp_(invgauss_logpdf_std(y, mu) + w - F)
        wn = math.nan
        if dF > 0.0 and dF < math.inf:
            step = (F - lq) / dF
            wn = w - max(-5.0, min(5.0, -step if upper else step))
            if abs(wn - w) <= 1e-15 * max(1.0, abs(w)):
                return exp_(wn)
        if not (wn > lo and wn < hi):      # no Newton step, or one leaving the bracket
            if lo > -math.inf and hi < math.inf:
                wn = 0.5 * (lo + hi)
                if hi - lo <= 1e-15 * max(1.0, abs(wn)):
                    return exp_(wn)
            else:
                wn = w + (-5.0 if w >= hi else 5.0)
        w = wn
    return exp_(w)


def invgauss_quantile(q, th, upper):
    if not is_prob(q):
        return math.nan
    if q == 0.0 or q == 1.0:
        return th[2] if (q == 0.0) != upper else math.inf
    if q <= 0.5:
        y = invgauss_solve(math.log(q), th[0], upper)
    else:
        y = invgauss_solve(math.log(1.0 - q), th[0], not upper)
    return th[2] + th[1] * y


def invgauss_ppf(q, th):
    return invgauss_quantile(q, th, False)


def invgauss_isf(q, th):
    return invgauss_quantile(q, th, True)


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
def shape_scale_prep(th):
    """Constants of a positive family th = [k, scale, loc] (see families.pxd)."""
    k = th[0]
    return np.array([k, th[2], 1.0 / th[1], math.log(k) - math.log(th[1]), k - 1.0, 1.0 / k,
                     -math.log(th[1])])


def shape_scale_log(x, c, o):
    """log(y) for F_derivs of a shape_scale_prep family; NaN outside the support's
    interior, where o is filled (the edge's log-density, NaN derivatives)."""
    y = ls_z(x, c[1], c[2])
    L = log_pos_z(x, y, c[1], c[6])
    if L != L:
        nan_derivs(power_edge(y, c[4], c[3]), o)
    return L


def weibull_min_prep(th):
    return shape_scale_prep(th)


def weib_logpdf(x, y, c, two_sided):
    """c[3] + (k - 1) log(y) - y^k at y = (x - loc)/scale (|y| for dweibull, two_sided)."""
    if y >= DBL_MIN and y < math.inf:
        t = math.log(y)
        return c[3] + c[4] * t - exp_(c[0] * t)
    if (x > c[1] or (two_sided and x < c[1])) and abs(x) < math.inf:
        t = log_abs_z(x, c[1], c[6])        # y under- or overflows, log(y) does not
        return c[3] + c[4] * t - exp_(c[0] * t)
    return power_edge(y, c[4], c[3])


def weibull_min_logpdf(x, c):
    return weib_logpdf(x, ls_z(x, c[1], c[2]), c, False)

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
    r = c[2]
    k = c[0]
    L = shape_scale_log(x, c, o)
    if L != L:
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


# distribution functions, of th = [a, b, loc, scale] (see families.pxd)
def ibeta_cf(a, b, x):
    """The continued fraction of I_x(a, b) = x^a (1 - x)^b / (a B(a, b)) * cf, by the
    modified Lentz method (fast for x < (a + 1) / (a + b + 2))."""
    c = 1.0
    d = 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > 1e-300 else 1e-300)
    h = d
    m = 1.0
    while m < 1e5:
        for j in range(2):
            if j == 0:
                e = m * (b - m) * x / ((a + 2.0 * m - 1.0) * (a + 2.0 * m))
            else:
                e = -(a + m) * (a + b + m) * x / ((a + 2.0 * m) * (a + 2.0 * m + 1.0))
            d = 1.0 + e * d
            d = 1.0 / (d if abs(d) > 1e-300 else 1e-300)
            c = 1.0 + e / c
            c = c if abs(c) > 1e-300 else 1e-300
            h *= d * c
        if abs(d * c - 1.0) < 3e-16:
            break
        m += 1.0
    return h


def log_ibeta_pre(a, b, x, xc, lx, lxc):
    """log(x^a xc^b / B(a, b)) for xc = 1 - x, lx = log(x), lxc = log(xc): in Loader's
    form when a, b >= 100 (see families.pxd)."""
    if a >= 100.0 and b >= 100.0:
        n = a + b
        return (0.5 * (math.log(a) + math.log(b) - math.log(n) - LOG_2PI) - bd0(a, n * x)
                - bd0(b, n * xc) + (lgamma_corr(n) - lgamma_corr(a) - lgamma_corr(b)))
    return a * lx + b * lxc - betaln(a, b)


def log_ibeta(a, b, y, upper):
    """log I_y(a, b) (upper: log of 1 - I_y(a, b) = I_{1-y}(b, a)) for 0 < y < 1:
    log1p of the complement where the value is > 1/2, the continued fraction where
    scipy's value underflows (see families.pxd)."""
    v = float(betaincc(a, b, y)) if upper else float(betainc(a, b, y))
    if v > 0.5:
        return log1p_(-(float(betainc(a, b, y)) if upper else float(betaincc(a, b, y))))
    if v >= DBL_MIN or v != v or not (y > 0.0 and y < 1.0):
        return log_(v)
    if upper:
        return (log_ibeta_pre(b, a, 1.0 - y, y, math.log1p(-y), math.log(y)) - math.log(b)
                + math.log(ibeta_cf(b, a, 1.0 - y)))
    return (log_ibeta_pre(a, b, y, 1.0 - y, math.log(y), math.log1p(-y)) - math.log(a)
            + math.log(ibeta_cf(a, b, y)))


def beta_ppf_y(a, b, q, upper):
    """The standard quantile of q (upper: of the upper tail): scipy's betaincinv /
    betainccinv, and where those fail (NaN, or about DBL_MIN for an answer below it) the
    leading term of the tail, y^a / (a B(a, b)) = q (see families.pxd)."""
    if not is_prob(q):
        return math.nan
    y = float(betainccinv(a, b, q)) if upper else float(betaincinv(a, b, q))
    if y == y and not (y > 0.0 and y <= DBL_MIN):
        return y
    if upper and y != y:
        return -math.expm1((math.log(q) + math.log(b) + betaln(a, b)) / b)
    return exp_((log_(1.0 - q if upper else q) + math.log(a) + betaln(a, b)) / a)


def beta_fn(x, th, fn):
    """cdf ... logsf (fn = 0 ... 3, as in DIST_FUNCTIONS) of beta at x."""
    y = ls_div(x, th[2], th[3])
    if y != y:
        return y
    if y > 0.0 and y < 1.0:
        if fn <= 1:
            return float(betaincc(th[0], th[1], y)) if fn == 1 else float(
                betainc(th[0], th[1], y))
        return log_ibeta(th[0], th[1], y, fn == 3)
    return tail_edge(fn, y >= 1.0)


def beta_cdf(x, th):
    return beta_fn(x, th, 0)


def beta_sf(x, th):
    return beta_fn(x, th, 1)


def beta_logcdf(x, th):
    return beta_fn(x, th, 2)


def beta_logsf(x, th):
    return beta_fn(x, th, 3)


def beta_ppf(q, th):
    return th[2] + th[3] * beta_ppf_y(th[0], th[1], q, False)


def beta_isf(q, th):
    return th[2] + th[3] * beta_ppf_y(th[0], th[1], q, True)


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


# ---------------------------------------------------------------- dweibull
# |y| is weibull_min(c); weibull_min's layout of c (see families.pxd)
def dweibull_prep(th):
    k = th[0]
    return np.array([k, th[1], 1.0 / th[2], math.log(k) - LN2 - math.log(th[2]), k - 1.0,
                     1.0 / k, -math.log(th[2])])


def dweibull_logpdf(x, c):
    return weib_logpdf(x, abs(ls_z(x, c[1], c[2])), c, True)


# distribution functions, of th = [c, loc, scale]: laplace's at w = sign(y) |y|^c
def dweibull_w(x, th):
    y = ls_div(x, th[1], th[2])
    return math.copysign(pow_(abs(y), th[0]), y)


def dweibull_ppf_q(q, k):
    v = laplace_ppf_q(q)
    return math.copysign(pow_(abs(v), 1.0 / k), v)


def dweibull_cdf(x, th):
    return laplace_cdf_z(dweibull_w(x, th))


def dweibull_sf(x, th):
    return laplace_cdf_z(-dweibull_w(x, th))


def dweibull_logcdf(x, th):
    return laplace_logcdf_z(dweibull_w(x, th))


def dweibull_logsf(x, th):
    return laplace_logcdf_z(-dweibull_w(x, th))


def dweibull_ppf(q, th):
    return th[1] + th[2] * dweibull_ppf_q(q, th[0]) if is_prob(q) else math.nan


def dweibull_isf(q, th):
    return th[1] - th[2] * dweibull_ppf_q(q, th[0]) if is_prob(q) else math.nan


def dweibull_derivs(x, c, o):
    # weibull_min's in c and scale (of |y|); in loc through e = 1/(x - loc) = r/y
    y = abs(ls_z(x, c[1], c[2]))
    r = c[2]
    k = c[0]
    if y >= DBL_MIN and y < math.inf:
        L = math.log(y)
    elif x != c[1] and abs(x) < math.inf:
        L = log_abs_z(x, c[1], c[6])
    else:
        nan_derivs(power_edge(y, c[4], c[3]), o)
        return
    P = exp_(k * L)
    e = recip(x - c[1])
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


# ---------------------------------------------------------------- gumbel_l
# gumbel_r mirrored: every kernel is gumbel_r's at -x about -loc (see families.pxd)
def mirror_loc(th):
    return np.array([-th[0], th[1]])


def gumbel_l_prep(th):
    return gumbel_r_prep(mirror_loc(th))


def gumbel_l_logpdf(x, c):
    return gumbel_r_logpdf(-x, c)


def gumbel_l_cdf(x, th):
    return gumbel_r_sf(-x, mirror_loc(th))


def gumbel_l_sf(x, th):
    return gumbel_r_cdf(-x, mirror_loc(th))


def gumbel_l_logcdf(x, th):
    return gumbel_r_logsf(-x, mirror_loc(th))


def gumbel_l_logsf(x, th):
    return gumbel_r_logcdf(-x, mirror_loc(th))


def gumbel_l_ppf(q, th):
    return -gumbel_r_isf(q, mirror_loc(th))


def gumbel_l_isf(q, th):
    return -gumbel_r_ppf(q, mirror_loc(th))


def gumbel_l_derivs(x, c, o):
    # the derivatives w.r.t. -loc, turned into those w.r.t. loc
    gumbel_r_derivs(-x, c, o)
    o[1] = -o[1]
    o[4] = -o[4]


# ---------------------------------------------------------------- loggamma
# logpdf = c y - exp(y) - lgamma(c) - log(scale), Loader's form for c > 101 (families.pxd)
def loggamma_prep(th):
    a = th[0]
    return np.array([a, th[1], 1.0 / th[2], -lgamma_(a) - math.log(th[2]), digamma(a),
                     trigamma(a), -math.log(th[2]), a - 1.0])


def loggamma_post(y, u, c):
    """The log-density at a finite y given u = exp(y)."""
    if c[0] <= 101.0 or not u >= DBL_MIN:
        return c[0] * y - u + c[3]
    return log_dpois_big(c[7], u) + y + c[6]


def loggamma_logpdf(x, c):
    y = ls_z(x, c[1], c[2])
    if finite(y):
        return loggamma_post(y, exp_(y), c)
    return nan_or_neginf(y)


# distribution functions, of th = [c, loc, scale] (see families.pxd)
def loggamma_low(c, y):
    return c * y - lgamma_(c + 1.0)


def loggamma_cdf(x, th):
    y = ls_div(x, th[1], th[2])
    return exp_(loggamma_low(th[0], y)) if y < LOG_DBL_MIN else float(gammainc(th[0], exp_(y)))


def loggamma_sf(x, th):
    y = ls_div(x, th[1], th[2])
    if y < LOG_DBL_MIN:
        return -math.expm1(loggamma_low(th[0], y))
    return float(gammaincc(th[0], exp_(y)))


def loggamma_logcdf(x, th):
    y = ls_div(x, th[1], th[2])
    return loggamma_low(th[0], y) if y < LOG_DBL_MIN else log_gamma_p(th[0], exp_(y))


def loggamma_logsf(x, th):
    y = ls_div(x, th[1], th[2])
    return log1mexp(-loggamma_low(th[0], y)) if y < LOG_DBL_MIN else log_gamma_q(th[0], exp_(y))


def loggamma_ppf(q, th):
    if not is_prob(q):
        return math.nan
    g = float(gammaincinv(th[0], q))
    v = (log_(q) + lgamma_(th[0] + 1.0)) / th[0] if g < DBL_MIN else log_(g)
    return th[1] + th[2] * v


def loggamma_isf(q, th):
    if not is_prob(q):
        return math.nan
    g = float(gammainccinv(th[0], q))
    v = (log1p_(-q) + lgamma_(th[0] + 1.0)) / th[0] if g < DBL_MIN else log_(g)
    return th[1] + th[2] * v


def loggamma_derivs(x, c, o):
    y = ls_z(x, c[1], c[2])
    if not finite(y):
        nan_derivs(loggamma_logpdf(x, c), o)
        return
    r = c[2]
    u = exp_(y)
    t = np.empty(6)
    ls_derivs(loggamma_post(y, u, c), y, r, c[0] - u, -u, t)
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
# logpdf = -log(scale) on 0 <= y <= 1, y divided as scipy (see families.pxd)
def uniform_prep(th):
    return np.array([th[0], th[1], -math.log(th[1]), 1.0 / th[1]])


def uniform_logpdf(x, c):
    y = (x - c[0]) / c[1]
    if y >= 0.0 and y <= 1.0:
        return c[2]
    return nan_or_neginf(y)


def uniform_derivs(x, c, o):
    y = (x - c[0]) / c[1]
    if not (y >= 0.0 and y <= 1.0):
        nan_derivs(uniform_logpdf(x, c), o)
        return
    o[0] = c[2]
    o[1] = 0.0
    o[2] = -c[3]
    o[3] = 0.0
    o[4] = 0.0
    o[5] = c[3] * c[3]


# distribution functions, of th = [loc, scale] (see families.pxd)
def clip01(v):
    return v if v != v else (0.0 if v < 0.0 else (1.0 if v > 1.0 else v))


def uniform_upper(x, th):
    # (loc + scale - x) / scale, loc + scale - x to rounding (TwoSum)
    big = abs(th[0]) > 0.25 * DBL_MAX or th[1] > 0.25 * DBL_MAX or abs(x) > 0.25 * DBL_MAX
    h = 0.5 if big else 1.0
    lo = h * th[0]
    sc = h * th[1]
    s = lo + sc
    bb = s - lo
    return ((s - h * x) + ((lo - (s - bb)) + (sc - bb))) / sc


def uniform_cdf(x, th):
    return clip01(ls_div(x, th[0], th[1]))


def uniform_sf(x, th):
    return clip01(uniform_upper(x, th))


def uniform_logcdf(x, th):
    p = uniform_cdf(x, th)
    return log_(p) if not p > 0.5 else math.log1p(-uniform_sf(x, th))


def uniform_logsf(x, th):
    p = uniform_sf(x, th)
    return log_(p) if not p > 0.5 else math.log1p(-uniform_cdf(x, th))


def uniform_ppf(q, th):
    return th[0] + th[1] * q if is_prob(q) else math.nan


def uniform_isf(q, th):
    return th[0] + th[1] * (1.0 - q) if is_prob(q) else math.nan


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


# ---------------------------------------------------------------- discrete distribution functions
# scipy's rv_discrete semantics (see families.pxd): a function of x is that of the count
# k = floor(x), the support's edge values outside [lo, hi); ppf(q) is the smallest count
# with cdf >= q, isf(q) the smallest with sf <= q (lo - 1 and hi at q = 0 and 1)
POISSON = 0
BINOM = 1
GEOM = 2
NBINOM = 3


def tail_edge(fn, above):
    """cdf ... logsf (fn = 0 ... 3) below the support (above False) or at or above its
    upper end."""
    one = (fn == 0 or fn == 2) == above     # the probability is 1 (else 0)
    if fn <= 1:
        return 1.0 if one else 0.0
    return 0.0 if one else -math.inf


def count_tail(fam, k, th, fn):
    """cdf ... logsf (fn = 0 ... 3) of the discrete family ``fam`` at a count k of its
    support below its upper end."""
    if fam == POISSON:
        return poisson_tail(k, th, fn)
    if fam == BINOM:
        return binom_tail(k, th, fn)
    if fam == GEOM:
        return geom_tail(k, th, fn)
    return nbinom_tail(k, th, fn)


def count_fn(fam, x, th, fn, lo, hi):
    """cdf ... logsf (fn = 0 ... 3) at x of a discrete family with support [lo, hi]."""
    if x != x:
        return x
    k = floor_(x)
    if k < lo or k >= hi:
        return tail_edge(fn, k >= hi)
    return count_tail(fam, k, th, fn)


def count_hit(fam, k, th, q, upper, lo, hi):
    """cdf(k) >= q (upper: sf(k) <= q) at a count k, at least lo - 1."""
    if k < lo or k >= hi:
        return k >= hi
    if upper:
        return count_tail(fam, k, th, 1) <= q
    return count_tail(fam, k, th, 0) >= q


def count_start(g, q, upper, mean, sd, lo, hi):
    """The first count of the quantile search: g (scipy's inverse, rounded up) when it is
    plausible, else the normal approximation; within [lo, hi]."""
    top = mean + 1e3 * (sd + 1.0)
    if not (g >= lo and g <= top):
        z = float(ndtri(q))
        g = mean + sd * (-z if upper else z)
    g = -floor_(-min(g, top))
    return min(g, hi) if g > lo else lo


def count_quantile(fam, q, th, upper, lo, hi, k):
    """ppf(q) (upper: isf(q)) of a discrete family with support [lo, hi]: from the first
    count k (F_guess), doubling steps until the answer is bracketed, then bisection."""
    if not is_prob(q):
        return math.nan
    if q == 0.0 or q == 1.0:
        return hi if (q == 1.0) != upper else lo - 1.0
    step = 1.0
    if count_hit(fam, k, th, q, upper, lo, hi):
        b = k
        a = k - step
        while a >= lo and count_hit(fam, a, th, q, upper, lo, hi):
            b = a
            step *= 2.0
            a = b - step
        a = max(a, lo - 1.0)
    else:
        a = k
        b = k + step
        while b < hi and not count_hit(fam, b, th, q, upper, lo, hi):
            a = b
            step *= 2.0
            b = a + step
        if not b < math.inf:
            return math.nan
        b = min(b, hi)
    while b - a > 1.0:
        m = floor_(0.5 * (a + b))
        if not (m > a and m < b):
            break
        if count_hit(fam, m, th, q, upper, lo, hi):
            b = m
        else:
            a = m
    return b
# ---------------------------------------------------------------- rayleigh
def rayleigh_prep(th):
    return np.array([th[1], 1.0 / th[0], -math.log(th[0])])


def rayleigh_logpdf(x, c):
    y = ls_z(x, c[0], c[1])
    if y >= DBL_MIN and y < math.inf:
        return math.log(y) - (0.5 * y) * y + c[2]
    if y < DBL_MIN and x > c[0]:           # y underflows, its log does not
        return log_abs_z(x, c[0], c[2]) + c[2]
    return nan_or_neginf(y)


# distribution functions, of th = [scale, loc] (see families.pxd)
def rayleigh_cdf(x, th):
    y = ls_div(x, th[1], th[0])
    return -math.expm1(-(0.5 * y) * y) if y > 0.0 else (y if y != y else 0.0)


def rayleigh_sf(x, th):
    y = ls_div(x, th[1], th[0])
    return exp_(-(0.5 * y) * y) if y > 0.0 else (y if y != y else 1.0)


def rayleigh_logcdf(x, th):
    y = ls_div(x, th[1], th[0])
    if not y > 0.0:
        return y if y != y else -math.inf
    p = (0.5 * y) * y
    return log1mexp(p) if p > 1e-10 else 2.0 * math.log(y) - LN2 - 0.5 * p


def rayleigh_logsf(x, th):
    y = ls_div(x, th[1], th[0])
    return -(0.5 * y) * y if y > 0.0 else (y if y != y else 0.0)


def rayleigh_ppf(q, th):
    return th[1] + th[0] * math.sqrt(-2.0 * log1p_(-q)) if is_prob(q) else math.nan


def rayleigh_isf(q, th):
    return th[1] + th[0] * math.sqrt(-2.0 * log_(q)) if is_prob(q) else math.nan


def rayleigh_derivs(x, c, o):
    y = ls_z(x, c[0], c[1])
    r = c[1]
    L = log_pos_z(x, y, c[0], c[2])
    if L != L or y == math.inf:
        nan_derivs(rayleigh_logpdf(x, c), o)
        return
    o[0] = L - (0.5 * y) * y + c[2]
    o[1] = (y * y - 2.0) * r
    o[2] = (2.0 - 3.0 * y * y) * r * r


# ---------------------------------------------------------------- lomax
# logpdf = log(c) - (c + 1) log1p(y) - log(scale), y >= 0 (see families.pxd)
def lomax_prep(th):
    k = th[0]
    return np.array([k, th[2], 1.0 / th[1], math.log(k) - math.log(th[1]), k + 1.0, 1.0 / k,
                     -math.log(th[1])])


def lomax_l1p(x, y, c):
    """log1p(y) for y in [0, inf) (log(y) from x where y overflows); NaN otherwise."""
    if y >= 0.0 and y < math.inf:
        return math.log1p(y)
    if y == math.inf and x < math.inf:
        return log_abs_z(x, c[1], c[6])
    return math.nan


def lomax_logpdf(x, c):
    y = ls_z(x, c[1], c[2])
    L = lomax_l1p(x, y, c)
    if L == L:
        return c[3] - c[4] * L
    return nan_or_neginf(y)


def lomax_derivs(x, c, o):
    y = ls_z(x, c[1], c[2])
    L = lomax_l1p(x, y, c)
    if L != L:
        nan_derivs(lomax_logpdf(x, c), o)
        return
    R = c[2]
    v = y / (1.0 + y) if y < math.inf else 1.0
    o[0] = c[3] - c[4] * L
    o[1] = c[5] - L
    o[2] = (c[4] * v - 1.0) * R
    o[3] = -c[5] * c[5]
    o[4] = v * R
    o[5] = (1.0 - c[4] * v * (2.0 - v)) * R * R


# distribution functions, of th = [c, scale, loc] (see families.pxd)
def lomax_p(x, th):
    """c log1p(y) (log(y) where y overflows): -1 below loc, NaN at NaN."""
    y = ls_div(x, th[2], th[1])
    if not y >= 0.0:
        return y if y != y else -1.0
    if y < math.inf or x == math.inf:
        return th[0] * log1p_(y)
    return th[0] * log_abs_z(x, th[2], -math.log(th[1]))


def lomax_cdf(x, th):
    p = lomax_p(x, th)
    return -math.expm1(-p) if p >= 0.0 else (p if p != p else 0.0)


def lomax_sf(x, th):
    p = lomax_p(x, th)
    return exp_(-p) if p >= 0.0 else (p if p != p else 1.0)


def lomax_logcdf(x, th):
    p = lomax_p(x, th)
    return log1mexp(p) if p > 0.0 else (p if p != p else -math.inf)


def lomax_logsf(x, th):
    p = lomax_p(x, th)
    return -p if p >= 0.0 else (p if p != p else 0.0)


def lomax_ppf(q, th):
    return th[2] + th[1] * expm1_(-log1p_(-q) / th[0]) if is_prob(q) else math.nan


def lomax_isf(q, th):
    return th[2] + th[1] * expm1_(-log_(q) / th[0]) if is_prob(q) else math.nan
# ---------------------------------------------------------------- burr family
# (fisk, burr12; see families.pxd): in t = c log(y), log1p(y^c) = softplus(t)
def softplus_parts(t):
    """(log1p(exp(t)), sigmoid(t), 1 - sigmoid(t)) for any t, without cancellation."""
    e = exp_(-abs(t))
    q = 1.0 / (1.0 + e)
    if t >= 0.0:
        return t + math.log1p(e), q, e * q
    return math.log1p(e), e * q, q


def burr_at(L, k, d1, c0):
    """c0 + (k - 1) L - d1 log1p(y^k) at L = log(y)."""
    t = k * L
    return c0 + (k - 1.0) * L - d1 * ((t if t > 0.0 else 0.0) + math.log1p(exp_(-abs(t))))


def pos_log(x, loc, scale):
    """log((x - loc) / scale) as scipy divides: -inf at and below loc, NaN at NaN."""
    y = ls_div(x, loc, scale)
    return log_(y) if y > 0.0 else (y if y != y else -math.inf)


# ---------------------------------------------------------------- fisk
def fisk_prep(th):
    return shape_scale_prep(th)


def fisk_logpdf(x, c):
    y = ls_z(x, c[1], c[2])
    L = log_pos_z(x, y, c[1], c[6])
    return burr_at(L, c[0], 2.0, c[3]) if L == L else power_edge(y, c[4], c[3])


# distribution functions, of th = [c, scale, loc] (see families.pxd)
def fisk_cdf(x, th):
    return logistic_cdf_z(th[0] * pos_log(x, th[2], th[1]))


def fisk_sf(x, th):
    return logistic_cdf_z(-th[0] * pos_log(x, th[2], th[1]))


def fisk_logcdf(x, th):
    return logistic_logcdf_z(th[0] * pos_log(x, th[2], th[1]))


def fisk_logsf(x, th):
    return logistic_logcdf_z(-th[0] * pos_log(x, th[2], th[1]))


def fisk_ppf(q, th):
    return th[2] + th[1] * exp_(logistic_ppf_q(q) / th[0]) if is_prob(q) else math.nan


def fisk_isf(q, th):
    return th[2] + th[1] * exp_(-logistic_ppf_q(q) / th[0]) if is_prob(q) else math.nan


def fisk_derivs(x, c, o):
    k = c[0]
    r = c[2]
    L = shape_scale_log(x, c, o)
    if L != L:
        return
    sp, s0, s1 = softplus_parts(k * L)
    f1 = s0 - s1
    f2 = 2.0 * s0 * s1
    o[0] = burr_at(L, k, 2.0, c[3])
    o[1] = c[5] - f1 * L
    o[2] = k * f1 * r
    o[3] = -c[5] * c[5] - f2 * L * L
    o[4] = (k * L * f2 + f1) * r
    o[5] = -k * (f1 + k * f2) * r * r


# ---------------------------------------------------------------- burr12
def burr12_prep(th):
    k = th[0]
    d = th[1]
    return np.array([k, d, th[3], 1.0 / th[2], math.log(k) + math.log(d) - math.log(th[2]),
                     k - 1.0, d + 1.0, 1.0 / k, 1.0 / d, -math.log(th[2])])


def burr12_logpdf(x, c):
    y = ls_z(x, c[2], c[3])
    L = log_pos_z(x, y, c[2], c[9])
    return burr_at(L, c[0], c[6], c[4]) if L == L else power_edge(y, c[5], c[4])


# distribution functions, of th = [c, d, scale, loc] (see families.pxd)
def burr12_logsf(x, th):
    return -th[1] * softplus_parts(th[0] * pos_log(x, th[3], th[2]))[0]


def burr12_sf(x, th):
    return exp_(burr12_logsf(x, th))


def burr12_cdf(x, th):
    return -math.expm1(burr12_logsf(x, th))


def burr12_logcdf(x, th):
    t = th[0] * pos_log(x, th[3], th[2])
    sp = softplus_parts(t)[0]
    p = th[1] * sp
    if p > 1e-10:
        return log1mexp(p)
    return math.log(th[1]) + (t - 0.5 * exp_(t) if t < -30.0 else log_(sp)) - 0.5 * p


def burr12_y(w, c):
    """(e^w - 1)^(1/c) for w >= 0, also where e^w overflows."""
    if w <= 700.0:
        return pow_(math.expm1(w), 1.0 / c)
    return exp_((w + math.log1p(-exp_(-w))) / c)


def burr12_ppf(q, th):
    if not is_prob(q):
        return math.nan
    return th[3] + th[2] * burr12_y(-1.0 / th[1] * log1p_(-q), th[0])


def burr12_isf(q, th):
    if not is_prob(q):
        return math.nan
    return th[3] + th[2] * burr12_y(-1.0 / th[1] * log_(q), th[0])


def burr12_derivs(x, c, o):
    y = ls_z(x, c[2], c[3])
    k = c[0]
    d = c[1]
    r = c[3]
    L = log_pos_z(x, y, c[2], c[9])
    if L != L:
        nan_derivs(power_edge(y, c[5], c[4]), o)
        return
    sp, s0, s1 = softplus_parts(k * L)
    A = s1 - d * s0
    B = c[6] * s0 * s1
    o[0] = c[4] + c[5] * L - c[6] * sp
    o[1] = c[7] + L * A
    o[2] = c[8] - sp
    o[3] = -k * A * r
    o[4] = -c[7] * c[7] - B * L * L
    o[5] = -s0 * L
    o[6] = (k * L * B - A) * r
    o[7] = -c[8] * c[8]
    o[8] = k * s0 * r
    o[9] = k * (A - k * B) * r * r


# ---------------------------------------------------------------- nakagami
def lgamma_stirling(x):
    """(C(x), C'(x), C''(x)) for C(x) = x log(x) - x - lgamma(x), x > 0 (families.pxd)."""
    if x < 20.0:
        return (x * math.log(x) - x - lgamma_(x), math.log(x) - digamma(x),
                1.0 / x - trigamma(x))
    v = 1.0 / x
    v2 = v * v
    d0 = 0.5 * (math.log(x) - LOG_2PI) - v * (1.0 / 12.0 - v2 * (1.0 / 360.0 - v2 * (
        1.0 / 1260.0 - v2 * (1.0 / 1680.0 - v2 * (1.0 / 1188.0 - v2 * (
            691.0 / 360360.0 - v2 / 156.0))))))
    d1 = v * (0.5 + v * (1.0 / 12.0 - v2 * (1.0 / 120.0 - v2 * (1.0 / 252.0 - v2 * (
        1.0 / 240.0 - v2 * (1.0 / 132.0 - v2 * (691.0 / 32760.0 - v2 / 12.0)))))))
    d2 = -v2 * (0.5 + v * (1.0 / 6.0 - v2 * (1.0 / 30.0 - v2 * (1.0 / 42.0 - v2 * (
        1.0 / 30.0 - v2 * (5.0 / 66.0 - v2 * (691.0 / 2730.0 - v2 * 7.0 / 6.0)))))))
    return d0, d1, d2


def nakagami_g(y, L):
    """y^2 - 1 - 2 L (L = log(y)) >= 0: Loader's bd0 near y = 1, where it cancels."""
    u = y * y
    return bd0(1.0, u) if (u >= 0.5 and u <= 2.0) else (u - 1.0) - 2.0 * L


def nakagami_prep(th):
    d0, d1, d2 = lgamma_stirling(th[0])
    return np.array([th[0], th[2], 1.0 / th[1], LN2 + d0 - math.log(th[1]), -math.log(th[1]),
                     d1, d2, 2.0 * th[0] - 1.0])


def nakagami_logpdf(x, c):
    y = ls_z(x, c[1], c[2])
    L = log_pos_z(x, y, c[1], c[4])
    if L != L:     # at y = 0 the density ~ y^(2 nu - 1)
        return power_edge(y, c[7], c[3] + c[0])
    return c[3] - c[0] * nakagami_g(y, L) - L


# distribution functions, of th = [nu, scale, loc] (see families.pxd)
def nakagami_z(x, th):
    """(z = nu y^2, log P(nu, z) where z < DBL_MIN but y > 0, else NaN)."""
    y = ls_div(x, th[2], th[1])
    if not y > 0.0:
        return (y if y != y else 0.0), math.nan
    z = th[0] * y * y
    if z < DBL_MIN:
        return z, th[0] * (math.log(th[0]) + 2.0 * math.log(y)) - lgamma_(th[0] + 1.0)
    return z, math.nan


def nakagami_cdf(x, th):
    z, lp = nakagami_z(x, th)
    return exp_(lp) if lp == lp else float(gammainc(th[0], z))


def nakagami_sf(x, th):
    z, lp = nakagami_z(x, th)
    return -math.expm1(lp) if lp == lp else float(gammaincc(th[0], z))


def nakagami_logcdf(x, th):
    z, lp = nakagami_z(x, th)
    if lp == lp:
        return lp
    return log_gamma_p(th[0], z) if z > 0.0 else (z if z != z else -math.inf)


def nakagami_logsf(x, th):
    z, lp = nakagami_z(x, th)
    if lp == lp:
        return math.log1p(-exp_(lp))
    return log_gamma_q(th[0], z) if z > 0.0 else (z if z != z else 0.0)


def nakagami_ppf(q, th):
    if not is_prob(q):
        return math.nan
    return th[2] + th[1] * math.sqrt(float(gammaincinv(th[0], q)) / th[0])


def nakagami_isf(q, th):
    if not is_prob(q):
        return math.nan
    return th[2] + th[1] * math.sqrt(float(gammainccinv(th[0], q)) / th[0])


def nakagami_derivs(x, c, o):
    y = ls_z(x, c[1], c[2])
    r = c[2]
    nu = c[0]
    L = log_pos_z(x, y, c[1], c[4])
    if L != L:
        nan_derivs(power_edge(y, c[7], c[3] + nu), o)
        return
    e = (y - 1.0) * (y + 1.0)
    o[0] = c[3] - nu * nakagami_g(y, L) - L
    o[1] = c[5] - nakagami_g(y, L)
    o[2] = 2.0 * nu * e * r
    o[3] = c[6]
    o[4] = 2.0 * e * r
    o[5] = 2.0 * nu * (1.0 - 3.0 * y * y) * r * r


# ---------------------------------------------------------------- exponpow
def exponpow_v_of(y, L, b):
    """v = y^b: pow where y is a normal positive double, else exp(b L) (families.pxd)."""
    return pow_(y, b) if (y >= DBL_MIN and y < math.inf) else exp_(b * L)


def exponpow_at(y, L, c):
    v = exponpow_v_of(y, L, c[0])
    return c[3] + c[4] * L - (expm1_(v) - v) if v < math.inf else -math.inf


def exponpow_prep(th):
    return shape_scale_prep(th)


def exponpow_logpdf(x, c):
    y = ls_z(x, c[1], c[2])
    L = log_pos_z(x, y, c[1], c[6])
    return exponpow_at(y, L, c) if L == L else power_edge(y, c[4], c[3])


# distribution functions, of th = [b, scale, loc] (see families.pxd)
def exponpow_v(x, th):
    """y^b, y = (x - loc) / scale: 0 at and below loc, NaN at NaN."""
    y = ls_div(x, th[2], th[1])
    return pow_(y, th[0]) if y > 0.0 else (y if y != y else 0.0)


def exponpow_cdf(x, th):
    return -math.expm1(-expm1_(exponpow_v(x, th)))


def exponpow_sf(x, th):
    return exp_(-expm1_(exponpow_v(x, th)))


def exponpow_logsf(x, th):
    return -expm1_(exponpow_v(x, th))


def exponpow_logcdf(x, th):
    y = ls_div(x, th[2], th[1])
    if not y > 0.0:
        return y if y != y else -math.inf
    v = pow_(y, th[0])
    return log1mexp(expm1_(v)) if v > 1e-10 else th[0] * math.log(y)


def exponpow_ppf(q, th):
    return th[2] + th[1] * pow_(log1p_(-log1p_(-q)), 1.0 / th[0]) if is_prob(q) else math.nan


def exponpow_isf(q, th):
    return th[2] + th[1] * pow_(log1p_(-log_(q)), 1.0 / th[0]) if is_prob(q) else math.nan


def exponpow_derivs(x, c, o):
    b = c[0]
    r = c[2]
    L = shape_scale_log(x, c, o)
    if L != L:
        return
    v = exponpow_v_of(ls_z(x, c[1], c[2]), L, b)
    em = expm1_(v)
    P = v * em
    Q = v * (em + v * (em + 1.0))
    o[0] = c[3] + c[4] * L - (em - v) if v < math.inf else -math.inf
    o[1] = c[5] + L * (1.0 - P)
    o[2] = b * (P - 1.0) * r
    o[3] = -c[5] * c[5] - L * L * Q
    o[4] = (P - 1.0 + b * L * Q) * r
    o[5] = -b * (b * Q + P - 1.0) * r * r


# ---------------------------------------------------------------- powerlaw
def powerlaw_prep(th):
    a = th[0]
    return np.array([a, th[1], th[2], math.log(a) - math.log(th[2]), a - 1.0, 1.0 / a,
                     -math.log(th[2])])


def powerlaw_log_y(x, y, c):
    """log(y) on 0 < y <= 1, also where y underflows; NaN elsewhere (see families.pxd)."""
    if y >= DBL_MIN and y <= 1.0:
        return math.log(y)
    return log_abs_z(x, c[1], c[6]) if (y < DBL_MIN and x > c[1]) else math.nan


def powerlaw_edge(y, c):
    if y != y:
        return y
    return c[3] if (y == 0.0 and c[0] == 1.0) else -math.inf


def powerlaw_logpdf(x, c):
    y = (x - c[1]) / c[2]
    L = powerlaw_log_y(x, y, c)
    return xlogy_l(c[4], L) + c[3] if L == L else powerlaw_edge(y, c)


# distribution functions, of th = [a, loc, scale] (see families.pxd)
def powerlaw_cdf(x, th):
    y = ls_div(x, th[1], th[2])
    if y > 0.0 and y < 1.0:
        return pow_(y, th[0])
    return y if y != y else (1.0 if y >= 1.0 else 0.0)


def powerlaw_sf(x, th):
    y = ls_div(x, th[1], th[2])
    if y > 0.0 and y < 1.0:
        return -math.expm1(th[0] * math.log(y))
    return y if y != y else (0.0 if y >= 1.0 else 1.0)


def powerlaw_logcdf(x, th):
    y = ls_div(x, th[1], th[2])
    if y > 0.0 and y < 1.0:
        return th[0] * math.log(y)
    return y if y != y else (0.0 if y >= 1.0 else -math.inf)


def powerlaw_logsf(x, th):
    y = ls_div(x, th[1], th[2])
    if y > 0.0 and y < 1.0:
        return log1mexp(-th[0] * math.log(y))
    return y if y != y else (-math.inf if y >= 1.0 else 0.0)


def powerlaw_ppf(q, th):
    return th[1] + th[2] * pow_(q, 1.0 / th[0]) if is_prob(q) else math.nan


def powerlaw_isf(q, th):
    return th[1] + th[2] * exp_(log1p_(-q) / th[0]) if is_prob(q) else math.nan


def powerlaw_derivs(x, c, o):
    y = (x - c[1]) / c[2]
    L = powerlaw_log_y(x, y, c)
    if L != L:
        nan_derivs(powerlaw_edge(y, c), o)
        return
    o[0] = xlogy_l(c[4], L) + c[3]
    o[1] = c[5] + L
    o[2] = -c[5] * c[5]
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


# distribution functions, of th = [mu]: cdf(k) = pdtr(k, mu) = Q(k + 1, mu), sf(k) =
# pdtrc(k, mu) = P(k + 1, mu), their logs by log_gamma_q / log_gamma_p
def poisson_tail(k, th, fn):
    if fn == 0:
        return float(pdtr(k, th[0]))
    if fn == 1:
        return float(pdtrc(k, th[0]))
    return log_gamma_q(k + 1.0, th[0]) if fn == 2 else log_gamma_p(k + 1.0, th[0])


def poisson_guess(q, th, upper):
    mu = th[0]
    g = float(pdtrik(1.0 - q if upper else q, mu))
    return count_start(-floor_(-g), q, upper, mu, math.sqrt(mu), 0.0, math.inf)


def poisson_cdf(x, th):
    return count_fn(POISSON, x, th, 0, 0.0, math.inf)


def poisson_sf(x, th):
    return count_fn(POISSON, x, th, 1, 0.0, math.inf)


def poisson_logcdf(x, th):
    return count_fn(POISSON, x, th, 2, 0.0, math.inf)


def poisson_logsf(x, th):
    return count_fn(POISSON, x, th, 3, 0.0, math.inf)


def poisson_ppf(q, th):
    return count_quantile(POISSON, q, th, False, 0.0, math.inf,
                          poisson_guess(q, th, False))


def poisson_isf(q, th):
    return count_quantile(POISSON, q, th, True, 0.0, math.inf,
                          poisson_guess(q, th, True))


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


# distribution functions, of th = [p, n]: cdf(k) = I_{1-p}(n - k, k + 1) =
# betaincc(k + 1, n - k, p), sf(k) = I_p(k + 1, n - k) (as scipy, no 1 - p)
def binom_tail(k, th, fn):
    if fn <= 1:
        return (float(betainc(k + 1.0, th[1] - k, th[0])) if fn == 1
                else float(betaincc(k + 1.0, th[1] - k, th[0])))
    return log_ibeta(k + 1.0, th[1] - k, th[0], fn == 2)


def binom_guess(q, th, upper):
    p = th[0]
    n = th[1]
    g = float(bdtrik(1.0 - q if upper else q, n, p))
    return count_start(-floor_(-g), q, upper, n * p, sqrt_(n * p * (1.0 - p)), 0.0, n)


def binom_cdf(x, th):
    return count_fn(BINOM, x, th, 0, 0.0, th[1])


def binom_sf(x, th):
    return count_fn(BINOM, x, th, 1, 0.0, th[1])


def binom_logcdf(x, th):
    return count_fn(BINOM, x, th, 2, 0.0, th[1])


def binom_logsf(x, th):
    return count_fn(BINOM, x, th, 3, 0.0, th[1])


def binom_ppf(q, th):
    return count_quantile(BINOM, q, th, False, 0.0, th[1],
                          binom_guess(q, th, False))


def binom_isf(q, th):
    return count_quantile(BINOM, q, th, True, 0.0, th[1],
                          binom_guess(q, th, True))


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


# distribution functions, of th = [p]: sf(k) = (1 - p)^k = exp(k log1p(-p)) (scipy's)
def geom_tail(k, th, fn):
    t = k * log1p_(-th[0])
    if fn == 0:
        return -math.expm1(t)
    if fn == 1:
        return exp_(t)
    return log1mexp(-t) if fn == 2 else t


def geom_guess(q, th, upper):
    lp = log1p_(-th[0])
    g = (log_(q) if upper else log1p_(-q)) / lp
    return count_start(-floor_(-g), q, upper, 1.0 / th[0], math.sqrt(1.0 - th[0]) / th[0],
                       1.0, math.inf)


def geom_cdf(x, th):
    return count_fn(GEOM, x, th, 0, 1.0, math.inf)


def geom_sf(x, th):
    return count_fn(GEOM, x, th, 1, 1.0, math.inf)


def geom_logcdf(x, th):
    return count_fn(GEOM, x, th, 2, 1.0, math.inf)


def geom_logsf(x, th):
    return count_fn(GEOM, x, th, 3, 1.0, math.inf)


def geom_ppf(q, th):
    return count_quantile(GEOM, q, th, False, 1.0, math.inf,
                          geom_guess(q, th, False))


def geom_isf(q, th):
    return count_quantile(GEOM, q, th, True, 1.0, math.inf,
                          geom_guess(q, th, True))


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


# distribution functions, of th = [n, p]: cdf(k) = I_p(n, k + 1), sf(k) = I_{1-p}(k + 1, n)
# = betaincc(n, k + 1, p) (as scipy)
def nbinom_tail(k, th, fn):
    if fn <= 1:
        return (float(betaincc(th[0], k + 1.0, th[1])) if fn == 1
                else float(betainc(th[0], k + 1.0, th[1])))
    return log_ibeta(th[0], k + 1.0, th[1], fn == 3)


def nbinom_guess(q, th, upper):
    n = th[0]
    p = th[1]
    g = float(nbdtrik(1.0 - q if upper else q, n, p))
    return count_start(-floor_(-g), q, upper, n * (1.0 - p) / p, math.sqrt(n * (1.0 - p)) / p,
                       0.0, math.inf)


def nbinom_cdf(x, th):
    return count_fn(NBINOM, x, th, 0, 0.0, math.inf)


def nbinom_sf(x, th):
    return count_fn(NBINOM, x, th, 1, 0.0, math.inf)


def nbinom_logcdf(x, th):
    return count_fn(NBINOM, x, th, 2, 0.0, math.inf)


def nbinom_logsf(x, th):
    return count_fn(NBINOM, x, th, 3, 0.0, math.inf)


def nbinom_ppf(q, th):
    return count_quantile(NBINOM, q, th, False, 0.0, math.inf,
                          nbinom_guess(q, th, False))


def nbinom_isf(q, th):
    return count_quantile(NBINOM, q, th, True, 0.0, math.inf,
                          nbinom_guess(q, th, True))


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


# ---------------------------------------------------------------- halfnorm
SQRT1_2 = 0.7071067811865476        # 1/sqrt(2), C's M_SQRT1_2


def halfnorm_prep(th):
    return np.array([th[1], 1.0 / th[0], 0.5 * (LN2 - LOG_PI) - math.log(th[0])])


def halfnorm_logpdf(x, c):
    y = ls_z(x, c[0], c[1])
    if y >= 0.0:
        return c[2] - 0.5 * y * y
    return nan_or_neginf(y)


def halfnorm_derivs(x, c, o):
    y = ls_z(x, c[0], c[1])
    r = c[1]
    if not (y >= 0.0 and y < math.inf):
        nan_derivs(halfnorm_logpdf(x, c), o)
        return
    o[0] = c[2] - 0.5 * y * y
    o[1] = (y * y - 1.0) * r
    o[2] = (1.0 - 3.0 * y * y) * r * r


# distribution functions, of th = [scale, loc]: cdf = erf(y/sqrt 2), sf = erfc(y/sqrt 2)
def halfnorm_cdf(x, th):
    y = ls_div(x, th[1], th[0])
    return math.erf(y * SQRT1_2) if y > 0.0 else (y if y != y else 0.0)


def halfnorm_sf(x, th):
    y = ls_div(x, th[1], th[0])
    return math.erfc(y * SQRT1_2) if y > 0.0 else (y if y != y else 1.0)


def halfnorm_logcdf(x, th):
    y = ls_div(x, th[1], th[0])
    if not y > 0.0:
        return y if y != y else -math.inf
    return log_(math.erf(y * SQRT1_2)) if y < 1.0 else log1p_(-math.erfc(y * SQRT1_2))


def halfnorm_logsf(x, th):
    y = ls_div(x, th[1], th[0])
    if not y > 0.0:
        return y if y != y else 0.0
    return log1p_(-math.erf(y * SQRT1_2)) if y < 1.0 else LN2 + log_ndtr(-y)


def halfnorm_ppf_q(q):
    if q >= 0.5:
        return -ndtri(0.5 * (1.0 - q))
    y = ndtri(0.5 + 0.5 * q)
    return y - (math.erf(y * SQRT1_2) - q) / (0.7978845608028654 * exp_(-0.5 * y * y))


def halfnorm_ppf(q, th):
    return th[1] + th[0] * halfnorm_ppf_q(q) if is_prob(q) else math.nan


def halfnorm_isf(q, th):
    if not is_prob(q):
        return math.nan
    return th[1] + th[0] * (-ndtri(0.5 * q) if q <= 0.5 else halfnorm_ppf_q(1.0 - q))
