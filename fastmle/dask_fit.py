"""Fits of data in a Dask array: ``fastmle.fit(dask_array, family)``.

The data stay where Dask keeps them; what travels is a few numbers per block.
One tree reduction (``dask.array.reduction``) over the blocks validates them
and gathers a strided sample of at most ``SAMPLE`` values (every step-th value,
step = ceil(n / SAMPLE)), whose in-memory fit is the start; for exponential
families the same reduction merges the blocks' sufficient statistics, and
Newton finishes on them in O(1) per step.  Other families run Newton with one
tree reduction of the blocks' compiled (log-likelihood, score, Hessian) sums per
evaluation.  The solver is the engines' own, so the result is the in-memory
fit's (tested to 1e-12).  The block functions are plain module functions of
fastmle, so they run on a ``distributed.Client``'s worker processes as on the
threaded scheduler (the kernels release the GIL).
"""
import math
import types

import numpy as np

from fastmle import _engine
from fastmle._solve import DEFAULT_MAXITER, STATUS, resolve_fixed
from fastmle._validation import as_maxiter
from fastmle.chunked import SAMPLE, Plan, _stats_d, _stats_frozen, check_supported, solve
from fastmle.families import get_family
from fastmle.order_stats import ENDS, extremes_block
from fastmle.progress import dask_bar

SPLIT_EVERY = 8      # blocks combined per node of the reduction tree


def is_dask_array(x):
    """Whether x is a dask array (without importing dask)."""
    return type(x).__module__.split(".")[0] == "dask" and hasattr(x, "chunks")


def fit_dask(x, family, weights=None, fixed=None, *, engine=None, nan_policy="propagate",
             maxiter=DEFAULT_MAXITER, progress=False):
    """The fit of a 1-D dask array (``fastmle.fit`` calls this for one); weights a dask
    array aligned with x (or numpy, chunked like x)."""
    import dask.array as da

    family = get_family(family)
    check_supported(family, "fit of a dask array")
    maxiter = as_maxiter(maxiter)
    engine = _engine.resolve(engine, None)[0]
    if x.ndim != 1:
        raise ValueError(f"fit needs 1-D data, got a {x.ndim}-D dask array")
    if any(math.isnan(c) for c in x.chunks[0]):
        raise ValueError("the dask array has chunks of unknown size: call "
                         "x.compute_chunk_sizes() first")
    if nan_policy not in ("propagate", "raise", "omit"):
        raise ValueError(f"nan_policy must be 'propagate', 'raise' or 'omit', got "
                         f"{nan_policy!r}")
    w = None
    if weights is not None:
        w = weights if is_dask_array(weights) else da.from_array(np.asarray(weights),
                                                                  chunks=x.chunks)
        if w.shape != x.shape:
            raise ValueError(f"weights must have the shape of x {x.shape}, got {w.shape}")
        w = w.rechunk(x.chunks)
    omit = nan_policy == "omit"
    if family.name == "categorical":
        from fastmle.fit import fit_categorical_counts, label_counts_block, merge_counts

        return fit_categorical_counts(tree(x, w, label_counts_block, (engine, omit),
                                           merge_counts, progress), family, fixed)
    th, isfree = resolve_fixed(family, fixed)
    n = int(x.shape[0])
    step = max(1, -(-n // SAMPLE))
    stats = family.stats_class is not None
    first = types.SimpleNamespace(**tree(
        x, w, first_block, (family.name, th, step, stats, omit, engine), merge_first,
        progress))
    if not first.W > 0:
        raise ValueError(f"cannot fit {family.name}: {STATUS[3][1]}")
    plan = Plan(family, first, fixed, isfree, engine,
                lambda fn, args, merge: tree(x, w, fn, args, merge, progress))

    def derivs(th_now):
        if stats:
            return _stats_d(first.stats, family, th_now)
        return tree(x, w, derivs_block, (family.name, th_now, omit, engine), add, progress)

    def raise_outside(th_now):
        bad = tree(x, w, outside_block, (family.name, th, omit), min_index)
        if bad < n:
            value = float(x[bad].compute())
            raise ValueError(f"cannot fit {family.name}: {STATUS[5][1]}; first at index "
                             f"{bad} (value {value!r})")
        raise ValueError(f"cannot fit {family.name}: {STATUS[5][1]}")

    return solve(family, plan, isfree, derivs, first.W, maxiter, stats, "dask blocks",
                 raise_outside)


def tree(x, w, block_fn, args, merge, progress=False):
    """One tree reduction: ``block_fn(block, wblock, offset, *args)`` per block, results
    combined by ``merge(list)``; computed (with Dask's progress bar on stderr)."""
    import dask.array as da

    offsets = np.concatenate([[0], np.cumsum(x.chunks[0][:-1])]).astype(np.int64)
    nb = x.numblocks[0]
    per = da.map_blocks(_one_block, x, *(() if w is None else (w,)),
                        offsets=offsets, block_fn=block_fn, args=args,
                        dtype=object, chunks=((1,) * nb,), meta=np.empty((0,), object))
    out = da.reduction(per, _identity, _Combine(merge), combine=_Combine(merge),
                       concatenate=False, dtype=object, split_every=SPLIT_EVERY,
                       meta=np.empty((0,), object))
    if progress:
        with dask_bar():
            return out.compute()[0]
    return out.compute()[0]


def _one_block(b, wb=None, *, offsets, block_fn, args, block_info=None):
    i = block_info[0]["chunk-location"][0]
    out = np.empty((1,), dtype=object)
    out[0] = block_fn(b, wb, int(offsets[i]), *args)
    return out


def _identity(b, axis, keepdims):
    return b


class _Combine:
    """A reduction's combine/aggregate: the flattened partial results merged."""

    def __init__(self, merge):
        self.merge = merge

    def __call__(self, parts, axis, keepdims):
        out = np.empty((1,), dtype=object)
        out[0] = self.merge(list(_flat(parts)))
        return out


def _flat(parts):
    if isinstance(parts, list):         # (a tuple is one part's result)
        for p in parts:
            yield from _flat(p)
    elif isinstance(parts, np.ndarray) and parts.dtype == object:
        for p in parts.ravel():
            yield from _flat(p)
    else:
        yield parts


def _as_float(b):
    """A block as the kernels read it: contiguous float32/float64 (blocks may be views,
    e.g. broadcast with stride 0)."""
    b = np.asarray(b)
    return np.ascontiguousarray(b, dtype=b.dtype if b.dtype in (np.float32, np.float64)
                                else np.float64)


def _as_weights(wb):
    return None if wb is None else np.ascontiguousarray(wb, dtype=np.float64)


def first_block(b, wb, offset, name, th, step, stats, omit, engine):
    """A block's count, weight, strided sample and (exponential families) statistics.
    A finite sum rules NaN out without a mask; no copy of a block without NaN."""
    family = get_family(name)
    b = _as_float(b)
    wb = _as_weights(wb)
    with np.errstate(all="ignore"):
        nan = None if math.isfinite(float(np.add.reduce(b, dtype=np.float64))) else np.isnan(b)
    if nan is not None and not nan.any():
        nan = None
    if nan is not None and not omit:
        i = int(np.flatnonzero(nan)[0])
        raise ValueError(f"cannot fit {name}: {STATUS[6][1]}; first at index {offset + i} "
                         f"(value nan)")
    if wb is not None and wb.size and not ((wb >= 0) & (wb < np.inf)).all():
        i = int(np.flatnonzero(~((wb >= 0) & (wb < np.inf)))[0])
        raise ValueError(f"weights must be finite and >= 0; first at index {offset + i}")
    x, w = (b, wb) if nan is None else (b[~nan], None if wb is None else wb[~nan])
    first = (-offset) % step          # the block's first index that is a multiple of step
    sample = b[first::step]
    sample_w = None if wb is None else wb[first::step]
    if nan is not None:
        ok = ~np.isnan(sample)
        sample, sample_w = sample[ok], None if sample_w is None else sample_w[ok]
    out = {"W": float(x.shape[0] if w is None else w.sum()), "n": int(x.shape[0]),
           "sample": sample.astype(np.float64), "sample_w": sample_w, "stats": None,
           "lo": math.inf, "hi": -math.inf}
    if name in ENDS:
        out["lo"], out["hi"] = extremes_block(x, w, offset)
    if stats and x.shape[0] and (w is None or w.any()):
        probe = _stats_frozen(family, th)
        s = probe.suffstats(x, w, engine=engine, n_threads=1)
        if s.n_outside > 0:
            with np.errstate(all="ignore"):
                bad = ~np.isfinite(probe.logpdf(b)) & ~np.isnan(b)
            if wb is not None:
                bad &= wb > 0
            i = int(np.flatnonzero(bad)[0]) if bad.any() else 0
            raise ValueError(f"cannot fit {name}: {STATUS[5][1]}; first at index "
                             f"{offset + i} (value {float(b[i])!r})")
        out["stats"] = s
    return out


def merge_first(parts):
    parts = [p for p in parts if p is not None]
    out = {"W": sum(p["W"] for p in parts), "n": sum(p["n"] for p in parts),
           "lo": min(p["lo"] for p in parts), "hi": max(p["hi"] for p in parts)}
    out["sample"] = np.concatenate([p["sample"] for p in parts])
    ws = [p["sample_w"] for p in parts]
    out["sample_w"] = None if all(v is None for v in ws) else np.concatenate(
        [np.ones(p["sample"].shape[0]) if v is None else v for p, v in zip(parts, ws)])
    st = [p["stats"] for p in parts if p["stats"] is not None]
    out["stats"] = None
    for s in st:
        out["stats"] = s if out["stats"] is None else out["stats"].merge(s)
    return out


def derivs_block(b, wb, offset, name, th, omit, engine):
    """A block's compiled sums of (log-likelihood, score, Hessian) at th."""
    kern = _engine.BACKENDS[engine].kernels(name).derivs
    return kern(_as_float(b), _as_weights(wb), th, omit, 1)


def add(parts):
    return np.sum(parts, axis=0)


def outside_block(b, wb, offset, name, th, omit):
    """The stream index of a block's first value outside the support (or a large one)."""
    b = _as_float(b)
    with np.errstate(all="ignore"):
        bad = ~np.isfinite(_stats_frozen(get_family(name), th).logpdf(b)) & ~np.isnan(b)
    if wb is not None:
        bad &= np.asarray(wb) > 0
    return offset + int(np.flatnonzero(bad)[0]) if bad.any() else np.iinfo(np.int64).max


def min_index(parts):
    return min(parts)


# ------------------------------------------------------------------ dask dataframes
def is_dask_frame(x):
    """Whether x is a dask DataFrame (without importing dask)."""
    return type(x).__module__.split(".")[0] == "dask" and hasattr(x, "npartitions")


def fit_batch_dask(ddf, family, by, value, weights=None, *, compute=True, **kw):
    """``fit_batch`` of a dask DataFrame: a pandas DataFrame of results indexed by the
    keys, in key order (a dask one with ``compute=False``); ``bad_index`` is the
    offending row's index label.

    Exponential families (without ``free=``): each partition's per-group sufficient
    statistics (compiled grouping and sums), tree-combined by key, then every group's
    fit from its merged statistics: no shuffle.  Other families: one shuffle to
    group-aligned partitions, then the compiled batch fit of each partition."""
    family = get_family(family)
    if value is None or by is None:
        raise ValueError("a DataFrame x needs value= (the column to fit) and by= (the key "
                         "column or columns)")
    keys = [by] if isinstance(by, str) else list(by)
    cols = list(ddf.columns)
    wcol = weights if isinstance(weights, str) else None
    if weights is not None and wcol is None:
        raise TypeError("with a dask DataFrame, weights= names a column")
    for c in keys + [value] + ([wcol] if wcol else []):
        if c not in cols:
            raise KeyError(f"column {c!r} is not in the DataFrame; its columns are {cols}")
    if ddf[value].dtype.kind not in "fiub":
        raise TypeError(f"the value column {value!r} must be numeric, got dtype "
                        f"{ddf[value].dtype}")
    meta = _result_meta(family, keys, ddf, kw)
    by_stats = family.spec is not None and family.spec.stats is not None and not kw.get("free")
    out = (_fit_by_statistics if by_stats else _fit_by_shuffle)(ddf, family, keys, value, wcol,
                                                                 kw, meta)
    return out.compute().sort_index() if compute else out


def _fit_by_shuffle(ddf, family, keys, value, wcol, kw, meta):
    """One shuffle to group-aligned partitions, then each partition's batch fit."""
    aligned = ddf[keys + [value] + ([wcol] if wcol else [])].shuffle(on=keys)
    return aligned.map_partitions(_fit_partition, family.name, keys, value, wcol, kw,
                                  meta=meta)


def _fit_partition(pdf, name, keys, value, wcol, kw):
    """The batch fit of one group-aligned partition, as a DataFrame indexed by the keys."""
    from fastmle.batch import fit_batch

    if len(pdf) == 0:
        return _result_meta(get_family(name), keys, pdf, kw)
    res = fit_batch(pdf, name, by=keys if len(keys) > 1 else keys[0], value=value,
                    weights=wcol, **kw)
    table = res.to_pandas()
    rows = table["bad_index"].to_numpy()
    labels = pdf.index.to_numpy()
    table["bad_index"] = [labels[i] if i >= 0 else -1 for i in rows]
    return table


def _result_meta(family, keys, frame, kw):
    """An empty result frame with the columns and index of a partition's result."""
    import pandas as pd

    from fastmle.batch import fit_batch

    sample = pd.DataFrame({c: frame[c].head(0) if hasattr(frame[c], "head") else []
                           for c in keys})
    probe = fit_batch(pd.DataFrame({**{c: sample[c] for c in keys}, "__v": np.empty(0)}),
                      family, by=keys if len(keys) > 1 else keys[0], value="__v",
                      **{k: v for k, v in kw.items() if k in ("fixed", "free")})
    table = probe.to_pandas()
    table["bad_index"] = table["bad_index"].astype(object)
    return table


# the statistics path: per (partition, group) rows of the kernels' sums, merged by key
ST = [f"s{q}" for q in range(8)]       # the group_stats row (s7: the shift, if any)


def _fit_by_statistics(ddf, family, keys, value, wcol, kw, meta):
    """Exponential families: per-group statistics per partition, a tree reduction by
    key (``DataFrame.reduction``; the rows of a key merged exactly), then the compiled
    fits from the merged statistics (``fit_stats_batch``)."""
    opts = {k: kw.get(k) for k in ("fixed", "engine", "nan_policy", "maxiter", "min_size")}
    parts = ddf[keys + [value] + ([wcol] if wcol else [])].map_partitions(
        _partition_stats, family.name, keys, value, wcol, opts,
        meta=_stats_meta(ddf, keys), enforce_metadata=False)
    out = parts.reduction(_identity_frame, aggregate=_fit_merged, combine=_merge_stats,
                          aggregate_kwargs={"name": family.name, "keys": keys, "opts": opts},
                          combine_kwargs={"keys": keys}, meta=meta, split_every=SPLIT_EVERY)
    return out


def _stats_meta(ddf, keys):
    import pandas as pd

    cols = {c: ddf[c]._meta for c in keys}
    cols.update({c: pd.Series([], dtype=np.float64) for c in ST})
    cols.update(rows=pd.Series([], dtype=np.int64), weight=pd.Series([], dtype=np.float64),
                part=pd.Series([], dtype=np.int64),
                bad_status=pd.Series([], dtype=np.int32),
                bad_label=pd.Series([], dtype=object))
    return pd.DataFrame(cols).set_index(keys)


def _partition_stats(pdf, name, keys, value, wcol, opts, partition_info=None):
    """One partition's rows: per group (its keys as index), the compiled statistics
    sums, its row count, and for a group with a value outside the support or NaN, the
    status and the offending row's index label."""
    import pandas as pd

    from fastmle._solve import prepare
    from fastmle.batch import frame_columns, group_weights
    from fastmle.grouping import group_csr

    family = get_family(name)
    engine = _engine.resolve(opts["engine"], None)[0]
    nan_policy = opts["nan_policy"] or "propagate"
    x, groups, w, _ = frame_columns(pdf, keys if len(keys) > 1 else keys[0], value, wcol,
                                    None, None)
    x, w = prepare(x, w, "raise" if nan_policy == "raise" else "propagate", allow_empty=True)
    grp = group_csr(x, w, groups, nan_policy == "omit", 1)
    th1, isfree = resolve_fixed(family, opts["fixed"])
    kern = _engine.BACKENDS[engine].fit_kernels(name)
    G = grp.off.shape[0] - 1
    st = np.zeros((G, 8))
    kern.group_stats(grp.x, grp.w, grp.off, th1, 1, st)
    last = family.spec.stats.size - 1
    status = np.zeros(G, np.int32)
    label = np.full(G, None, dtype=object)
    flagged = np.flatnonzero((st[:, last] != 0) | ~np.isfinite(st[:, 0]))
    if flagged.size:
        bad = np.full(G, -1, np.int64)
        for g in flagged:          # the rare path: the group's own fit names the value
            sl = slice(grp.off[g], grp.off[g + 1])
            out = kern.fit(grp.x[sl], None if grp.w is None else grp.w[sl], th1.copy(),
                           isfree, 1, as_maxiter(opts["maxiter"]))
            status[g], bad[g] = out[0], out[3]
        rows = grp.caller_index(bad)
        labels = pdf.index.to_numpy()
        label[flagged] = [labels[r] if r >= 0 else None for r in rows[flagged]]
    keys_ = grp.keys if isinstance(grp.keys, tuple) else (grp.keys,)
    index = (pd.MultiIndex.from_arrays(list(keys_), names=keys) if len(keys) > 1
             else pd.Index(keys_[0], name=keys[0]))
    frame = pd.DataFrame(st, index=index, columns=ST)
    frame["rows"] = np.diff(grp.off)
    frame["weight"] = group_weights(grp.w, grp.off)
    frame["part"] = 0 if partition_info is None else partition_info["number"]
    frame["bad_status"] = status
    frame["bad_label"] = label
    return frame


def _identity_frame(frame):
    return frame


def _merge_stats(frame, keys):
    """The rows of each key merged: sums added (the shifted sums of norm/lognorm
    first moved to the shift of the key's first part), the first part's offending
    value kept."""
    if frame.index.is_unique:
        return frame
    frame = frame.sort_values("part", kind="stable")
    level = list(range(len(keys)))
    g = frame.groupby(level=level, sort=False)
    first = g[["s7", "part"]].first()       # of the first row of each key
    sums = frame[ST[:7] + ["rows", "weight"]].copy()
    shift = frame["s7"].to_numpy()
    ref = g["s7"].transform("first").to_numpy()
    e = shift - ref
    if np.any(e != 0):
        W, S1 = frame["s0"].to_numpy(), frame["s1"].to_numpy()
        sums["s1"] = S1 + W * e
        sums["s2"] = frame["s2"].to_numpy() + 2.0 * e * S1 + W * e * e
    out = sums.groupby(level=level, sort=False).sum()
    out["s7"] = first["s7"]
    out["part"] = first["part"]
    bad = frame[frame["bad_status"] != 0]
    out["bad_status"] = np.int32(0)
    out["bad_label"] = None
    if len(bad):
        fb = bad.groupby(level=level, sort=False).first()
        out.loc[fb.index, "bad_status"] = fb["bad_status"].to_numpy()
        out.loc[fb.index, "bad_label"] = fb["bad_label"].to_numpy()
    return out[ST + ["rows", "weight", "part", "bad_status", "bad_label"]]


def _fit_merged(frame, name, keys, opts):
    """Every group's fit from its merged statistics, as the results table."""
    from fastmle.batch import BatchFitResult

    family = get_family(name)
    frame = _merge_stats(frame, keys).sort_index()
    if opts["min_size"] is not None:
        frame = frame[frame["rows"] >= int(opts["min_size"])]
    engine = _engine.resolve(opts["engine"], None)[0]
    th1, isfree = resolve_fixed(family, opts["fixed"])
    G, k = len(frame), family.k
    st = np.ascontiguousarray(frame[ST].to_numpy(np.float64))
    th = np.repeat(th1[None, :], G, axis=0)
    d = np.empty((G, 1 + k + k * (k + 1) // 2))
    status, n_iter = np.empty(G, np.int32), np.empty(G, np.int32)
    _engine.BACKENDS[engine].fit_kernels(name).fit_stats_batch(
        st, th, isfree, 1, as_maxiter(opts["maxiter"]), d, status, n_iter)
    flagged = frame["bad_status"].to_numpy() != 0
    status[flagged] = frame["bad_status"].to_numpy()[flagged]
    idx = frame.index
    groups = (tuple(idx.get_level_values(i).to_numpy() for i in range(len(keys)))
              if len(keys) > 1 else idx.to_numpy())
    res = BatchFitResult(family, groups, th, isfree, d, frame["weight"].to_numpy(), status,
                         n_iter,
                         np.full(G, -1, np.int64))
    res.group_names = tuple(keys)
    table = res.to_pandas()
    table["bad_index"] = np.where(flagged, frame["bad_label"].to_numpy(), -1).astype(object)
    return table
