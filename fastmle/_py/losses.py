"""Softmax cross-entropy rows: the python and numba engines' mirror of
``fastmle/_cy/_losses.pyx`` (same per-row loss, mean weight and gradient)."""
import math

from fastmle._py.distances import gap_times
from fastmle._py.special import log_sum_exp_shifted

prange = range      # numba's prange in the compiled engine: the row driver runs in parallel


def ce_row(z, y, t, w, eps, g, want_grad):
    """(loss, mean weight) of one row of logits z; target class y smoothed by eps, or
    the probabilities t (y < 0); gradient w.r.t. z into g.  In float64 whatever z's
    dtype (``float``: float32 scalars would keep the sums in float32), with the
    log-softmax taken after the max shift, ``(z - zmax) - log1p(rest)``, rest the sum
    of the exps but the 1 of the first largest logit (the Cython engine takes the
    vectorised ``log(1 + rest)`` where rest >= 0.25: the same up to rounding)."""
    C = z.shape[0]
    zmax = -math.inf
    for k in range(C):
        zmax = max(zmax, float(z[k]))
    ls = log_sum_exp_shifted(z, zmax)
    S = 0.0
    L = 0.0
    for k in range(C):
        tk = t[k] if y < 0 else eps / C + (1.0 - eps if k == y else 0.0)
        wk = 1.0 if w.shape[0] == 0 else w[k]
        S += tk * wk
        if tk != 0.0:
            L += tk * wk * (zmax - float(z[k]))
    L += ls * S             # (as the Cython engine: no negative term)
    if not abs(L) < math.inf:
        # logits spanning more than the double range: again, the gaps halved
        L = 0.0
        for k in range(C):
            tk = (t[k] if y < 0 else eps / C + (1.0 - eps if k == y else 0.0)) * (
                1.0 if w.shape[0] == 0 else w[k])
            if tk != 0.0:
                L += tk * ls + gap_times(tk, zmax, float(z[k]))
    if want_grad:
        for k in range(C):
            tk = t[k] if y < 0 else eps / C + (1.0 - eps if k == y else 0.0)
            wk = 1.0 if w.shape[0] == 0 else w[k]
            # (a row of zero weight has zero gradient, whatever its softmax: the
            # Cython engine's floored exps keep it finite there)
            g[k] = (math.exp((float(z[k]) - zmax) - ls) * S if S != 0.0 else 0.0) - tk * wk
    norm = 1.0 if (y < 0 or w.shape[0] == 0) else w[y]
    return L, norm


def cross_entropy_rows(Z, target, T, W, eps, ignore_index, loss, norm, G, want_grad):
    """``ce_row`` over the rows of Z (see fastmle/_cy/_losses.pyx)."""
    N = Z.shape[0]
    probs = T.shape[0] == N and N > 0
    for i in prange(N):
        gi = G[i] if want_grad else G[0]
        if not probs and target[i] == ignore_index:
            # left out: zero gradient; loss 0, or NaN (the caller's cue to raise)
            # when a logit is not finite
            finite = True
            for k in range(Z.shape[1]):
                finite = finite and abs(Z[i, k]) < math.inf
                if want_grad:
                    gi[k] = 0.0
            loss[i] = 0.0 if finite else math.nan
            norm[i] = 0.0
        else:
            loss[i], norm[i] = ce_row(Z[i], -1 if probs else target[i],
                                      T[i] if probs else T.reshape(-1),
                                      W, eps, gi, want_grad)
