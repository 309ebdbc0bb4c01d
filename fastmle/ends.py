"""Free loc and scale of the families on a bounded support: ``fit(x, "beta",
free=("loc", "scale"))``.

beta and powerlaw live on [loc, loc + scale]; their ends lo = loc and hi = loc +
scale bound the data, lo < min(x) and hi > max(x), so, like the threshold of a
positive family (:mod:`fastmle.threshold`), they are boundary parameters and the
log-likelihood is profiled in them: each point of the profile is the compiled fit
of the shapes with loc and scale fixed.  The free ends are moved in log-distance
coordinates, lo = min(x) - D e^t1 and hi = max(x) + D e^t2 (D = max(x) - min(x)), or,
when the scale is fixed, lo = max(x) - scale + (min(x) - max(x) + scale) expit(u):
a grid on a subsample, then Nelder-Mead on the full data from its best point, then
the ends themselves, one ulp from the data (scipy's ``np.nextafter``).  A family
declares per end (``end_shapes``) the shape below 1 of which its density is
infinite there (beta: a at lo, b at hi), or None where the density is finite and
the likelihood falls as the end moves away from the data (powerlaw's upper end,
which then sits at max(x): scipy's closed form).  The outcome is

* an interior maximum or one at a closed end (status ``"ok"``);
* the best point at an end where the density is infinite: the likelihood grows
  without limit there (status ``"unbounded"``, the point one ulp from the data, as
  scipy's answer);
* lo running off to -inf with the profile still rising (status ``"diverged"``).

Derivatives in loc and scale come from central differences of the compiled
loglik and score (``ends_derivs``), computed when first asked for (as for the threshold).
"""
import math

import numpy as np

from fastmle import _spec
from fastmle.threshold import SUBSAMPLE, Profile, extend, fd_derivs

T_GRID = np.arange(6.0, -31.0, -2.0)     # log-distance of a free end from the data
U_GRID = np.arange(-30.0, 31.0, 3.0)     # logit position of lo between its two bounds
T_HIGH = 20.0                            # an end beyond D e^20: running off


def free_ends_supported(family):
    """Whether ``family`` has a bounded support whose ends fit can estimate."""
    return getattr(family, "end_shapes", None) is not None


class Ends:
    """The profile of one data set in its free ends: the map from coordinates v to
    (lo, hi) and the fit there."""

    def __init__(self, family, x, w, th, isfree, engine, nt, maxiter, free):
        used = x if w is None else x[w > 0]
        self.m1, self.m2 = float(used.min()), float(used.max())
        self.D = self.m2 - self.m1
        self.family, self.x, self.w = family, x, w
        self.iloc, self.iscale = family.th_names.index("loc"), family.th_names.index("scale")
        self.lo_free, self.hi_free = "loc" in free, "scale" in free
        # hi sits at max(x) where the density is finite there (see the module notes)
        self.hi_closed = family.end_shapes[1] is None
        self.edge_lo = math.nextafter(self.m1, -math.inf)
        self.edge_hi = self.m2 if self.hi_closed else math.nextafter(self.m2, math.inf)
        self.th, self.isfree = th, isfree
        self.engine, self.nt, self.maxiter = engine, nt, maxiter
        if self.lo_free and not self.hi_free:        # scale fixed: lo between two bounds
            self.scale = float(th[self.iscale])
            self.lo_min = self.m2 - self.scale
            self.dim = 1
        else:
            self.dim = int(self.lo_free) + int(self.hi_free and not self.hi_closed)

    def profile(self, x, w):
        return Profile(self.family, x, w, self.th, self.isfree, self.engine, self.nt,
                       self.maxiter)

    def ends_of(self, v):
        """(loc, scale) at coordinates v, the ends kept within one ulp of the data (a
        fixed loc or scale as it is)."""
        if self.lo_free and not self.hi_free:
            s = 1.0 / (1.0 + math.exp(-min(max(v[0], -700.0), 700.0)))
            return min(self.lo_min + (self.m1 - self.lo_min) * s, self.edge_lo), self.scale
        i = 0
        lo = float(self.th[self.iloc])
        if self.lo_free:
            lo = min(self.m1 - self.D * math.exp(min(v[0], T_HIGH)), self.edge_lo)
            i = 1
        hi = self.edge_hi if self.hi_closed else max(
            self.m2 + self.D * math.exp(min(v[i], T_HIGH)), self.edge_hi)
        return lo, hi - lo

    def grid(self):
        """The starting grid of coordinates."""
        axis = U_GRID if (self.lo_free and not self.hi_free) else T_GRID
        if self.dim == 1:
            return axis[:, None]
        return np.array([(a, b) for a in axis for b in axis])

    def candidates(self):
        """(loc, scale) at the ends of the free coordinates, one ulp from the data."""
        if self.lo_free and not self.hi_free:
            return [(lo, self.scale) for lo in (self.edge_lo, self.lo_min,
                                                *nexts(self.lo_min, 4))]
        lo = self.edge_lo if self.lo_free else float(self.th[self.iloc])
        return [(lo, self.edge_hi - lo)]


def nexts(v, n):
    """The n doubles above v."""
    out = []
    for _ in range(n):
        v = math.nextafter(v, math.inf)
        out.append(v)
    return out


def fit_free_ends(family, x, w, th, isfree, engine, nt, maxiter, free):
    """The fit with the free ends (``free`` among "loc", "scale") estimated too:
    ``(status, th, d, n_fits, bad)`` as ``fastmle.threshold.fit_free_loc``, d over
    ``family.param_names + free`` with NaN entries for the ends (``ends_derivs``)."""
    from scipy.optimize import minimize

    used = x if w is None else x[w > 0]
    if used.size == 0 or not np.isfinite(used).all():
        full = Profile(family, x, w, th, isfree, engine, nt, maxiter)
        probe = full.at(float(np.nanmin(used[used < np.inf])) - 1.0 if np.isfinite(
            used).any() else 0.0, 2.0 * float(np.ptp(used[np.isfinite(used)])) + 2.0
            if np.isfinite(used).any() else 1.0)
        return probe[3], th, None, 0, probe[4]
    ends = Ends(family, x, w, th, isfree, engine, nt, maxiter, free)
    if not ends.D > 0.0:
        return _spec.status_code("degenerate"), th, None, 0, -1
    if "scale" not in free and not ends.scale > ends.D:
        raise ValueError(f"{family.name}: the fixed scale {ends.scale!r} must exceed the "
                         f"range of the data {ends.D!r}")
    full = ends.profile(x, w)
    seen = {}

    def point(loc, scale, prof=full):
        key = (loc, scale, prof is full)
        if key not in seen:
            seen[key] = prof.at(loc, scale)
        return seen[key]

    best = None
    if ends.dim:
        step = max(1, x.shape[0] // SUBSAMPLE)
        coarse = full if step == 1 else ends.profile(x[::step], None if w is None
                                                     else w[::step])
        grid = ends.grid()
        lls = [point(*ends.ends_of(v), prof=coarse)[0] for v in grid]
        v0 = grid[int(np.argmax(lls))]
        ll0 = point(*ends.ends_of(v0))[0]
        scale = 1.0 + abs(ll0) if math.isfinite(ll0) else 1.0
        res = minimize(lambda v: -point(*ends.ends_of(v))[0] / scale, v0,
                       method="Nelder-Mead",
                       options={"xatol": 1e-7, "fatol": 1e-13, "maxfev": 400 * ends.dim,
                                "initial_simplex": v0 + np.vstack(
                                    [np.zeros(ends.dim), np.eye(ends.dim)])})
        best = point(*ends.ends_of(res.x))
        if ends.lo_free and not ends.hi_free:
            far = False
        else:
            far = ends.lo_free and res.x[0] >= T_HIGH - 1.0
    for loc, scale in ends.candidates():
        p = point(loc, scale)
        if best is None or p[0] > best[0]:
            best, far = p, False
    ll, th_hat, d, fit_status, bad = best
    if not ll > -math.inf:
        return fit_status, th, None, full.n_fits, bad
    status = fit_status
    if status == 0:
        lo, hi = th_hat[ends.iloc], th_hat[ends.iloc] + th_hat[ends.iscale]
        params = dict(zip(family.th_names, th_hat))
        a_lo, a_hi = family.end_shapes
        if far:
            status = _spec.status_code("diverged")
        elif (lo >= ends.edge_lo and params[a_lo] < 1.0) or (
                a_hi is not None and hi <= ends.edge_hi and params[a_hi] < 1.0):
            status = _spec.status_code("unbounded")
    return status, th_hat, extend(d, family.k, len(free)), full.n_fits, -1


def ends_derivs(family, x, w, th, free, d, engine, nt):
    """d (from ``fit_free_ends``) with its loc and scale entries from central
    differences, step 1e-3 times the smaller distance of an end to the data (the
    log-density's derivatives in an end scale with that distance)."""
    used = x if w is None else x[w > 0]
    iloc, iscale = family.th_names.index("loc"), family.th_names.index("scale")
    lo, hi = th[iloc], th[iloc] + th[iscale]
    h = 1e-3 * min(float(used.min()) - lo, hi - float(used.max()))
    return fd_derivs(family, x, w, th, d, [family.th_names.index(nm) for nm in free], h,
                     engine, nt)
