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
T_STEP = 2.0
SUBSAMPLE = 4096    # points of the subsample the grid runs on


def free_loc_supported(family):
    """Whether ``family`` has a threshold loc that fit can estimate (a positive family)."""
    return isinstance(family, PositiveFamily)


def resolve_free(family, free, fixed):
    """The fixed-by-default parameters ``free`` asks to estimate, in ``th_names``
    order: loc of a positive family (its threshold), loc and scale of a family on a
    bounded support (``fastmle.ends``); () for none."""
    if free is None:
        return ()
    names = (free,) if isinstance(free, str) else tuple(free)
    ends = getattr(family, "end_shapes", None) is not None
    for name in names:
        if name not in family.th_names:
            raise ValueError(f"{family.name} has no parameter {name!r} to free; parameters "
                             f"are {family.th_names}")
        if fixed and name in fixed:
            raise ValueError(f"{family.name}: {name!r} is both fixed and free")
        if name in family.fixed_names and not (
                (name == "loc" and free_loc_supported(family))
                or (name in ("loc", "scale") and ends)):
            raise ValueError(f"{family.name}: {name!r} cannot be estimated (free= takes the "
                             f"loc of a positive family, the loc and scale of beta and "
                             f"powerlaw)")
    return tuple(nm for nm in family.th_names if nm in names and nm in family.fixed_names)


class Profile:
    """The profile log-likelihood in loc of one data set, by compiled fits."""

    def __init__(self, family, x, w, th, isfree, engine, nt, maxiter):
        self.family, self.x, self.w = family, x, w
        self.th, self.isfree = th, isfree
        self.iloc = family.th_names.index("loc")
        self.fit = _kernel(family, "fit", engine)
        self.nt, self.maxiter = nt, maxiter
        self.n_fits = 0

    def at(self, loc, scale=None):
        """(loglik, th, d, status, bad) of the fit with loc (and scale, if given) fixed
        (bad: the index the solver reports with an input error); loglik -inf where it
        fails."""
        th = self.th.copy()
        th[self.iloc] = loc
        if scale is not None:
            th[self.family.th_names.index("scale")] = scale
        status, d, _, bad = self.fit(self.x, self.w, th, self.isfree, self.nt, self.maxiter)
        self.n_fits += 1
        ll = float(d[0]) if (status == 0 or status in NOT_CONVERGED) else -math.inf
        return (ll if ll == ll else -math.inf), th, d, status, bad


def spread(x, w, m):
    """D: median minus m of the points of positive weight (max minus m if 0)."""
    used = x if w is None else x[w > 0]
    if used.size == 0:
        return math.nan
    d = 2.0 * float(np.median(np.ldexp(used, -1))) - m     # halved: no overflow in the
                                                           # mean of the middle two
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
    m = family.loc_bound(th, isfree, float(used.min()))
    # the grid locates the maximum on a subsample (every step-th point: quantiles of
    # sorted data), the full data refine it
    step = max(1, x.shape[0] // SUBSAMPLE)
    xs, ws = (x, w) if step == 1 else (x[::step], None if w is None else w[::step])
    coarse = full if step == 1 else Profile(family, xs, ws, th, isfree, engine, nt, maxiter)
    D = spread(xs, ws, m)
    if not (D > 0.0 and math.isfinite(D)):
        D = spread(x, w, m)
    if not (D > 0.0 and math.isfinite(D)):
        return _spec.status_code("degenerate"), th, None, 0, -1

    def loc_of(t):
        return m - D * math.exp(t)

    # the smallest distance to m at which loc still differs from it by 64 ulp
    # (64 ulp of a subnormal m over a large spread underflows to 0: T_LOW then)
    r = 64.0 * math.ulp(abs(m) or 1.0) / D
    t_low = max(T_LOW, math.log(r)) if r > 0.0 else T_LOW
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
            # (to the subsample's resolution only: the full data move the maximum)
            t_c = refine(lambda t: (coarse.at(loc_of(t))[0], t), t_c, T_STEP / 2,
                         ttol=1e-3, lltol=1e-9)[1]
        found = refine(lambda t: full.at(loc_of(t)), t_c, T_STEP / (2 if coarse is full
                                                                   else 16))
    else:
        # rising towards a bound on the subsample: confirmed on the full data
        found = full.at(loc_of(grid[best]))
        inner = grid[1] if best == 0 else grid[best - 1]
        step_in = full.at(loc_of(inner))[0]
        if not found[0] > step_in:
            found = refine(lambda t: full.at(loc_of(t)), inner, T_STEP / 2)
        elif best == 0:
            status = _spec.status_code("diverged")
        elif not settles(found[0], step_in, full.at(loc_of(grid[best - 2]))[0]):
            status = _spec.status_code("unbounded")
    # loc at its bound: a fit there exists where the support is closed at loc and the
    # density finite (expon, halfnorm, lomax, pareto with a fixed scale: the MLE of loc
    # is then the bound); elsewhere that fit fails (a point outside the support)
    edge = full.at(m)
    if edge[0] >= found[0]:
        return finish(full, edge, 0, m)
    return finish(full, found, status, m)


def settles(ll0, ll1, ll2):
    """Whether a profile rising towards the bound (ll0 > ll1 > ll2 at the last three grid
    points, nearest the bound first) approaches a finite supremum: its rises shrink (as
    e^-T_STEP where the density is finite at the threshold, e.g. nakagami's nu = 1/2 or
    gamma's a = 1: the MLE of loc is the bound) rather than stay alike (the linear growth
    of (1 - shape) log((bound - loc)) where the density is infinite there)."""
    return ll0 - ll1 < 0.5 * (ll1 - ll2)


def refine(profile, t0, h, ttol=1e-9, lltol=1e-13, max_evals=40):
    """The maximum of a smooth profile near t0: a bracket lo < b < hi about t0 (spacing
    h, stepping out while the profile rises), then parabolas through the three best
    points seen (superlinear: stale bracket ends do not slow it), kept inside the
    bracket (a golden-section step where the parabola is not concave), until the
    parabola promises less than ``lltol`` (1 + |loglik|) or a step is below ``ttol``.
    Returns the best point found."""
    seen = {}

    def f(t):
        if t not in seen:
            seen[t] = profile(t)
        return seen[t][0]

    lo, b, hi = t0 - h, t0, t0 + h
    while f(lo) > f(b) and len(seen) < max_evals:        # rising to the left
        lo, b, hi = lo - 2 * (b - lo), lo, b
    while f(hi) > f(b) and len(seen) < max_evals:        # rising to the right
        lo, b, hi = b, hi, hi + 2 * (hi - b)
    while len(seen) < max_evals and hi - lo > ttol:
        p, q, r = sorted(sorted(seen, key=f)[-3:])     # the three best points, in order
        fp, fq, fr = f(p), f(q), f(r)
        d1, d2 = (fq - fp) / (q - p), (fr - fq) / (r - q)
        curv = (d2 - d1) / (r - p)
        v = 0.5 * (p + q) - d1 / (2.0 * curv) if curv < 0.0 else math.nan
        fb = f(b)
        if lo < v < hi and v != b:
            gain = fp + d1 * (v - p) + curv * (v - p) * (v - q) - fb
            if gain < lltol * (1.0 + abs(fb)):
                break               # the parabola's maximum gains nothing measurable
        else:                       # golden section into the larger side
            v = b + 0.381966 * ((hi - b) if hi - b > b - lo else (lo - b))
        moved = abs(v - b)
        if f(v) >= fb:
            lo, b, hi = (b, v, hi) if v > b else (lo, v, b)
        else:
            lo, hi = (lo, v) if v > b else (v, hi)
        if moved < ttol:
            break
    return seen[max(seen, key=f)]


def finish(prof, point, status, m):
    """(status, th, d, n_fits, -1) at a point of the profile; d's entries for loc (over
    ``param_names + ("loc",)``) are NaN: ``loc_derivs`` computes them when needed."""
    ll, th, d, fit_status, _ = point
    if status == 0 and fit_status != 0:
        status = fit_status            # the fit in the other parameters did not converge
    return status, th, with_loc(d, prof.family.k), prof.n_fits, -1


def with_loc(d, k):
    """d over k parameters extended by NaN entries for loc (gradient, Hessian row)."""
    return extend(d, k, 1)


def extend(d, k, e):
    """d over k parameters extended by NaN entries for e more parameters (gradient,
    Hessian rows and columns)."""
    K = k + e
    out = [d[0], *d[1:1 + k]] + [math.nan] * e
    q = 1 + k
    for i in range(K):               # upper triangle, row-major
        if i < k:
            out += list(d[q:q + k - i]) + [math.nan] * e
            q += k - i
        else:
            out += [math.nan] * (K - i)
    return np.array(out, dtype=np.float64)


def loc_derivs(family, x, w, th, isfree, d, engine, nt):
    """d (from ``with_loc``) with its loc entries from central differences of the
    compiled loglik and score, h = 1e-4 (bound - loc) (NaN at the bound itself)."""
    iloc = family.th_names.index("loc")
    used = x if w is None else x[w > 0]
    m = family.loc_bound(th, isfree, float(used.min()))
    return fd_derivs(family, x, w, th, d, [iloc], 1e-4 * (m - th[iloc]), engine, nt)


def fd_derivs(family, x, w, th, d, extra, h, engine, nt):
    """d (from ``extend``) with the entries of the parameters th[extra] (held fixed by
    the compiled kernels) from central differences of the compiled loglik and score,
    step h in each (d as it is unless h > 0)."""
    if not h > 0.0:
        return d
    k, e = family.k, len(extra)
    K = k + e
    kern = _engine.BACKENDS[engine].kernels(family.name).derivs

    def at(*steps):
        t = th.copy()
        for i, s in zip(extra, steps):
            t[i] += s * h
        return kern(x, w, t, False, nt)

    out = d.copy()
    row = np.cumsum([1 + K] + [K - i for i in range(K)])     # where each Hessian row starts
    for j in range(e):
        unit = [0] * e
        unit[j] = 1
        sp, sm = at(*unit), at(*[-u for u in unit])
        out[1 + k + j] = (sp[0] - sm[0]) / (2.0 * h)
        for i in range(k):           # d2 / (d param_i d extra_j)
            out[row[i] + k + j - i] = (sp[1 + i] - sm[1 + i]) / (2.0 * h)
        out[row[k + j]] = (sp[0] - 2.0 * d[0] + sm[0]) / (h * h)
        for jj in range(j + 1, e):   # d2 / (d extra_j d extra_jj)
            a, b = [0] * e, [0] * e
            a[j], a[jj], b[j], b[jj] = 1, 1, 1, -1
            cross = at(*a)[0] - at(*b)[0] - at(*[-v for v in b])[0] + at(*[-v for v in a])[0]
            out[row[k + j] + jj - j] = cross / (4.0 * h * h)
    return out


GOLDEN = 0.3819660112501051      # 2 - golden ratio
BATCH_STEPS = 34                  # golden-section steps: a bracket of 4 in t to ~3e-7


def fit_batch_free_loc(family, x, w, off, th1, isfree, engine, nt, maxiter):
    """``fit_free_loc`` for every group at once: each profile evaluation is one call of
    the compiled batch fit over all groups (loc per group), the grid as for one fit
    (on the full data), then golden-section steps in t for every group together.
    Returns ``(th, d, status, n_evals, bad)`` per group, d over
    ``param_names + ("loc",)`` with NaN loc entries (``loc_derivs``)."""
    G, k = off.shape[0] - 1, family.k
    iloc = family.th_names.index("loc")
    kernel = _kernel(family, "fit_batch", engine)
    m, D = group_bounds(x, w, off)
    m = family.loc_bound(th1, isfree, m)
    dead = ~(D > 0.0) | ~np.isfinite(D) | ~np.isfinite(m)
    mm, DD = np.where(dead, 0.0, m), np.where(dead, 1.0, D)
    best = Best(G, th1, k)
    ok_codes = (0,) + NOT_CONVERGED

    def evaluate(loc):
        th = np.repeat(th1[None, :], G, axis=0)
        th[:, iloc] = loc
        d = np.empty((G, family.spec.nderiv))
        status, n_iter = np.empty(G, np.int32), np.empty(G, np.int32)
        bad = np.empty(G, np.int64)
        kernel(x, w, off, th, isfree, nt, maxiter, d, status, n_iter, bad)
        ll = np.where(np.isin(status, ok_codes) & ~np.isnan(d[:, 0]), d[:, 0], -np.inf)
        best.update(ll, th, d, status, bad)
        return ll

    with np.errstate(divide="ignore", invalid="ignore"):
        t_low = np.maximum(T_LOW, np.log(64.0 * np.spacing(np.abs(mm)) / DD))
    grid = np.arange(T_HIGH, T_LOW - 1e-12, -T_STEP)
    T = np.maximum(grid[:, None], t_low[None, :])            # (grid, G)
    lls = np.array([evaluate(mm - DD * np.exp(t)) for t in T])
    top = np.argmax(lls, axis=0)
    rows = np.arange(G)
    # the grid's end per group: its first point clamped to t_low, else the last one
    last = np.minimum(np.sum(T > t_low[None, :], axis=0), len(grid) - 1)
    # interior maxima: golden section on the bracket around the best grid point
    lo = T[np.minimum(top + 1, last), rows]
    hi = T[np.maximum(top - 1, 0), rows]
    c, e = lo + GOLDEN * (hi - lo), hi - GOLDEN * (hi - lo)
    fc, fe = evaluate(mm - DD * np.exp(c)), evaluate(mm - DD * np.exp(e))
    for _ in range(BATCH_STEPS):
        left = fc >= fe                        # the maximum lies in [lo, e], else [c, hi]
        hi, lo = np.where(left, e, hi), np.where(left, lo, c)
        c, e, fc, fe = (np.where(left, lo + GOLDEN * (hi - lo), e),
                        np.where(left, c, hi - GOLDEN * (hi - lo)),
                        np.where(left, np.nan, fe), np.where(left, fc, np.nan))
        new = evaluate(mm - DD * np.exp(np.where(left, c, e)))
        fc, fe = np.where(left, new, fc), np.where(left, fe, new)
    status = best.status.copy()
    at_end = top == last
    ends = [lls[np.maximum(last - i, 0), rows] for i in range(3)]
    rising = at_end & ~settles(*ends)
    status[rising & (best.status == 0)] = _spec.status_code("unbounded")
    status[(top == 0) & (best.status == 0)] = _spec.status_code("diverged")
    edge_ll = evaluate(mm)           # loc at its bound (see fit_free_loc)
    at_edge = (edge_ll >= best.ll) & (edge_ll > -np.inf)
    status[at_edge] = best.status[at_edge]
    status[dead & (best.status == 0)] = _spec.status_code("degenerate")
    d = np.array([with_loc(row, k) for row in best.d]) if G else np.empty((0, 1))
    n_evals = len(T) + 3 + BATCH_STEPS
    return best.th, d, status, np.full(G, n_evals, np.int32), best.bad


class Best:
    """The most likely point found so far for each group of a batch."""

    def __init__(self, G, th1, k):
        self.ll = np.full(G, -np.inf)
        self.th = np.repeat(th1[None, :], G, axis=0)
        self.d = np.full((G, 1 + k + k * (k + 1) // 2), np.nan)
        self.status = np.full(G, -1, np.int32)
        self.bad = np.full(G, -1, np.int64)

    def update(self, ll, th, d, status, bad):
        first = self.status < 0
        # a group never fitted keeps the status (and offending index) of its first try
        self.status[first], self.bad[first] = status[first], bad[first]
        better = ll > self.ll
        self.ll[better], self.th[better], self.d[better] = ll[better], th[better], d[better]
        self.status[better], self.bad[better] = status[better], bad[better]


def group_bounds(x, w, off):
    """Per group: the smallest value of positive weight and its distance D to the
    (weighted) mean (NaN for an empty group or one without positive weight)."""
    G = off.shape[0] - 1
    m, D = np.full(G, np.nan), np.full(G, np.nan)
    rows = np.flatnonzero(off[1:] > off[:-1])
    if rows.size == 0:
        return m, D
    starts = off[:-1][rows]
    if w is None:
        m[rows] = np.minimum.reduceat(x, starts)
        mean = np.add.reduceat(x, starts, dtype=np.float64) / np.diff(off)[rows]
    else:                               # (weighted: temporaries, off the common path)
        m[rows] = np.minimum.reduceat(np.where(w > 0, x, np.inf), starts)
        mean = np.add.reduceat(w * np.where(w > 0, x, 0.0), starts) / np.add.reduceat(w, starts)
    with np.errstate(invalid="ignore"):
        D[rows] = mean - m[rows]
    return m, D
