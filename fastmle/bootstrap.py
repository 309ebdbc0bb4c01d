"""The bootstrap of a fit: the estimator's sampling distribution by resampling.

Each resample is one compiled fit, with no n x B matrix.  Resample b draws its points
from its own counter-based stream, keyed by word b of
``SeedSequence(random_state).generate_state(B, uint64)`` (``fastmle/_cy/_resample.pyx``),
so the result is the same for any ``n_threads``.  Exponential families draw and sum
the points' sufficient statistics in one compiled pass per resample, threads over
resamples, then solve every resample from its sums at once; the other families
gather the points (weighted data: their counts as frequency weights) and fit, threads
over resamples (the kernels release the GIL).  A parametric resample is n draws from
the fitted distribution (a numpy Generator seeded with the resample's key).
Intervals follow ``scipy.stats.bootstrap``: percentile, basic and BCa, whose
acceleration comes from the jackknife (leave-one-out fits: O(n) in all for
exponential families, from the total statistics less each point's).  A resample whose
fit fails is reported and left out, with a warning giving the count.
"""
import warnings
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from fastmle import _engine
from fastmle._solve import (NOT_CONVERGED, STATUS, resolve_fixed, scale_params,
                            solve_rescaled, spread_exponent)
from fastmle.families._base import move_shift

KINDS = ("nonparametric", "parametric")
PARAMETRIC_BLOCK = 16       # parametric samples drawn and fitted together
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
    seeds = _seed_sequence(random_state)
    keys = seeds.generate_state(B, np.uint64)
    if indices is None and kind == "nonparametric" and fitter.has_stats:
        codes, dist = fitter.resample_stats(keys, nt)
    elif kind == "parametric":
        codes, TH = fitter.parametric_fits(seeds, B, nt)
        dist = TH[:, fitter.idx].T.copy()
    else:
        dist = np.full((len(fitter.free), B), np.nan)
        codes = np.empty(B, np.int64)

        def run(b):
            if indices is not None:
                codes[b], dist[:, b] = fitter._fit(x[indices[b]], None)
            else:
                codes[b], dist[:, b] = fitter.nonparametric(keys[b])
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
    """The compiled fit of a resample of the fit's data: the points of positive weight
    ``xp``, drawn uniformly (unweighted data) or with probability weight / total by an
    alias table, N draws a resample (the data's size, or their total weight when the
    weights are integers)."""

    def __init__(self, res, x, w, fixed, engine, maxiter):
        self.family, self.x, self.w = res.family, x, w
        self.engine, self.maxiter = engine, maxiter
        self.th1, self.isfree = resolve_fixed(res.family, fixed)
        self.free = res.free
        self.idx = [res.family.th_names.index(k) for k in self.free]
        self.dist = res.dist
        self.has_stats = res.family.spec is not None and res.family.spec.stats is not None
        if w is None:
            self.pts, self.xp, self.N, self.table = None, x, x.shape[0], (None, None)
        else:                               # frequency weights: resample their total
            self.pts = np.flatnonzero(w > 0)
            self.xp = x[self.pts]
            W = float(w.sum())
            self.N = int(round(W)) if np.all(w == np.round(w)) else self.pts.size
            self.table = _resample().alias_table(np.ascontiguousarray(w[self.pts], np.float64))

    def solve(self, x, w):
        """(status code, all parameters, or None where the fit failed) of x."""
        th = self.th1.copy()
        n = float(x.shape[0] if w is None else w.sum())
        code = solve_rescaled(self.family, x, w, th, self.isfree, n, self.engine, 1,
                              self.maxiter)[0]
        return code, th if code == 0 or code in NOT_CONVERGED else None

    def _fit(self, x, w):
        code, th = self.solve(x, w)
        return code, np.nan if th is None else th[self.idx]

    def indices(self, key):
        """The points (into ``xp``) of the resample keyed by ``key``."""
        out = np.empty(self.N, np.int64)
        _resample().resample_indices(key, self.xp.shape[0], self.N, *self.table, out)
        return out

    def nonparametric(self, key):
        i = self.indices(key)
        if self.w is None:          # the resample gathered: the unweighted fit's path
            return self._fit(self.xp[i], None)
        return self._fit(self.xp, np.bincount(i, minlength=self.xp.shape[0]).astype(float))

    def parametric_fits(self, random_state, B, nt, then=None):
        """The fits of B samples of N draws from the fitted distribution: (status codes,
        parameters (B x len(th), NaN rows where a fit failed)).  Samples are drawn
        in blocks of ``PARAMETRIC_BLOCK`` (block j from a Generator seeded with word j
        of ``SeedSequence(random_state)``), each block's fits by the compiled batch
        solver; blocks run on threads (numpy's draws and the solver release the GIL).
        ``then(Y, TH, rows)``, if given, is called with each block's draws (sorted in
        place afterwards is allowed), parameters and row range."""
        starts = range(0, B, PARAMETRIC_BLOCK)
        keys = _seed_sequence(random_state).generate_state(len(starts), np.uint64)
        codes = np.empty(B, np.int64)
        TH = np.empty((B, self.th1.size))
        e = spread_exponent(self.family, self.x)         # the data's rescaling, for all

        def run(j):
            lo = starts[j]
            hi = min(lo + PARAMETRIC_BLOCK, B)
            Y = np.asarray(self.dist.rvs(size=(hi - lo, self.N),
                                         random_state=np.random.default_rng(keys[j])),
                           dtype=np.float64)
            codes[lo:hi], TH[lo:hi] = self.solve_rows(Y, e)
            if then is not None:
                then(Y, TH[lo:hi], slice(lo, hi))
        _threads(run, range(len(starts)), nt)
        return codes, TH

    def solve_rows(self, Y, e):
        """The fit of each row of Y (G x N, float64, rescaled by 2^-e in place as the
        single fit rescales its data): (status codes, parameters, NaN rows where the
        fit failed)."""
        G, N = Y.shape
        if e:
            np.ldexp(Y, -e, out=Y)
        th = np.repeat(self.th1[None, :], G, axis=0)
        for row in th:
            scale_params(self.family, row, -e)
        k = self.family.k
        d = np.empty((G, 1 + k + k * (k + 1) // 2))
        status, n_iter = np.empty(G, np.int32), np.empty(G, np.int32)
        bad = np.empty(G, np.int64)
        self._kernels().fit_batch(Y.reshape(-1), None, np.arange(0, G * N + 1, N),
                                  th, self.isfree, 1, self.maxiter, d, status, n_iter, bad)
        if e:
            np.ldexp(Y, e, out=Y)
            for row in th:
                scale_params(self.family, row, e)
        th[~np.isin(status, (0,) + NOT_CONVERGED)] = np.nan
        return status, th

    def _kernels(self):
        return _engine.BACKENDS[self.engine].fit_kernels(self.family.name)

    def _point_rows(self, w):
        """The statistics of all points of positive weight (weighted by w) and of each
        (label_stats with a label per point), each row about the total's shift."""
        kern, x = self._kernels(), self.xp
        total = np.zeros((1, 8))
        kern.label_stats(x, w, np.zeros(x.shape[0], np.int64), self.th1, False, total)
        rows = np.zeros((x.shape[0], 8))
        kern.label_stats(x, w, np.arange(x.shape[0], dtype=np.int64), self.th1, False, rows)
        if "shift" in self.family.spec.stats.params:
            move_shift(rows, rows[:, 7] - total[0, 7])
        return total, rows

    def _fit_stats(self, st, nt):
        """The fits from statistics rows st (G x 8): (status codes, estimates)."""
        G, k = st.shape[0], self.family.k
        th = np.repeat(self.th1[None, :], G, axis=0)
        d = np.empty((G, 1 + k + k * (k + 1) // 2))
        status, n_iter = np.empty(G, np.int32), np.empty(G, np.int32)
        self._kernels().fit_stats_batch(st, th, self.isfree, nt, self.maxiter, d, status,
                                        n_iter)
        out = th[:, self.idx].T.copy()
        out[:, ~np.isin(status, (0,) + NOT_CONVERGED)] = np.nan
        return status.astype(np.int64), out

    def resample_stats(self, keys, nt):
        """Every resample's fit from its statistics' sums, drawn and summed in one
        compiled pass per resample: (status codes, estimates)."""
        m = self.family.spec.stats.size
        total, rows = self._point_rows(None)
        terms = np.ascontiguousarray(rows[:, 1:m - 1])        # each point's statistics
        del rows
        st = np.zeros((keys.size, 8))
        sums = np.empty((keys.size, m - 2))
        _resample().resample_sums(terms, keys, self.N, *self.table, sums, nt)
        st[:, 0], st[:, 1:m - 1], st[:, 7] = self.N, sums, total[0, 7]
        return self._fit_stats(st, nt)

    def jackknife(self, nt):
        """The leave-one-out estimates (len(free) x number of points of positive
        weight): each the fit with zero weight on one point; for exponential families
        the fits from the total statistics less each point's, O(n) in all."""
        base = np.ones(self.x.shape[0]) if self.w is None else np.asarray(self.w, np.float64)
        pts = np.flatnonzero(base > 0)
        if self.has_stats:
            m = self.family.spec.stats.size
            total, rows = self._point_rows(None if self.w is None
                                           else np.ascontiguousarray(self.w[pts], np.float64))
            st = np.zeros((pts.size, 8))
            st[:, :m] = total[0, :m] - rows[:, :m]
            st[:, 7] = total[0, 7]
            return self._fit_stats(st, nt)[1]
        out = np.full((len(self.free), pts.size), np.nan)

        def run(j):
            wj = base.copy()
            wj[pts[j]] = 0.0
            out[:, j] = self._fit(self.x, wj)[1]
        _threads(run, range(pts.size), nt)
        return out


def _resample():
    from fastmle._cy import best_module

    return best_module("resample")


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
