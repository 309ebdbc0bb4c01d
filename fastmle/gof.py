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
    from fastmle._cy import best_module

    kernel = getattr(best_module(), "edf_" + dist.family.name)
    dp, dm, cvm, ad = kernel(xs, w, dist.th, nt)
    return {"ks": max(dp, dm), "cvm": float(cvm), "ad": float(ad)}


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
