"""Free location of positive families: ``fit(x, family, free=("loc",))``.

The location (threshold) of a positive family bounds the support, x > loc, so
it is a boundary parameter: as loc approaches min(x) the likelihood of a
family whose density grows without limit at the threshold (weibull_min or gamma
with shape < 1, ...) grows without limit too, and a regular maximum, if there
is one, lies strictly below min(x).  The log-likelihood is therefore profiled
in loc: each point of the profile is the compiled fit of the other parameters
with loc fixed, at loc = min(x) - D exp(t) over a grid of t (D: the distance
from min(x) to the median), refined by Brent's method around the best grid
point.  The outcome is one of

* an interior maximum (status ``"ok"``);
* the maximum at loc = min(x) itself, for families whose density is finite there
  (expon, halfnorm: the MLE of loc is the sample minimum, status ``"ok"``);
* a profile still rising at the smallest distance to min(x) the grid resolves:
  the likelihood is unbounded there and no maximum exists (status
  ``"unbounded"``, a ``ConvergenceWarning``, the best point found);
* a profile still rising as loc runs off to -inf (status ``"diverged"``).

The covariance takes the Hessian in loc from central differences of the
compiled log-likelihood and score (step 1e-4 (min(x) - loc)); it is the
inverse observed information, meaningful where the maximum is regular (e.g.
weibull_min's c > 2).
"""
import math

import numpy as np

from fastmle import _engine, _spec
from fastmle._solve import NOT_CONVERGED, _kernel
from fastmle.families._base import PositiveFamily

T_HIGH = 7.0        # loc down to min(x) - e^7 D
T_LOW = -30.0       # and up to min(x) - e^-30 D (or where loc rounds to min(x))
T_STEP = 1.0
TTOL = 1e-9         # tolerance in t = log((min(x) - loc) / D)
LLTOL = 1e-13       # and in the loglik, relative to 1 + |loglik|
SUBSAMPLE = 4096    # points of the subsample the grid runs on


def free_loc_supported(family):
    """Whether ``family`` has a threshold loc that fit can estimate (a positive family)."""
    return isinstance(family, PositiveFamily)


class Profile:
    """The profile log-likelihood in loc of one data set, by compiled fits."""

    def __init__(self, family, x, w, th, isfree, engine, nt, maxiter):
        self.family, self.x, self.w = family, x, w
        self.th, self.isfree = th, isfree
        self.iloc = family.th_names.index("loc")
        self.fit = _kernel(family, "fit", engine)
        self.derivs = _engine.BACKENDS[engine].kernels(family.name).derivs
        self.nt, self.maxiter = nt, maxiter
        self.n_fits = 0

    def at(self, loc):
        """(loglik, th, d, status, bad) of the fit with loc fixed (bad: the index the
        solver reports with an input error); loglik -inf where it fails."""
        th = self.th.copy()
        th[self.iloc] = loc
        status, d, _, bad = self.fit(self.x, self.w, th, self.isfree, self.nt, self.maxiter)
        self.n_fits += 1
        ll = float(d[0]) if (status == 0 or status in NOT_CONVERGED) else -math.inf
        return (ll if ll == ll else -math.inf), th, d, status, bad


def spread(x, w, m):
    """D: median minus m of the points of positive weight (max minus m if 0)."""
    used = x if w is None else x[w > 0]
    d = float(np.median(used)) - m
    return d if d > 0.0 else float(used.max()) - m


def fit_free_loc(family, x, w, th, isfree, engine, nt, maxiter):
    """The fit with loc estimated too: ``(status, th, d, n_fits, bad)``, d the loglik,
    gradient and Hessian upper triangle over ``family.param_names + ("loc",)``, or
    None with the status (and the index ``bad`` of an offending value) of a fit that
    cannot be done."""
    full = Profile(family, x, w, th, isfree, engine, nt, maxiter)
    used = x if w is None else x[w > 0]
    if used.size == 0 or not np.isfinite(used).all():
        # NaN, inf or no data: the error of the fit below the finite data
        probe = full.at(float(np.nanmin(used[used < np.inf])) - 1.0 if np.isfinite(
            used).any() else 0.0)
        return probe[3], th, None, 0, probe[4]
    m, closed = family.loc_bound(th, isfree, float(used.min()))
    D = spread(x, w, m)
    if not (D > 0.0 and math.isfinite(D)):
        return _spec.status_code("degenerate"), th, None, 0, -1

    def loc_of(t):
        return m - D * math.exp(t)

    # the grid locates the maximum on a subsample (every step-th point: quantiles of
    # sorted data), the full data refine it
    step = max(1, x.shape[0] // SUBSAMPLE)
    coarse = full if step == 1 else Profile(family, x[::step], None if w is None else
                                            w[::step], th, isfree, engine, nt, maxiter)
    # the smallest distance to m at which loc still differs from it by 64 ulp
    t_low = max(T_LOW, math.log(64.0 * math.ulp(abs(m) or 1.0) / D))
    grid = np.arange(T_HIGH, t_low - 1e-12, -T_STEP)
    lls = np.array([coarse.at(loc_of(t))[0] for t in grid])
    best = int(np.argmax(lls))
    if not lls[best] > -math.inf:
        probe = full.at(loc_of(grid[best]))
        return probe[3], th, None, full.n_fits, probe[4]
    status = 0
    if 0 < best < len(grid) - 1:
        t_c = grid[best]
        if coarse is not full:          # the subsample's maximum, then the full data's
            t_c = refine(lambda t: (coarse.at(loc_of(t))[0], t), t_c, T_STEP / 2)[1]
        found = refine(lambda t: full.at(loc_of(t)), t_c, T_STEP / (2 if coarse is full
                                                                   else 16))
    else:
        # rising towards a bound on the subsample: confirmed on the full data
        found = full.at(loc_of(grid[best]))
        inner = grid[1] if best == 0 else grid[best - 1]
        if found[0] > full.at(loc_of(inner))[0]:
            status = _spec.status_code("diverged" if best == 0 else "unbounded")
        else:
            found = refine(lambda t: full.at(loc_of(t)), inner, T_STEP / 2)
    if closed:
        edge = full.at(m)          # loc at its bound: the density is finite there
        if edge[0] >= found[0]:
            return finish(full, edge, 0, m)
    return finish(full, found, status, m)


def refine(profile, t0, h, max_evals=40):
    """The maximum of a smooth profile near t0: a bracket of spacing h about t0 (stepping
    out, doubling, while the profile rises), then successive parabolic interpolation
    kept inside the bracket (a golden-section step where the parabola is not concave),
    until the parabola promises less than ``LLTOL`` (1 + |loglik|) or a step is below
    ``TTOL``.  Returns the best point found."""
    seen = {}

    def f(t):
        if t not in seen:
            seen[t] = profile(t)
        return seen[t][0]

    a, b, c = t0 - h, t0, t0 + h
    while f(a) > f(b) and len(seen) < max_evals:         # rising to the left
        a, b, c = a - 2 * (b - a), a, b
    while f(c) > f(b) and len(seen) < max_evals:         # rising to the right
        a, b, c = b, c, c + 2 * (c - b)
    while len(seen) < max_evals and c - a > TTOL:
        fa, fb, fc = f(a), f(b), f(c)
        d1, d2 = (fb - fa) / (b - a), (fc - fb) / (c - b)
        curv = (d2 - d1) / (c - a)
        v = 0.5 * (a + b) - d1 / (2.0 * curv) if curv < 0.0 else math.nan
        if a < v < c:
            if fb + d1 * (v - b) + curv * (v - a) * (v - b) - fb < LLTOL * (1.0 + abs(fb)):
                break               # the parabola's maximum gains nothing measurable
        else:                       # golden section into the larger side
            v = b + 0.381966 * ((c - b) if c - b > b - a else (a - b))
        moved = abs(v - b)
        if f(v) >= fb:
            a, b, c = (b, v, c) if v > b else (a, v, b)
        else:
            a, c = (a, v) if v > b else (v, c)
        if moved < TTOL:
            break
    best = max(seen, key=lambda t: seen[t][0])
    return seen[best]


def finish(prof, point, status, m):
    """(status, th, d over param_names + loc, n_fits, -1) at a point of the profile."""
    ll, th, d, fit_status, _ = point
    if status == 0 and fit_status != 0:
        status = fit_status            # the fit in the other parameters did not converge
    return status, th, loc_derivs(prof, th, d, m), prof.n_fits, -1


def loc_derivs(prof, th, d, m):
    """d extended by loc: its gradient and Hessian entries by central differences of the
    compiled loglik and score (h = 1e-4 (min(x) - loc); NaN at loc = min(x))."""
    fam = prof.family
    k = fam.k
    kern = prof.derivs
    loc = th[prof.iloc]
    h = 1e-4 * (m - loc)
    if h > 0.0:
        plus, minus = th.copy(), th.copy()
        plus[prof.iloc] += h
        minus[prof.iloc] -= h
        sp = kern(prof.x, prof.w, plus, False, prof.nt)
        sm = kern(prof.x, prof.w, minus, False, prof.nt)
        g_loc = (sp[0] - sm[0]) / (2.0 * h)
        h_loc = (sp[0] - 2.0 * d[0] + sm[0]) / (h * h)
        h_cross = (sp[1:1 + k] - sm[1:1 + k]) / (2.0 * h)
    else:
        g_loc, h_loc, h_cross = math.nan, math.nan, np.full(k, math.nan)
    out = [d[0], *d[1:1 + k], g_loc]
    q = 1 + k
    for i in range(k):               # upper triangle of (params..., loc), row-major
        out += list(d[q:q + k - i]) + [h_cross[i]]
        q += k - i
    out.append(h_loc)
    return np.array(out, dtype=np.float64)
