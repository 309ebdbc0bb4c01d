"""Special functions and IEEE-safe elementary functions for the pure-Python kernels.

Plain ``math`` raises where C returns inf/NaN (``log(0)``, ``1/0``, ``exp(1000)``);
the helpers here return what the Cython engine's C functions return, so both
engines share one semantics.  Everything is numba-compilable; the functions of
``scipy.special`` named in ``SCIPY_SPECIAL`` are scipy's ufuncs here (the python
engine) and their ``cython_special`` double versions in the numba engine (see
``fastmle._py.jit``), the very functions the Cython engine calls.
"""
import math

from scipy.special import (bdtrik, betainc, betaincc, betainccinv, betaincinv,  # noqa: F401
                           erfcinv, erfcx, erfinv, gammainc, gammaincc, gammainccinv,
                           gammaincinv, log_ndtr, nbdtrik, ndtr, ndtri, pdtr, pdtrc, pdtrik,
                           stdtr, stdtrit)

SCIPY_SPECIAL = {"ndtr": 1, "log_ndtr": 1, "ndtri": 1, "gammainc": 2, "gammaincc": 2,
                 "gammaincinv": 2, "gammainccinv": 2, "stdtr": 2, "stdtrit": 2,
                 "betainc": 3, "betaincc": 3, "betaincinv": 3, "betainccinv": 3, "pdtr": 2,
                 "pdtrc": 2, "pdtrik": 2, "bdtrik": 3, "nbdtrik": 3, "erfcx": 1, "erfinv": 1,
                 "erfcinv": 1}
# (name -> number of arguments)

LOG_2PI = 1.8378770664093453
LOG_PI = 1.1447298858494002
LN2 = 0.6931471805599453
LN3 = 1.0986122886681098
EULER = 0.5772156649015329     # Euler-Mascheroni constant
SQRT2 = 1.4142135623730951
DBL_MAX = 1.7976931348623157e308
DBL_MIN = 2.2250738585072014e-308
LOG_DBL_MIN = -708.3964185322641    # log(DBL_MIN)
MAXLGM = 2.556348e305   # lgamma(x) overflows above this (scipy's gammaln: cephes)


def neum_add(s, comp, v):
    """Neumaier-compensated ``s + v``: returns the new ``(s, comp)`` (the one
    compensated-sum step of the python engine; the Cython engine's is in common.pxd)."""
    t = s + v
    if not abs(t) < math.inf:
        return t, comp  # inf/NaN: the compensation no longer matters
    if abs(s) >= abs(v):
        comp += (s - t) + v
    else:
        comp += (v - t) + s
    return t, comp


def neum_result(s, comp):
    """Final value of a compensated sum (the plain sum once it is inf/NaN)."""
    return s + comp if abs(s) < math.inf else s


def pow_(x, y):
    """C's pow(x, y) for x >= 0 (or NaN): inf on overflow, where ``math.pow`` raises."""
    if x == 0.0:
        return 0.0 if y > 0.0 else (math.inf if y < 0.0 else 1.0)
    if x > 0.0 and x < math.inf and abs(y * math.log(x)) > 700.0:
        return math.exp(y * math.log(x)) if y * math.log(x) < 709.0 else math.inf
    return math.pow(x, y)


def log_(x):
    """``log(x)`` as in C: -inf at 0, NaN below 0."""
    if x > 0.0:
        return math.log(x)
    if x == 0.0:
        return -math.inf
    return math.nan


def log1p_(x):
    """``log1p(x)`` as in C: -inf at -1, NaN below -1."""
    if x > -1.0:
        return math.log1p(x)
    if x == -1.0:
        return -math.inf
    return math.nan


def expm1_(x):
    """``expm1(x)`` as in C: inf on overflow (where ``math.expm1`` raises)."""
    if x <= 709.782712893384:
        return math.expm1(x)
    return x if x != x else math.inf


def exp_(x):
    """``exp(x)`` as in C: inf on overflow."""
    if x <= 709.782712893384:
        return math.exp(x)
    return x if x != x else math.inf


def sqrt_(x):
    """``sqrt(x)`` as in C: NaN below 0."""
    return math.sqrt(x) if x >= 0.0 else math.nan


def recip(x):
    """``1 / x`` as in C: +-inf at +-0."""
    if x == 0.0:
        return math.copysign(math.inf, x)
    return 1.0 / x


def is_integer(x):
    """x is an integer (False at +-inf and NaN).  Every double of magnitude >= 2**52 is
    one; below, floor is exact (numba's ``math.floor`` returns an int64, which
    overflows beyond 2**63: never call it there)."""
    if not abs(x) < 4503599627370496.0:
        return abs(x) < math.inf
    return x == math.floor(x)


def floor_(x):
    """floor(x) as a double: x itself beyond 2**52 (every double there is an integer)
    and at +-inf and NaN, where numba's int64 ``math.floor`` would overflow."""
    if abs(x) < 4503599627370496.0:
        return float(math.floor(x))
    return x


def lgamma_(x):
    """``lgamma(x)`` as scipy's gammaln: inf at the poles 0, -1, -2, ... and above MAXLGM
    (where ``math.lgamma`` raises)."""
    if x > MAXLGM or (x <= 0.0 and is_integer(x)):
        return math.inf
    return math.lgamma(x)


def lgamma_corr(x):
    """lgamma(x) - ((x - 1/2) log(x) - x + log(2 pi)/2) for x >= 100 (Stirling series,
    truncation below 1e-21)."""
    v = 1.0 / x
    v2 = v * v
    return v * (1.0 / 12.0 - v2 * (1.0 / 360.0 - v2 * (1.0 / 1260.0 - v2 / 1680.0)))


def bd0(x, m):
    """x log(x/m) + m - x for x, m > 0, without cancellation when x ~ m (Loader's series)."""
    # (halves: x + m may overflow where each is finite)
    if abs(x - m) < 0.2 * (0.5 * x + 0.5 * m):
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
    r = x / m if m > 0.0 else math.inf
    lr = math.log(r) if (r >= 2.2250738585072014e-308 and r <= DBL_MAX) else log_(x) - log_(m)
    return x * lr + m - x


def stirlerr(k):
    """lgamma(k + 1) - ((k + 1/2) log(k) - k + log(2 pi)/2) for k > 0."""
    if k >= 100.0:
        return lgamma_corr(k)
    return lgamma_(k + 1.0) - (k + 0.5) * math.log(k) + k - 0.5 * LOG_2PI


def log_dpois_big(k, m):
    """log(m^k exp(-m) / k!) for real k >= 100, m >= 0 (Loader's form, see families.pxd)."""
    return -(lgamma_corr(k) + bd0(k, m)) - 0.5 * (LOG_2PI + math.log(k))


def lgamma_diff(a, b):
    """lgamma(a + b) - lgamma(a) for a > 0, a + b > 0: in Stirling's form when a and
    a + b are >= 100, without the cancellation of two large lgammas (and finite
    where both overflow)."""
    if a < 100.0 or a + b < 100.0:
        return lgamma_(a + b) - lgamma_(a)
    return ((a + b - 0.5) * math.log1p(b / a) + b * (math.log(a) - 1.0)
            + (lgamma_corr(a + b) - lgamma_corr(a)))


def lbinom(n, k, lgn1):
    """log C(n, k) for integers 0 <= k <= n, given lgn1 = lgamma(n + 1): through
    lgamma_diff of the larger factorial when n is large."""
    m = min(k, n - k)
    if n - m + 1.0 < 100.0:
        return lgn1 - (lgamma_(k + 1.0) + lgamma_(n - k + 1.0))
    return lgamma_diff(n - m + 1.0, m) - lgamma_(m + 1.0)


# asymptotic series: psi(x) ~ log x - 1/(2x) + sum_k PSI_SERIES[k] x^-(2k+2), and
# psi'(x) ~ 1/x + 1/(2x^2) + sum_k TRIGAMMA_SERIES[k] x^-(2k+3)
PSI_SERIES = (-1.0 / 12.0, 1.0 / 120.0, -1.0 / 252.0, 1.0 / 240.0, -1.0 / 132.0,
              691.0 / 32760.0, -1.0 / 12.0)
TRIGAMMA_SERIES = (1.0 / 6.0, -1.0 / 30.0, 1.0 / 42.0, -1.0 / 30.0, 5.0 / 66.0,
                   -691.0 / 2730.0, 7.0 / 6.0)


def digamma(x):
    """psi(x) for x > 0: recurrence up to x >= 10, then the asymptotic series."""
    if not x > 0.0:
        return math.nan
    r = 0.0
    while x < 10.0:
        r -= 1.0 / x
        x += 1.0
    inv2 = 1.0 / (x * x)
    return r + math.log(x) - 0.5 / x - inv2 * (
        1.0 / 12.0 - inv2 * (1.0 / 120.0 - inv2 * (1.0 / 252.0 - inv2 * (
            1.0 / 240.0 - inv2 * (1.0 / 132.0 - inv2 * (691.0 / 32760.0 - inv2 / 12.0))))))


def trigamma(x):
    """psi'(x) for x > 0: recurrence up to x >= 10, then the asymptotic series."""
    if not x > 0.0:
        return math.nan
    r = 0.0
    while x < 10.0:
        r += 1.0 / (x * x)
        x += 1.0
    inv = 1.0 / x
    inv2 = inv * inv
    return r + inv + 0.5 * inv2 + inv * inv2 * (
        1.0 / 6.0 + inv2 * (-1.0 / 30.0 + inv2 * (1.0 / 42.0 + inv2 * (
            -1.0 / 30.0 + inv2 * (5.0 / 66.0 + inv2 * (-691.0 / 2730.0 + inv2 * 7.0 / 6.0))))))


def gamma_shape_eq(a):
    """(log(a) - psi(a), a psi'(a) - 1) for a > 0, without the cancellation of the
    plain differences at large a (as special.pxd)."""
    y = a
    r1 = 0.0
    r2 = 0.0
    while y < 9.0:
        # two terms per division (as special.pxd)
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
        return la, da
    return la + r1 - math.log(y / a), a * ((1.0 + da) * inv + r2) - 1.0


def tetragamma(x):
    """psi''(x) for x > 0: recurrence up to x >= 20, then the asymptotic series."""
    if not x > 0.0:
        return math.nan
    r = 0.0
    while x < 20.0:
        r -= 2.0 / (x * x * x)
        x += 1.0
    inv = 1.0 / x
    inv2 = inv * inv
    return r - inv2 * (1.0 + inv + inv2 * (0.5 + inv2 * (-1.0 / 6.0 + inv2 * (1.0 / 6.0 + inv2 * (
        -3.0 / 10.0 + inv2 * (5.0 / 6.0 + inv2 * (-691.0 / 210.0 + inv2 * 35.0 / 2.0)))))))


def pentagamma(x):
    """psi'''(x) for x > 0: recurrence up to x >= 20, then the asymptotic series."""
    if not x > 0.0:
        return math.nan
    r = 0.0
    while x < 20.0:
        r += 6.0 / (x * x * x * x)
        x += 1.0
    inv = 1.0 / x
    inv2 = inv * inv
    return r + inv2 * inv * (2.0 + inv * (3.0 + inv * (2.0 + inv2 * (-1.0 + inv2 * (
        4.0 / 3.0 + inv2 * (-3.0 + inv2 * (10.0 + inv2 * (-691.0 / 15.0 + inv2 * 280.0))))))))


def share(a, x):
    """a / (x + a) for a, x >= 0, also where x + a overflows."""
    t = x + a
    if t < math.inf:
        return a / t
    return (0.5 * a) / (0.5 * x + 0.5 * a)


def psi_diff(x, a):
    """psi(x + a) - psi(x) for x > 0, a >= 0, without the cancellation of the plain
    difference when a << x: the recurrence terms a / (x (x + a)) up to x >= 20, then
    the asymptotic series of psi term by term, x^-m (1 - (1 + a/x)^-m) by expm1."""
    if not (x > 0.0 and a >= 0.0):
        return math.nan
    if a == math.inf:
        return math.inf
    r = 0.0
    while x < 20.0:
        r += share(a, x) / x
        x += 1.0
    u = math.log1p(a / x)
    inv2 = 1.0 / (x * x)
    p = inv2
    s = 0.0
    for k in range(7):
        s += PSI_SERIES[k] * p * math.expm1(-2.0 * (k + 1) * u)
        p *= inv2
    return r + u + 0.5 * share(a, x) / x + s


def trigamma_diff(x, a):
    """psi'(x) - psi'(x + a) >= 0 for x > 0, a >= 0, without cancellation (as psi_diff)."""
    if not (x > 0.0 and a >= 0.0):
        return math.nan
    r = 0.0
    while x < 20.0:
        q = share(a, x)
        r += q * (2.0 - q) / x / x
        x += 1.0
    u = math.log1p(a / x)
    inv = 1.0 / x
    p = inv * inv * inv
    s = share(a, x) * inv - 0.5 * inv * inv * math.expm1(-2.0 * u)
    for k in range(7):
        s -= TRIGAMMA_SERIES[k] * p * math.expm1(-(2.0 * k + 3.0) * u)
        p *= inv * inv
    return r + s


def betaln(a, b):
    """log B(a, b) for a, b > 0: Stirling's form when both are >= 100, else through
    lgamma_diff of the larger one (no cancellation of large lgammas)."""
    s = min(a, b)
    g = max(a, b)
    if s >= 100.0:
        return (0.5 * (LOG_2PI - math.log(g + s)) - (s - 0.5) * math.log1p(g / s)
                - (g - 0.5) * math.log1p(s / g)
                + (lgamma_corr(s) + (lgamma_corr(g) - lgamma_corr(g + s))))
    return lgamma_(s) - lgamma_diff(g, s)


def xlogy_l(a, logy):
    """``a * logy`` given a precomputed logarithm; 0 when a == 0 and logy is not NaN
    (scipy's xlogy/xlog1py convention)."""
    if a == 0.0 and logy == logy:
        return 0.0
    return a * logy


def log_sum_exp_shifted(z, zmax):
    """log(sum(exp(z - zmax))) for a row z whose largest entry is zmax, as log1p of the
    exps other than one largest: exact where the sum is near 1 (tiny losses)."""
    rest = 0.0
    nmax = 0.0
    for k in range(z.shape[0]):
        if z[k] == zmax:
            nmax += 1.0
        else:
            rest += math.exp(float(z[k]) - zmax)
    return math.log1p(rest + (nmax - 1.0))
