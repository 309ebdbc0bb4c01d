"""Order statistics of data that come in parts (chunks, dask blocks), exactly.

Some fits take parameters from order statistics rather than from a smooth
maximum: the ends of the support (uniform's loc and scale, pareto's scale, the
moving ends that genpareto's and genextreme's Newton must respect) and the
weighted median (laplace's loc).  Over data in parts each is a few reductions,
never a gather: the extremes are a min and a max; the median is found by
narrowing a bracket of values with weighted histograms over pivots (sample
quantiles, else points evenly spaced in the order of the doubles, so each pass
cuts the bracket by ``PIVOTS``), then collecting the at most ``COLLECT`` values
left in it.  The median follows ``np.median`` of the repeated data: the first
value whose cumulative weight passes half the total, or the mean of the two
values around an exact half.

``reduce(block_fn, args, merge)`` runs ``block_fn(x, w, offset, *args)`` over
the parts and merges the results (a loop over chunks, or a Dask tree
reduction); block functions skip NaN and points of zero weight.
"""
import math

import numpy as np

PIVOTS = 1024           # pivots per histogram pass
COLLECT = 1 << 20       # values gathered once the median's bracket holds no more
ENDS = {"uniform", "pareto", "genpareto", "genextreme"}     # need min and max
MEDIAN = {"laplace"}


def used(x, w):
    """The values of a part that count (not NaN, positive weight), float64, and their
    weights."""
    x = np.asarray(x)
    keep = ~np.isnan(x)
    if w is not None:
        keep &= np.asarray(w) > 0
    if keep.all():
        return x.astype(np.float64, copy=False), w
    return x[keep].astype(np.float64, copy=False), None if w is None else np.asarray(w)[keep]


def extremes_block(x, w, offset):
    v, _ = used(x, w)
    return (float(v.min()), float(v.max())) if v.size else (math.inf, -math.inf)


def merge_extremes(parts):
    return min(p[0] for p in parts), max(p[1] for p in parts)


def hist_block(x, w, offset, low, high, pivots):
    """Weight and count of the values in (low, high] per bin between the pivots."""
    v, wv = used(x, w)
    keep = (v > low) & (v <= high)
    j = np.searchsorted(pivots, v[keep], side="left")
    m = pivots.shape[0] + 1
    return (np.bincount(j, weights=None if wv is None else wv[keep], minlength=m),
            np.bincount(j, minlength=m))


def collect_block(x, w, offset, low, high, gather):
    """The values in (low, high] with their weights (if ``gather``), and the least value
    above high."""
    v, wv = used(x, w)
    keep = (v > low) & (v <= high)
    above = v[v > high]
    vals = v[keep] if gather else np.empty(0)
    wts = (np.ones(vals.shape[0]) if wv is None else wv[keep]) if gather else np.empty(0)
    return vals, wts, float(above.min()) if above.size else math.inf


def add_pairs(parts):
    return tuple(sum(p[i] for p in parts) for i in range(2))


def merge_collected(parts):
    return (np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]),
            min(p[2] for p in parts))


def _key(v):
    """The double v as an integer in the order of the doubles (and back: an involution)."""
    b = np.array(v, dtype=np.float64).view(np.int64)
    return int(b ^ ((b >> 63) & np.int64(0x7FFFFFFFFFFFFFFF)))


def _from_key(k):
    b = np.array(k, dtype=np.int64)
    return float((b ^ ((b >> 63) & np.int64(0x7FFFFFFFFFFFFFFF))).view(np.float64))


def _pivots(sample, low, high):
    """Increasing pivots in (low, high): sample quantiles, else evenly spaced doubles."""
    inside = np.unique(sample[(sample > low) & (sample < high)])
    if inside.shape[0] >= 8:
        idx = np.linspace(0, inside.shape[0] - 1, min(PIVOTS, inside.shape[0])).astype(np.int64)
        return np.unique(inside[idx])
    a, b = _key(low), _key(high)         # exact integers (a linspace in doubles is not)
    ks = sorted({a + (b - a) * i // (PIVOTS + 1) for i in range(1, PIVOTS + 1)} - {a, b})
    return np.array([_from_key(k) for k in ks])


def weighted_median(reduce, total, sample):
    """np.median of the data repeated by their weights (total: their sum), from
    reductions over the parts; ``sample``: some of the values, for the pivots."""
    half = 0.5 * total
    low, high, below, count, inside = -math.inf, math.inf, 0.0, None, total
    sample = np.sort(np.asarray(sample, np.float64))
    while count is None or count > COLLECT:
        if _key(high) - _key(low) <= 1:       # one double left: ties, no need to gather
            break
        piv = _pivots(sample, low, high)
        wts, counts = reduce(hist_block, (low, high, piv), add_pairs)
        cum = below + np.cumsum(wts)
        j = int(np.searchsorted(cum, half, side="left"))
        j = min(j, piv.shape[0])
        low, high = (piv[j - 1] if j > 0 else low), (piv[j] if j < piv.shape[0] else high)
        below = float(cum[j - 1]) if j > 0 else below
        count, inside = int(counts[j]), float(wts[j])
    gather = _key(high) - _key(low) > 1
    vals, wts, next_up = reduce(collect_block, (low, high, gather), merge_collected)
    if not gather:                    # every value in (low, high] is high
        vals, wts = np.array([high]), np.array([inside])
    order = np.argsort(vals, kind="mergesort")
    vals, wts = vals[order], wts[order]
    cum = below
    for i in range(vals.shape[0]):
        cum += wts[i]
        if cum > half:
            return float(vals[i])
        if cum == half:
            nxt = vals[i + 1] if i + 1 < vals.shape[0] else next_up
            return float((vals[i] + nxt) / 2.0) if nxt < math.inf else float(vals[i])
    return math.nan


def sum_block(x, w, offset):
    """(sum of w x, sum of w) over the values that count."""
    v, wv = used(x, w)
    return (math.fsum(v) if wv is None else math.fsum(v * wv),
            float(v.shape[0]) if wv is None else math.fsum(wv))


def around_block(x, w, offset, m):
    """Whether m is a value, the greatest value below m and the least above it."""
    v, _ = used(x, w)
    below, above = v[v < m], v[v > m]
    return (bool((v == m).any()), float(below.max()) if below.size else -math.inf,
            float(above.min()) if above.size else math.inf)


def merge_around(parts):
    return (any(p[0] for p in parts), max(p[1] for p in parts), min(p[2] for p in parts))


def gap_start(reduce):
    """dweibull's start for loc (as in memory): the weighted mean, or, where it is a
    value (the likelihood is -inf there for c > 1), the midpoint of the gap above it
    (else below it); None if there is no gap."""
    s, total = reduce(sum_block, (), add_pairs)
    m = s / total
    on, lo, hi = reduce(around_block, (m,), merge_around)
    if not on:
        return m
    v = 0.5 * m + 0.5 * hi
    if m < v < hi:
        return v
    v = 0.5 * m + 0.5 * lo
    return v if lo < v < m else None
