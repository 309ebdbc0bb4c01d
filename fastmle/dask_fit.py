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
from fastmle.chunked import SAMPLE, Plan, _stats_d, _stats_frozen, solve
from fastmle.families import get_family
from fastmle.families._base import move_shift
from fastmle.order_stats import ENDS, extremes_block
from fastmle.progress import dask_compute

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
    return dask_compute(out, progress)[0]


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


def fit_batch_dask(ddf, family, by, value, weights=None, *, compute=True, progress=False,
                   **kw):
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
    return dask_compute(out, progress).sort_index() if compute else out


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
    table["bad_index"] = label_column([labels[i] if i >= 0 else -1 for i in rows],
                                      pdf.index.dtype)
    return table


def label_column(labels, index_dtype):
    """bad_index as row labels: int64 (-1: none) for an integer index, else objects."""
    return np.array(labels, dtype=np.int64 if index_dtype.kind in "iu" else object)


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
    table["bad_index"] = label_column([], frame.index.dtype)
    return table


# the statistics path: per (partition, group) rows of the kernels' sums, merged by key
class StatsTable:
    """Per-group statistics of some partitions: the sorted keys (an array, or a tuple
    of arrays for several key columns), the kernel's sums (G x the family's statistics
    size), the shifts of norm/lognorm's sums (or None), row counts and weights, and
    the groups with a value outside the support or NaN (their row, status and the
    offending row's index label, first partition first)."""

    def __init__(self, keys, sums, shift, rows, weight, flagged):
        self.keys, self.sums, self.shift = keys, sums, shift
        self.rows, self.weight, self.flagged = rows, weight, flagged


def _fit_by_statistics(ddf, family, keys, value, wcol, kw, meta):
    """Exponential families: each partition's per-group statistics, merged by key up a
    tree (``SPLIT_EVERY`` tables per node, compiled grouping of the keys), then the
    compiled fits from the merged statistics (``fit_stats_batch``)."""
    import dask
    import dask.dataframe as dd

    opts = {k: kw.get(k) for k in ("fixed", "engine", "nan_policy", "maxiter", "min_size")}
    opts["index_dtype"] = ddf.index.dtype
    cols = keys + [value] + ([wcol] if wcol else [])
    # the keys split into `nb` buckets by hash (as dask's split_out), each merged and
    # fitted by its own tasks, in parallel
    nb = max(1, ddf.npartitions // SPLIT_EVERY)
    per = [dask.delayed(_partition_stats, nout=nb)(part, family.name, keys, value, wcol,
                                                    opts, nb)
           for part in ddf[cols].to_delayed()]
    outs = []
    for b in range(nb):
        tables = [p[b] for p in per] if nb > 1 else per
        while len(tables) > 1:
            tables = [dask.delayed(_merge_tables)(tables[i:i + SPLIT_EVERY])
                      for i in range(0, len(tables), SPLIT_EVERY)]
        outs.append(dask.delayed(_fit_merged)(tables[0], family.name, keys, opts))
    return dd.from_delayed(outs, meta=meta, verify_meta=False)


def _partition_stats(pdf, name, keys, value, wcol, opts, nb=1):
    """One partition's StatsTable (a list of ``nb``, by key hash, for nb > 1): the keys
    factorised (compiled), then one pass summing each group's statistics
    (``label_stats``); a group flagged by its sums (outside the support, NaN) is
    refitted alone to name its first offending row."""
    from fastmle._solve import prepare
    from fastmle.batch import frame_columns
    from fastmle.grouping import factorize, group_csr

    family = get_family(name)
    engine = _engine.resolve(opts["engine"], None)[0]
    omit = opts["nan_policy"] == "omit"
    x, groups, w, _ = frame_columns(pdf, keys if len(keys) > 1 else keys[0], value, wcol,
                                    None, None)
    x, w = prepare(x, w, "raise" if opts["nan_policy"] == "raise" else "propagate",
                   allow_empty=True)
    rank, gkeys = factorize(groups, x.shape[0])
    th1, isfree = resolve_fixed(family, opts["fixed"])
    kern = _engine.BACKENDS[engine].fit_kernels(name)
    G, m = (gkeys[0] if isinstance(gkeys, tuple) else gkeys).shape[0], family.spec.stats.size
    st = np.zeros((G, 8))
    kern.label_stats(x, w, rank, th1, omit, st)
    counted = rank if not omit else rank[~np.isnan(x)]
    flagged = {}
    bad_groups = np.flatnonzero((st[:, m - 1] != 0) | ~np.isfinite(st[:, 0]))
    if bad_groups.size:
        # the rare path: each flagged group's own fit names its first offending value
        rows = np.flatnonzero(np.isin(rank, bad_groups))
        sub = group_csr(x[rows], None if w is None else w[rows], rank[rows], omit, 1)
        for j, g in enumerate(sub.keys):
            sl = slice(sub.off[j], sub.off[j + 1])
            out = kern.fit(sub.x[sl], None if sub.w is None else sub.w[sl], th1.copy(),
                           isfree, 1, as_maxiter(opts["maxiter"] or DEFAULT_MAXITER))
            bad = sub.caller_index(np.where(np.arange(len(sub.keys)) == j, out[3], -1))[j]
            label = pdf.index[rows[bad]] if bad >= 0 else None
            flagged[int(g)] = (int(out[0]), label)
    shift = st[:, 7].copy() if "shift" in family.spec.stats.params else None
    weight = (np.bincount(counted, minlength=G).astype(np.float64) if w is None else
              np.bincount(rank, weights=np.where(np.isnan(x), 0.0, w) if omit else w,
                          minlength=G))
    table = StatsTable(gkeys, np.ascontiguousarray(st[:, :m]), shift,
                       np.bincount(counted, minlength=G), weight, flagged)
    return table if nb == 1 else _buckets(table, nb)


def _buckets(table, nb):
    """The table's rows split into nb tables by a hash of their keys."""
    import pandas as pd

    cols = table.keys if isinstance(table.keys, tuple) else (table.keys,)
    h = np.zeros(cols[0].shape[0], np.uint64)
    for c in cols:
        h = h * np.uint64(1000003) + pd.util.hash_array(np.asarray(c))
    which = (h % np.uint64(nb)).astype(np.int64)
    out = []
    for b in range(nb):
        rows = np.flatnonzero(which == b)
        new = {int(np.searchsorted(rows, g)): info for g, info in table.flagged.items()
               if which[g] == b}
        out.append(StatsTable(tuple(c[rows] for c in cols) if isinstance(table.keys, tuple)
                              else table.keys[rows], table.sums[rows],
                              None if table.shift is None else table.shift[rows],
                              table.rows[rows], table.weight[rows], new))
    return out


def _merge_tables(tables):
    """One StatsTable of several (in partition order): rows of a key summed, the
    shifted sums first moved to the shift of the key's first row."""
    from fastmle.grouping import factorize

    tables = [t for t in tables if t.rows.shape[0]] or tables[:1]
    if len(tables) == 1:
        return tables[0]
    multi = isinstance(tables[0].keys, tuple)
    keys = (tuple(np.concatenate(c) for c in zip(*(t.keys for t in tables))) if multi
            else np.concatenate([t.keys for t in tables]))
    rank, merged_keys = factorize(keys, sum(t.rows.shape[0] for t in tables))
    G = (merged_keys[0] if multi else merged_keys).shape[0]

    def add(col):
        return np.bincount(rank, weights=col, minlength=G)
    sums = np.concatenate([t.sums for t in tables])
    shift = None
    if tables[0].shift is not None:
        sh = np.concatenate([t.shift for t in tables])
        shift = np.empty(G)
        shift[rank[::-1]] = sh[::-1]              # each key's first shift
        move_shift(sums, sh - shift[rank])
    flagged, base = {}, 0
    for t in tables:
        for g, info in t.flagged.items():
            flagged.setdefault(int(rank[base + g]), info)
        base += t.rows.shape[0]
    rows = np.concatenate([t.rows for t in tables])
    return StatsTable(merged_keys, np.stack([add(c) for c in sums.T], axis=1), shift,
                      add(rows.astype(np.float64)).astype(np.int64),
                      add(np.concatenate([t.weight for t in tables])), flagged)


def _fit_merged(table, name, keys, opts):
    """Every group's fit from its merged statistics, as the results table."""
    from fastmle.batch import BatchFitResult

    family = get_family(name)
    keep = np.ones(table.rows.shape[0], bool)
    if opts["min_size"] is not None:
        keep = table.rows >= int(opts["min_size"])
    G, k, m = int(keep.sum()), family.k, table.sums.shape[1]
    st = np.zeros((G, 8))
    st[:, :m] = table.sums[keep]
    if table.shift is not None:
        st[:, 7] = table.shift[keep]
    th1, isfree = resolve_fixed(family, opts["fixed"])
    th = np.repeat(th1[None, :], G, axis=0)
    d = np.empty((G, 1 + k + k * (k + 1) // 2))
    status, n_iter = np.empty(G, np.int32), np.empty(G, np.int32)
    engine, nt = _engine.resolve(opts["engine"], None)
    _engine.BACKENDS[engine].fit_kernels(name).fit_stats_batch(
        st, th, isfree, nt, as_maxiter(opts["maxiter"] or DEFAULT_MAXITER), d, status, n_iter)
    row = np.cumsum(keep) - 1
    label = [-1] * G
    for g, (code, lab) in table.flagged.items():
        if keep[g]:
            status[row[g]], label[row[g]] = code, (-1 if lab is None else lab)
    groups = (tuple(c[keep] for c in table.keys) if isinstance(table.keys, tuple)
              else table.keys[keep])
    res = BatchFitResult(family, groups, th, isfree, d, table.weight[keep], status, n_iter,
                         np.full(G, -1, np.int64))
    res.group_names = tuple(keys)
    out = res.to_pandas()
    out["bad_index"] = label_column(label, opts["index_dtype"])
    return out
