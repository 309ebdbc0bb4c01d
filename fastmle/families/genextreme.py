"""Generalized extreme value distribution, ``scipy.stats.genextreme(c, loc, scale)``."""
import math

from scipy.special import gammaln, zeta

from fastmle._py.special import DBL_MIN, EULER
from fastmle.families._base import Family

SERIES_C = 0.24      # |c| up to which the moments come from series in c (they converge
                     # as (4 c)^j; beyond, the lgamma differences lose at most ~1e-13)


def lgamma_comb(coefs, c):
    """sum_k coefs[k - 1] lgamma(1 + k c) / c^p, p the order of the combination's zero
    at c = 0 (1 for lgamma(1 + c); the lower terms cancel: 2 for D2 = lgamma(1 + 2c) -
    2 lgamma(1 + c), 3 for D3 - 3 D2, 4 for D4 - 4 D3 + 6 D2), from lgamma(1 + x) =
    -gamma x + sum_j>=2 (-1)^j zeta(j) x^j / j term by term: without cancellation for
    |c| <= SERIES_C (the series converge for |4 c| < 1)."""
    p = next(j for j in range(1, 6) if sum(a * k ** j for k, a in enumerate(coefs, 1)))
    terms = 2 if c == 0 else max(2, math.ceil(-40.0 / math.log(4.0 * abs(c))))  # e^-40
    acc = 0.0
    for j in range(terms + p - 1, p - 1, -1):       # smallest first; (k c)^(j - p) <= 1
        m = sum(a * k ** p * (k * c) ** (j - p) for k, a in enumerate(coefs, 1))
        acc += -EULER * m if j == 1 else (-1) ** j * zeta(j) * m / j
    return acc


def expm1_ratio(d):
    """(expm1(d) - d) / d^2 (1/2 at d = 0)."""
    if abs(d) > 0.1:
        return (math.expm1(d) - d) / (d * d)
    return sum(d ** k / math.factorial(k + 2) for k in range(14))


def central_moments(c):
    """(mean, var, mu3 / c^3, mu4 / c^4) of V = E^c (E ~ Exp(1)) over the powers of
    g1 = Gamma(1 + c): mean = 1, var / c^2 = expm1(D2) / c^2 and the third and fourth
    central moments from D_k = lgamma(1 + k c) - k lgamma(1 + c) as (D3 - 3 D2) +
    h(D3) - 3 h(D2) and (D4 - 4 D3 + 6 D2) + h(D4) - 4 h(D3) + 6 h(D2), h(d) = expm1(d) - d:
    the combinations of D whose leading terms cancel are series in c (lgamma_comb)
    for |c| <= SERIES_C, so that no moment cancels as c -> 0 (scipy's raw-moment
    differences lose all digits there: it returns the Gumbel values below
    |c| = 8e-5, 1e-4 off)."""
    if abs(c) <= SERIES_C:
        P = [lgamma_comb(co, c) for co in ((-2, 1), (-3, 0, 1), (-4, 0, 0, 1))]   # D_k / c^2
        d3 = lgamma_comb((3, -3, 1), c)                     # (D3 - 3 D2) / c^3
        d4 = lgamma_comb((-4, 6, -4, 1), c)                 # (D4 - 4 D3 + 6 D2) / c^4
    else:
        lg = [float(gammaln(1.0 + k * c)) for k in (1, 2, 3, 4)]
        P = [(lg[k - 1] - k * lg[0]) / (c * c) for k in (2, 3, 4)]
        d3 = (lg[2] - 3.0 * lg[1] + 3.0 * lg[0]) / c ** 3
        d4 = (lg[3] - 4.0 * lg[2] + 6.0 * lg[1] - 4.0 * lg[0]) / c ** 4
    D = [p * c * c for p in P]
    hh = [p * p * expm1_ratio(d) for p, d in zip(P, D)]     # h(D_k) / c^4
    var = P[0] * (math.expm1(D[0]) / D[0] if D[0] else 1.0)
    m3 = d3 + c * (hh[1] - 3.0 * hh[0])
    m4 = d4 + (hh[2] - 4.0 * hh[1] + 6.0 * hh[0])
    return var, m3, m4


class Genextreme(Family, spec="genextreme"):
    """Generalized extreme value: free (c, loc, scale).

    With z = (x - loc) / scale, cdf exp(-(1 - c z)^(1/c)), density
    exp(-(1 - c z)^(1/c)) (1 - c z)^(1/c - 1) / scale on 1 - c z > 0; gumbel_r at c = 0.
    scipy's sign: c > 0 is bounded above at loc + scale / c (Weibull type), c < 0 is
    the heavy (Frechet) tail bounded below, the opposite of the usual xi = -c.

    Fits: the maximum likelihood estimate is a local maximum of the likelihood; it is
    regular for c < 1/2, exists but is non-regular for 1/2 <= c < 1 (standard errors
    from the observed information are then unreliable), and for c > 1 the density at
    the upper end is infinite: the likelihood grows without bound as that end
    approaches the largest value, and a fit that runs into it stops with status
    ``"diverged"`` (a ``ConvergenceWarning``), never at a spurious point.  Starts:
    Hosking, Wallis and Wood's probability-weighted moments.
    """

    def _support(self, c):
        if c > 0:
            return -math.inf, 1.0 / max(c, DBL_MIN)
        if c < 0:
            return 1.0 / min(c, -DBL_MIN), math.inf
        return -math.inf, math.inf

    def _stats(self, c):
        # X = (1 - V) / c, V = E^c: mean (1 - Gamma(1 + c)) / c, var = g1^2 var(V) / c^2,
        # skew = -mu3(V) / var(V)^1.5 (smooth through c = 0), kurt = that of V; scipy's
        # conventions: NaN where the moment does not exist, inf at the edge
        nan, inf = math.nan, math.inf
        if c < -1:
            return nan, nan, nan, nan
        if c == -1:
            return inf, nan, nan, nan
        k1 = float(gammaln(1.0 + c))
        k1c = lgamma_comb((1,), c) if abs(c) <= SERIES_C else k1 / c     # lgamma(1 + c) / c
        mean = -k1c * (math.expm1(k1) / k1 if k1 else 1.0)
        if c <= -0.5:
            return mean, (inf if c == -0.5 else nan), nan, nan
        var, m3, m4 = central_moments(c)
        g1sq = math.exp(2.0 * k1)
        skew = -m3 / var ** 1.5 if c > -1 / 3 else (inf if c == -1 / 3 else nan)
        kurt = m4 / (var * var) - 3.0 if c > -0.25 else (inf if c == -0.25 else nan)
        return mean, g1sq * var, skew, kurt

    def _entropy(self, c):
        return EULER * (1.0 - c) + 1.0


genextreme = Genextreme()
