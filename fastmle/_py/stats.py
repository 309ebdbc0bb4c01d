"""Per-point sufficient statistics of the exponential families (pure Python).

``F_stats(x, s, out)`` writes, for stats parameters ``s`` (a shift, loc, n...):
``out[0] = 1`` (the count), ``out[1:-1]`` the statistics and ``out[-1] = 0``;
at a point outside the interior of the support all entries are 0 but
``out[-1] = 1``; at NaN all are NaN.  Same contract as the Cython engine's
``F_stats`` in ``fastmle/_cy/families.pxd``; summed by the loops in
``fastmle._py.loops``.
"""
import math

from fastmle._py.special import is_integer, lbinom, lgamma_



def _fill(out, v):
    for q in range(out.shape[0]):
        out[q] = v


def _outside(x, out):
    if x != x:
        _fill(out, x)
    else:
        _fill(out, 0.0)
        out[out.shape[0] - 1] = 1.0


def norm_stats(x, s, out):
    # s = [shift]: (1, x - shift, (x - shift)^2)
    if abs(x) < math.inf:
        d = x - s[0]
        out[0] = 1.0
        out[1] = d
        out[2] = d * d
        out[3] = 0.0
    else:
        _outside(x, out)


def lognorm_stats(x, s, out):
    # s = [shift, loc]: (1, d, d^2), d = log(x - loc) - shift
    y = x - s[1]
    if y > 0.0 and y < math.inf:
        d = math.log(y) - s[0]
        out[0] = 1.0
        out[1] = d
        out[2] = d * d
        out[3] = 0.0
    else:
        _outside(x, out)


def expon_stats(x, s, out):
    # s = [loc]: (1, x - loc); x = loc is inside the support
    y = x - s[0]
    if y >= 0.0 and y < math.inf:
        out[0] = 1.0
        out[1] = y
        out[2] = 0.0
    else:
        _outside(x, out)


def gamma_stats(x, s, out):
    # s = [loc]: (1, x - loc, log(x - loc))
    y = x - s[0]
    if y > 0.0 and y < math.inf:
        out[0] = 1.0
        out[1] = y
        out[2] = math.log(y)
        out[3] = 0.0
    else:
        _outside(x, out)


def chi2_stats(x, s, out):
    # gamma's statistics (chi2 is gamma at a = df/2, twice the scale)
    gamma_stats(x, s, out)


def invgamma_stats(x, s, out):
    # s = [loc]: (1, 1/(x - loc), log(x - loc))
    u = x - s[0]
    if u > 0.0 and u < math.inf:
        out[0] = 1.0
        out[1] = 1.0 / u
        out[2] = math.log(u)
        out[3] = 0.0
    else:
        _outside(x, out)


def beta_stats(x, s, out):
    # s = [loc, scale]: (1, log y, log1p(-y)), y = (x - loc) / scale in (0, 1)
    y = (x - s[0]) / s[1]
    if y > 0.0 and y < 1.0:
        out[0] = 1.0
        out[1] = math.log(y)
        out[2] = math.log1p(-y)
        out[3] = 0.0
    else:
        _outside(x, out)


def poisson_stats(x, s, out):
    # s = []: (1, x, lgamma(x + 1)) for integer x >= 0
    if x >= 0.0 and x < math.inf and is_integer(x):
        out[0] = 1.0
        out[1] = x
        out[2] = lgamma_(x + 1.0)
        out[3] = 0.0
    else:
        _outside(x, out)


def binom_stats(x, s, out):
    # s = [n]: (1, x, log C(n, x)) for integer 0 <= x <= n
    n = s[0]
    if x >= 0.0 and x <= n and is_integer(x):
        out[0] = 1.0
        out[1] = x
        out[2] = lbinom(n, x, lgamma_(n + 1.0))
        out[3] = 0.0
    else:
        _outside(x, out)


def geom_stats(x, s, out):
    # s = []: (1, x) for integer x >= 1
    if x >= 1.0 and x < math.inf and is_integer(x):
        out[0] = 1.0
        out[1] = x
        out[2] = 0.0
    else:
        _outside(x, out)


def categorical_counts(x, w, nk, omit, out):
    """Weighted counts of labels 0..nk-1 into out[:nk]; out[nk] = weight off the
    support (not an integer in range), out[nk + 1] = weight of NaN labels (unless
    ``omit``).  ``out`` (length nk + 2) is zeroed here."""
    for q in range(nk + 2):
        out[q] = 0.0
    weighted = w.shape[0] > 0
    for i in range(x.shape[0]):
        xi = float(x[i])
        wi = w[i] if weighted else 1.0
        if wi == 0.0 or (omit and xi != xi):
            continue
        if xi != xi:
            out[nk + 1] += wi
        elif xi >= 0.0 and xi < nk and xi == math.floor(xi):
            out[int(xi)] += wi
        else:
            out[nk] += wi
