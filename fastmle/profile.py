"""Profile likelihood of one parameter of a fit, and the intervals it gives.

The profile log-likelihood of parameter ``p`` at ``v`` is the maximum of the
log-likelihood over the other free parameters with ``p`` held at ``v``: the
compiled fit with ``fixed={p: v}`` (the solver of the fit itself, so statuses and
start values are those of :func:`fastmle.fit`).  The profile interval at
``level`` is the set where the deviance ``2 (loglik_max - profile(v))`` stays
below the chi-squared(1) quantile; its ends are found by stepping out from the
estimate in the parameter's own coordinate (log for positive parameters, logit
for those in (0, 1)) until the deviance exceeds the quantile, then Brent's method
on the bracket.  A side where the deviance never reaches the quantile before the
parameter's range ends is reported as that end of the range (0, 1 or infinity),
with a warning: unbounded, not invented.
"""
import math
import warnings

import numpy as np

from fastmle import _spec
from fastmle._py.fitting import POSITIVE, REAL, UNIT, from_phi, to_phi

STEPS = 60          # doublings of the step out from the estimate before giving up


class Profile:
    """A profile likelihood curve: ``values`` of the parameter, the profile
    ``loglik`` there (-inf where no fit exists), ``deviance`` (2 (loglik_max -
    loglik)) and ``params``: the constrained estimates, one dict per value."""

    def __init__(self, name, values, loglik, params, loglik_max):
        self.name = name
        self.values = np.asarray(values, dtype=np.float64)
        self.loglik = np.asarray(loglik, dtype=np.float64)
        self.params = params
        self.deviance = 2.0 * (loglik_max - self.loglik)

    def __repr__(self):
        return f"Profile({self.name}: {self.values.size} values)"


class _Profiler:
    """The profile of one parameter of a fit, evaluated in that parameter's
    Newton coordinate u (log, logit or itself)."""

    def __init__(self, res, name):
        data = getattr(res, "_data", None)
        if data is None:
            raise NotImplementedError("the profile likelihood needs the fit's data in memory "
                                      "(a fit of an array by fastmle.fit, without free=)")
        if name not in res.free:
            raise ValueError(f"{name!r} is not an estimated parameter of this fit; its free "
                             f"parameters are {list(res.free)}")
        self.res, self.name = res, name
        self.x, self.w, self.fixed, self.engine, self.maxiter = data
        i = res.family.param_names.index(name)
        self.kind = _spec.TRANSFORMS.index(res.family.spec.transforms[i])

    def fit_at(self, v):
        """(profile log-likelihood, constrained params) at value v (-inf, None if the
        constrained fit fails)."""
        from fastmle.fit import fit
        from fastmle.result import ConvergenceWarning

        if not math.isfinite(v):
            return -math.inf, None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            try:
                r = fit(self.x, self.res.family, weights=self.w,
                        fixed={**self.fixed, self.name: v}, engine=self.engine,
                        maxiter=self.maxiter)
            except ValueError:
                return -math.inf, None
        if r.status not in ("ok", "maxiter"):
            return -math.inf, None
        return r.loglik, r.params

    def deviance(self, u):
        return 2.0 * (self.res.loglik - self.fit_at(from_phi(u, self.kind))[0])

    def end(self, q, side):
        """The end of the interval on ``side`` (-1, +1): the value where the deviance
        equals q, or the end of the parameter's range."""
        from scipy.optimize import brentq

        v0 = self.res.params[self.name]
        u0 = to_phi(v0, self.kind)
        se = self.res.stderr.get(self.name, math.nan)
        # a first step of about a standard error, in u
        h = se / abs(v0) if self.kind == POSITIVE and v0 else se
        if self.kind == UNIT:
            h = se / (v0 * (1.0 - v0))
        if not (h > 0 and math.isfinite(h)):
            h = 0.1 * (1.0 + abs(u0))
        inner = u0
        for _ in range(STEPS):
            u = u0 + side * h
            v = from_phi(u, self.kind)
            if v == from_phi(inner, self.kind) or not math.isfinite(v) or v == 0.0 and (
                    self.kind != REAL) or v == 1.0 and self.kind == UNIT:
                break                                   # the range's end
            dev = self.deviance(u)
            if dev >= q:
                if not math.isfinite(dev):
                    u, dev = self._finite_side(inner, u, q)
                    if dev < q:
                        return from_phi(u, self.kind)
                return from_phi(brentq(lambda t: self.deviance(t) - q, inner, u,
                                       xtol=1e-14 * max(1.0, abs(u)), rtol=1e-15,
                                       maxiter=200), self.kind)
            inner = u
            h *= 2.0
        edge = (-math.inf if side < 0 else math.inf) if self.kind == REAL else (
            0.0 if side < 0 else (1.0 if self.kind == UNIT else math.inf))
        warnings.warn(f"the profile likelihood of {self.name} stays within the {q:.4g} "
                      f"deviance of the maximum up to {edge} on that side: the interval is "
                      f"unbounded there", RuntimeWarning, stacklevel=4)
        return edge

    def _finite_side(self, inner, outer, q):
        """Where the constrained fit fails beyond ``outer``: bisect towards a finite
        deviance above q (u, deviance), or the last point below q."""
        for _ in range(200):
            mid = 0.5 * (inner + outer)
            if mid in (inner, outer):
                break
            dev = self.deviance(mid)
            if dev >= q and math.isfinite(dev):
                return mid, dev
            if dev >= q:
                outer = mid
            else:
                inner = mid
        return inner, self.deviance(inner)


def profile(res, name, grid=None, level=0.95, num=41):
    """The profile likelihood of parameter ``name`` of the fit ``res`` at ``grid``
    (default: ``num`` values across the profile interval at ``level``, widened by a
    quarter on each side)."""
    p = _Profiler(res, name)
    if grid is None:
        lo, hi = profile_interval(res, name, level)
        v0 = res.params[name]
        se = res.stderr.get(name, math.nan)
        se = se if se > 0 and math.isfinite(se) else 0.1 * (abs(v0) or 1.0)
        lo = lo if math.isfinite(lo) else v0 - 4.0 * se
        hi = hi if math.isfinite(hi) else v0 + 4.0 * se
        pad = 0.25 * (hi - lo)
        grid = np.linspace(lo - pad, hi + pad, num)
        if p.kind != REAL:
            grid = grid[(grid > 0.0) & ((grid < 1.0) if p.kind == UNIT else True)]
    grid = np.asarray(grid, dtype=np.float64)
    out = [p.fit_at(float(v)) for v in grid]
    return Profile(name, grid, [o[0] for o in out], [o[1] for o in out], res.loglik)


def profile_interval(res, name, level=0.95):
    """(low, high): the profile-likelihood interval of ``name`` at ``level``."""
    from scipy.stats import chi2

    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level!r}")
    p = _Profiler(res, name)
    q = float(chi2.ppf(level, 1))
    return p.end(q, -1), p.end(q, +1)
