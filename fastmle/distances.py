"""Distances and divergences between distributions: discrete distributions
(probability vectors) and, for ``wasserstein``, samples on the real line.

``total_variation``, ``kl_divergence``, ``js_divergence``, ``hellinger`` and
``cross_entropy`` take probability vectors along ``axis`` (default: the last),
so a batch of vectors is one call, computed row by row by one compiled kernel
(compensated sums, parallel over rows).  Inputs must sum to 1 (within 1e-6)
unless ``normalize=True``; negative entries, NaN and infinities raise.
Conventions: ``0 log(0 / q) = 0``; ``p > 0`` where ``q = 0`` gives ``+inf``.
``return_grad=True`` also returns the gradient with respect to q (with respect
to the logits for ``kl_divergence(..., from_logits=True)``).
"""
import warnings

import numpy as np

from fastmle import _engine
from fastmle._py.distances import CROSS_ENTROPY, HELLINGER, JS, KL, KL_LOGITS, TV
from fastmle.families._base import Frozen

__all__ = ["cross_entropy", "hellinger", "js_divergence", "kl_between", "kl_divergence",
           "total_variation", "wasserstein", "wasserstein_between"]
SUM_TOL = 1e-6


def _as_real(a, name):
    arr = np.asarray(a)
    if arr.dtype.kind == "c":
        raise TypeError(f"{name} must be real, got complex dtype {arr.dtype}")
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be numeric, got dtype {arr.dtype}")
    return arr.astype(np.float64, copy=False)


def _first(mask):
    return tuple(int(i) for i in np.argwhere(mask)[0])


def _check_entries(a, name, nonnegative):
    if np.isnan(a).any():
        raise ValueError(f"{name} contains NaN, first at index {_first(np.isnan(a))}")
    if np.isinf(a).any():
        raise ValueError(f"{name} contains an infinite value, first at index "
                         f"{_first(np.isinf(a))}")
    if nonnegative and (a < 0).any():
        i = _first(a < 0)
        raise ValueError(f"{name} has a negative entry {a[i]!r} at index {i}")


def _row(mask):
    """The first row (batch index) where ``mask`` holds; ``()`` for a single vector."""
    return _first(mask) if mask.ndim else ()


def _pow2_scaled(a):
    """For rows (last axis) of finite non-negative ``a`` whose sum overflows: each row
    scaled by the power of 2 (exact) that brings its largest entry into [0.5, 1), so
    that its sum is finite.  Returns ``(a * 2**-e, its row sums, e)`` (kept dims)."""
    e = np.frexp(a.max(axis=-1, keepdims=True))[1]
    a = np.ldexp(a, -e)
    return a, a.sum(axis=-1, keepdims=True), e


def _valid(a, name, nonnegative, normalize, check_sum=True):
    """Check the entries (a finite row sum rules out NaN and infinities, so the
    element-wise checks run only to name the offender) and the row sums (or rescale
    when ``normalize``); returns the rows and the sums used to rescale as
    ``(s, e)``, true sums ``s * 2**e`` (e None: unscaled), or None."""
    with np.errstate(over="ignore"):
        s = a.sum(axis=-1, keepdims=True)
    if not np.isfinite(s).all() or (nonnegative and a.size and a.min() < 0):
        _check_entries(a, name, nonnegative)
    if not check_sum:
        return a, None
    return _normalized(a, name, normalize, s)


def _normalized(a, name, normalize, s):
    """Rows of a (last axis) with sums s: checked to be 1, or rescaled (without
    overflow: see :func:`_pow2_scaled`)."""
    if normalize:
        e = None
        if not np.isfinite(s).all():
            a, s, e = _pow2_scaled(a)
        zero = s[..., 0] <= 0
        if zero.any():
            at = f" (the vector at {_row(zero)})" if zero.ndim else ""
            raise ValueError(f"{name}: cannot normalize a vector that sums to 0{at}")
        return a / s, (s, e)
    bad = np.abs(s[..., 0] - 1.0) > SUM_TOL
    if bad.any():
        i = _row(bad)
        what = f"the vector at {i}" if bad.ndim else name
        raise ValueError(f"{name} must sum to 1 along the axis (within {SUM_TOL:g}); {what} "
                         f"sums to {float(s[..., 0][i])!r}; pass normalize=True to rescale")
    return a, None


def _divergence(kind, p, q, axis, normalize, return_grad, engine, n_threads):
    engine, nt = _engine.resolve(engine, n_threads)
    logits = kind == KL_LOGITS
    p = _as_real(p, "p")
    q = _as_real(q, "logits" if logits else "q")
    if p.shape != q.shape:
        try:
            p, q = np.broadcast_arrays(p, q)
        except ValueError:
            raise ValueError(f"p and q must have broadcastable shapes, got {np.shape(p)} "
                             f"and {np.shape(q)}") from None
    if p.ndim == 0:
        raise ValueError("p and q must be vectors (at least 1-D)")
    if axis != -1 and axis != p.ndim - 1:
        p = np.moveaxis(p, axis, -1)
        q = np.moveaxis(q, axis, -1)
    if p.shape[-1] == 0:
        raise ValueError("p and q are empty along the axis")
    qs = None
    if normalize:
        p, _ = _valid(p, "p", True, True)
        q, qs = _valid(q, "logits" if logits else "q", not logits, True, check_sum=not logits)
    shape = p.shape
    P = np.ascontiguousarray(p.reshape(-1, shape[-1]))
    Q = np.ascontiguousarray(q.reshape(-1, shape[-1]))
    out = np.empty(P.shape[0])
    G = np.empty(P.shape) if return_grad else np.empty((1, 1))
    C = np.empty((P.shape[0], 3))
    _engine.BACKENDS[engine].rows("distances", "divergence_rows")(kind, P, Q, out, G, C,
                                                                  return_grad, nt)
    # the kernel's pass also summed the rows and found their smallest entry: sums
    # within the tolerance of 1 (NaN fails it) and no negative entry pass at once; the
    # detailed checks below run only to name the offender
    if not normalize and not ((np.abs(C[:, :2] - 1.0) <= SUM_TOL).all()
                              and not (C[:, 2] < 0).any()):
        if not np.isfinite(C[:, :2]).all() or (C[:, 2] < 0).any():
            _check_entries(p, "p", True)
            _check_entries(q, "logits" if logits else "q", not logits)
        batch = shape[:-1] + (1,)
        _normalized(p, "p", False, C[:, 0].reshape(batch))
        if not logits:
            _normalized(q, "q", False, C[:, 1].reshape(batch))
    value = out.reshape(shape[:-1])
    value = value[()] if value.ndim == 0 else value
    if not return_grad:
        return value
    g = G.reshape(shape)
    if qs is not None:
        # through the normalisation q -> q / sum(q): (g - sum(g * q_hat)) / sum(q)
        s, e = qs
        with np.errstate(invalid="ignore", over="ignore"):     # IEEE: a huge gradient
            g = (g - np.sum(g * q, axis=-1, keepdims=True)) / s
        g = g if e is None else np.ldexp(g, -e)
    return value, (g if axis == -1 or axis == g.ndim - 1 else np.moveaxis(g, -1, axis))


_DOC = """
Parameters
----------
p, q : array_like
    Probability vectors along ``axis`` (broadcast against each other).
axis : int
    The axis holding the distributions (default -1); the others are a batch.
normalize : bool
    Rescale p and q to sum to 1 instead of requiring it (entries up to the
    largest double: rows whose sum overflows are first scaled by a power of 2).
return_grad : bool
    Also return the gradient with respect to q (same shape as the broadcast q).
engine, n_threads
    As everywhere in fastmle; threads run over the batch.

Returns
-------
value : float or ndarray
    One value per distribution (the shape without ``axis``; empty for an
    empty batch).
grad : ndarray
    With ``return_grad=True``.
"""


def total_variation(p, q, *, axis=-1, normalize=False, return_grad=False, engine=None,
                    n_threads=None):
    """Total variation distance ``sum |p - q| / 2`` (in [0, 1]).  The gradient is
    the subgradient ``-sign(p - q) / 2`` (0 where p = q)."""
    return _divergence(TV, p, q, axis, normalize, return_grad, engine, n_threads)


def kl_divergence(p, q, *, axis=-1, normalize=False, from_logits=False, return_grad=False,
                  engine=None, n_threads=None):
    """Kullback-Leibler divergence ``KL(p || q) = sum p log(p / q)`` (natural log).

    With ``from_logits=True``, q holds (finite) logits: ``q = softmax(logits)``,
    computed stably, and the gradient is with respect to the logits (``softmax - p``).
    Unlike ``scipy.stats.entropy``, unnormalised inputs raise unless
    ``normalize=True``.  Given two fastmle distributions (e.g. ``fit(...).dist``),
    the closed form for same-family pairs (see :func:`kl_between`).
    """
    if isinstance(p, Frozen) or isinstance(q, Frozen):
        return kl_between(p, q)
    kind = KL_LOGITS if from_logits else KL
    return _divergence(kind, p, q, axis, normalize, return_grad, engine, n_threads)


def js_divergence(p, q, *, axis=-1, normalize=False, return_grad=False, engine=None,
                  n_threads=None):
    """Jensen-Shannon divergence ``(KL(p || m) + KL(q || m)) / 2``, ``m = (p + q) / 2``
    (natural log; ``scipy.spatial.distance.jensenshannon`` is its square root)."""
    return _divergence(JS, p, q, axis, normalize, return_grad, engine, n_threads)


def hellinger(p, q, *, axis=-1, normalize=False, return_grad=False, engine=None,
              n_threads=None):
    """Hellinger distance ``sqrt(sum (sqrt p - sqrt q)^2 / 2)`` (in [0, 1])."""
    return _divergence(HELLINGER, p, q, axis, normalize, return_grad, engine, n_threads)


def cross_entropy(p, q, *, axis=-1, normalize=False, return_grad=False, engine=None,
                  n_threads=None):
    """Cross-entropy ``H(p, q) = -sum p log q`` (= entropy(p) + KL(p || q))."""
    return _divergence(CROSS_ENTROPY, p, q, axis, normalize, return_grad, engine, n_threads)


for _f in (total_variation, kl_divergence, js_divergence, hellinger, cross_entropy):
    _f.__doc__ += _DOC
del _f


def _sample(x, w, name, axis):
    """Rows (R, n) of a sample (1-D, or batched along ``axis``) and their weights."""
    x = _as_real(x, name)
    if axis is None:
        if x.ndim != 1:
            raise ValueError(f"{name} must be 1-D (pass axis= for a batch of samples), got "
                             f"shape {x.shape}")
        x = x[None, :]
    else:
        if x.ndim < 1:
            raise ValueError(f"{name} must be at least 1-D")
        x = np.moveaxis(x, axis, -1)
        x = x.reshape(-1, x.shape[-1]) if x.ndim > 1 else x[None, :]
    if x.shape[-1] == 0:
        raise ValueError(f"{name} is empty")
    with np.errstate(over="ignore"):
        finite = np.isfinite(x.sum())     # one pass; element-wise only to name the offender
    if not finite:
        _check_entries(x, name, False)
    if w is None:
        return x, None
    w = _as_real(w, f"{name}_weights")
    if axis is not None and w.ndim > 1:
        w = np.moveaxis(w, axis, -1)
    w = w.reshape(x.shape) if w.size == x.size else w
    if w.shape != x.shape:
        raise ValueError(f"{name}_weights must have the shape of {name}")
    with np.errstate(over="ignore"):
        tot = w.sum(axis=-1, keepdims=True)
    if not np.isfinite(tot).all() or (w.size and w.min() < 0):
        _check_entries(w, f"{name}_weights", True)
        if not np.isfinite(tot).all():
            w, tot, _ = _pow2_scaled(w)
    if (tot <= 0).any():
        raise ValueError(f"{name}_weights sum to 0")
    return x, w / tot


def _sort_with(X, payload, engine, nt):
    """Rows of ``X`` sorted ascending, and ``payload`` (weights, or int64 positions) in
    the same order: one radix sort of the pairs on the cython engine (see
    ``sort_rows``), numpy's argsort and two gathers on the others."""
    if engine == "cython":
        from fastmle._cy import best_module

        X = np.ascontiguousarray(X)
        payload = np.ascontiguousarray(payload)
        Xs, Ps = np.empty(X.shape), np.empty(payload.shape, payload.dtype)
        best_module("distances").sort_rows(X, payload.view(np.uint64), Xs,
                                           Ps.view(np.uint64), nt)
        return Xs, Ps
    order = np.argsort(X, axis=-1)
    return _take(X, order), _take(payload, order)


def _take(X, order):
    """``X`` reordered row by row by ``order`` (as ``np.take_along_axis(X, order, -1)``,
    but a single row takes the much quicker 1-D fancy index)."""
    if X.shape[0] == 1:
        return X[0][order[0]][None, :]
    return np.take_along_axis(X, order, -1)


def wasserstein(u, v, p=1, u_weights=None, v_weights=None, *, sorted=False, axis=None,
                return_grad=False, engine=None, n_threads=None):
    """Wasserstein-p distance W_p (not W_p^p) between two samples on the real line.

    ``W_p^p`` is the integral over t in (0, 1) of ``|F_u^-1(t) - F_v^-1(t)|^p``;
    each sample is sorted once (``np.sort``; with weights, or for the gradient,
    a radix sort that carries the weights or positions along), then one compiled
    linear merge sums it exactly.  Weights are normalised without overflow, and
    where ``W_p^p`` would overflow or underflow (huge or tiny values, large p) the
    merge is redone on the differences divided by the largest one (the data
    halved first if a difference overflows), so W_p is right for every p >= 1
    wherever it is a finite double.  An empty batch (``axis``) gives an empty result.
    Equal-size unweighted samples reduce to the order statistics.

    Parameters
    ----------
    u, v : array_like or fastmle distributions
        The samples (sizes may differ).  With ``axis``, batches of samples:
        the distance of each pair of rows (the other axes must agree).  Two
        distributions: see :func:`wasserstein_between`.
    p : float
        ``p >= 1``, or ``np.inf`` (the largest quantile difference).
    u_weights, v_weights : array_like, optional
        Non-negative weights (any positive total; each sample is normalised).
    sorted : bool
        The samples (and their weights) are already sorted ascending: skip the sort.
    axis : int, optional
        The axis along which a batch holds its samples; rows run in parallel.
    return_grad : bool
        Also return the gradient of W_p with respect to the positions of u (the
        transport-plan derivative).  Where W_p is kinked, a subgradient: at a
        tie of u the tied points share the derivative of moving them together
        in proportion to their weights (equally without weights), so the
        gradient is a function of the values, whatever the order of the tie;
        for ``p = inf`` it is that of the first largest quantile difference.

    Returns
    -------
    W : float or ndarray
    grad : ndarray (with ``return_grad``), the shape of u
    """
    p = float(p)
    if not p >= 1:
        raise ValueError(f"p must be >= 1 (or inf), got {p!r}")
    if isinstance(u, Frozen) or isinstance(v, Frozen):
        return wasserstein_between(u, v, p)
    engine, nt = _engine.resolve(engine, n_threads)
    shape_u = np.shape(u)
    U, A = _sample(u, u_weights, "u", axis)
    V, B = _sample(v, v_weights, "v", axis)
    if U.shape[0] != V.shape[0]:
        raise ValueError(f"u and v must hold the same number of samples along the other "
                         f"axes, got {U.shape[0]} and {V.shape[0]}")
    order = None
    if sorted:
        for name, X in (("u", U), ("v", V)):
            if (np.diff(X, axis=-1) < 0).any():
                raise ValueError(f"{name} is not sorted ascending (sorted=True)")
    else:
        if return_grad:
            positions = np.tile(np.arange(U.shape[-1], dtype=np.int64), (U.shape[0], 1))
            U, order = _sort_with(U, positions, engine, nt)
            A = None if A is None else _take(A, order)
        elif A is not None:
            U, A = _sort_with(U, A, engine, nt)
        else:
            U = np.sort(U, axis=-1)
        if B is not None:
            V, B = _sort_with(V, B, engine, nt)
        else:
            V = np.sort(V, axis=-1)
    weighted = A is not None or B is not None
    if weighted:
        A = np.full(U.shape, 1.0 / U.shape[-1]) if A is None else A
        B = np.full(V.shape, 1.0 / V.shape[-1]) if B is None else B
    else:
        A = B = np.empty((0, 0))
    U, V, A, B = (np.ascontiguousarray(a, dtype=np.float64) for a in (U, V, A, B))
    out = np.empty(U.shape[0])
    G = np.empty(U.shape) if return_grad else np.empty((1, 1))
    # (the python engine's numpy scalars would warn in a pass the kernel then redoes
    # rescaled)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        _engine.BACKENDS[engine].rows("distances", "wasserstein_rows")(U, A, V, B, p, out, G,
                                                                       return_grad, nt)
    value = out[0] if axis is None else out.reshape(_batch_shape(shape_u, axis))
    if not return_grad:
        return float(value) if axis is None else value
    if order is not None:
        g = np.empty_like(G)
        if G.shape[0] == 1:
            g[0][order[0]] = G[0]
        else:
            np.put_along_axis(g, order, G, -1)
        G = g
    if axis is None:
        return float(value), G[0]
    moved = np.moveaxis(np.empty(shape_u), axis, -1).shape
    return value, np.moveaxis(G.reshape(moved), -1, axis)


def _batch_shape(shape, axis):
    shape = list(shape)
    del shape[axis]
    return tuple(shape)


# ------------------------------------------------------------------ between distributions
def _over(x, y, s):
    """``(x - y) / s`` (s > 0) without overflow in the difference."""
    with np.errstate(over="ignore"):
        d = x - y
        return d / s if np.isfinite(d) else 2.0 * ((0.5 * x - 0.5 * y) / s)


def _kl_norm(a, b):
    # in ratios: squares of the scales or of the difference of the locs overflow
    r = np.float64(a["scale"]) / b["scale"]
    z = _over(np.float64(a["loc"]), b["loc"], b["scale"])
    return -np.log(r) + 0.5 * (r * r) + 0.5 * (z * z) - 0.5


def _kl_lognorm(a, b):
    return _kl_norm(dict(loc=np.log(a["scale"]), scale=a["s"]),
                    dict(loc=np.log(b["scale"]), scale=b["s"]))


def _near1_series(d, first):
    """``sum over k >= 2 of (-1)^k d^k / (k (k - first))`` for |d| < 0.1 (first = 0:
    ``d - log1p(d)``; first = 1: ``(1 + d) log1p(d) - d``), no cancellation."""
    return sum((-d) ** k / (k * (k - 1) if first else k) for k in range(2, 20))


def _rel_log(a, b):
    """``a / b - 1 - log(a / b)`` (a, b > 0): stable near a = b and where the ratio
    leaves the double range."""
    d = _over(np.float64(a), b, b)
    if abs(d) < 0.1:
        return _near1_series(d, 0)
    return d - (np.log(a) - np.log(b))


def _xlogx_rel(a, b, a_minus_b=None):
    """``a log(a / b) - a + b`` (a, b >= 0; b at a = 0): stable near a = b (more
    so given the exact difference)."""
    a, b = np.float64(a), np.float64(b)
    if a == 0.0 or b == 0.0:
        return b if a == 0.0 else np.inf
    d = _over(a, b, b) if a_minus_b is None else a_minus_b / b
    if abs(d) < 0.1:
        return b * _near1_series(d, 1)
    return a * (np.log(a) - np.log(b)) - a + b


def _kl_expon(a, b):
    return _rel_log(a["scale"], b["scale"])


def _kl_halfnorm(a, b):
    # as between N(0, s1) and N(0, s2): (D - log1p(D)) / 2 with D = r^2 - 1 = d (d + 2),
    # r = s1 / s2, d = r - 1 from the difference (exact near r = 1, no overflow of s^2)
    s1, s2 = np.float64(a["scale"]), np.float64(b["scale"])
    d = _over(s1, s2, s2)
    with np.errstate(over="ignore"):
        D = d * (d + 2.0)              # inf where r^2 overflows: the KL is inf too
    if abs(D) < 0.1:
        return 0.5 * _near1_series(D, 0)
    return 0.5 * (D - 2.0 * (np.log(s1) - np.log(s2)))


def _kl_rayleigh(a, b):
    # twice halfnorm's: the same (D - log1p(D)) in r = s1 / s2, D = r^2 - 1
    return 2.0 * _kl_halfnorm(a, b)


def _kl_gamma(a, b):
    from scipy.special import gammaln, psi

    # the scale terms as a1 (r - 1 - log r), r = t1 / t2: 0 for equal shapes
    a1, t1, a2, t2 = a["a"], a["scale"], b["a"], b["scale"]
    shape = 0.0 if a1 == a2 else ((a1 - a2) * psi(a1) - gammaln(a1) + gammaln(a2)
                                  + (a2 - a1) * (np.log(t2) - np.log(t1)))
    return shape + a1 * _rel_log(t1, t2)


def _kl_chi2(a, b):
    # gamma with a = df / 2, scale 2 (the scales equal: no scale term)
    return _kl_gamma(dict(a=0.5 * a["df"], scale=2.0), dict(a=0.5 * b["df"], scale=2.0))


def _kl_invgamma(a, b):
    # 1 / (X - loc) is gamma(a, 1 / scale): the KL is invariant under that bijection
    return _kl_gamma(dict(a=a["a"], scale=1.0 / np.float64(a["scale"])),
                     dict(a=b["a"], scale=1.0 / np.float64(b["scale"])))


def _kl_nakagami(a, b):
    # ((X - loc) / scale)^2 is gamma(nu, 1 / nu): (X - loc)^2 is gamma(nu, scale^2 / nu)
    return _kl_gamma(dict(a=a["nu"], scale=np.float64(a["scale"]) ** 2 / a["nu"]),
                     dict(a=b["nu"], scale=np.float64(b["scale"]) ** 2 / b["nu"]))


def _kl_loggamma(a, b):
    # exp((X - loc) / scale) is gamma(c, 1) for both (equal loc and scale)
    return _kl_gamma(dict(a=a["c"], scale=1.0), dict(a=b["c"], scale=1.0))


def _kl_lomax(a, b):
    # log1p((X - loc) / scale) is exponential with scale 1 / c (equal scales)
    return _rel_log(1.0 / np.float64(a["c"]), 1.0 / np.float64(b["c"]))


def _kl_pareto(a, b):
    # log((X - loc) / scale) is exponential with scale 1 / b (equal scales)
    return _rel_log(1.0 / np.float64(a["b"]), 1.0 / np.float64(b["b"]))


def _kl_invgauss(a, b):
    # mean m = mu scale, shape lambda = scale: (log(l1/l2) + l2/l1 - 1) / 2 +
    # l2 (m1 - m2)^2 / (2 m1 m2^2)
    l1, l2 = np.float64(a["scale"]), np.float64(b["scale"])
    m1, m2 = a["mu"] * l1, b["mu"] * l2
    z = _over(m1, m2, m2)
    return 0.5 * _rel_log(l2, l1) + 0.5 * (l2 / m1) * (z * z) if np.isfinite(z) else np.inf


def _kl_uniform(a, b):
    # log(s2 / s1) where [l1, l1 + s1] lies inside [l2, l2 + s2], else inf
    l1, s1, l2, s2 = (np.float64(v) for v in (a["loc"], a["scale"], b["loc"], b["scale"]))
    inside = l1 >= l2 and l1 + s1 <= l2 + s2
    return np.log(s2) - np.log(s1) if inside else np.inf


def _kl_gumbel_r(a, b):
    # r = b1 / b2, z = (m1 - m2) / b2: (e^-z - 1 + z) + (gamma (r - 1) - log r)
    # + e^-z (Gamma(1 + r) - 1), the first bracket without cancellation (the rest is
    # second order in r - 1 from first-order terms: absolute accuracy ~1e-16 there)
    from scipy.special import gammaln

    r = np.float64(a["scale"]) / b["scale"]
    z = _over(np.float64(a["loc"]), b["loc"], b["scale"])
    with np.errstate(over="ignore"):
        ez = np.exp(-z)
        first = np.expm1(-z) + z if abs(z) > 0.1 else _near1_series(np.expm1(-z), 0)
        return first + (EULER * (r - 1.0) - np.log(r)) + ez * np.expm1(gammaln(1.0 + r))


def _kl_gumbel_l(a, b):
    # the mirror image of gumbel_r: x -> -x
    return _kl_gumbel_r(dict(loc=-np.float64(a["loc"]), scale=a["scale"]),
                        dict(loc=-np.float64(b["loc"]), scale=b["scale"]))


EULER = 0.5772156649015329


def _kl_beta(a, b):
    from scipy.special import betaln, psi

    a1, b1, a2, b2 = a["a"], a["b"], b["a"], b["b"]
    return (betaln(a2, b2) - betaln(a1, b1) + (a1 - a2) * psi(a1) + (b1 - b2) * psi(b1)
            + (a2 - a1 + b2 - b1) * psi(a1 + b1))


def _kl_powerlaw(a, b):
    # beta with b = 1
    return _kl_beta(dict(a=a["a"], b=1.0), dict(a=b["a"], b=1.0))


def _kl_laplace(a, b):
    x, y = np.float64(a["loc"]), b["loc"]
    r = np.float64(a["scale"]) / b["scale"]
    return (-np.log(r) + abs(_over(x, y, b["scale"]))
            + r * np.exp(-abs(_over(x, y, a["scale"]))) - 1.0)


def _bernoulli_kl(p1, p2):
    return _xlogx_rel(p1, p2) + _xlogx_rel(1.0 - p1, 1.0 - p2, np.float64(p2) - p1)


def _kl_poisson(a, b):
    return _xlogx_rel(a["mu"], b["mu"])


def _kl_binom(a, b):
    return a["n"] * _bernoulli_kl(a["p"], b["p"])


def _kl_geom(a, b):
    # E[k] = 1/p1; log pmf ratio = log(p1/p2) + (k - 1) log((1-p1)/(1-p2))
    return _bernoulli_kl(a["p"], b["p"]) / a["p"]


# family -> (closed form, parameters that must agree between the two)
KL_CLOSED_FORMS = {
    "norm": (_kl_norm, ()), "lognorm": (_kl_lognorm, ("loc",)), "expon": (_kl_expon, ("loc",)),
    "gamma": (_kl_gamma, ("loc",)), "beta": (_kl_beta, ("loc", "scale")),
    "halfnorm": (_kl_halfnorm, ("loc",)), "rayleigh": (_kl_rayleigh, ("loc",)),
    "chi2": (_kl_chi2, ("loc", "scale")), "invgamma": (_kl_invgamma, ("loc",)),
    "nakagami": (_kl_nakagami, ("loc",)), "loggamma": (_kl_loggamma, ("loc", "scale")),
    "lomax": (_kl_lomax, ("loc", "scale")), "pareto": (_kl_pareto, ("loc", "scale")),
    "invgauss": (_kl_invgauss, ("loc",)), "uniform": (_kl_uniform, ()),
    "gumbel_r": (_kl_gumbel_r, ()), "gumbel_l": (_kl_gumbel_l, ()),
    "powerlaw": (_kl_powerlaw, ("loc", "scale")),
    "laplace": (_kl_laplace, ()), "poisson": (_kl_poisson, ()), "binom": (_kl_binom, ("n",)),
    "geom": (_kl_geom, ()),
}


def kl_between(d1, d2):
    """Closed-form ``KL(d1 || d2)`` between two fastmle distributions of one family.

    Available for the families of ``KL_CLOSED_FORMS`` (norm, lognorm, expon, gamma,
    beta, halfnorm, rayleigh, chi2, invgamma, nakagami, loggamma, lomax, pareto,
    invgauss, uniform, gumbel_r, gumbel_l, powerlaw, laplace, poisson, binom, geom)
    where the supports agree (the parameters it lists equal: positive families' loc,
    beta's loc and scale, binom's n...) and for categorical; other pairs raise
    NotImplementedError.
    """
    if not (isinstance(d1, Frozen) and isinstance(d2, Frozen)):
        raise TypeError("kl_divergence of a distribution needs two fastmle distributions")
    f1, f2 = d1.family.name, d2.family.name
    if f1 != f2:
        raise NotImplementedError(f"no closed-form KL divergence between {f1} and {f2}")
    if f1 == "categorical":
        p, q = d1.th, d2.th
        if p.size != q.size:
            raise ValueError(f"categorical distributions over {p.size} and {q.size} labels")
        return kl_divergence(p, q, normalize=True)
    if f1 not in KL_CLOSED_FORMS:
        raise NotImplementedError(f"no closed-form KL divergence between {f1} and {f2} "
                                  f"(available: {', '.join(KL_CLOSED_FORMS)}, categorical)")
    fn, same = KL_CLOSED_FORMS[f1]
    a, b = d1.params, d2.params
    for k in same:
        if a[k] != b[k]:
            raise NotImplementedError(f"KL divergence between {f1} distributions with "
                                      f"different {k} ({a[k]} and {b[k]}) has no closed form "
                                      f"(the supports differ)")
    return float(fn(a, b))


# family -> the supremum of the orders p of its finite absolute moments E|X|^p as a
# function of its parameters (the families not listed have them all)
MOMENT_ORDERS = {"t": lambda th: th["df"], "cauchy": lambda th: 1.0,
                 "pareto": lambda th: th["b"]}


def _moment_order(d):
    order = MOMENT_ORDERS.get(d.family.name)
    return np.inf if order is None else float(order(d.params))


def _standard(d):
    """``(shape, loc, scale)``: ``d`` is ``loc + scale X`` with X of the standard
    distribution ``shape`` = (scipy family name, its shape parameters); a cauchy is
    a t with df = 1, so that the two compare."""
    th = dict(d.params)
    loc, scale = float(th.pop("loc")), float(th.pop("scale"))
    if d.family.name == "cauchy":
        return ("t", (("df", 1.0),)), loc, scale
    return (d.family.name, tuple(sorted((k, float(v)) for k, v in th.items()))), loc, scale


# the quadrature in s = -log u over u in (0, 1/2], panel by panel; beyond the
# last (or where scipy's quantiles stop being finite), the tail of a heavy-tailed
# pair in closed form
W_PANELS = (np.log(2.0), 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0)


def wasserstein_between(d1, d2, p=1):
    """``W_p`` (p >= 1) between two continuous fastmle distributions.

    ``W_p^p`` is the integral of ``|F1^-1(t) - F2^-1(t)|^p`` over t in (0, 1).  It is
    infinite where one of the two lacks a finite p-th moment (t with df <= p, cauchy,
    pareto with b <= p), or both do and they differ by more than a shift.  Closed
    forms: a shift (same shape and scale) is ``|loc1 - loc2|``, and at p = 2 two
    distributions of one shape are ``hypot(dloc + dscale m, dscale sd)`` (m and sd
    of the standard one).  Otherwise adaptive quadrature in ``-log t`` on each half
    (the upper quantiles from ``isf``: no cancellation in ``1 - t``), the integrand
    rescaled by its largest contribution (no overflow or underflow of the p-th
    power), the far tail of heavy-tailed pairs in closed form.  ``p = inf`` only
    for shifts.
    """
    import scipy.stats

    if not (isinstance(d1, Frozen) and isinstance(d2, Frozen)):
        raise TypeError("wasserstein between distributions needs two fastmle distributions")
    p = float(p)
    if not p >= 1:
        raise ValueError(f"p must be >= 1 (or inf), got {p!r}")
    if d1.family.discrete or d2.family.discrete:
        raise NotImplementedError("wasserstein between distributions is for continuous "
                                  "families; sample discrete ones")
    (shape1, l1, s1), (shape2, l2, s2) = _standard(d1), _standard(d2)
    if shape1 == shape2 and s1 == s2:
        with np.errstate(over="ignore"):
            return float(abs(np.float64(l1) - l2))      # a shift (inf beyond the doubles)
    if not np.isfinite(p):
        raise NotImplementedError("W_inf between distributions other than shifts: use "
                                  "samples")
    nu = min(_moment_order(d1), _moment_order(d2))
    if nu <= p:
        return np.inf     # one lacks the p-th moment, or both and not a shift of each other
    c = max(abs(l1), abs(l2), s1, s2)
    dl, r1, r2 = _over(np.float64(l1), l2, c), s1 / c, s2 / c
    X1 = getattr(scipy.stats, shape1[0])(**dict(shape1[1]))
    if shape1 == shape2 and p == 2.0:
        ds = r1 - r2
        return float(c * np.hypot(dl + ds * X1.mean(), ds * X1.std()))
    X2 = getattr(scipy.stats, shape2[0])(**dict(shape2[1]))
    with warnings.catch_warnings():
        # scipy's quantiles warn in their far tails (the non-finite ones are left
        # out), and quad where a panel meets a kink of |Q1 - Q2|
        warnings.simplefilter("ignore")
        return float(c * _quantile_gap_norm(X1, r1, X2, r2, dl, p, nu))


def _quantile_gap_norm(X1, r1, X2, r2, dl, p, nu):
    """``(integral over (0, 1) of |dl + r1 Q1 - r2 Q2|^p)^(1/p)``, Q1, Q2 the quantile
    functions of the scipy distributions X1, X2 (finite p-th moments, nu > p the
    smaller moment order); see :func:`wasserstein_between`."""
    from scipy.integrate import quad

    def quantiles(u, lower):
        return (X1.ppf(u), X2.ppf(u)) if lower else (X1.isf(u), X2.isf(u))

    def gap(u, lower):
        # at u (lower half) or 1 - u (upper half: isf); NaN where a quantile is not
        # finite (scipy's far tails)
        q1, q2 = quantiles(u, lower)
        with np.errstate(over="ignore", invalid="ignore"):
            g = np.abs(dl + (r1 * q1 - r2 * q2))
        return np.where(np.isfinite(q1) & np.isfinite(q2), g, np.nan)

    # probes of s: the end of each half (the last probe before a non-finite gap, or
    # before a quantile stalls: scipy's far tails, or a bound) and the scale, the gap
    # at the largest contribution gap^p du
    s = np.linspace(W_PANELS[0], W_PANELS[-1], 512)
    ends, logc = [], []
    for lower in (True, False):
        g = gap(np.exp(-s), lower)
        stall = np.zeros(s.size, bool)
        for q in quantiles(np.exp(-s), lower):
            stall[1:] |= q[1:] == q[:-1]
        bad = np.flatnonzero(~np.isfinite(g) | stall)
        n = bad[0] if bad.size else s.size
        ends.append(s[max(n - 1, 0)])
        with np.errstate(divide="ignore", over="ignore"):
            logc.append(np.where(np.arange(s.size) < n, p * np.log(g) - s, -np.inf))
    logc = np.concatenate(logc)
    k = int(np.argmax(logc))
    if not logc[k] > -np.inf:
        return 0.0
    scale = float(gap(np.exp(-s[k % s.size]), k < s.size))

    def integrand(t, lower):
        u = np.exp(-t)
        with np.errstate(over="ignore"):
            v = float((gap(u, lower) / scale) ** p * u)
        return v if v == v else 0.0         # (a non-finite quantile between the probes)

    total = 0.0
    for lower, end in zip((True, False), ends):
        for a, b in zip(W_PANELS[:-1], W_PANELS[1:]):
            if a < end:
                total += quad(integrand, a, min(b, end), args=(lower,), epsabs=0.0,
                              epsrel=1e-11, limit=200)[0]
        if np.isfinite(nu):
            # beyond: the gap ~ C u^(-1/nu), the integrand ~ C^p exp(-(1 - p / nu) s)
            total += integrand(end, lower) / (1.0 - p / nu)
    return scale * total ** (1.0 / p)
