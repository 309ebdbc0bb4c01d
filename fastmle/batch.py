"""Fitting many groups in one call: ``fastmle.fit_batch`` and ``BatchFitResult``.

The data of all groups lie in one array, sorted by group (CSR offsets); the
compiled per-group solver (the same as for a single fit) runs over the
groups in parallel, one thread per group, so every group's result is
independent of the thread count.  A group that cannot be fitted does not fail
the batch: its row holds NaN and says why.
"""
from functools import cached_property

import numpy as np

from fastmle import _engine
from fastmle._validation import as_maxiter
from fastmle.families import get_family
from fastmle._solve import (DEFAULT_MAXITER, LOC_SCALE, NOT_CONVERGED, SAFE_SPREAD, STATUS,
                            _kernel, param_exponents, prepare, resolve_fixed, solve_rescaled,
                            spread_exponent)
from fastmle.result import FitResult
from fastmle._spec import status_code
from fastmle.ends import ends_derivs, fit_free_ends, free_ends_supported
from fastmle.threshold import fit_batch_free_loc, loc_derivs, resolve_free

__all__ = ["BatchFitResult", "fit_batch"]


def fit_batch(x, family, groups=None, *, offsets=None, weights=None, fixed=None, free=None,
              engine=None, n_threads=None, nan_policy="propagate", maxiter=DEFAULT_MAXITER):
    """Fit ``family`` to every group of ``x`` in one call.

    Parameters
    ----------
    x : array_like
        1-D data of all groups.
    family : str or Family
    groups : array_like of int, optional
        Group label of each value, in any order; results come in the order of
        the sorted unique labels (``BatchFitResult.groups``).
    offsets : array_like of int, optional
        Instead of ``groups``: x is sorted by group and group g is
        ``x[offsets[g]:offsets[g + 1]]`` (CSR offsets, ``offsets[0] = 0``,
        ``offsets[-1] = len(x)``; empty groups are allowed and reported).
    weights, fixed, free, engine, nan_policy, maxiter
        As for :func:`fastmle.fit`; ``fixed`` and ``free`` apply to every group (with
        ``free=("loc",)`` every profile evaluation is one compiled batch fit over all
        groups, see :func:`fastmle.threshold.fit_batch_free_loc`).  Under
        ``nan_policy="propagate"`` a group containing NaN is reported as such.
        Groups are fitted on the data as given (float32 or float64, not
        copied with ``offsets=``; ``groups=`` sorts a copy).  A group of a
        location-scale family whose spread lies outside [1e-100, 1e100] is
        fitted on its data divided by a power of 2, as :func:`fastmle.fit`
        does (a copy of that group only), so every group gets fit's result.
    n_threads : int, optional
        Threads over the groups (-1: all cores).

    Returns
    -------
    BatchFitResult
    """
    family = get_family(family)
    maxiter = as_maxiter(maxiter)
    if (groups is None) == (offsets is None):
        raise ValueError("give exactly one of groups= (labels) or offsets= (CSR offsets)")
    x, w = prepare(x, weights, "raise" if nan_policy == "raise" else "propagate",
                   allow_empty=True)
    order = None
    if groups is not None:
        labels = np.asarray(groups)
        if labels.shape != x.shape:
            raise ValueError(f"groups must have one label per value: {labels.shape} labels "
                             f"for {x.shape[0]} values")
        if labels.dtype.kind not in "biu" and labels.size:
            raise TypeError(f"groups must be integer labels, got dtype {labels.dtype}")
        order = np.argsort(labels, kind="stable")
        # groups start where the sorted labels change (np.unique would sort them again)
        sl = labels[order]
        starts = np.flatnonzero(sl[1:] != sl[:-1]) + 1
        keys = sl[np.r_[0, starts]] if sl.size else sl
        off = np.r_[0, starts, sl.size].astype(np.int64) if sl.size else np.zeros(1, np.int64)
        del sl
        x = x[order]
        w = None if w is None else w[order]
    else:
        off = _as_offsets(offsets, x.shape[0])
        keys = np.arange(off.shape[0] - 1)
    if nan_policy == "omit":
        keep = ~np.isnan(x)
        if not keep.all():
            gid = np.repeat(np.arange(off.shape[0] - 1), np.diff(off))[keep]
            counts = np.bincount(gid, minlength=off.shape[0] - 1)
            off = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
            x = x[keep]
            w = None if w is None else w[keep]
            order = (np.arange(keep.size) if order is None else order)[keep]
    free = resolve_free(family, free, fixed)
    return _run(family, x, w, off, keys, order, fixed, free, engine, n_threads, maxiter)


def fit_rows(x, family, axis, weights=None, fixed=None, free=None, engine=None,
             n_threads=None, nan_policy="propagate", maxiter=DEFAULT_MAXITER):
    """``fit(x2d, family, axis=...)``: one fit per row (axis=1) or column (axis=0)."""
    a = np.asarray(x)
    if a.ndim != 2:
        raise ValueError(f"fit with axis= needs 2-D data, got {a.ndim}-D")
    if axis not in (0, 1, -1, -2):
        raise ValueError(f"axis must be 0 or 1 for 2-D data, got {axis!r}")
    if axis in (0, -2):
        a = a.T
    wt = None
    if weights is not None:
        wt = np.asarray(weights)
        if wt.shape != np.asarray(x).shape:
            raise ValueError(f"weights must have the shape of x {np.asarray(x).shape}, "
                             f"got {wt.shape}")
        wt = (wt.T if axis in (0, -2) else wt).reshape(-1)
    rows, m = a.shape
    off = np.arange(0, rows * m + 1, m, dtype=np.int64) if m else np.zeros(rows + 1, np.int64)
    return fit_batch(a.reshape(-1), family, offsets=off, weights=wt, fixed=fixed, free=free,
                     engine=engine, n_threads=n_threads, nan_policy=nan_policy,
                     maxiter=maxiter)


def _as_offsets(offsets, n):
    off = np.asarray(offsets)
    if off.dtype.kind not in "iu" or off.ndim != 1 or off.size < 1:
        raise ValueError("offsets must be a 1-D integer array [0, ..., len(x)]")
    off = off.astype(np.int64)
    if off[0] != 0 or off[-1] != n or np.any(np.diff(off) < 0):
        raise ValueError(f"offsets must start at 0, end at len(x) = {n} and not decrease")
    return np.ascontiguousarray(off)


def _run(family, x, w, off, keys, order, fixed, free, engine, n_threads, maxiter):
    engine, nt = _engine.resolve(engine, n_threads)
    kernel = _kernel(family, "fit_batch", engine)
    th1, isfree = resolve_fixed(family, fixed)
    G = off.shape[0] - 1
    if free and free_ends_supported(family):
        return _run_free_ends(family, x, w, off, keys, order, th1, isfree, engine, nt,
                              maxiter, free)
    if free:
        return _run_free_loc(family, x, w, off, keys, order, th1, isfree, engine, nt, maxiter)
    k = family.k
    th = np.repeat(th1[None, :], G, axis=0)       # writable, one row per group
    d = np.empty((G, 1 + k + k * (k + 1) // 2))
    status = np.empty(G, np.int32)
    n_iter = np.empty(G, np.int32)
    bad = np.empty(G, np.int64)
    kernel(x, w, off, th, isfree, nt, maxiter, d, status, n_iter, bad)
    n = group_weights(w, off)
    exps = np.zeros(G, np.int64)
    for g in extreme_spread_groups(family, x, off):
        # refitted as fit() does, on the group's data divided by a power of 2
        xg = x[off[g]:off[g + 1]]
        if spread_exponent(family, xg) != 0:
            th[g] = th1
            wg = None if w is None else w[off[g]:off[g + 1]]
            status[g], d[g], n_iter[g], bad[g], exps[g] = solve_rescaled(
                family, xg, wg, th[g], isfree, n[g], engine, 1, maxiter)
    return BatchFitResult(family, keys, th, isfree, d, n, status, n_iter,
                          caller_index(bad, off, order), exps)


def _run_free_loc(family, x, w, off, keys, order, th1, isfree, engine, nt, maxiter):
    th, d, status, n_iter, bad = fit_batch_free_loc(family, x, w, off, th1, isfree, engine,
                                                    nt, maxiter)

    def complete(g, dg):
        sl = slice(off[g], off[g + 1])
        return loc_derivs(family, x[sl], None if w is None else w[sl], th[g], isfree, dg,
                          engine, 1)
    return BatchFitResult(family, keys, th, np.r_[isfree, 1].astype(np.int32), d,
                          group_weights(w, off), status, n_iter, caller_index(bad, off, order),
                          names=family.param_names + ("loc",), complete=complete)


def _run_free_ends(family, x, w, off, keys, order, th1, isfree, engine, nt, maxiter, free):
    """Free ends of beta/powerlaw (``fastmle.ends``): one profile search per group, a
    Python loop over the groups (each step a compiled fit); a group that cannot be
    fitted is a row with its status."""
    G, e = off.shape[0] - 1, len(free)
    K = family.k + e
    th = np.repeat(th1[None, :], G, axis=0)
    d = np.full((G, 1 + K + K * (K + 1) // 2), np.nan)
    status, n_iter = np.empty(G, np.int32), np.zeros(G, np.int32)
    bad = np.full(G, -1, np.int64)
    parts = []
    for g in range(G):
        sl = slice(off[g], off[g + 1])
        xg, wg = x[sl], None if w is None else w[sl]
        parts.append((xg, wg))
        if xg.size == 0:
            status[g] = status_code("too_few")
            continue
        try:
            st, th_g, d_g, n_iter[g], bad[g] = fit_free_ends(family, xg, wg, th1.copy(),
                                                             isfree, engine, 1, maxiter, free)
        except ValueError:                       # a fixed scale below the group's range
            st, th_g, d_g = status_code("outside"), th1, None
        status[g] = st
        th[g] = th_g
        if d_g is not None:
            d[g] = d_g

    def complete(g, dg):
        return ends_derivs(family, *parts[g], th[g], free, dg, engine, 1)
    return BatchFitResult(family, keys, th, np.r_[isfree, [1] * e].astype(np.int32), d,
                          group_weights(w, off), status, n_iter, caller_index(bad, off, order),
                          names=family.param_names + free, complete=complete)


def group_weights(w, off):
    """Total weight (or count) of each group."""
    if w is None:
        return np.diff(off).astype(np.float64)
    cw = np.concatenate([[0.0], np.cumsum(w)])
    return cw[off[1:]] - cw[off[:-1]]


def caller_index(bad, off, order):
    """The offending value of each failed group as an index into the caller's x."""
    pos = np.where(bad >= 0, off[:-1] + bad, -1)
    if order is not None:
        pos = np.where(pos >= 0, order[np.maximum(pos, 0)], -1)
    return pos


def extreme_spread_groups(family, x, off):
    """Rows of the non-empty groups of a location-scale family whose half-range lies
    outside the range ``fit.spread_exponent`` leaves as it is (one min and one max
    pass over x; the common case finds none)."""
    if family.name not in LOC_SCALE or x.shape[0] == 0:
        return np.empty(0, np.int64)
    rows = np.flatnonzero(off[1:] > off[:-1])
    starts = off[:-1][rows]
    with np.errstate(invalid="ignore"):
        half = (0.5 * np.maximum.reduceat(x, starts).astype(np.float64)
                - 0.5 * np.minimum.reduceat(x, starts).astype(np.float64))
        far = (half > 0.0) & (half < np.inf) & ((half < 0.5 / SAFE_SPREAD)
                                                | (half > 0.5 * SAFE_SPREAD))
    return rows[far]


class BatchFitResult:
    """Per-group fits as arrays, one row per group.

    Attributes
    ----------
    groups : ndarray
        The group labels (or 0..G-1 for offsets), one per row.
    params, stderr : dict of ndarray
        Per-parameter arrays (NaN where a group could not be fitted); ``stderr``
        and ``cov`` are computed when first used.
    loglik, aic, bic, n : ndarray
    converged : ndarray of bool
    n_iter : ndarray of int
    status : ndarray of str
        ``"ok"`` or why the group failed (see ``fastmle._spec.STATUS``).
    bad_index : ndarray of int
        For groups with a value outside the support or NaN: the index of the
        first such value in the caller's x; -1 elsewhere.
    """

    def __init__(self, family, groups, th, isfree, d, n, status, n_iter, bad_index, exps=None,
                 names=None, complete=None):
        self.family = family
        self.groups = groups
        # the parameters d and isfree refer to (param_names, plus loc for free-loc fits,
        # whose loc derivatives complete(g, d[g]) computes when first needed)
        self._names = family.param_names if names is None else names
        self._complete = complete
        failed = ~np.isin(status, (0,) + NOT_CONVERGED)
        cols = [family.th_names.index(nm) for nm, f in zip(self._names, isfree) if f]
        if failed.any():        # th and d are this result's own arrays (from _run)
            th[np.ix_(failed, cols)] = np.nan
            d[failed] = np.nan
        self._th, self._isfree, self._d_raw, self._code = th, isfree, d, status
        # per group: the Hessian in d is in units of 2^exps (see fit.scale_params)
        self._exps = np.zeros(th.shape[0], np.int64) if exps is None else exps
        self.params = {name: th[:, i] for i, name in enumerate(family.th_names)}
        free = isfree.astype(bool)
        self.free = tuple(str(name) for name in np.array(self._names)[free])
        self.loglik = d[:, 0]
        self.n = n
        self.converged = status == 0
        self.n_iter = n_iter
        self.status = _status_names(status)
        self.bad_index = bad_index
        nf = len(self.free)
        self.aic = 2.0 * nf - 2.0 * self.loglik
        with np.errstate(divide="ignore", invalid="ignore"):
            self.bic = nf * np.log(n) - 2.0 * self.loglik

    # computed when first asked for (a batch caller may need only the estimates)
    @cached_property
    def _d(self):
        if self._complete is None:
            return self._d_raw
        ok = np.isfinite(self._d_raw[:, 0])
        return np.array([self._complete(g, row) if ok[g] else row
                         for g, row in enumerate(self._d_raw)]).reshape(self._d_raw.shape)

    @cached_property
    def _cov_in_units(self):
        """(cov, u): covariances in units 2^(u_i + u_j), u (groups, m) (see fit.param_exponents)."""
        free, k = self._isfree.astype(bool), self.family.k
        if self._names != self.family.param_names:       # free loc: no rescaled units
            U = np.zeros((len(self), len(self._names)), np.int64)
            return self._covariances(self._th, free, self._d, self.n), U[:, free]
        U = np.outer(self._exps, param_exponents(self.family, 1))       # (groups, k)
        th = self._th.copy()
        th[:, :k] = np.ldexp(th[:, :k], -U)
        return self._covariances(th, free, self._d, self.n), U[:, free]

    @cached_property
    def cov(self):
        """Covariance matrices of the estimates, (groups, m, m) over ``free``."""
        c, u = self._cov_in_units
        return np.ldexp(c, u[:, :, None] + u[:, None, :]) if u.any() else c

    @cached_property
    def stderr(self):
        """Standard errors by parameter name (arrays; NaN where undefined)."""
        c, u = self._cov_in_units
        se = np.ldexp(np.sqrt(np.diagonal(c, axis1=1, axis2=2)), u)
        return {name: se[:, i] for i, name in enumerate(self.free)}

    def _covariances(self, th, free, d, n):
        family, k, G = self.family, len(self._names), th.shape[0]
        nf = int(free.sum())
        own = family.fit_cov(th, free, n) if G and self._names == family.param_names else None
        if own is not None or G == 0:
            return own if own is not None else np.empty((0, nf, nf))
        hess = np.empty((G, k, k))
        q = 1 + k
        for i in range(k):
            for j in range(i, k):
                hess[:, i, j] = hess[:, j, i] = d[:, q]
                q += 1
        return inverse_information(-hess[:, free][:, :, free])

    def __len__(self):
        return self.groups.shape[0]

    def __getitem__(self, i):
        """The :class:`~fastmle.result.FitResult` of row ``i``."""
        if not -len(self) <= i < len(self):
            raise IndexError(f"group row {i} out of range for {len(self)} groups")
        if self._names != self.family.param_names:
            g = i % len(self)
            res = FitResult(self.family, self._th[g], self._isfree, self._d_raw[g],
                            float(self.n[g]), int(self._code[g]), int(self.n_iter[g]),
                            names=self._names, complete=lambda dg: self._complete(g, dg))
            res.method = "profile likelihood in loc"
            return res
        return FitResult(self.family, self._th[i], self._isfree, self._d[i], float(self.n[i]),
                         int(self._code[i]), int(self.n_iter[i]), int(self._exps[i]))

    def to_pandas(self):
        """A pandas DataFrame, one row per group (needs pandas)."""
        import pandas as pd

        cols = {"group": self.groups}
        cols.update(self.params)
        cols.update({f"stderr_{k}": v for k, v in self.stderr.items()})
        cols.update(loglik=self.loglik, n=self.n, converged=self.converged,
                    n_iter=self.n_iter, status=self.status)
        return pd.DataFrame(cols)

    def __repr__(self):
        ok = int(self.converged.sum())
        return (f"BatchFitResult({self.family.name}: {len(self)} groups, {ok} converged, "
                f"{len(self) - ok} not)")


def inverse_information(info):
    """Inverses of a stack of information matrices (G, m, m); NaN where a matrix is
    not positive definite.  Closed forms for m <= 2 (the common case), else LAPACK."""
    m = info.shape[1]
    cov = np.full(info.shape, np.nan)
    with np.errstate(all="ignore"):
        if m == 1:
            a = info[:, 0, 0]
            ok = a > 0
            cov[ok, 0, 0] = 1.0 / a[ok]
        elif m == 2:
            a, b, c = info[:, 0, 0], info[:, 0, 1], info[:, 1, 1]
            det = a * c - b * b
            ok = (a > 0) & (det > 0)
            cov[ok] = np.stack([np.stack([c, -b], -1), np.stack([-b, a], -1)], -2)[ok] \
                / det[ok, None, None]
        else:
            ok = np.flatnonzero(np.isfinite(info).all(axis=(1, 2)))
            try:        # all positive definite (Cholesky succeeds): invert together
                np.linalg.cholesky(info[ok])
                cov[ok] = np.linalg.inv(info[ok])
            except np.linalg.LinAlgError:
                for i in ok:
                    try:
                        np.linalg.cholesky(info[i])
                        cov[i] = np.linalg.inv(info[i])
                    except np.linalg.LinAlgError:
                        pass
    return cov


def _status_names(status):
    names = np.array([STATUS[c][0] for c in sorted(STATUS)])
    return names[np.clip(status, 0, len(names) - 1)]
