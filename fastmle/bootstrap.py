"""The bootstrap of a fit: the estimator's sampling distribution by resampling.

Each resample is one compiled fit, with no n x B matrix: a nonparametric resample
is n values gathered at random indices (weighted data: the data with multinomial
counts as frequency weights), a buffer of n values per resample in flight; a
parametric one is n draws from the fitted distribution.
Exponential families then cost one statistics pass per resample.  Resample b
draws from its own stream, ``SeedSequence(random_state).spawn(B)[b]``, so the
result is the same for any ``n_threads`` (threads over resamples; the kernels
release the GIL).  Intervals follow ``scipy.stats.bootstrap``: percentile, basic
and BCa, whose acceleration comes from the jackknife (leave-one-out fits: zero
weight on one point).  A resample whose fit fails is reported and left out, with a
warning giving the count.
"""
import warnings
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from fastmle import _engine
from fastmle._solve import NOT_CONVERGED, STATUS, resolve_fixed, solve_rescaled
from fastmle.families._base import move_shift

KINDS = ("nonparametric", "parametric")
METHODS = ("percentile", "basic", "bca")


class BootstrapResult:
    """A bootstrap of a fit, with ``scipy.stats.bootstrap``'s fields.

    Attributes
    ----------
    confidence_interval : dict
        ``{"low": array, "high": array}`` over ``names`` (also ``.low``/``.high``).
    bootstrap_distribution : ndarray
        The resamples' estimates, shape (len(names), n_resamples); NaN columns for
        the resamples whose fit failed.
    standard_error, bias : ndarray
        Over the resamples that were fitted (bias: their mean minus the estimate).
    status : ndarray of str
        Each resample's fit status; ``converged`` where it is ``"ok"``.
    names, estimate, method, kind, confidence_level
    """

    def __init__(self, names, estimate, dist, status, ci, method, kind, level):
        self.names, self.estimate = tuple(names), np.asarray(estimate)
        self.bootstrap_distribution = dist
        self.status = status
        self.converged = status == "ok"
        ok = dist[:, self.usable]
        self.standard_error = np.std(ok, axis=1, ddof=1)
        self.bias = np.mean(ok, axis=1) - self.estimate
        self.confidence_interval = _Interval(*ci)
        self.method, self.kind, self.confidence_level = method, kind, level
        self._fit = None                 # the FitResult bootstrapped (for the plot)

    @property
    def usable(self):
        """The resamples whose fit gave estimates (ok or not converged)."""
        return np.all(np.isfinite(self.bootstrap_distribution), axis=0)

    @property
    def params(self):
        """The bootstrap distribution by parameter name."""
        return dict(zip(self.names, self.bootstrap_distribution))

    def to_pandas(self):
        """One row per parameter: estimate, standard error, bias and interval."""
        import pandas as pd

        return pd.DataFrame({"estimate": self.estimate, "standard_error": self.standard_error,
                             "bias": self.bias, "low": self.confidence_interval.low,
                             "high": self.confidence_interval.high},
                            index=pd.Index(self.names, name="parameter"))

    def plot(self):
        """Per parameter, the bootstrap distribution with the fit's Fisher normal and
        the interval (:func:`fastmle.plotting.plot_bootstrap`): a matplotlib Figure."""
        from fastmle.plotting import plot_bootstrap

        return plot_bootstrap(self, self._fit)

    def summary(self):
        pct = f"{100 * self.confidence_level:g}%"
        n = self.bootstrap_distribution.shape[1]
        lines = [f"bootstrap ({self.kind}, {n} resamples, {int(self.usable.sum())} fitted; "
                 f"{self.method} {pct} intervals)",
                 f"{'parameter':<10} {'estimate':>14} {'std. error':>12} {'bias':>12} "
                 f"{'low':>14} {'high':>14}"]
        for i, k in enumerate(self.names):
            lines.append(f"{k:<10} {self.estimate[i]:>14.8g} {self.standard_error[i]:>12.6g} "
                         f"{self.bias[i]:>12.4g} {self.confidence_interval.low[i]:>14.8g} "
                         f"{self.confidence_interval.high[i]:>14.8g}")
        return "\n".join(lines)

    def __repr__(self):
        return (f"BootstrapResult({', '.join(self.names)}: {self.kind}, {self.method}, "
                f"{self.bootstrap_distribution.shape[1]} resamples)")


class _Interval(dict):
    def __init__(self, low, high):
        super().__init__(low=low, high=high)
        self.low, self.high = low, high


def bootstrap(res, n_resamples=999, kind="nonparametric", method="percentile",
              confidence_level=0.95, random_state=None, n_threads=None, indices=None):
    """The bootstrap of the fit ``res`` (``FitResult.bootstrap``); ``indices``: given
    nonparametric resamples, a (B, n) integer array of indices into the data (e.g.
    the ones ``scipy.stats.bootstrap`` draws), instead of drawing them."""
    if res._data is None:
        raise NotImplementedError("the bootstrap needs the fit's data in memory (a fit of "
                                  "an array by fastmle.fit, without free=)")
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    if not 0 < confidence_level < 1:
        raise ValueError(f"confidence_level must be in (0, 1), got {confidence_level!r}")
    x, w, fixed, engine, maxiter = res._data
    if indices is not None:
        indices = np.asarray(indices)
        if (kind != "nonparametric" or w is not None or indices.ndim != 2
                or indices.dtype.kind not in "iu" or indices.shape[1] != x.shape[0]
                or indices.size and not (0 <= indices.min() and indices.max() < x.shape[0])):
            raise ValueError(f"indices must be a (n_resamples, {x.shape[0]}) array of "
                             f"indices into the data of an unweighted fit, nonparametric")
        n_resamples = indices.shape[0]
    B = int(n_resamples)
    if B < 2 or B != n_resamples:
        raise ValueError(f"n_resamples must be an integer >= 2, got {n_resamples!r}")
    nt = _engine.resolve(engine, n_threads)[1]
    fitter = _Fitter(res, x, w, fixed, engine, maxiter)
    seeds = _seed_sequence(random_state).spawn(B)
    draw = fitter.nonparametric if kind == "nonparametric" else fitter.parametric
    dist = np.full((len(fitter.free), B), np.nan)
    codes = np.empty(B, np.int64)

    def run(b):
        if indices is not None:
            codes[b], dist[:, b] = fitter._fit(x[indices[b]], None)
        else:
            codes[b], dist[:, b] = draw(np.random.default_rng(seeds[b]))
    _threads(run, range(B), nt)
    status = np.array([STATUS[c][0] for c in codes], dtype=object)
    failed = int((~np.isin(codes, (0,) + NOT_CONVERGED)).sum())
    if failed:
        warnings.warn(f"{failed} of {B} bootstrap resamples could not be fitted and are "
                      f"left out", RuntimeWarning, stacklevel=3)
    est = np.array([res.params[k] for k in fitter.free])
    ok = np.all(np.isfinite(dist), axis=0)
    if ok.sum() < 2:
        raise ValueError(f"only {int(ok.sum())} of {B} bootstrap resamples were fitted")
    ci = _interval(dist[:, ok], est, method, confidence_level,
                   lambda: fitter.jackknife(nt) if method == "bca" else None)
    out = BootstrapResult(fitter.free, est, dist, status, ci, method, kind, confidence_level)
    out._fit = res
    return out


class _Fitter:
    """The compiled fit of a resample of the fit's data."""

    def __init__(self, res, x, w, fixed, engine, maxiter):
        self.family, self.x, self.w = res.family, x, w
        self.engine, self.maxiter = engine, maxiter
        self.th1, self.isfree = resolve_fixed(res.family, fixed)
        self.free = res.free
        self.idx = [res.family.th_names.index(k) for k in self.free]
        self.dist = res.dist
        self.n = x.shape[0]
        if w is None:
            self.N, self.p = self.n, None
        else:                               # frequency weights: resample their total
            W = float(w.sum())
            self.N = int(round(W)) if np.all(w == np.round(w)) else int((w > 0).sum())
            self.p = w / W

    def _fit(self, x, w):
        th = self.th1.copy()
        n = float(x.shape[0] if w is None else w.sum())
        code = solve_rescaled(self.family, x, w, th, self.isfree, n, self.engine, 1,
                              self.maxiter)[0]
        ok = code == 0 or code in NOT_CONVERGED
        return code, th[self.idx] if ok else np.nan

    def nonparametric(self, rng):
        if self.p is None:          # the resample gathered: the unweighted fit's path
            return self._fit(self.x[rng.integers(0, self.n, self.n)], None)
        return self._fit(self.x, rng.multinomial(self.N, self.p).astype(np.float64))

    def parametric(self, rng):
        return self._fit(np.asarray(self.dist.rvs(size=self.N, random_state=rng),
                                    dtype=np.float64), None)

    def jackknife(self, nt):
        """The leave-one-out estimates (len(free) x number of points of positive
        weight): each the fit with zero weight on one point; for exponential families
        the fits from the total statistics less each point's, O(n) in all."""
        base = np.ones(self.n) if self.w is None else np.asarray(self.w, np.float64)
        pts = np.flatnonzero(base > 0)
        if self.family.spec is not None and self.family.spec.stats is not None:
            return self._jackknife_stats(pts, nt)
        out = np.full((len(self.free), pts.size), np.nan)

        def run(j):
            wj = base.copy()
            wj[pts[j]] = 0.0
            out[:, j] = self._fit(self.x, wj)[1]
        _threads(run, range(pts.size), nt)
        return out

    def _jackknife_stats(self, pts, nt):
        """Leave-one-out fits from statistics: each point's sums (``label_stats`` with a
        label per point) taken from the total's (norm's shifted sums first moved to the
        total's shift), then ``fit_stats_batch`` over the points."""
        fam, m = self.family, self.family.spec.stats.size
        kern = _engine.BACKENDS[self.engine].fit_kernels(fam.name)
        x = self.x[pts]
        w = None if self.w is None else np.ascontiguousarray(self.w[pts], np.float64)
        total = np.zeros((1, 8))
        kern.label_stats(x, w, np.zeros(pts.size, np.int64), self.th1, False, total)
        rows = np.zeros((pts.size, 8))
        kern.label_stats(x, w, np.arange(pts.size, dtype=np.int64), self.th1, False, rows)
        if "shift" in fam.spec.stats.params:            # each row about its own value
            move_shift(rows, rows[:, 7] - total[0, 7])
        st = np.zeros((pts.size, 8))
        st[:, :m] = total[0, :m] - rows[:, :m]
        st[:, 7] = total[0, 7]
        th = np.repeat(self.th1[None, :], pts.size, axis=0)
        k = fam.k
        d = np.empty((pts.size, 1 + k + k * (k + 1) // 2))
        status, n_iter = np.empty(pts.size, np.int32), np.empty(pts.size, np.int32)
        kern.fit_stats_batch(st, th, self.isfree, nt, self.maxiter, d, status, n_iter)
        out = th[:, self.idx].T.copy()
        out[:, ~np.isin(status, (0,) + NOT_CONVERGED)] = np.nan
        return out


def _interval(dist, est, method, level, jackknife):
    """scipy.stats.bootstrap's intervals of each row of dist."""
    from scipy.special import ndtr, ndtri

    alpha = (1 - level) / 2
    if method == "percentile":
        return (np.percentile(dist, 100 * alpha, axis=1),
                np.percentile(dist, 100 * (1 - alpha), axis=1))
    if method == "basic":
        lo = np.percentile(dist, 100 * alpha, axis=1)
        hi = np.percentile(dist, 100 * (1 - alpha), axis=1)
        return 2 * est - hi, 2 * est - lo
    # BCa (Efron): bias correction from the share below the estimate, acceleration
    # from the jackknife's skewness
    jack = jackknife()
    jack = jack[:, np.all(np.isfinite(jack), axis=0)]
    z0 = ndtri((dist < est[:, None]).sum(axis=1) / dist.shape[1])
    d = jack.mean(axis=1, keepdims=True) - jack
    a = (d ** 3).sum(axis=1) / (6 * ((d ** 2).sum(axis=1)) ** 1.5)
    out = []
    for z in (ndtri(alpha), ndtri(1 - alpha)):
        q = ndtr(z0 + (z0 + z) / (1 - a * (z0 + z)))
        out.append(np.array([np.percentile(dist[i], 100 * q[i]) if np.isfinite(q[i])
                             else np.nan for i in range(dist.shape[0])]))
    return tuple(out)


def _seed_sequence(random_state):
    if isinstance(random_state, np.random.SeedSequence):
        return random_state
    if isinstance(random_state, np.random.Generator):
        return np.random.SeedSequence(int(random_state.integers(2**63)))
    if random_state is None or isinstance(random_state, (int, np.integer)):
        return np.random.SeedSequence(random_state)
    raise TypeError(f"random_state must be None, an int, a numpy Generator or "
                    f"SeedSequence, got {random_state!r}")


def _threads(fn, items, nt):
    items = list(items)
    if nt <= 1:
        for i in items:
            fn(i)
        return
    with ThreadPoolExecutor(max_workers=nt) as pool:
        list(pool.map(fn, items, chunksize=max(1, len(items) // (8 * nt))))
