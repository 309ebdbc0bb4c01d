"""Group labels of any kind to the CSR layout of ``fit_batch``.

``group_csr(x, w, groups)`` turns labels (integers, strings, a pandas Categorical, or
several such columns) into dense group ids and sorts x and the weights by group with
a stable counting sort, all in compiled passes (``fastmle/_cy/_grouping.pyx``):

* integer labels spanning at most ~2n values: counted over their range (a radix-1
  counting sort; the sorted keys come out of the counts, no sort of the labels);
* other integer labels, strings and bytes: hashed (open addressing) to ids in order
  of appearance, then the G distinct keys are sorted and the ids renumbered;
* categorical codes are used as they are (unobserved categories dropped);
* several columns: each factorised, their ids combined (mixed radix) and factorised
  again.

Groups come out in the order of their sorted keys (pandas' ``groupby(sort=True)``).
The output positions are those of the stable order, so they do not depend on the
thread count.  A missing label (None, NaN, a categorical's -1) is an error naming
its index.
"""
import math

import numpy as np

INT_KINDS = (np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32)


def _kernels():
    from fastmle._cy import best_module

    return best_module("grouping")


class Grouping:
    """Dense ids of the labels, the sorted keys, and the data in group order.

    Attributes
    ----------
    keys : ndarray or tuple of ndarray
        The distinct labels in sorted order (one array per key column).
    off : ndarray of int64
        CSR offsets of the groups in ``x``.
    x, w : ndarray
        The data (and weights) sorted by group, x in its own dtype.
    """

    def __init__(self, labels, lo, keys, off, x, w, omit, x_in):
        self._labels, self._lo, self._omit, self._x_in = labels, lo, omit, x_in
        self.keys, self.off, self.x, self.w = keys, off, x, w

    def caller_index(self, bad):
        """Indices in the caller's x of the local indices ``bad`` (per group, -1 none)."""
        bad = np.asarray(bad, np.int64)
        out = np.full(bad.shape, -1, np.int64)
        rows = np.flatnonzero(bad >= 0)
        if rows.size == 0:
            return out
        # the label value of each group: dense labels count over their range
        span = self._span
        target = np.full(span, -1, np.int64)
        target[self._value_of_group[rows]] = bad[rows]
        found = _kernels().origins(self._labels, self._lo, target, self._x_in, self._omit)
        out[rows] = found[self._value_of_group[rows]]
        return out


def group_csr(x, w, groups, omit, nt):
    """Group the 1-D data x (weights w or None) by ``groups`` (labels of any kind, one
    per value, or a tuple of such columns); NaN values of x dropped under ``omit``."""
    n = x.shape[0]
    ids, keys = dense_labels(groups, n)
    return _csr(ids, keys, x, w, omit, nt)


def dense_labels(groups, n):
    """(labels, keys): integer labels whose distinct values are the groups (their sorted
    values ranked like ``keys``) and the keys of the caller's labels."""
    if isinstance(groups, tuple) or is_frame(groups):
        cols = [groups[c] for c in groups.columns] if is_frame(groups) else list(groups)
        return _combine([dense_labels(c, n) for c in cols], n)
    codes = _categorical_codes(groups)
    labels = codes if codes is not None else (
        groups.to_numpy() if hasattr(groups, "to_numpy") else np.asarray(groups))
    if labels.ndim != 1 or labels.shape[0] != n:
        raise ValueError(f"groups must have one label per value: {labels.shape} labels "
                         f"for {n} values")
    if codes is not None:
        miss = np.flatnonzero(codes < 0)
        if miss.size:
            raise ValueError(f"groups: missing label at index {int(miss[0])}")
        return codes, np.asarray(_categories(groups))
    kind = labels.dtype.kind
    if kind == "b":
        return labels.view(np.uint8), np.array([False, True])
    if kind in "iu":
        return _integers(labels)
    if kind in "US":
        return _hashed(labels, labels.view(np.uint8).reshape(n, labels.dtype.itemsize)
                       if n else np.empty((0, 1), np.uint8))
    if kind == "O":
        return _objects(labels)
    raise TypeError(f"groups must be integer, string, categorical or boolean labels, got "
                    f"dtype {labels.dtype}")


def is_frame(obj):
    """Whether obj is a (pandas-like) DataFrame."""
    return hasattr(obj, "columns") and hasattr(obj, "iloc")


def _categorical_codes(groups):
    """The codes of a pandas Categorical or categorical Series (None for others)."""
    if hasattr(groups, "cat"):
        return np.asarray(groups.cat.codes)
    if hasattr(groups, "codes") and hasattr(groups, "categories"):
        return np.asarray(groups.codes)
    return None


def _categories(groups):
    return groups.cat.categories if hasattr(groups, "cat") else groups.categories


def _integers(labels):
    """Integer labels as they are where their range is small, else hashed."""
    if labels.dtype == np.uint64:
        if labels.size and labels.max() > np.iinfo(np.int64).max:
            return _hashed(labels.view(np.int64), None, keys_from=labels)
        labels = labels.view(np.int64)
    if labels.dtype not in INT_KINDS:
        labels = labels.astype(np.int64)
    return labels, None


def _hashed(labels, rows, keys_from=None):
    """Ids in sorted-key order from the compiled hash of int64 labels or byte rows."""
    ids, first = _kernels().hash_ids(labels if rows is None else rows)
    keys = (labels if keys_from is None else keys_from)[first]
    rank = np.empty(first.size, np.int64)
    rank[np.argsort(keys, kind="stable")] = np.arange(first.size)
    return rank[ids], np.sort(keys, kind="stable")


def _objects(labels):
    """Python objects (strings, mixed): pandas' hash factorisation where pandas is
    installed, else as fixed-width strings; None and NaN are missing labels."""
    try:
        import pandas as pd
    except ImportError:
        pd = None
    if pd is not None:
        codes, uniques = pd.factorize(labels, sort=True, use_na_sentinel=True)
        miss = np.flatnonzero(codes < 0)
        if miss.size:
            raise ValueError(f"groups: missing label at index {int(miss[0])}")
        return codes.astype(np.int64), np.asarray(uniques, dtype=object)
    for i, v in enumerate(labels):
        if v is None or (isinstance(v, float) and math.isnan(v)):
            raise ValueError(f"groups: missing label at index {i}")
    strings = labels.astype(str)
    return _hashed(strings, strings.view(np.uint8).reshape(labels.shape[0], -1)
                   if labels.size else np.empty((0, 1), np.uint8))


def _combine(parts, n):
    """Several key columns: their dense ids combined in mixed radix, then grouped."""
    ranks, key_cols = [], []
    for labels, keys in parts:
        r, k = _factorize(labels, keys)
        ranks.append(r)
        key_cols.append(k)
    sizes = [k.shape[0] for k in key_cols]
    if math.prod(sizes) >= 2 ** 62:
        raise ValueError(f"groups: the key columns have {sizes} distinct values, too many "
                         f"combinations to group by")
    combined = np.zeros(n, np.int64)
    for r, s in zip(ranks, sizes):
        combined *= s
        combined += r
    return combined, ("radix", sizes, key_cols)


def _factorize(labels, keys):
    """(rank of each label among the distinct labels, the matching keys sorted): from the
    counts over the range, or the hash for sparse labels (the string and hashed paths
    already give ranks)."""
    if keys is not None:
        return labels.astype(np.int64, copy=False), keys
    if labels.size == 0:
        return labels.astype(np.int64), labels[:0]
    lo, hi = _kernels().minmax(labels, 1)
    if hi - lo + 1 > 2 * labels.size + 65536:
        return _hashed(labels.astype(np.int64, copy=False), None)
    present = np.zeros(hi - lo + 1, bool)
    present[labels - lo] = True
    rank = np.cumsum(present) - 1
    return rank[labels - lo], lo + np.flatnonzero(present)


def factorize(groups, n):
    """(rank of each label among the distinct ones, 0..G-1 in key order; the G keys):
    the grouping's ids without moving any data (e.g. to sum rows by key)."""
    labels, keys = dense_labels(groups, n)
    if n == 0:
        return labels.astype(np.int64), _empty_keys(keys)
    labels, keys, lo, span = _span(labels, keys, 1)
    present = np.zeros(span, bool)
    present[labels - lo] = True
    rank = np.cumsum(present) - 1
    return rank[labels - lo], _keys_of(keys, lo + np.flatnonzero(present))


def _span(labels, keys, nt):
    """(labels, keys, lo, span): the label values lie in lo .. lo + span - 1, sparse
    labels hashed to 0..G-1 first."""
    lo, hi = _kernels().minmax(labels, nt)
    span = hi - lo + 1
    if span > 2 * labels.shape[0] + 65536:
        labels, hkeys = _hashed(labels.astype(np.int64, copy=False), None)
        keys = hkeys if keys is None else (*keys[:3], hkeys)
        lo, span = 0, hkeys.shape[0]
    return labels, keys, lo, span


def _csr(labels, keys, x, w, omit, nt):
    k = _kernels()
    n = x.shape[0]
    if n == 0:
        return Grouping(labels, 0, _empty_keys(keys), np.zeros(1, np.int64), x, w, omit, x)
    labels, keys, lo, span = _span(labels, keys, nt)
    nparts = max(1, min(nt, n // 65536))
    counts, seen = k.part_counts(labels, lo, span, x, omit, nparts, nt)
    total = counts.sum(axis=0)
    # groups: the label values that occur (under omit, also those whose values are all NaN)
    present = np.flatnonzero(total if seen is None else seen)
    off = np.zeros(present.size + 1, np.int64)
    np.cumsum(total[present], out=off[1:])
    # each part's first position per label value: the group's offset plus the earlier
    # parts' counts
    start = np.zeros(span, np.int64)
    start[present] = off[:-1]
    pos = start[None, :] + np.cumsum(counts, axis=0) - counts
    xo = np.empty(off[-1], x.dtype)
    wo = None if w is None else np.empty(off[-1], np.float64)
    k.scatter(labels, lo, pos, x, w, omit, xo, wo, nt)
    g = Grouping(labels, lo, _keys_of(keys, lo + present), off, xo, wo, omit, x)
    g._span, g._value_of_group = span, present
    return g


def _keys_of(keys, values):
    """The keys of the groups whose label values are ``values``."""
    if keys is None:                                  # integer labels: the values
        return values
    if isinstance(keys, tuple):                       # several columns, mixed radix
        if len(keys) == 4:                            # (hashed: the combined values)
            values = keys[3][values]
        sizes, cols = keys[1], keys[2]
        idx = []
        for s in reversed(sizes):
            idx.append(values % s)
            values = values // s
        return tuple(c[i] for c, i in zip(cols, reversed(idx)))
    return keys[values]


def _empty_keys(keys):
    if isinstance(keys, tuple):
        return tuple(c[:0] for c in keys[2])
    return np.empty(0, np.int64) if keys is None else keys[:0]
