"""Goodness-of-fit statistics of a fitted distribution, from sorted data.

The EDF statistics (Kolmogorov-Smirnov, Cramer-von Mises, Anderson-Darling) come
from one compiled pass over the sorted values with the family's log-cdf and
log-survival function (``edf_F`` in ``fastmle/_cy/_kernels.pyx.tp``): with x sorted
and F_i = F(x_(i)),

    KS  = max_i max(i/n - F_i, F_i - (i-1)/n)
    CvM = 1/(12n) + sum_i (F_i - (2i-1)/(2n))^2
    AD  = -n - (1/n) sum_i [(2i-1) log F_i + (2n-2i+1) log(1 - F_i)]

(AD as scipy.stats.goodness_of_fit and fitdistrplus::gofstat write it, the second
log taken at the same point, log(1 - F) from the log-survival function); frequency
weights give the statistics of the data repeated.  Discrete families have the KS
distance of the step cdf (F just below each value for the lower side) and no CvM or
AD, as in fitdistrplus.  The chi-squared statistic uses fitdistrplus' cells: breaks
at order statistics about n / (4n)^(2/5) values apart, right-closed cells.
"""
import math

import numpy as np

from fastmle import _engine


def sorted_data(x, weights=None):
    """(values sorted, float64; their weights or None): the one sort of a comparison."""
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    if weights is None:
        return np.sort(x), None
    order = np.argsort(x, kind="stable")
    return x[order], np.ascontiguousarray(np.asarray(weights, np.float64)[order])


def edf_statistics(dist, xs, w=None, n_threads=None):
    """``{"ks", "cvm", "ad"}`` of the frozen fastmle distribution ``dist`` on the sorted
    values xs (float64, weights w); cvm and ad NaN for a discrete family."""
    nt = _engine.resolve("cython", n_threads).n_threads
    raw = _edf_kernel(dist.family.name)(xs, w, dist.th, nt)
    return {k: float(_statistic(raw, i)) for i, k in enumerate(STATISTICS)}


def chisq_breaks(xs, w=None):
    """fitdistrplus' chi-squared breaks of the sorted values xs (weights: the data
    repeated): meancount = round(n / (4n)^(2/5)); repeatedly the meancount-th
    remaining value is a break and the values up to it are removed, while more than
    ceil(1.5 meancount) remain.  Empty when the sample is too small for two cells."""
    cum = np.arange(1, xs.size + 1, dtype=np.float64) if w is None else np.cumsum(w)
    n = float(cum[-1]) if cum.size else 0.0
    if n < 1:
        return np.empty(0)
    mean = _round_half_even(n / (4 * n) ** 0.4)
    keep = math.ceil(1.5 * mean)
    breaks, done = [], 0.0                        # done: weight of the values removed
    while mean >= 1 and n - done > keep:
        j = np.searchsorted(cum, done + mean - 0.5)    # the mean-th remaining value
        limit = xs[j]
        breaks.append(limit)
        done = cum[np.searchsorted(xs, limit, side="right") - 1]
    return np.array(breaks)


def _round_half_even(v):
    return float(np.round(v))            # R's round() rounds half to even, as numpy's


def chisq(dist, xs, w, n_params, breaks=None):
    """The chi-squared statistic of the fit on fitdistrplus' cells: ``{"chisq",
    "chisq_df", "chisq_pvalue", "breaks", "observed", "expected"}`` (NaN statistic
    when there are fewer than two cells; NaN p-value when df < 1)."""
    from scipy.special import chdtrc

    if breaks is None:
        breaks = chisq_breaks(xs, w)
    cum = np.arange(1, xs.size + 1, dtype=np.float64) if w is None else np.cumsum(w)
    n = float(cum[-1])
    if breaks.size < 1:
        return {"chisq": math.nan, "chisq_df": 0, "chisq_pvalue": math.nan,
                "breaks": breaks, "observed": np.empty(0), "expected": np.empty(0)}
    at = np.searchsorted(xs, breaks, side="right")          # values <= each break
    below = np.concatenate([[0.0], np.where(at > 0, cum[np.maximum(at - 1, 0)], 0.0), [n]])
    observed = np.diff(below)
    F = np.asarray(dist.cdf(breaks), dtype=np.float64)
    last = np.asarray(dist.sf(breaks[-1:]), dtype=np.float64)      # P(X > b_K)
    expected = n * np.concatenate([np.diff(F, prepend=0.0), last])
    stat = float(np.sum((observed - expected) ** 2 / expected))
    df = breaks.size + 1 - 1 - n_params
    return {"chisq": stat, "chisq_df": df,
            "chisq_pvalue": float(chdtrc(df, stat)) if df >= 1 else math.nan,
            "breaks": breaks, "observed": observed, "expected": expected}


STATISTICS = ("ad", "ks", "cvm")


class GoodnessOfFitResult:
    """``scipy.stats.goodness_of_fit``'s result: ``fit_result`` (the
    :class:`~fastmle.result.FitResult`), ``statistic``, ``pvalue`` and
    ``null_distribution`` (NaN where a null sample's fit failed), plus ``status`` (each
    null sample's fit status) and the statistic's name ``statistic_name``."""

    def __init__(self, fit_result, name, statistic, pvalue, null, status):
        self.fit_result, self.statistic_name = fit_result, name
        self.statistic, self.pvalue = statistic, pvalue
        self.null_distribution, self.status = null, status

    def __repr__(self):
        return (f"GoodnessOfFitResult({self.fit_result.family.name}, {self.statistic_name}="
                f"{self.statistic:.6g}, pvalue={self.pvalue:.4g}, "
                f"{self.null_distribution.size} samples)")


def goodness_of_fit(x, family, statistic="ad", n_mc_samples=999, fixed=None,
                    random_state=None, *, engine=None, n_threads=None):
    """The goodness-of-fit test of ``scipy.stats.goodness_of_fit``: fit ``family`` to x
    (``fixed`` parameters held), then draw ``n_mc_samples`` samples of x's size from
    the fit, refit each and compute its statistic against its own fit; the p-value is
    the share of null statistics at least as large as the observed one, (count + 1) /
    (samples + 1).

    ``statistic``: "ad" (Anderson-Darling), "ks" or "cvm"; discrete families have
    "ks" only.  Samples are drawn in blocks of 16, block j from a Generator seeded
    with word j of ``SeedSequence(random_state).generate_state``, so any
    ``n_threads`` gives the same result; blocks run on threads (numpy's draws, the
    compiled batch solver, the sorts and the compiled statistic passes release the
    GIL).  A null sample whose fit fails is left out, with a warning giving the
    count.  Returns a :class:`GoodnessOfFitResult`.
    """
    from fastmle.fit import fit

    _check_gof(statistic, n_mc_samples)
    res = fit(x, family, fixed=fixed, engine=engine)
    return gof_test(res, statistic, n_mc_samples, random_state, n_threads)


def _check_gof(statistic, n_mc_samples):
    if statistic not in STATISTICS:
        raise ValueError(f"statistic must be one of {STATISTICS}, got {statistic!r}")
    if isinstance(n_mc_samples, bool) or int(n_mc_samples) != n_mc_samples or n_mc_samples < 1:
        raise ValueError(f"n_mc_samples must be a positive integer, got {n_mc_samples!r}")


def gof_test(res, statistic="ad", n_mc_samples=999, random_state=None, n_threads=None):
    """:func:`goodness_of_fit` of an existing fit (it must hold its data: a fit of an
    array by fastmle.fit, without weights or free=)."""
    import warnings

    from fastmle._solve import STATUS
    from fastmle.bootstrap import _Fitter, _seed_sequence

    _check_gof(statistic, n_mc_samples)
    if res._data is None or res._data[1] is not None:
        raise NotImplementedError("goodness_of_fit needs an unweighted fit of data in "
                                  "memory (fastmle.fit of an array, without free=)")
    if res.family.spec.discrete and statistic != "ks":
        raise ValueError(f"{res.family.name} is discrete: its statistic is 'ks' (the "
                         f"Cramer-von Mises and Anderson-Darling need a continuous cdf)")
    B = int(n_mc_samples)
    x, _, fixed, engine, maxiter = res._data
    nt = _engine.resolve(engine, n_threads).n_threads
    fitter = _Fitter(res, x, None, fixed, engine, maxiter)
    observed = edf_statistics(res.dist, np.sort(np.asarray(x, np.float64)))[statistic]
    rows = getattr(_cy_kernels(), "edf_rows_" + res.family.name)
    which = STATISTICS.index(statistic)
    raw = np.empty((B, 4))

    def statistics(Y, TH, block):                   # each sample against its own fit
        Y.sort(axis=1)
        rows(Y, np.ascontiguousarray(TH), raw[block], 1)
    codes = fitter.parametric_fits(_seed_sequence(random_state), B, nt, statistics)[0]
    null = _statistic(raw.T, which)
    ok = np.isfinite(null)
    if not ok.all():
        warnings.warn(f"{int((~ok).sum())} of {B} null samples could not be fitted and are "
                      f"left out", RuntimeWarning, stacklevel=3)
    tol = abs(np.finfo(np.float64).eps * 100 * observed)       # scipy's monte_carlo_test
    pvalue = (np.sum(null[ok] >= observed - tol) + 1) / (ok.sum() + 1)
    status = np.array([STATUS[c][0] for c in codes], dtype=object)
    return GoodnessOfFitResult(res, statistic, float(observed), float(pvalue), null, status)


def _cy_kernels():
    from fastmle._cy import best_module

    return best_module()


def _edf_kernel(name):
    return getattr(_cy_kernels(), "edf_" + name)


def _statistic(raw, which):
    """The statistic ``STATISTICS[which]`` from the kernel's [D+, D-, W2, A2] (or from
    the four rows of an array of them)."""
    return (raw[3], np.maximum(raw[0], raw[1]), raw[2])[which]
