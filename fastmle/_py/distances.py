"""Divergences between discrete distributions, row by row: the python and numba
engines' mirror of ``fastmle/_cy/_distances.pyx`` (same kinds, conventions and
gradients with respect to q).

Kinds: total variation, Kullback-Leibler, Jensen-Shannon, Hellinger,
cross-entropy, and Kullback-Leibler with q given as logits (gradient w.r.t. the
logits); their codes are the registry's (``fastmle._spec.DIVERGENCES``).
"""
import math

from fastmle import _spec
from fastmle._py.special import log_, log_sum_exp_shifted, neum_add, neum_result, sqrt_

# divergence kinds: the registry's codes (fastmle/_spec.py)
TV, KL, JS, HELLINGER, CROSS_ENTROPY, KL_LOGITS = (
    _spec.DIVERGENCES.index(k) for k in ("tv", "kl", "js", "hellinger", "cross_entropy",
                                         "kl_logits"))
LOG1P_BELOW = 1.25      # (fastmle/_cy/rowcheck.h) sums of exps below: log1p of the rest
prange = range      # numba's prange in the compiled engine: the row drivers run in parallel


def xlogx_over(a, b):
    """a log(a / b) with 0 log(0 / b) = 0 and a > 0 = b giving +inf."""
    if a == 0.0:
        return 0.0
    if b == 0.0:
        return math.inf
    r = float(a) / float(b)             # (python floats: no numpy overflow warning)
    if r == 0.0 or r == math.inf:       # the ratio leaves the double range
        return a * (log_(a) - log_(b))
    return a * log_(r)


def gap_times(c, zmax, z):
    """``c (zmax - z)`` (c >= 0) where the difference of the logits overflows: halved
    first, exactly (fastmle/_cy/rowcheck.h)."""
    return 2.0 * (c * (0.5 * zmax - 0.5 * z))


def divergence_row(kind, p, q, g, want_grad):
    """The divergence of row p from row q; its gradient w.r.t. q into g."""
    k = p.shape[0]
    s = 0.0
    comp = 0.0
    if kind == KL_LOGITS:
        zmax = -math.inf
        for i in range(k):
            zmax = max(zmax, float(q[i]))
        se = 0.0
        sp = 0.0
        for i in range(k):
            se += math.exp(float(q[i]) - zmax)      # (python floats: no numpy warning)
            sp += float(p[i])
        # log softmax = (q - zmax) - lse, as in the Cython engine: log(se), or where
        # se is near 1, log1p of the exps but the 1 of the first largest logit
        lse = log_sum_exp_shifted(q, zmax) if se < LOG1P_BELOW else log_(se)
        for i in range(k):
            d = float(q[i]) - zmax
            a = float(p[i])
            if a > 0.0:
                s, comp = neum_add(s, comp, a * (log_(a) - (d - lse)))
            if want_grad:
                g[i] = math.exp(d - lse) * sp - a
        if not abs(s) < math.inf:
            # logits spanning more than the double range: again, the gaps halved
            s = 0.0
            comp = 0.0
            for i in range(k):
                a = float(p[i])
                if a > 0.0:
                    s, comp = neum_add(s, comp, a * (log_(a) + lse)
                                        + gap_times(a, zmax, float(q[i])))
        return neum_result(s, comp)
    for i in range(k):
        a = float(p[i])     # (python floats: no numpy overflow warning)
        b = float(q[i])
        if kind == TV:
            v = 0.5 * abs(a - b)
        elif kind == KL:
            v = xlogx_over(a, b)
        elif kind == JS:
            m = 0.5 * (a + b)
            v = 0.5 * xlogx_over(a, m) + 0.5 * xlogx_over(b, m)
        elif kind == HELLINGER:
            d = sqrt_(a) - sqrt_(b)
            v = 0.5 * d * d
        else:
            v = 0.0 if a == 0.0 else (math.inf if b == 0.0 else -a * log_(b))
        s, comp = neum_add(s, comp, v)
    total = neum_result(s, comp)
    if kind == HELLINGER:
        total = sqrt_(total)
    if want_grad:
        for i in range(k):
            a = float(p[i])
            b = float(q[i])
            if kind == TV:
                g[i] = -0.5 if a > b else (0.5 if a < b else 0.0)
            elif kind == KL or kind == CROSS_ENTROPY:
                g[i] = 0.0 if a == 0.0 else (-math.inf if b == 0.0 else -a / b)
            elif kind == JS:
                g[i] = 0.0 if b == 0.0 and a == 0.0 else (
                    -math.inf if b == 0.0 else 0.5 * log_(2.0 * b / (a + b)))
            else:
                if b == 0.0:
                    g[i] = -math.inf if a > 0.0 else 0.0
                elif total == 0.0:
                    g[i] = 0.0
                else:
                    g[i] = (sqrt_(b) - sqrt_(a)) / (4.0 * total * sqrt_(b))
    return total


def divergence_rows(kind, P, Q, out, G, C, want_grad):
    """``divergence_row`` over the rows of P and Q (2-D, same shape); C[r] = [sum p,
    sum q, smallest entry] for the caller's input check (logits: [sum p, 1 if every
    logit is finite else NaN, smallest p])."""
    logits = kind == KL_LOGITS
    for r in prange(P.shape[0]):
        sp = 0.0
        sq = 0.0
        finite = True
        low = math.inf
        for i in range(P.shape[1]):
            sp += float(P[r, i])    # (python floats: no numpy overflow warning)
            if logits:
                finite = finite and abs(Q[r, i]) < math.inf
                low = min(low, P[r, i])
            else:
                sq += float(Q[r, i])
                low = min(low, P[r, i], Q[r, i])
        C[r, 0] = sp
        if logits:
            C[r, 1] = 1.0 if finite else math.nan
        else:
            C[r, 1] = sq
        C[r, 2] = low
        out[r] = divergence_row(kind, P[r], Q[r], G[r] if want_grad else G[0], want_grad)


def _cost(d, p):
    if p == 1.0:
        return abs(d)
    if p == 2.0:
        return d * d
    return abs(d) ** p


def _dcost(d, p):
    sg = 1.0 if d > 0.0 else (-1.0 if d < 0.0 else 0.0)
    if p == 1.0:
        return sg
    if p == 2.0:
        return 2.0 * d
    return p * abs(d) ** (p - 1.0) * sg


W_TINY = 2.0 ** -968        # W_p^p below: rescaled (powers underflow)
W_HUGE = 2.0 ** 1022        # |values| from: a difference may overflow
W_MINDIV = 2.0 ** -1023     # largest differences below: 1 / d overflows,
W_MAXMUL = 2.0 ** 1023      # multiply by this instead
DBL_MAX = 1.7976931348623157e308


def wasserstein_merge(u, a, v, b, p, pre, post, g, want_grad):
    """W_p^p (W_inf for p = inf) of sorted u, v with weights a, b (empty: equal), the
    differences taken as ``(u pre - v pre) post``, by one merge (see
    fastmle/_cy/_distances.pyx); gradient w.r.t. the (scaled) sorted u into g."""
    n = u.shape[0]
    m = v.shape[0]
    weighted = a.shape[0] > 0
    inf = not abs(p) < math.inf
    if want_grad:
        for k in range(n):
            g[k] = 0.0
    i = 0
    j = 0
    ra = m
    rb = n
    fa = a[0] if weighted else 0.0
    fb = b[0] if weighted else 0.0
    s = 0.0
    comp = 0.0
    dmax = -1.0
    dsgn = 0.0
    imax = -1
    while i < n and j < m:
        d = (u[i] * pre - v[j] * pre) * post
        if weighted:
            step = min(fa, fb)
        else:
            step = float(min(ra, rb))
        if step > 0.0:
            if inf:
                if abs(d) > dmax:
                    dmax = abs(d)
                    dsgn = 1.0 if d > 0.0 else (-1.0 if d < 0.0 else 0.0)
                    imax = i
            else:
                s, comp = neum_add(s, comp, step * _cost(d, p))
                if want_grad:
                    g[i] += step * _dcost(d, p)
        if not weighted:
            k = min(ra, rb)
            ra -= k
            rb -= k
            if ra == 0:
                i += 1
                ra = m
            if rb == 0:
                j += 1
                rb = n
        elif fa < fb:
            fb -= fa
            i += 1
            fa = a[i] if i < n else 0.0
        elif fb < fa:
            fa -= fb
            j += 1
            fb = b[j] if j < m else 0.0
        else:
            i += 1
            j += 1
            fa = a[i] if i < n else 0.0
            fb = b[j] if j < m else 0.0
    if inf:
        if want_grad and imax >= 0:
            g[imax] = dsgn
        return dmax
    scale = 1.0 if weighted else 1.0 / (float(n) * float(m))
    if want_grad:
        for k in range(n):
            g[k] *= scale
    return neum_result(s, comp) * scale


def share_ties(u, a, g):
    """Each run of equal values of sorted u shares its total gradient in proportion
    to the weights a (empty: equally), whatever the order of the tie."""
    n = u.shape[0]
    weighted = a.shape[0] > 0
    i0 = 0
    while i0 < n:
        i1 = i0 + 1
        while i1 < n and u[i1] == u[i0]:
            i1 += 1
        if i1 - i0 > 1:
            tot = 0.0
            wsum = 0.0
            for i in range(i0, i1):
                tot += g[i]
                wsum += a[i] if weighted else 1.0
            for i in range(i0, i1):
                g[i] = tot * ((a[i] if weighted else 1.0) / wsum) if wsum > 0.0 else 0.0
        i0 = i1


def wasserstein_row(u, a, v, b, p, g, want_grad):
    """W_p of sorted u, v with weights a, b (empty: equal) and its gradient w.r.t.
    sorted u into g, the differences rescaled where W_p^p leaves the safe range (see
    fastmle/_cy/_distances.pyx)."""
    n = u.shape[0]
    m = v.shape[0]
    pre = 1.0
    post = 1.0
    r = wasserstein_merge(u, a, v, b, p, pre, post, g, want_grad)
    if not abs(p) < math.inf:
        if not abs(r) < math.inf:
            r = 2.0 * wasserstein_merge(u, a, v, b, p, 0.5, post, g, want_grad)
    else:
        if not (r >= W_TINY and r <= DBL_MAX):
            big = max(abs(u[0]), abs(u[n - 1]), abs(v[0]), abs(v[m - 1]))
            pre = 0.5 if big >= W_HUGE else 1.0
            r = wasserstein_merge(u, a, v, b, math.inf, pre, post, g, False)
            if r > 0.0:
                post = 1.0 / r if r > W_MINDIV else W_MAXMUL
                r = wasserstein_merge(u, a, v, b, p, pre, post, g, want_grad)
            elif want_grad:
                for k in range(n):
                    g[k] = 0.0
        w = r if p == 1.0 else (sqrt_(r) if p == 2.0 else r ** (1.0 / p))
        if want_grad and p != 1.0:
            factor = w ** (1.0 - p) / p if w > 0.0 else 0.0
            for k in range(n):
                g[k] *= factor
        r = (w / post) / pre
    if want_grad:
        share_ties(u, a, g)
    return r


def wasserstein_rows(U, A, V, B, p, out, G, want_grad):
    """``wasserstein_row`` (W_p) over row pairs (A, B of size 0: equal weights)."""
    weighted = A.size > 0
    for r in prange(U.shape[0]):
        a = A[r] if weighted else A.reshape(-1)
        b = B[r] if weighted else B.reshape(-1)
        out[r] = wasserstein_row(U[r], a, V[r], b, p, G[r] if want_grad else G[0],
                                 want_grad)
