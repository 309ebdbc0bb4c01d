"""Divergences between discrete distributions, row by row: the python and numba
engines' mirror of ``fastmle/_cy/_distances.pyx`` (same kinds, conventions and
gradients with respect to q).

kind 0 total variation, 1 Kullback-Leibler, 2 Jensen-Shannon, 3 Hellinger,
4 cross-entropy, 5 Kullback-Leibler with q given as logits (gradient w.r.t. the
logits).
"""
import math

import numpy as np

TV, KL, JS, HELLINGER, CROSS_ENTROPY, KL_LOGITS = 0, 1, 2, 3, 4, 5


def kahan_add(s, comp, v):
    """Neumaier-compensated ``s + v``: returns the new ``(s, comp)``."""
    t = s + v
    if not abs(t) < math.inf:
        return t, comp
    if abs(s) >= abs(v):
        comp += (s - t) + v
    else:
        comp += (v - t) + s
    return t, comp


def xlogx_over(a, b):
    """a log(a / b) with 0 log(0 / b) = 0 and a > 0 = b giving +inf."""
    if a == 0.0:
        return 0.0
    if b == 0.0:
        return math.inf
    return a * math.log(a / b)


def divergence_row(kind, p, q, g, want_grad):
    """The divergence of row p from row q; its gradient w.r.t. q into g."""
    k = p.shape[0]
    s = 0.0
    comp = 0.0
    if kind == KL_LOGITS:
        zmax = -math.inf
        for i in range(k):
            zmax = max(zmax, q[i])
        se = 0.0
        sp = 0.0
        for i in range(k):
            se += math.exp(q[i] - zmax)
            sp += p[i]
        lse = zmax + math.log(se)
        for i in range(k):
            if p[i] > 0.0:
                s, comp = kahan_add(s, comp, p[i] * (math.log(p[i]) - (q[i] - lse)))
            if want_grad:
                g[i] = math.exp(q[i] - lse) * sp - p[i]
        return s + comp
    for i in range(k):
        a = p[i]
        b = q[i]
        if kind == TV:
            v = 0.5 * abs(a - b)
        elif kind == KL:
            v = xlogx_over(a, b)
        elif kind == JS:
            m = 0.5 * (a + b)
            v = 0.5 * xlogx_over(a, m) + 0.5 * xlogx_over(b, m)
        elif kind == HELLINGER:
            d = math.sqrt(a) - math.sqrt(b)
            v = 0.5 * d * d
        else:
            v = 0.0 if a == 0.0 else (math.inf if b == 0.0 else -a * math.log(b))
        s, comp = kahan_add(s, comp, v)
    total = s + comp if abs(s) < math.inf else s
    if kind == HELLINGER:
        total = math.sqrt(total)
    if want_grad:
        for i in range(k):
            a = p[i]
            b = q[i]
            if kind == TV:
                g[i] = -0.5 if a > b else (0.5 if a < b else 0.0)
            elif kind == KL or kind == CROSS_ENTROPY:
                g[i] = 0.0 if a == 0.0 else (-math.inf if b == 0.0 else -a / b)
            elif kind == JS:
                g[i] = 0.0 if b == 0.0 and a == 0.0 else (
                    -math.inf if b == 0.0 else 0.5 * math.log(2.0 * b / (a + b)))
            else:
                if b == 0.0:
                    g[i] = -math.inf if a > 0.0 else 0.0
                elif total == 0.0:
                    g[i] = 0.0
                else:
                    g[i] = (math.sqrt(b) - math.sqrt(a)) / (4.0 * total * math.sqrt(b))
    return total


def divergence_rows(kind, P, Q, out, G, want_grad):
    """``divergence_row`` over the rows of P and Q (2-D, same shape)."""
    for r in range(P.shape[0]):
        out[r] = divergence_row(kind, P[r], Q[r], G[r] if want_grad else G[0], want_grad)
