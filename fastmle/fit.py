"""Maximum likelihood fits: ``fastmle.fit(x, "gamma")`` and ``FitResult``.

The solver for one data set is compiled (``fit_F`` in the Cython engine):
a closed form where one exists, otherwise a safeguarded Newton method with
the analytic score and Hessian, on log/logit-transformed parameters, started
from moment or quantile estimates; gamma and beta iterate on their sufficient
statistics after a single pass.  This module validates, calls it and turns
its status into a result, a warning or an error.
"""
import warnings

import numpy as np

from fastmle import _engine
from fastmle._solve import (DEFAULT_MAXITER, NOT_CONVERGED, STATUS, fit_error, prepare,
                            resolve_fixed, solve_rescaled)
from fastmle._validation import as_maxiter
from fastmle.batch import fit_rows
from fastmle.dask_fit import fit_dask, is_dask_array
from fastmle.ends import ends_derivs, fit_free_ends, free_ends_supported
from fastmle.families import get_family
from fastmle.result import CategoricalFitResult, ConvergenceWarning, FitResult
from fastmle.threshold import fit_free_loc, loc_derivs, resolve_free

__all__ = ["ConvergenceWarning", "FitResult", "fit"]


def fit(x, family, weights=None, fixed=None, *, free=None, axis=None, engine=None,
        n_threads=None, nan_policy="propagate", maxiter=DEFAULT_MAXITER, progress=False):
    """Maximum likelihood fit of ``family`` to the data ``x``.

    Parameters
    ----------
    x : array_like or dask.array.Array
        1-D data (float32/float64/int).  2-D data with ``axis`` fit one
        distribution per row (``axis=1``) or column (``axis=0``) and return a
        :class:`~fastmle.batch.BatchFitResult`.  A 1-D dask array is fitted where its
        blocks are (:mod:`fastmle.dask_fit`: tree reductions of a few numbers per
        block, the in-memory answer).
    family : str or Family
        e.g. ``"gamma"`` or ``fastmle.gamma``.
    weights : array_like, optional
        Non-negative frequency weights.
    fixed : dict, optional
        Parameters held at given values, e.g. ``{"scale": 2.0}``.  Positive
        families have ``loc`` fixed at 0 unless given here; binom needs ``n``.
    free : sequence of str, optional
        ``("loc",)``: estimate the location (threshold) of a positive family too
        (3-parameter weibull_min, lognorm, gamma...), by the profile likelihood in
        loc (see :mod:`fastmle.threshold`); the status ``"unbounded"`` says that
        the likelihood grows without limit as loc approaches min(x).  ``("loc",
        "scale")`` (or either): the ends of beta's and powerlaw's support
        (:mod:`fastmle.ends`).
    engine, n_threads, nan_policy
        As everywhere in fastmle.  Data containing NaN cannot be fitted under
        ``"propagate"`` (an error says so); ``"omit"`` drops them.
    maxiter : int
        Iteration limit, a positive integer (values above 2**31 - 1 are
        clipped to it).
    progress : bool
        Dask arrays: Dask's progress bar on stderr for each reduction (local
        schedulers).

    Returns
    -------
    FitResult

    Raises
    ------
    ValueError
        Data that cannot be fitted: values outside the support, NaN, zero
        total weight, degenerate data (all values equal for a scale family).

    Notes
    -----
    Boundary MLEs: where the likelihood increases towards a finite limit as a
    parameter runs off to infinity (t's df on near-normal data, nbinom's n on
    underdispersed counts, beta's a and b on data at one point), the fit
    stops with status ``"diverged"`` (``converged=False``, a
    ``ConvergenceWarning``) at the best point found, whose log-likelihood is
    within 1e-6 (1 + |loglik|) of the supremum.  The rule, the same on every
    engine (``solve.pxd``): the parameter's log grew by at least 0.5 in each of
    the last 3 Newton steps and the last step gained at most 1e-6 (1 + |loglik|)
    in log-likelihood.  Beta on data at one point (spread below the double
    resolution) stops at once there, at a + b = 5e12.  Unbounded likelihoods
    (genpareto with c < -1, genextreme with c > 1, whose density is infinite at
    the upper end of the support) stop with status ``"diverged"`` when the fit
    runs into that end (see ``docs/robustness.md``).

    Location-scale families (norm, t, logistic, cauchy, gumbel_r, gumbel_l, loggamma,
    dweibull, laplace, uniform, genextreme) whose data spread lies outside [1e-100, 1e100]
    are fitted on the data divided by a power of 2 (exact) and the result scaled back, so
    data of any magnitude up to the double range can be fitted; that path copies the data.
    """
    family = get_family(family)
    maxiter = as_maxiter(maxiter)
    if is_dask_array(x):
        if axis is not None or free:
            raise ValueError("fit of a dask array: axis= and free= are not supported yet")
        return fit_dask(x, family, weights, fixed, engine=engine, nan_policy=nan_policy,
                        maxiter=maxiter, progress=progress)
    if axis is not None:
        return fit_rows(x, family, axis, weights=weights, fixed=fixed, free=free,
                        engine=engine, n_threads=n_threads, nan_policy=nan_policy,
                        maxiter=maxiter)
    if family.name == "categorical":
        return fit_categorical(x, family, weights, fixed, engine, n_threads, nan_policy)
    engine, nt = _engine.resolve(engine, n_threads)
    if np.ndim(x) == 2:
        raise ValueError(f"fit needs 1-D data, got shape {np.shape(x)}; for one fit per "
                         f"row or column pass axis=1 or axis=0")
    x, w = prepare(x, weights, nan_policy)
    free = resolve_free(family, free, fixed)
    th, isfree = resolve_fixed(family, fixed)
    n = float(x.size if w is None else w.sum())
    if free and free_ends_supported(family):
        res = fit_with_ends(family, x, w, th, isfree, n, engine, nt, maxiter, free)
    elif free:
        res = fit_with_loc(family, x, w, th, isfree, n, engine, nt, maxiter)
    else:
        status, d, n_iter, bad, e = solve_rescaled(family, x, w, th, isfree, n, engine, nt,
                                                   maxiter)
        if status not in STATUS or (status != 0 and status not in NOT_CONVERGED):
            raise ValueError(fit_error(family, status, x, bad, th))
        res = FitResult(family, th, isfree, d, n, status, n_iter, e)
        res._data = (x, w, dict(fixed or {}), engine, maxiter)
    status = STATUS_CODE[res.status]
    if status:
        warnings.warn(f"{family.name} fit did not converge: {res.message}",
                      ConvergenceWarning, stacklevel=2)
    return res


STATUS_CODE = {name: code for code, (name, _) in STATUS.items()}


def fit_with_loc(family, x, w, th, isfree, n, engine, nt, maxiter):
    """The fit with a positive family's loc estimated too (fastmle.threshold)."""
    status, th_hat, d, n_fits, bad = fit_free_loc(family, x, w, th, isfree, engine, nt,
                                                  maxiter)
    if d is None:
        raise ValueError(fit_error(family, status, x, bad, th))
    res = FitResult(family, th_hat, np.r_[isfree, 1].astype(np.int32), d, n, status, n_fits,
                    names=family.param_names + ("loc",),
                    complete=lambda d: loc_derivs(family, x, w, th_hat, isfree, d, engine, nt))
    res.method = "profile likelihood in loc"
    return res


def fit_with_ends(family, x, w, th, isfree, n, engine, nt, maxiter, free):
    """The fit with the loc and/or scale of a bounded family estimated too
    (fastmle.ends)."""
    status, th_hat, d, n_fits, bad = fit_free_ends(family, x, w, th, isfree, engine, nt,
                                                   maxiter, free)
    if d is None:
        raise ValueError(fit_error(family, status, x, bad, th))
    res = FitResult(family, th_hat, np.r_[isfree, [1] * len(free)].astype(np.int32), d, n,
                    status, n_fits, names=family.param_names + free,
                    complete=lambda d: ends_derivs(family, x, w, th_hat, free, d, engine,
                                                   nt))
    res.method = "profile likelihood in the ends of the support"
    return res


MAX_LABELS = 1 << 20     # categorical fits: labels 0 .. MAX_LABELS - 1 (p is a dense vector)


def fit_categorical(x, family, weights, fixed, engine, n_threads, nan_policy):
    """Categorical MLE: the weighted label counts over their total (one pass).

    Labels must be integers in [0, MAX_LABELS): the estimate ``p`` is a dense
    vector over 0 .. max label (map sparse ids to 0..K-1 first, e.g. with
    ``np.unique(x, return_inverse=True)``).
    """
    engine, nt = _engine.resolve(engine, n_threads)
    x, w = prepare(x, weights, nan_policy)
    return fit_categorical_counts(label_counts(x, w, engine, nt), family, fixed)


def label_counts(x, w, engine, nt, offset=0):
    """Weighted counts of the labels 0 .. max label of x (prepared data; ``offset``: the
    index of x[0] in the caller's data, for the error naming a bad value)."""
    bad = ~((x >= 0) & (x < MAX_LABELS) & (x == np.floor(x)))
    if w is not None:
        bad &= w > 0
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        if np.isnan(x[i]):
            what = STATUS[6][1]
        else:
            what = f"a value is not a label 0, 1, ..., {MAX_LABELS - 1} (an integer)"
        raise ValueError(f"cannot fit categorical: {what}; first at index {offset + i} "
                         f"(value {float(x[i])!r})")
    used = x if w is None else x[w > 0]
    if used.size == 0:
        return np.zeros(0)
    k = int(used.max()) + 1
    return _engine.BACKENDS[engine].counts()(x, w, k, False, nt)[:k]


def label_counts_block(x, w, offset, engine, omit):
    """label_counts of one part of the data (NaN left out under ``omit``)."""
    x = np.asarray(x)
    keep = ~np.isnan(x)
    if omit and not keep.all():
        x, w = x[keep], None if w is None else np.asarray(w)[keep]
    return label_counts(np.ascontiguousarray(x, np.float64),
                        None if w is None else np.ascontiguousarray(w, np.float64),
                        engine, 1, offset)


def merge_counts(parts):
    k = max((p.shape[0] for p in parts), default=0)
    out = np.zeros(k)
    for p in parts:
        out[:p.shape[0]] += p
    return out


def fit_categorical_counts(counts, family, fixed=None):
    """The categorical fit from its label counts."""
    if fixed:
        raise ValueError("categorical: fixed parameters are not supported")
    if not counts.sum() > 0:
        raise ValueError(f"cannot fit categorical: {STATUS[3][1]}")
    return CategoricalFitResult(family, counts)
