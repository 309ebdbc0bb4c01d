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
from fastmle.dask_fit import fit_batch_dask, is_dask_frame
from fastmle.grouping import is_frame, group_csr
from fastmle.progress import bar
from fastmle._solve import (DEFAULT_MAXITER, LOC_SCALE, NOT_CONVERGED, SAFE_SPREAD, STATUS,
                            _kernel, param_exponents, prepare, resolve_fixed, solve_rescaled,
                            spread_exponent)
from fastmle.result import FitResult
from fastmle._spec import status_code
from fastmle.ends import ends_derivs, fit_free_ends, free_ends_supported
from fastmle.threshold import fit_batch_free_loc, loc_derivs, resolve_free

__all__ = ["BatchFitResult", "fit_batch"]


def fit_batch(x, family, groups=None, *, by=None, value=None, offsets=None, weights=None,
              min_size=None, fixed=None, free=None, engine=None, n_threads=None,
              nan_policy="propagate", maxiter=DEFAULT_MAXITER, compute=True, progress=False):
    """Fit ``family`` to every group of ``x`` in one call.

    Parameters
    ----------
    x : array_like or pandas.DataFrame
        1-D data of all groups, or a DataFrame with ``by`` and ``value`` columns.
    family : str or Family
    groups : array_like, tuple of array_like or DataFrame, optional
        Group label of each value, in any order: integers, strings, booleans, a
        pandas Categorical (its codes used as they are, unobserved categories
        dropped), or several such columns (a tuple of arrays or a DataFrame of key
        columns).  Results come in the order of the sorted keys
        (``BatchFitResult.groups``, tuples for several columns).  Grouping is a
        compiled counting sort (``fastmle.grouping``); a missing label is an error
        naming its index.
    by, value : str or list of str, str
        With a DataFrame ``x``: the key column(s) and the value column
        (``fit_batch(df, "gamma", by="sensor", value="latency")``).
    offsets : array_like of int, optional
        Instead of ``groups``: x is sorted by group and group g is
        ``x[offsets[g]:offsets[g + 1]]`` (CSR offsets, ``offsets[0] = 0``,
        ``offsets[-1] = len(x)``; empty groups are allowed and reported).
    weights : array_like or str, optional
        Non-negative frequency weights (with a DataFrame: a column name or an array).
    min_size : int, optional
        Groups with fewer values (after ``nan_policy="omit"``) are not fitted: they
        are left out of the rows and listed in ``BatchFitResult.dropped``.
    fixed, free, engine, nan_policy, maxiter
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
        Threads over the groups, and for the grouping passes (-1: all cores).
    progress : bool
        A progress bar over the groups on stderr (tqdm; the groups are then fitted in
        100 slices, with the same results).
    compute : bool
        With a dask DataFrame ``x``: the results as a pandas DataFrame (True) or a
        lazy dask one (False).

    Returns
    -------
    BatchFitResult
        Or, for a dask DataFrame ``x``, a DataFrame of results indexed by the keys
        (:func:`fastmle.dask_fit.fit_batch_dask`: one shuffle to group-aligned
        partitions, the compiled batch fit of each).
    """
    family = get_family(family)
    maxiter = as_maxiter(maxiter)
    if is_dask_frame(x):
        if groups is not None or offsets is not None:
            raise ValueError("with a dask DataFrame the groups come from by=")
        return fit_batch_dask(x, family, by, value, weights, compute=compute,
                              progress=progress, fixed=fixed, free=free, min_size=min_size,
                              engine=engine, nan_policy=nan_policy, maxiter=maxiter)
    names = None
    if by is not None or value is not None or is_frame(x):
        x, groups, weights, names = frame_columns(x, by, value, weights, groups, offsets)
    if (groups is None) == (offsets is None):
        raise ValueError("give exactly one of groups= (labels) or offsets= (CSR offsets)")
    x, w = prepare(x, weights, "raise" if nan_policy == "raise" else "propagate",
                   allow_empty=True)
    if groups is not None:
        grp = group_csr(x, w, groups, nan_policy == "omit", _engine.resolve(engine,
                                                                              n_threads)[1])
        x, w, off, keys, locate = grp.x, grp.w, grp.off, grp.keys, grp.caller_index
    else:
        off = _as_offsets(offsets, x.shape[0])
        keys = np.arange(off.shape[0] - 1)
        order = None
        if nan_policy == "omit":
            keep = ~np.isnan(x)
            if not keep.all():
                gid = np.repeat(np.arange(off.shape[0] - 1), np.diff(off))[keep]
                counts = np.bincount(gid, minlength=off.shape[0] - 1)
                off = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
                x = x[keep]
                w = None if w is None else w[keep]
                order = np.flatnonzero(keep)

        def locate(bad):
            return caller_index(bad, off, order)
    free = resolve_free(family, free, fixed)
    dropped = None
    if min_size is not None:
        x, w, off, keys, locate, dropped = drop_small(x, w, off, keys, locate, min_size)
    res = _run(family, x, w, off, keys, locate, fixed, free, engine, n_threads, maxiter,
               progress)
    res.group_names, res.dropped = names, dropped
    return res


def frame_columns(df, by, value, weights, groups, offsets):
    """(x, groups, weights, key names) from a DataFrame's ``value`` and ``by`` columns
    (a numpy view of the value column, no copy where its dtype is float)."""
    if not is_frame(df):
        raise TypeError("by= and value= need a pandas DataFrame x")
    if value is None or by is None:
        raise ValueError("a DataFrame x needs value= (the column to fit) and by= (the key "
                         "column or columns)")
    if groups is not None or offsets is not None:
        raise ValueError("with by= the groups come from the DataFrame: do not give groups= "
                         "or offsets=")
    keys = [by] if isinstance(by, str) else list(by)
    cols = list(df.columns)
    for c in keys + [value] + ([weights] if isinstance(weights, str) else []):
        if c not in cols:
            raise KeyError(f"column {c!r} is not in the DataFrame; its columns are {cols}")
    v = df[value]
    if v.dtype.kind not in "fiub":
        raise TypeError(f"the value column {value!r} must be numeric, got dtype {v.dtype}")
    x = v.to_numpy()
    if isinstance(weights, str):
        weights = df[weights].to_numpy()
    groups = df[keys[0]] if len(keys) == 1 else tuple(df[c] for c in keys)
    return x, groups, weights, tuple(keys)


def drop_small(x, w, off, keys, locate, min_size):
    """The groups with at least ``min_size`` values; the others listed as dropped."""
    min_size = int(min_size)
    sizes = np.diff(off)
    keep = sizes >= min_size
    if keep.all():
        return x, w, off, keys, locate, {"groups": _take_keys(keys, keep), "n": sizes[~keep]}
    mask = np.repeat(keep, sizes)
    rows = np.flatnonzero(keep)
    dropped = {"groups": _take_keys(keys, ~keep), "n": sizes[~keep]}

    def locate_kept(bad):
        full = np.full(keep.size, -1, np.int64)
        full[rows] = bad
        return locate(full)[rows]
    new_off = np.zeros(rows.size + 1, np.int64)
    np.cumsum(sizes[rows], out=new_off[1:])
    return (x[mask], None if w is None else w[mask], new_off, _take_keys(keys, keep),
            locate_kept, dropped)


def _take_keys(keys, mask):
    return tuple(c[mask] for c in keys) if isinstance(keys, tuple) else keys[mask]


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


def _run(family, x, w, off, keys, locate, fixed, free, engine, n_threads, maxiter,
         progress=False):
    engine, nt = _engine.resolve(engine, n_threads)
    kernel = _kernel(family, "fit_batch", engine)
    th1, isfree = resolve_fixed(family, fixed)
    G = off.shape[0] - 1
    if free and free_ends_supported(family):
        return _run_free_ends(family, x, w, off, keys, locate, th1, isfree, engine, nt,
                              maxiter, free)
    if free:
        return _run_free_loc(family, x, w, off, keys, locate, th1, isfree, engine, nt,
                             maxiter)
    k = family.k
    th = np.repeat(th1[None, :], G, axis=0)       # writable, one row per group
    d = np.empty((G, 1 + k + k * (k + 1) // 2))
    status = np.empty(G, np.int32)
    n_iter = np.empty(G, np.int32)
    bad = np.empty(G, np.int64)
    if progress:
        # slices of the groups, each one compiled call (the groups are independent)
        tick = bar(G, "group", f"{family.name} fits")
        step = max(1, -(-G // 100))
        for a in range(0, G, step):
            b = min(G, a + step)
            kernel(x, w, off[a:b + 1], th[a:b], isfree, nt, maxiter, d[a:b], status[a:b],
                   n_iter[a:b], bad[a:b])
            tick.update(b - a)
        tick.close()
    else:
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
    res = BatchFitResult(family, keys, th, isfree, d, n, status, n_iter, locate(bad), exps)
    res._data = (x, w, off, fixed, engine, maxiter)
    return res


def _run_free_loc(family, x, w, off, keys, locate, th1, isfree, engine, nt, maxiter):
    th, d, status, n_iter, bad = fit_batch_free_loc(family, x, w, off, th1, isfree, engine,
                                                    nt, maxiter)

    def complete(g, dg):
        sl = slice(off[g], off[g + 1])
        return loc_derivs(family, x[sl], None if w is None else w[sl], th[g], isfree, dg,
                          engine, 1)
    return BatchFitResult(family, keys, th, np.r_[isfree, 1].astype(np.int32), d,
                          group_weights(w, off), status, n_iter, locate(bad),
                          names=family.param_names + ("loc",), complete=complete)


def _run_free_ends(family, x, w, off, keys, locate, th1, isfree, engine, nt, maxiter,
                   free):
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
                          group_weights(w, off), status, n_iter, locate(bad),
                          names=family.param_names + free, complete=complete)


def group_weights(w, off):
    """Total weight (or count) of each group."""
    if w is None:
        return np.diff(off).astype(np.float64)
    cw = np.concatenate([[0.0], np.cumsum(w)])
    return cw[off[1:]] - cw[off[:-1]]


def caller_index(bad, off, order):
    """The offending value of each failed group (its index within the group, -1 for
    none) as an index into the caller's x (``order``: the caller's index of each value
    of x, None where it is x's own)."""
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
        if isinstance(groups, tuple):       # several key columns: a tuple per group
            self._key_columns = groups
            self.groups = np.empty(groups[0].shape[0], dtype=object)
            self.groups[:] = list(zip(*(np.asarray(c).tolist() for c in groups)))
        else:
            self._key_columns = None
            self.groups = groups
        self.group_names = None             # the key columns' names, where known
        self.dropped = None                 # min_size: {"groups": keys, "n": sizes}
        self._data = None                   # in memory: (x, w, offsets, fixed, engine,
        #                                     maxiter), for the groups' profiles
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
        res = FitResult(self.family, self._th[i], self._isfree, self._d[i], float(self.n[i]),
                        int(self._code[i]), int(self.n_iter[i]), int(self._exps[i]))
        if self._data is not None:            # the group's data, for its profile
            x, w, off, fixed, engine, maxiter = self._data
            g = i % len(self)
            sl = slice(off[g], off[g + 1])
            res._data = (x[sl], None if w is None else w[sl], dict(fixed or {}), engine,
                         maxiter)
        return res

    def to_pandas(self):
        """A pandas DataFrame, one row per group, indexed by the group keys (a
        MultiIndex for several key columns), with ``bad_index``, ``status`` and
        ``message`` columns (needs pandas)."""
        import pandas as pd

        if self._key_columns is not None:
            index = pd.MultiIndex.from_arrays(list(self._key_columns), names=self.group_names)
        else:
            index = pd.Index(self.groups, name=(self.group_names or ("group",))[0])
        cols = dict(self.params)
        cols.update({f"stderr_{k}": v for k, v in self.stderr.items()})
        cols.update(loglik=self.loglik, n=self.n, converged=self.converged,
                    n_iter=self.n_iter, status=self.status, bad_index=self.bad_index,
                    message=self.message)
        return pd.DataFrame(cols, index=index)

    def conf_int(self, level=0.95, method="wald"):
        """Confidence intervals ``{name: (low, high)}`` per group (arrays; NaN where a
        group was not fitted or, for Wald, has no standard error): ``method="wald"``
        or ``"profile"`` (each group's profile-likelihood interval, as
        ``FitResult.conf_int``; a loop over the groups, each step compiled fits)."""
        from scipy.special import ndtri

        if not 0 < level < 1:
            raise ValueError(f"level must be in (0, 1), got {level!r}")
        if method == "profile":
            return self._profile_intervals(level)
        if method != "wald":
            raise ValueError(f"method must be 'wald' or 'profile', got {method!r}")
        z = float(ndtri(0.5 + level / 2))
        return {k: (self.params[k] - z * s, self.params[k] + z * s)
                for k, s in self.stderr.items()}

    def bootstrap(self, n_resamples=999, kind="nonparametric", method="percentile",
                  confidence_level=0.95, random_state=None, n_threads=None):
        """One bootstrap per fitted group (``FitResult.bootstrap`` of each, group g
        drawing from ``SeedSequence(random_state).spawn(G)[g]``, so a group gets the
        result of its own bootstrap with that seed): a dict ``{group key:
        BootstrapResult}`` over the groups that were fitted."""
        from fastmle.bootstrap import _seed_sequence

        if self._data is None:
            raise NotImplementedError("the bootstrap needs the groups' data: a batch "
                                      "fitted in memory by fit_batch without free=")
        seeds = _seed_sequence(random_state).spawn(len(self))
        return {self.groups[g]: self[int(g)].bootstrap(n_resamples, kind, method,
                                                       confidence_level, seeds[g], n_threads)
                for g in np.flatnonzero(np.isin(self._code, (0,) + NOT_CONVERGED))}

    def _profile_intervals(self, level):
        import warnings

        if self._data is None:
            raise NotImplementedError("profile intervals need the groups' data: a batch "
                                      "fitted in memory by fit_batch without free=")
        names = [nm for nm, f in zip(self._names, self._isfree) if f]
        out = {k: (np.full(len(self), np.nan), np.full(len(self), np.nan)) for k in names}
        for g in np.flatnonzero(np.isin(self._code, (0,) + NOT_CONVERGED)):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)   # unbounded sides
                ci = self[int(g)].conf_int(level, method="profile")
            for k, (lo, hi) in ci.items():
                out[k][0][g], out[k][1][g] = lo, hi
        return out

    @property
    def message(self):
        """Why each group failed (``""`` where it converged)."""
        text = np.array([STATUS[c][1] if c else "" for c in sorted(STATUS)], dtype=object)
        return text[np.clip(self._code, 0, len(text) - 1)]

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
