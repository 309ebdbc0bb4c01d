"""The MLE solver of the python and numba engines: the mirror of
``fastmle/_cy/solve.pxd`` and ``fastmle/_cy/fitting.pxd``.

Plain Python over scalars and small arrays: run as written it is the python
engine; compiled by ``fastmle._py.jit`` it is the numba engine.  Data are
float32 or float64 (numba compiles each); every value read is converted to a
Python float, so the maths runs in float64 for both.  Same statuses,
same closed forms, start values and Newton rules as the Cython solver, so the
engines agree to rounding.  Family-specific drivers are built by
:func:`make_fit` from the scalar kernels of ``fastmle._py.families``.
"""
import math

import numpy as np

from fastmle import _spec
from fastmle._py.families import chi2_chain, chi2_gamma_th, ls_div, nakagami_g, softplus_parts
from fastmle._py.special import (DBL_MIN, EULER, LN2, LN3, LOG_2PI, betaln, digamma, exp_,
                                  gamma_shape_eq, is_integer, lgamma_, log1p_, log_, neum_add,
                                  neum_result, pentagamma, psi_diff, tetragamma, trigamma,
                                  trigamma_diff, xlogy_l)

# the registry's codes (fastmle/_spec.py), as module constants numba compiles in
FIT_OK = _spec.status_code("ok")
FIT_MAXITER = _spec.status_code("maxiter")
FIT_STALLED = _spec.status_code("stalled")
FIT_TOO_FEW = _spec.status_code("too_few")
FIT_DEGENERATE = _spec.status_code("degenerate")
FIT_OUTSIDE = _spec.status_code("outside")
FIT_NAN = _spec.status_code("nan")
FIT_DIVERGED = _spec.status_code("diverged")
FIT_NONFINITE = _spec.status_code("nonfinite")
INIT_DONE = _spec.INIT["done"]
INIT_NEWTON = _spec.INIT["newton"]
INIT_DONE_D = _spec.INIT["done_d"]
REAL = _spec.TRANSFORMS.index("real")
POSITIVE = _spec.TRANSFORMS.index("positive")
UNIT = _spec.TRANSFORMS.index("unit")


def hidx(k, i, j):
    return 1 + k + i * k - (i * (i - 1)) // 2 + (j - i)


def to_phi(v, kind):
    if kind == POSITIVE:
        return log_(v)
    if kind == UNIT:
        return log_(v / (1.0 - v))
    return v


def from_phi(p, kind):
    if kind == POSITIVE:
        return exp_(p) if p < 709.0 else math.inf
    if kind == UNIT:
        return 1.0 / (1.0 + exp_(-p)) if p > -709.0 else 0.0
    return p


def cholesky_solve(A, b, m, floor):
    """Solve A x = b in place (x in b); 1 when A is not positive definite (a pivot not
    above floor[j]: see solve.pxd)."""
    for j in range(m):
        s = A[j, j]
        for q in range(j):
            s -= A[j, q] * A[j, q]
        if not (s > floor[j] and s < math.inf):
            return 1
        A[j, j] = math.sqrt(s)
        for i in range(j + 1, m):
            s = A[i, j]
            for q in range(j):
                s -= A[i, q] * A[j, q]
            A[i, j] = s / A[j, j]
    for i in range(m):
        s = b[i]
        for q in range(i):
            s -= A[i, q] * b[q]
        b[i] = s / A[i, i]
    for i in range(m - 1, -1, -1):
        s = b[i]
        for q in range(i + 1, m):
            s -= A[q, i] * b[q]
        b[i] = s / A[i, i]
    return 0


def _newton(x, w, st, k, kind, isfree, th, maxiter, d):
    """The safeguarded Newton solver over the free parameters; returns (status,
    n_iter).  A template: ``dv(x, w, st, th, d)  # noqa: F821`` (writes [loglik, gradient,
    Hessian upper triangle]) and ``unbounded(st, th)`` (the family's F_fit_unbounded, or
    never_unbounded) are globals bound per family by ``make_fit``."""
    idx = np.empty(k, np.int64)
    m = 0
    for i in range(k):
        if isfree[i]:
            idx[m] = i
            m += 1
    dv(x, w, st, th, d)  # noqa: F821
    if m == 0:
        return FIT_OK, 0
    f = d[0]
    if not abs(f) < math.inf:
        return FIT_NONFINITE, 0
    J = np.empty(m)
    J2 = np.empty(m)
    G = np.empty(m)
    A = np.empty((m, m))
    Aw = np.empty((m, m))
    delta = np.empty(m)
    floor = np.empty(m)
    phi = np.empty(m)
    start = np.empty(m)
    grow = np.zeros(m, np.int64)
    trial = th.copy()
    dt = np.empty(d.shape[0])
    for a in range(m):
        start[a] = abs(th[idx[a]])
    prev_dec = math.inf
    for it in range(maxiter):
        for a in range(m):
            i = idx[a]
            v = th[i]
            if kind[i] == POSITIVE:
                J[a] = v
                J2[a] = v
            elif kind[i] == UNIT:
                J[a] = v * (1.0 - v)
                J2[a] = J[a] * (1.0 - 2.0 * v)
            else:
                J[a] = 1.0
                J2[a] = 0.0
            G[a] = d[1 + i] * J[a]
            phi[a] = to_phi(v, kind[i])
        for a in range(m):
            for b in range(m):
                lo = min(idx[a], idx[b])
                hi = max(idx[a], idx[b])
                A[a, b] = -d[hidx(k, lo, hi)] * J[a] * J[b]
            A[a, a] -= d[1 + idx[a]] * J2[a]
        mu = 0.0
        ok = 1
        for tries in range(40):
            for a in range(m):
                delta[a] = G[a]
                for b in range(m):
                    Aw[a, b] = A[a, b]
                floor[a] = mu * (abs(A[a, a]) + 1e-12)
                Aw[a, a] += floor[a]
                floor[a] *= 1e-8
            ok = cholesky_solve(Aw, delta, m, floor)
            if ok == 0:
                break
            mu = 1e-6 if mu == 0.0 else 10.0 * mu
        if ok != 0:
            return FIT_STALLED, it + 1
        dec = 0.0
        for a in range(m):
            dec += G[a] * delta[a]
        if not abs(dec) < math.inf:
            return FIT_STALLED, it + 1
        if mu == 0.0 and dec <= 1e-20 * (1.0 + abs(f)):
            for a in range(m):
                th[idx[a]] = from_phi(phi[a] + delta[a], kind[idx[a]])
            return FIT_OK, it + 1
        for i in range(th.shape[0]):
            trial[i] = th[i]
        accepted = False
        t = 1.0
        if mu == 0.0 and dec <= 1e-10 * (1.0 + abs(f)):
            if dec >= 0.25 * prev_dec:
                return FIT_OK, it + 1
            prev_dec = dec
            for a in range(m):
                trial[idx[a]] = from_phi(phi[a] + delta[a], kind[idx[a]])
            dv(x, w, st, trial, dt)  # noqa: F821
            accepted = abs(dt[0]) < math.inf
        else:
            prev_dec = dec
            cap = 1.0
            for a in range(m):
                if kind[idx[a]] != REAL and abs(delta[a]) > 3.0:
                    cap = min(cap, 3.0 / abs(delta[a]))
            t = cap
            for h in range(40):
                for a in range(m):
                    trial[idx[a]] = from_phi(phi[a] + t * delta[a], kind[idx[a]])
                dv(x, w, st, trial, dt)  # noqa: F821
                if abs(dt[0]) < math.inf and (dt[0] > f or (dt[0] == f and h == 0)):
                    accepted = True
                    break
                t *= 0.5
        if not accepted:
            return FIT_STALLED, it + 1
        for i in range(th.shape[0]):
            th[i] = trial[i]
        for q in range(d.shape[0]):
            d[q] = dt[q]
        gain = d[0] - f
        f = d[0]
        if unbounded(st, th, isfree):  # noqa: F821
            return FIT_DIVERGED, it + 1
        for a in range(m):
            v = th[idx[a]]
            grow[a] = grow[a] + 1 if t * delta[a] >= 0.5 else 0
            if kind[idx[a]] == POSITIVE and (v > 1e12 * start[a] or v < 1e-12 * start[a]
                                             or not v < math.inf
                                             or (grow[a] >= 3
                                                 and gain <= 1e-6 * (1.0 + abs(f)))):
                return FIT_DIVERGED, it + 1
            if kind[idx[a]] == UNIT and (v <= 1e-14 or v >= 1.0 - 1e-14):
                return FIT_DIVERGED, it + 1
    return FIT_MAXITER, maxiter


# ---------------------------------------------------------------- passes
def weight(w, i):
    return 1.0 if w.shape[0] == 0 else w[i]


def total_weight(w, n):
    if w.shape[0] == 0:
        return float(n)
    return csum(w)


def csum(v):
    """Neumaier-compensated sum of an array."""
    s = 0.0
    comp = 0.0
    for i in range(v.shape[0]):
        s, comp = neum_add(s, comp, float(v[i]))
    return neum_result(s, comp)


def g_of(x, g, loc):
    # g: 0 x - loc, 1 log(x - loc), 2 |x - loc|, 3 log|x - loc|
    v = x - loc
    if g == 3:
        v = abs(v)
    if g == 1 or g == 3:
        return log_(v) if v > 0.0 and v < math.inf else 0.0
    if g == 2:
        return abs(v)
    return v


def wsum(x, w, g, loc, about, power):
    """sum w (g(x) - about)^power, compensated (g: 0 x - loc, 1 log, 2 |.|)."""
    s = 0.0
    comp = 0.0
    for i in range(x.shape[0]):
        wi = weight(w, i)
        if wi == 0.0:
            continue
        v = g_of(float(x[i]), g, loc) - about
        s, comp = neum_add(s, comp, wi * (1.0 if power == 0 else (v if power == 1 else (
            v * v if power == 2 else v * v * v))))
    return neum_result(s, comp)


def wmean(x, w, W, g, loc):
    return wsum(x, w, g, loc, 0.0, 1) / W


def wvar(x, w, W, g, loc, mean):
    dd = wsum(x, w, g, loc, mean, 1)
    return (wsum(x, w, g, loc, mean, 2) - dd * dd / W) / W


def wmedian(x, w, g, loc):
    """Weighted median of g(x) as np.median of the repeated data."""
    return wmedian_about(x, w, g, loc, 0.0)


def wmedian_about(x, w, g, loc, about):
    """Weighted median of g(x) (g: 0 x - loc, 1 log, 2 |.|, 3 |log - about|)."""
    n = x.shape[0]
    v = np.empty(n)
    for i in range(n):
        v[i] = g_of(float(x[i]), 1 if g == 3 else g, loc)
        if g == 3:
            v[i] = abs(v[i] - about)
    if w.shape[0] == 0:
        return float(np.median(v))
    order = np.argsort(v, kind="mergesort")
    W = 0.0
    for i in range(n):
        W += w[i] if w[i] > 0.0 else 0.0
    cum = 0.0
    for j in range(n):
        i = order[j]
        if not w[i] > 0.0:
            continue
        cum += w[i]
        if cum > 0.5 * W:
            return v[i]
        if cum == 0.5 * W:
            for jj in range(j + 1, n):
                if w[order[jj]] > 0.0:
                    return (v[i] + v[order[jj]]) / 2.0
            return v[i]
    return math.nan


def wlow(x, w, loc, sign):
    """min of sign (x - loc) over points of positive weight."""
    m = math.inf
    for i in range(x.shape[0]):
        y = sign * (float(x[i]) - loc)
        if weight(w, i) > 0.0 and y < m:
            m = y
    return m


def wmin(x, w, loc):
    return wlow(x, w, loc, 1.0)


def wmax(x, w, loc):
    return -wlow(x, w, loc, -1.0)


# ---------------------------------------------------------------- support
def finite_in(x, th, isfree):
    return abs(x) < math.inf


def positive_in(x, th, isfree):
    y = x - th[2]
    return y > 0.0 and y < math.inf


def nonneg_in(x, th, isfree):
    # th = [scale, loc] (expon, halfnorm): x >= loc
    y = x - th[1]
    return y >= 0.0 and y < math.inf


def beta_fit_in(x, th, isfree):
    y = (x - th[2]) / th[3]
    return y > 0.0 and y < 1.0


def pareto_fit_in(x, th, isfree):
    y = x - th[2]
    if isfree[1]:
        return y > 0.0 and y < math.inf
    return y / th[1] >= 1.0 and y < math.inf


def rayleigh_fit_in(x, th, isfree):
    y = x - th[1]
    return y > 0.0 and y < math.inf


def lomax_fit_in(x, th, isfree):
    y = x - th[2]
    return y >= 0.0 and y < math.inf
def uniform_fit_in(x, th, isfree):
    # (a free parameter is NaN here)
    if not abs(x) < math.inf or isfree[0]:
        return abs(x) < math.inf
    if isfree[1]:
        return x >= th[0]
    y = (x - th[0]) / th[1]
    return y >= 0.0 and y <= 1.0
def powerlaw_fit_in(x, th, isfree):
    y = (x - th[1]) / th[2]
    return y > 0.0 and y <= 1.0
def genpareto_fit_in(x, th, isfree):
    # th = [c, scale, loc]; the upper end -1/c (c < 0) only when nothing moves it
    y = x - th[2]
    if not (y >= 0.0 and y < math.inf):
        return False
    if isfree[0] or isfree[1] or th[0] >= 0.0:
        return True
    return ls_div(x, th[2], th[1]) <= -1.0 / th[0]


def genextreme_fit_in(x, th, isfree):
    # th = [c, loc, scale]; the support's end only when nothing moves it (c z < 1, or
    # the end z = 1 of c = 1, where the density is finite)
    if not abs(x) < math.inf:
        return False
    if isfree[0] or isfree[1] or isfree[2]:
        return True
    cz = th[0] * ls_div(x, th[1], th[2])
    return cz < 1.0 or (cz == 1.0 and th[0] == 1.0)


def count_in(x, th, isfree):
    return x >= 0.0 and x < math.inf and is_integer(x)


def binom_fit_in(x, th, isfree):
    return count_in(x, th, isfree) and x <= th[1]


def geom_fit_in(x, th, isfree):
    return count_in(x, th, isfree) and x >= 1.0




# ---------------------------------------------------------------- statistics
# st = [W, sums..., outside, ..., shift at st[7]]; stats parameters per family
def norm_shift(x, w, th):
    for i in range(x.shape[0]):
        if abs(x[i]) < math.inf and weight(w, i) > 0.0:
            return float(x[i])
    return 0.0


def lognorm_shift(x, w, th):
    for i in range(x.shape[0]):
        u = float(x[i]) - th[2]
        if u > 0.0 and u < math.inf and weight(w, i) > 0.0:
            return log_(u)
    return 0.0


def centred(st, W, about):
    e = st[7] - about
    P = st[1] + W * e
    Q = st[2] + 2.0 * e * st[1] + W * e * e
    return P, max(Q, 0.0)


def norm_fit_init(x, w, st, W, th, isfree):
    if isfree[0]:
        th[0] = st[7] + st[1] / W
    if isfree[1]:
        if isfree[0]:
            Q = st[2] - st[1] * st[1] / W
        else:
            Q = centred(st, W, th[0])[1]
        th[1] = math.sqrt(Q / W) if Q > 0.0 else 0.0
    return INIT_DONE if th[1] > 0.0 else FIT_DEGENERATE


def norm_st_dv(x, w, st, th, o):
    W = st[0]
    r = 1.0 / th[1]
    P, Q = centred(st, W, th[0])
    o[0] = -W * log_(th[1]) - 0.5 * W * LOG_2PI - 0.5 * Q * r * r
    o[1] = P * r * r
    o[2] = (Q * r * r - W) * r
    o[3] = -W * r * r
    o[4] = -2.0 * P * r * r * r
    o[5] = (W - 3.0 * Q * r * r) * r * r


def lognorm_fit_init(x, w, st, W, th, isfree):
    if isfree[1]:
        th[1] = exp_(st[7] + st[1] / W)
    if isfree[0]:
        if isfree[1]:
            Q = st[2] - st[1] * st[1] / W
        else:
            Q = centred(st, W, log_(th[1]))[1]
        th[0] = math.sqrt(Q / W) if Q > 0.0 else 0.0
    ok = th[0] > 0.0 and th[1] > 0.0 and th[1] < math.inf
    return INIT_DONE if ok else FIT_DEGENERATE


def lognorm_st_dv(x, w, st, th, o):
    W = st[0]
    r = 1.0 / th[0]
    R = 1.0 / th[1]
    P, Q = centred(st, W, log_(th[1]))
    o[0] = -(st[1] + W * st[7]) - W * log_(th[0]) - 0.5 * W * LOG_2PI - 0.5 * Q * r * r
    o[1] = (Q * r * r - W) * r
    o[2] = P * r * r * R
    o[3] = (W - 3.0 * Q * r * r) * r * r
    o[4] = -2.0 * P * r * r * r * R
    o[5] = -(W + P) * r * r * R * R


def expon_fit_init(x, w, st, W, th, isfree):
    if isfree[0]:
        th[0] = st[1] / W
    return INIT_DONE if th[0] > 0.0 else FIT_DEGENERATE


def expon_st_dv(x, w, st, th, o):
    W = st[0]
    r = 1.0 / th[0]
    Y = st[1]
    o[0] = -W * log_(th[0]) - Y * r
    o[1] = (Y * r - W) * r
    o[2] = (W - 2.0 * Y * r) * r * r


def minka_shape(s):
    """Minka's approximation of the root a of log(a) - psi(a) = s > 0 (gamma's shape)."""
    return (3.0 - s + math.sqrt((s - 3.0) * (s - 3.0) + 24.0 * s)) / (12.0 * s)


def gamma_start(m, lg, g, isfree):
    """gamma's start g = [a, sc] from the weighted mean m and mean log lg of the data (in
    place): the closed form sc = m / a with a fixed, else start values for Newton."""
    if not isfree[0]:
        g[1] = m / g[0]
        return INIT_DONE
    s = log_(m) - lg
    if isfree[1]:
        if not s > 1e-14 * (1.0 + abs(log_(m))):
            return FIT_DEGENERATE
        g[0] = minka_shape(s)
        g[1] = m / g[0]
    else:
        g[0] = m / g[1]
    return INIT_NEWTON


def gamma_fit_init(x, w, st, W, th, isfree):
    return gamma_start(st[1] / W, st[2] / W, th, isfree)


def gamma_st_dv(x, w, st, th, o):
    W = st[0]
    a = th[0]
    sc = th[1]
    L, D = gamma_shape_eq(a)        # psi(a) = log(a) - L, psi'(a) = (1 + D) / a
    o[0] = (a - 1.0) * st[2] - st[1] / sc - W * (lgamma_(a) + a * log_(sc))
    o[1] = st[2] - W * (log_(a) - L) - W * log_(sc)
    o[2] = st[1] / (sc * sc) - W * a / sc
    o[3] = -W * (1.0 + D) / a
    o[4] = -W / sc
    o[5] = -2.0 * st[1] / (sc * sc * sc) + W * a / (sc * sc)


def gamma_shape_root(s, a, maxiter):
    """(status, root, n_iter): the root of log(a) - psi(a) = s > 0 from the start a (as
    fitting.pxd)."""
    for it in range(maxiter):
        L, D = gamma_shape_eq(a)
        du = (L - s) / D
        if du != du:
            return FIT_NONFINITE, a, it
        du = max(-1.0, min(1.0, du))
        a *= math.exp(du)
        if abs(du) < 1e-8:
            return FIT_OK, a, it + 1
    return FIT_MAXITER, a, maxiter


def gamma_fit_driver(x, w, st, W, th, isfree, maxiter, d):
    """a and scale free: one equation in a (as fitting.pxd); else INIT_NEWTON."""
    if not (isfree[0] and isfree[1]):
        return INIT_NEWTON, 0
    status = gamma_fit_init(x, w, st, W, th, isfree)
    if status != INIT_NEWTON:
        return status, 0
    m = st[1] / W
    status, th[0], it = gamma_shape_root(log_(m) - st[2] / W, th[0], maxiter)
    th[1] = m / th[0]
    gamma_st_dv(x, w, st, th, d)
    if not abs(d[0]) < math.inf:
        return FIT_NONFINITE, it
    return status, it


def chi2_fit_init(x, w, st, W, th, isfree):
    # gamma's fit at a = df/2, scale_g = 2 scale
    g = chi2_gamma_th(th)
    status = gamma_fit_init(x, w, st, W, g, isfree)
    th[0] = 2.0 * g[0]
    th[1] = 0.5 * g[1]
    return status


def chi2_st_dv(x, w, st, th, o):
    gamma_st_dv(x, w, st, chi2_gamma_th(th), o)
    chi2_chain(o)


def invgamma_fit_init(x, w, st, W, th, isfree):
    # gamma's start on 1/u, u = x - loc (gamma(a, 1/scale) distributed; see fitting.pxd)
    g = np.array([th[0], 1.0 / th[1]])
    status = gamma_start(st[1] / W, -st[2] / W, g, isfree)
    th[0] = g[0]
    th[1] = 1.0 / g[1]
    return status


def invgamma_st_dv(x, w, st, th, o):
    W = st[0]
    a = th[0]
    sc = th[1]
    ls = log_(sc)
    o[0] = -(a + 1.0) * st[2] + W * a * ls - sc * st[1] - W * lgamma_(a)
    o[1] = -st[2] + W * ls - W * digamma(a)
    o[2] = W * a / sc - st[1]
    o[3] = -W * trigamma(a)
    o[4] = W / sc
    o[5] = -W * a / (sc * sc)


def beta_fit_init(x, w, st, W, th, isfree):
    g1 = exp_(st[1] / W)
    g2 = exp_(st[2] / W)
    den = 1.0 - g1 - g2
    if isfree[0] and isfree[1] and not den > 1e-13:      # data at one point (fitting.pxd)
        th[0] = g1 / (g1 + g2) / 2e-13
        th[1] = g2 / (g1 + g2) / 2e-13
        return FIT_DIVERGED
    if isfree[0]:
        th[0] = 0.5 + g1 / (2.0 * den) if den > 0.0 else 1.0
    if isfree[1]:
        th[1] = 0.5 + g2 / (2.0 * den) if den > 0.0 else 1.0
    return INIT_NEWTON


def beta_st_dv(x, w, st, th, o):
    W = st[0]
    a = th[0]
    b = th[1]
    o[0] = ((a - 1.0) * st[1] + (b - 1.0) * st[2]
            - W * (betaln(a, b) + log_(th[3])))
    o[1] = st[1] + W * psi_diff(a, b)
    o[2] = st[2] + W * psi_diff(b, a)
    o[3] = -W * trigamma_diff(a, b)
    o[4] = W * trigamma(a + b)
    o[5] = -W * trigamma_diff(b, a)


def poisson_fit_init(x, w, st, W, th, isfree):
    if isfree[0]:
        th[0] = st[1] / W
    return INIT_DONE if th[0] > 0.0 else FIT_DEGENERATE


def poisson_st_dv(x, w, st, th, o):
    S = st[1]
    mu = th[0]
    o[0] = xlogy_l(S, log_(mu)) - st[2] - st[0] * mu
    o[1] = S / mu - st[0]
    o[2] = -S / (mu * mu)


def binom_fit_init(x, w, st, W, th, isfree):
    if isfree[0]:
        th[0] = st[1] / (W * th[1])
    return INIT_DONE if (th[0] > 0.0 and th[0] < 1.0) else FIT_DEGENERATE


def binom_st_dv(x, w, st, th, o):
    S = st[1]
    q = th[0]
    f = th[1] * st[0] - S
    o[0] = st[2] + xlogy_l(S, log_(q)) + xlogy_l(f, log1p_(-q))
    o[1] = S / q - f / (1.0 - q)
    o[2] = -S / (q * q) - f / ((1.0 - q) * (1.0 - q))


def geom_fit_init(x, w, st, W, th, isfree):
    if isfree[0]:
        th[0] = W / st[1]
    return INIT_DONE if (th[0] > 0.0 and th[0] < 1.0) else FIT_DEGENERATE


def geom_st_dv(x, w, st, th, o):
    q = th[0]
    f = st[1] - st[0]
    o[0] = xlogy_l(f, log1p_(-q)) + st[0] * log_(q)
    o[1] = st[0] / q - f / (1.0 - q)
    o[2] = -st[0] / (q * q) - f / ((1.0 - q) * (1.0 - q))


# ---------------------------------------------------------------- weibull_min
def weibull_sums(L, w, k, M):
    S0 = 0.0
    S1 = 0.0
    S2 = 0.0
    S3 = 0.0
    for i in range(L.shape[0]):
        wi = weight(w, i)
        if wi == 0.0:
            continue
        D = L[i] - M
        t = wi * exp_(k * D)
        S0 += t
        S1 += t * D
        S2 += t * D * D
        S3 += t * D * D * D
    return S0, S1, S2, S3


def weibull_min_profile(x, w, W, th, maxiter, o, two_sided):
    """Halley's method on c with the scale profiled out (of |x - loc| when two_sided:
    dweibull); returns (status, n_iter)."""
    n = x.shape[0]
    L = np.empty(n)
    M = -math.inf
    for i in range(n):
        y = float(x[i]) - th[2]
        y = abs(y) if two_sided else y
        L[i] = log_(y) if y > 0.0 and y < math.inf else 0.0
        if weight(w, i) > 0.0 and L[i] > M:
            M = L[i]
    SL = wsum(L, w, 0, 0.0, 0.0, 1)
    var = wsum(L, w, 0, 0.0, SL / W, 2) / W
    if not var > 1e-26 * (1.0 + (SL / W) ** 2):
        return FIT_DEGENERATE, 0
    k = math.pi / math.sqrt(6.0 * var)
    it = 0
    status = FIT_MAXITER
    prev = math.inf
    while it < maxiter:
        it += 1
        S0, S1, S2, S3 = weibull_sums(L, w, k, M)
        m1 = S1 / S0
        m2 = S2 / S0
        m3 = S3 / S0
        g = 1.0 / k + SL / W - M - m1
        gp = -1.0 / (k * k) - (m2 - m1 * m1)
        gpp = 2.0 / (k * k * k) - (m3 - 3.0 * m1 * m2 + 2.0 * m1 * m1 * m1)
        step = -2.0 * g * gp / (2.0 * gp * gp - g * gpp)
        if not abs(step) < math.inf:
            step = -g / gp
        if not abs(step) < math.inf:
            return FIT_STALLED, it
        if abs(step) <= 1e-9 * k or (abs(step) <= 1e-2 * k and abs(step) >= 0.5 * prev):
            k += step
            status = FIT_OK
            break
        prev = abs(step)
        k = k + step if k + step > 0.0 else 0.5 * k
    S0, S1, S2, S3 = weibull_sums(L, w, k, M)
    lam = M + log_(S0 / W) / k
    th[0] = k
    th[1] = exp_(lam)
    r = 1.0 / th[1]
    K = W / S0
    su = SL - W * lam
    stu = K * (S1 + (M - lam) * S0)
    stu2 = K * (S2 + 2.0 * (M - lam) * S1 + (M - lam) * (M - lam) * S0)
    o[0] = W * (log_(k) - lam) + (k - 1.0) * su - W
    o[1] = W / k + su - stu
    o[2] = 0.0
    o[3] = -W / (k * k) - stu2
    o[4] = k * r * stu
    o[5] = -k * k * r * r * W
    return status, it


def pow_mean(x, w, W, k, loc, mu, g):
    """sum w exp(k (g(x - loc) - mu)) / W (g as g_of; fitting.pxd's _pow_mean)."""
    s = 0.0
    for i in range(x.shape[0]):
        wi = weight(w, i)
        if wi != 0.0:
            s += wi * exp_(k * (g_of(float(x[i]), g, loc) - mu))
    return s / W


def weib_start(x, w, W, th, ik, isc, loc, free_k, free_scale, g):
    """weibull_min's one-parameter fits of x - loc (g = 1), dweibull's of |x - loc| (3):
    th[ik] = c, th[isc] = scale (see fitting.pxd)."""
    if free_scale:
        mu = wmean(x, w, W, g, loc)
        th[isc] = exp_(mu + log_(pow_mean(x, w, W, th[ik], loc, mu, g)) / th[ik])
        return INIT_DONE
    if free_k:
        mu = wmean(x, w, W, g, loc)
        var = wvar(x, w, W, g, loc, mu)
        if not var > 0.0:
            return FIT_DEGENERATE
        th[ik] = math.pi / math.sqrt(6.0 * var)
    return INIT_NEWTON


def weibull_min_fit_init(x, w, st, W, th, isfree):
    if isfree[0] and isfree[1]:
        return INIT_NEWTON
    return weib_start(x, w, W, th, 0, 1, th[2], isfree[0], isfree[1], 1)


# ---------------------------------------------------------------- dweibull
# th = [c, loc, scale]: weibull_min's machinery on |x - loc| (see fitting.pxd)
def dweibull_fit_in(x, th, isfree):
    return abs(x) < math.inf and (isfree[1] or x != th[1])


def dweibull_fit_init(x, w, st, W, th, isfree):
    # loc fixed with one of c, scale free (the other cases: dweibull_fit_driver)
    return weib_start(x, w, W, th, 0, 2, th[1], isfree[0], isfree[2], 3)


def dweibull_gap_start(x, w):
    """(status, loc): loc off the data, the mean or the midpoint of its gap."""
    m = wmean(x, w, total_weight(w, x.shape[0]), 0, 0.0)
    hi = math.inf
    lo = -math.inf
    on = False
    for i in range(x.shape[0]):
        if weight(w, i) > 0.0:
            v = float(x[i])
            on = on or v == m
            if v > m and v < hi:
                hi = v
            if v < m and v > lo:
                lo = v
    if not on:
        return FIT_OK, m
    v = 0.5 * m + 0.5 * hi
    if not (v > m and v < hi):
        v = 0.5 * m + 0.5 * lo
        if not (v < m and v > lo):
            return FIT_DEGENERATE, m
    return FIT_OK, v


def dweibull_profile(x, w, W, th, maxiter):
    """c and scale at the loc in th: weibull_min's profile fit of |x - loc|."""
    wt = np.array([th[0], th[2], th[1]])
    status, it = weibull_min_profile(x, w, W, wt, maxiter, np.empty(6), True)
    th[0] = wt[0]
    th[2] = wt[1]
    return status, it


def dweibull_fit_driver(x, w, st, W, th, isfree, maxiter, d):
    """The dweibull fits of fitting.pxd's dweibull_fit_driver; (status, n_iter), INIT_NEWTON:
    the generic path.  A template: ``dv`` and ``newton`` are the family's."""
    wt = np.empty(2)            # laplace's th = [loc, scale]
    if not isfree[1]:
        if not (isfree[0] and isfree[2]):
            return INIT_NEWTON, 0
        status, it = dweibull_profile(x, w, W, th, maxiter)
        if status != FIT_OK and status != FIT_MAXITER:
            return status, it
        dv(x, w, st, th, d)  # noqa: F821
        return status, it
    if not isfree[0] and th[0] == 1.0:
        # laplace: the median and the mean absolute deviation about it
        wt[0] = 0.0
        wt[1] = th[2]
        lfree = np.array([1, isfree[2]], np.int32)
        status = laplace_fit_init(x, w, st, W, wt, lfree)
        th[1] = wt[0]
        th[2] = wt[1]
        if status != INIT_DONE:
            return status, 0
        dv(x, w, st, th, d)  # noqa: F821
        return FIT_OK, 0
    status, loc = dweibull_gap_start(x, w)
    if status != FIT_OK:
        return status, 0
    th[1] = loc
    it = 0
    if isfree[0] and isfree[2]:
        status, it = dweibull_profile(x, w, W, th, maxiter)
        if status != FIT_OK and status != FIT_MAXITER:
            return status, it
    elif isfree[0] or isfree[2]:
        status = weib_start(x, w, W, th, 0, 2, th[1], isfree[0], isfree[2], 3)
        if status != INIT_DONE and status != INIT_NEWTON:
            return status, 0
    dv(x, w, st, th, d)  # noqa: F821
    if not th[0] > 1.0:
        # c < 1: +inf at every data point; report it at the start
        return (FIT_DIVERGED if abs(d[0]) < math.inf else FIT_NONFINITE), it
    # loc to the best of 33 points over the mean +- 4 standard errors (see fitting.pxd)
    m = th[1]
    se = math.sqrt(wvar(x, w, W, 0, 0.0, wmean(x, w, W, 0, 0.0)) / W)
    t = th.copy()
    dt = np.empty(d.shape[0])
    for j in range(-16, 17):
        t[1] = m + 0.25 * j * se
        dv(x, w, st, t, dt)  # noqa: F821
        if dt[0] > d[0]:
            th[1] = t[1]
            for q in range(d.shape[0]):
                d[q] = dt[q]
    status, it = newton(x, w, st, 3, KINDS, isfree, th, maxiter, d)  # noqa: F821
    if not th[0] > 1.0 and (status == FIT_OK or status == FIT_MAXITER or status == FIT_STALLED):
        return FIT_DIVERGED, it
    return status, it
# ---------------------------------------------------------------- fisk
def fisk_fit_init(x, w, st, W, th, isfree):
    # median and MAD of log(y), logistic(log(scale), 1/c) (see fitting.pxd)
    m = log_(th[1])
    if isfree[1]:
        m = wmedian_about(x, w, 1, th[2], 0.0)
        th[1] = exp_(m)
    if isfree[0]:
        s = wmedian_about(x, w, 3, th[2], m)
        if s > 0.0:
            th[0] = 1.0986122886681098 / s
        else:
            s = wsum(x, w, 1, th[2], m, 2) / W
            if not s > 0.0:
                return FIT_DEGENERATE
            th[0] = math.pi / math.sqrt(3.0 * s)
    return INIT_NEWTON


# ---------------------------------------------------------------- burr12
def burr12_fit_in(x, th, isfree):
    y = x - th[3]
    return y > 0.0 and y < math.inf


def wsum_logy(x, w, h, k, loc, lscale):
    """sum w h(L), L = log(x - loc) - log(scale); h: 0 softplus(k L), 1 nakagami_g."""
    s = 0.0
    comp = 0.0
    for i in range(x.shape[0]):
        wi = weight(w, i)
        if wi != 0.0:
            L = g_of(float(x[i]), 1, loc) - lscale
            v = softplus_parts(k * L)[0] if h == 0 else nakagami_g(exp_(L), L)
            s, comp = neum_add(s, comp, wi * v)
    return neum_result(s, comp)


def burr12_fit_init(x, w, st, W, th, isfree):
    # fisk's start for c and scale, then d at its MLE for them (see fitting.pxd)
    fk = np.array([th[0], th[2], th[3]])
    fr = np.array([isfree[0], isfree[2]])
    status = fisk_fit_init(x, w, st, W, fk, fr)
    if status != INIT_NEWTON:
        return status
    th[0] = fk[0]
    th[2] = fk[1]
    if isfree[1]:
        th[1] = W / wsum_logy(x, w, 0, th[0], th[3], log_(th[2]))
        if not th[1] < math.inf:
            return FIT_DEGENERATE
        if not (isfree[0] or isfree[2]):
            return INIT_DONE
    return INIT_NEWTON


# ---------------------------------------------------------------- nakagami
def nakagami_fit_init(x, w, st, W, th, isfree):
    # scale^2 = mean((x - loc)^2), nu from Minka's approximation (see fitting.pxd)
    if isfree[1]:
        mu = wmean(x, w, W, 1, th[2])
        s = log_(pow_mean(x, w, W, 2.0, th[2], mu, 1))
        th[1] = exp_(mu + 0.5 * s)
        if not isfree[0]:
            return INIT_DONE
        if not s > 1e-14 * (1.0 + abs(mu)):
            return FIT_DEGENERATE
    else:
        s = wsum_logy(x, w, 1, 0.0, th[2], log_(th[1])) / W
        if not s > 0.0:
            return FIT_DEGENERATE
    th[0] = minka_shape(s)
    return INIT_NEWTON


# ---------------------------------------------------------------- exponpow
EXPONPOW_K1 = -0.8973099939981581877     # E log(U), U = log1p(T), T ~ Exp(1)
EXPONPOW_K2 = 1.1696706745281682320      # Var log(U)


def exponpow_fit_init(x, w, st, W, th, isfree):
    # moments of log(x - loc) = (log(U) + log(scale) ...) (see fitting.pxd)
    if isfree[0] and isfree[1]:
        mu = wmean(x, w, W, 1, th[2])
        var = wvar(x, w, W, 1, th[2], mu)
        if not var > 1e-26 * (1.0 + mu * mu):
            return FIT_DEGENERATE
        th[0] = math.sqrt(EXPONPOW_K2 / var)
        th[1] = exp_(mu - EXPONPOW_K1 / th[0])
    elif isfree[0]:
        s = wsum(x, w, 1, th[2], log_(th[1]), 2) / W
        if not s > 0.0:
            return FIT_DEGENERATE
        th[0] = math.sqrt((EXPONPOW_K2 + EXPONPOW_K1 * EXPONPOW_K1) / s)
    elif isfree[1]:
        th[1] = exp_(wmean(x, w, W, 1, th[2]) - EXPONPOW_K1 / th[0])
    return INIT_NEWTON


# ---------------------------------------------------------------- powerlaw
def powerlaw_fit_init(x, w, st, W, th, isfree):
    # a = -W / sum w log(y) (see fitting.pxd)
    if isfree[0]:
        s = wsum(x, w, 1, th[1], log_(th[2]), 1)
        if not s < 0.0:
            return FIT_DEGENERATE
        th[0] = -W / s
    return INIT_DONE


# ---------------------------------------------------------------- data-fitted families
def start_loc_scale(x, w, W, th, il, isc, free_loc, free_scale, mad_factor, mean_ad):
    if free_loc:
        th[il] = wmedian(x, w, 0, 0.0)
    if free_scale:
        th[isc] = 0.0 if mean_ad > 0.0 else mad_factor * wmedian(x, w, 2, th[il])
        if not th[isc] > 0.0:
            th[isc] = wsum(x, w, 2, th[il], 0.0, 1) / W * (mean_ad if mean_ad > 0.0 else 1.0)
        if not th[isc] > 0.0:
            return FIT_DEGENERATE
    return INIT_NEWTON


def t_fit_init(x, w, st, W, th, isfree):
    if isfree[0]:
        th[0] = 5.0
    return start_loc_scale(x, w, W, th, 1, 2, isfree[1], isfree[2], 1.4826, 0.0)


def logistic_fit_init(x, w, st, W, th, isfree):
    # the mean absolute deviation about the median (scale * 2 log 2), which outliers
    # pull as they pull the MLE of the scale
    return start_loc_scale(x, w, W, th, 0, 1, isfree[0], isfree[1], 0.0,
                           1.0 / 1.3862943611198906)


def cauchy_fit_init(x, w, st, W, th, isfree):
    return start_loc_scale(x, w, W, th, 0, 1, isfree[0], isfree[1], 1.0, 0.0)


def gumbel_start(x, w, W, th, isfree, sign):
    # moments (sign -1: gumbel_l, gumbel_r's start on -x mirrored; see fitting.pxd)
    m = wmean(x, w, W, 0, 0.0)
    s = math.sqrt(wvar(x, w, W, 0, 0.0, m)) * 0.7796968012336761
    if isfree[1]:
        if not s > 0.0:
            return FIT_DEGENERATE
        th[1] = s
    if isfree[0]:
        th[0] = m - sign * 0.5772156649015329 * th[1]
    return INIT_NEWTON


def gumbel_r_fit_init(x, w, st, W, th, isfree):
    return gumbel_start(x, w, W, th, isfree, 1.0)


def gumbel_l_fit_init(x, w, st, W, th, isfree):
    return gumbel_start(x, w, W, th, isfree, -1.0)


def loggamma_c_of_skew(g):
    """c of skewness g (clamped to [-1.9999, -0.01], NaN as -0.01; see fitting.pxd)."""
    g = -1.9999 if g < -1.9999 else (g if g < -0.01 else -0.01)
    return math.sqrt(2.0 * (2.0 + g)) / math.pi if g < -1.5 else 1.0 / (g * g) + 0.25


def loggamma_c_of_trigamma(t):
    """c with psi'(c) ~ t > 0: the root of 1/c + 1/(2 c^2) = t."""
    return (1.0 + math.sqrt(1.0 + 2.0 * t)) / (2.0 * t)


def loggamma_fit_init(x, w, st, W, th, isfree):
    # moments of y: mean psi(c), variance psi'(c), skewness psi''(c) / psi'(c)^1.5
    m = wmean(x, w, W, 0, 0.0)
    v = wvar(x, w, W, 0, 0.0, m)
    # (all free and skewness >= 0: FIT_DIVERGED at c = 1e10, see fitting.pxd)
    status = INIT_NEWTON
    if (isfree[0] or isfree[2]) and not v > 0.0:
        return FIT_DEGENERATE
    if isfree[0]:
        if isfree[2]:
            g = wsum(x, w, 0, 0.0, m, 3) / (W * v * math.sqrt(v))
            th[0] = loggamma_c_of_skew(g)
            if isfree[1] and not g < 0.0:
                th[0] = 1e10
                status = FIT_DIVERGED
        else:
            th[0] = loggamma_c_of_trigamma(v / (th[2] * th[2]))
    if isfree[2]:
        th[2] = math.sqrt(v / trigamma(th[0]))
    if isfree[1]:
        th[1] = m - th[2] * digamma(th[0])
    return status


def loggamma_coords(phi, th, J, T2):
    # Newton's coordinates phi = (c, mean, sd) of x (see fitting.pxd)
    c = phi[0]
    sd = phi[2]
    p0 = digamma(c)
    p1 = trigamma(c)
    p2 = tetragamma(c)
    a = 1.0 / math.sqrt(p1)
    da = -0.5 * p2 * a * a * a
    b = p0 * a
    db = 1.0 / a + p0 * da
    dda = a * (0.75 * (p2 / p1) * (p2 / p1) - 0.5 * pentagamma(c) / p1)
    ddb = p2 * a + 2.0 * p1 * da + p0 * dda
    th[0] = c
    th[1] = phi[1] - sd * b
    th[2] = sd * a
    J[0, 0] = 1.0
    J[0, 1] = 0.0
    J[0, 2] = 0.0
    J[1, 0] = -sd * db
    J[1, 1] = 1.0
    J[1, 2] = -b
    J[2, 0] = sd * da
    J[2, 1] = 0.0
    J[2, 2] = a
    T2[1, 0, 0] = -sd * ddb
    T2[1, 0, 2] = -db
    T2[1, 2, 0] = -db
    T2[2, 0, 0] = sd * dda
    T2[2, 0, 2] = da
    T2[2, 2, 0] = da


def loggamma_coords_of(th, isfree, phi):
    if not (isfree[0] and isfree[1] and isfree[2] and th[0] >= 1.0):
        return False
    phi[0] = th[0]
    phi[1] = th[1] + th[2] * digamma(th[0])
    phi[2] = th[2] * math.sqrt(trigamma(th[0]))
    return True


def laplace_fit_init(x, w, st, W, th, isfree):
    if isfree[0]:
        th[0] = wmedian(x, w, 0, 0.0)
    if isfree[1]:
        th[1] = wsum(x, w, 2, th[0], 0.0, 1) / W
    return INIT_DONE if th[1] > 0.0 else FIT_DEGENERATE


def pareto_fit_init(x, w, st, W, th, isfree):
    if isfree[1]:
        th[1] = wmin(x, w, th[2])
    if isfree[0]:
        s = wsum(x, w, 1, th[2], log_(th[1]), 1)
        if not s > 0.0:
            return FIT_DEGENERATE
        th[0] = W / s
    return INIT_DONE


def wrms(x, w, W, loc, div):
    """sqrt(sum w (x - loc)^2 / (div W)), the squares scaled by the largest |x - loc|."""
    m = 0.0
    for i in range(x.shape[0]):
        v = abs(float(x[i]) - loc)
        if weight(w, i) > 0.0 and v > m:
            m = v
    if not (m > 0.0 and m < math.inf):
        return m
    r = 1.0 / m
    s = 0.0
    comp = 0.0
    for i in range(x.shape[0]):
        wi = weight(w, i)
        if wi != 0.0:
            v = (float(x[i]) - loc) * r
            s, comp = neum_add(s, comp, wi * v * v)
    return m * math.sqrt(neum_result(s, comp) / (div * W))


def rayleigh_fit_init(x, w, st, W, th, isfree):
    if isfree[0]:
        th[0] = wrms(x, w, W, th[1], 2.0)
    return INIT_DONE if (th[0] >= DBL_MIN and th[0] < math.inf) else FIT_DEGENERATE


def invgauss_sums(x, w, loc, m):
    """(sum w ((u - m)/m) ((u - m)/u), sum w m/u), u = x - loc (see fitting.pxd)."""
    s1 = 0.0
    c1 = 0.0
    s2 = 0.0
    c2 = 0.0
    for i in range(x.shape[0]):
        wi = weight(w, i)
        if wi == 0.0:
            continue
        u = float(x[i]) - loc
        dv = u - m
        s1, c1 = neum_add(s1, c1, wi * ((dv / m) * (dv / u)))
        s2, c2 = neum_add(s2, c2, wi * (m / u))
    return neum_result(s1, c1), neum_result(s2, c2)


def invgauss_fit_init(x, w, st, W, th, isfree):
    # closed forms (see fitting.pxd)
    m = wmean(x, w, W, 0, th[2])
    if not isfree[1]:
        th[0] = m / th[1]
    else:
        S, Rm = invgauss_sums(x, w, th[2], m)
        if isfree[0]:
            th[0] = S / W
            th[1] = m / th[0]
        else:
            th[1] = m * W * (1.0 + math.sqrt(1.0 + 4.0 * (Rm / W) / (th[0] * th[0]))) / (2.0 * Rm)
    ok = th[0] >= DBL_MIN and th[0] < math.inf and th[1] >= DBL_MIN and th[1] < math.inf
    return INIT_DONE if ok else FIT_DEGENERATE


def lomax_fit_init(x, w, st, W, th, isfree):
    # closed form with scale fixed, else Newton from the median or the moments (fitting.pxd)
    if not isfree[1]:
        s = 0.0
        comp = 0.0
        for i in range(x.shape[0]):
            wi = weight(w, i)
            if wi != 0.0:
                s, comp = neum_add(s, comp, wi * math.log1p((float(x[i]) - th[2]) / th[1]))
        s = neum_result(s, comp)
        if not s > 0.0:
            return FIT_DEGENERATE
        th[0] = W / s
        return INIT_DONE
    m = wmean(x, w, W, 0, th[2])
    if not isfree[0]:
        th[1] = wmedian(x, w, 0, th[2]) / math.expm1(LN2 / th[0])
        if not th[1] > 0.0:
            th[1] = m * max(th[0] - 1.0, 1.0)
        return INIT_NEWTON if th[1] > 0.0 else FIT_DEGENERATE
    v = wvar(x, w, W, 0, th[2], m)
    if not (m > 0.0 and v > 0.0):
        return FIT_DEGENERATE
    r = v / (m * m)
    th[0] = 2.0 * r / (r - 1.0) if r > 1.04 else 50.0
    th[1] = m * (th[0] - 1.0)
    return INIT_NEWTON
def uniform_fit_init(x, w, st, W, th, isfree):
    # the extremes (see fitting.pxd)
    lo = wmin(x, w, 0.0)
    hi = -wlow(x, w, 0.0, -1.0)
    ptp = hi - lo
    if not isfree[1]:
        if ptp > th[1]:
            return FIT_OUTSIDE
        th[0] = lo - 0.5 * (th[1] - ptp)
        if not ((hi - th[0]) / th[1] <= 1.0 and lo >= th[0]):
            th[0] = lo
        return INIT_DONE
    if isfree[0]:
        th[0] = lo
    th[1] = hi - th[0]
    return INIT_DONE if th[1] > 0.0 else FIT_DEGENERATE
# ---------------------------------------------------------------- L-moments
def pwm(x, w, loc):
    """(l1, l2, l3, min, max) of y = x - loc over the points of positive weight: min and
    max over all of them, the L-moments over every step-th point, step = ceil(n /
    PWM_SAMPLE), from the probability-weighted moments b_r = sum w d p^r / W of d = y -
    min at the plotting positions p = (weight below + w / 2) / W of the sorted points
    (Hosking's (j - 1/2) / n for unit weights), summed in ascending order (fitting.pxd)."""
    n = x.shape[0]
    step = (n + PWM_SAMPLE - 1) // PWM_SAMPLE
    lo = math.inf
    hi = -math.inf
    for i in range(n):
        if weight(w, i) > 0.0:
            v = float(x[i]) - loc
            lo = min(lo, v)
            hi = max(hi, v)
    m = (n + step - 1) // step if n else 0
    v = np.empty(m)
    ws = np.empty(m)
    k = 0
    for i in range(0, n, step):
        if weight(w, i) > 0.0:
            v[k] = float(x[i]) - loc
            ws[k] = weight(w, i)
            k += 1
    v, ws = v[:k], ws[:k]
    Ws = 0.0
    for j in range(k):
        Ws += ws[j]
    order = np.argsort(v, kind="mergesort")
    b0 = 0.0
    b1 = 0.0
    b2 = 0.0
    c0 = 0.0
    c1 = 0.0
    c2 = 0.0
    below = 0.0
    for j in range(k):
        i = order[j]
        wi = ws[i]
        p = (below + 0.5 * wi) / Ws
        below += wi
        t = wi * (v[i] - lo)
        b0, c0 = neum_add(b0, c0, t)
        b1, c1 = neum_add(b1, c1, t * p)
        b2, c2 = neum_add(b2, c2, t * p * p)
    b0 = neum_result(b0, c0) / Ws
    b1 = neum_result(b1, c1) / Ws
    b2 = neum_result(b2, c2) / Ws
    return b0 + lo, 2.0 * b1 - b0, 6.0 * b2 - 6.0 * b1 + b0, lo, hi


# a start keeps the data at least START_GAP (relative) inside a moving end of the
# support; an end within UNBOUNDED_GAP of the data: the likelihood's supremum
START_GAP = 0.01
PWM_SAMPLE = 4096       # the L-moment starts sort at most ~PWM_SAMPLE points
UNBOUNDED_GAP = 1e-8


# ---------------------------------------------------------------- genpareto
# th = [c, scale, loc]; st[0] = max(x - loc), for the unbounded-end rule


def genpareto_fit_init(x, w, st, W, th, isfree):
    # Hosking and Wallis' PWM estimates: c = 2 - l1 / l2, scale = l1 (1 - c), c kept in
    # [-0.9, 0.9] (l1 / l2 >= 1 for data >= 0, so c <= 1) and the data inside the
    # upper end -scale / c of c < 0 by START_GAP.  c fixed at -1 (uniform): scale =
    # max; below -1 the likelihood is unbounded (the scale at UNBOUNDED_GAP)
    l1, l2, l3, lo, hi = pwm(x, w, th[2])
    st[0] = hi
    if isfree[1] and not (hi > 0.0 and (hi > lo or not isfree[0])):
        return FIT_DEGENERATE
    if not isfree[0] and th[0] <= -1.0:
        th[1] = hi if th[0] == -1.0 else -th[0] * hi / (1.0 - UNBOUNDED_GAP)
        return INIT_DONE if th[0] == -1.0 else FIT_DIVERGED
    if isfree[0]:
        th[0] = min(max(2.0 - l1 / l2, -0.9), 0.9) if l2 > 0.0 else 0.0
        if not isfree[1] and th[0] < 0.0:
            th[0] = max(th[0], -(1.0 - START_GAP) * th[1] / hi)
    if isfree[1]:
        c = th[0]
        th[1] = l1 * (1.0 - c) if c < 0.9 else l1 * 0.1
        if c < 0.0:
            th[1] = max(th[1], -c * hi / (1.0 - START_GAP))
    return INIT_NEWTON


def genpareto_fit_unbounded(st, th, isfree):
    """Newton runs into the upper end -scale / c: c < -1 (the density is infinite
    there) with the scale free (no stationary point: the likelihood decreases with the
    scale) or the end within UNBOUNDED_GAP of the largest value; or c within 1e-6 of
    -1 and that close (the supremum over c > -1, the uniform's, on the boundary)."""
    c = th[0]
    if not c < -1.0 + 1e-6:
        return False
    if c < -1.0 and isfree[1]:
        return True
    return 1.0 + c * st[0] / th[1] < UNBOUNDED_GAP


# ---------------------------------------------------------------- genextreme
# th = [c, loc, scale]; st[0] = max(x), st[1] = min(x)
def gev_pwm_fit(l1, l2, k, th, isfree):
    """Scale and location (where free) from the L-moments l1, l2 for the shape k
    (Hosking, Wallis and Wood: scale = l2 k / ((1 - 2^-k) Gamma(1 + k)), loc = l1 -
    scale (1 - Gamma(1 + k)) / k; log 2 and Euler's constant at k = 0); k kept >= -0.9."""
    k = max(k, -0.9)
    lg = lgamma_(1.0 + k)
    a = -math.expm1(-k * LN2) / k if abs(k) > 1e-8 else LN2
    b = -math.expm1(lg) / k if abs(k) > 1e-8 else EULER
    if isfree[2]:
        th[2] = l2 / (a * exp_(lg))
    if isfree[1]:
        th[1] = l1 - th[2] * b


def gev_gap(th, lo, hi):
    """1 - c (x - loc) / scale at the data's end that the support's end binds (1 at c = 0)."""
    c = th[0]
    if c == 0.0:
        return 1.0
    return 1.0 - c * ((hi if c > 0.0 else lo) - th[1]) / th[2]


def genextreme_fit_init(x, w, st, W, th, isfree):
    # the PWM estimates of Hosking, Wallis and Wood: c from t3 = l3 / l2 by their
    # approximation (kept in [-0.9, 0.9]), then scale and loc (gev_pwm_fit); the data
    # kept START_GAP inside the end 1/c of the support by halving c (c free), doubling
    # the scale (else), or placing loc.  c fixed >= 1 with loc free: the likelihood
    # decreases with loc (no maximum; unbounded for c > 1): loc at UNBOUNDED_GAP
    l1, l2, l3, lo, hi = pwm(x, w, 0.0)
    st[0] = hi
    st[1] = lo
    if isfree[2] and not hi > lo:
        return FIT_DEGENERATE
    k = th[0]
    if isfree[0]:
        k = 0.0
        if l2 > 0.0:
            t = 2.0 / (3.0 + l3 / l2) - LN2 / LN3
            k = min(max(7.8590 * t + 2.9554 * t * t, -0.9), 0.9)
        th[0] = k
    gev_pwm_fit(l1, l2, k, th, isfree)
    if not isfree[0] and k >= 1.0 and isfree[1]:
        th[1] = hi - (1.0 - UNBOUNDED_GAP) * th[2] / k
        return FIT_DIVERGED
    for it in range(200):
        if gev_gap(th, lo, hi) >= START_GAP:
            break
        if isfree[0]:
            k = 0.5 * k if abs(k) > 1e-8 else 0.0
            th[0] = k
            gev_pwm_fit(l1, l2, k, th, isfree)
        elif isfree[2]:
            th[2] *= 2.0
        else:
            th[1] = (hi if k > 0.0 else lo) - 0.5 * th[2] / k
    return INIT_NEWTON


def genextreme_fit_unbounded(st, th, isfree):
    """Newton runs into the upper end loc + scale / c: c > 1 (the density is infinite
    there) with loc free (no stationary point: the likelihood decreases with loc) or
    the end within UNBOUNDED_GAP of the largest value; or c within 1e-6 of 1 and that
    close (the supremum over c < 1 on the boundary, as genpareto's)."""
    c = th[0]
    if not c > 1.0 - 1e-6:
        return False
    if c > 1.0 and isfree[1]:
        return True
    return 1.0 - c * (st[0] - th[1]) / th[2] < UNBOUNDED_GAP


def never_unbounded(st, th, isfree):
    return False


def nbinom_fit_init(x, w, st, W, th, isfree):
    m = wmean(x, w, W, 0, 0.0)
    if not m > 0.0:
        return FIT_DEGENERATE
    if not isfree[0]:
        th[1] = th[0] / (th[0] + m)
        return INIT_DONE
    v = wvar(x, w, W, 0, 0.0, m)
    if isfree[1]:
        th[0] = m * m / (v - m) if v > m else m * m / (1e-3 * m)
        th[1] = th[0] / (th[0] + m)
    else:
        th[0] = m * th[1] / (1.0 - th[1])
    return INIT_NEWTON


# ---------------------------------------------------------------- drivers
SHIFT = -1      # a statistics parameter that is the solver's data shift (F_shift)
UNUSED = -2


def stats_sources(f):
    """The two statistics parameters of family spec ``f``: th indices, SHIFT or UNUSED."""
    src = [SHIFT if a == "shift" else a for a in f.stats.params]
    return tuple(src + [UNUSED] * (2 - len(src)))


def no_shift(x, w, th):
    return 0.0


# Driver templates, bound per family by make_fit (globals, not closures, so
# that numba can cache them on disk; see fastmle._py.loops).
def _point_sums(x, w, c, d):
    """d[:M] = compensated sums of w * pointfn(x, c) over the points."""
    tmp = np.empty(M)  # noqa: F821
    comp = np.zeros(M)  # noqa: F821
    for q in range(M):  # noqa: F821
        d[q] = 0.0
    for i in range(x.shape[0]):
        wi = 1.0 if w.shape[0] == 0 else w[i]
        if wi == 0.0:
            continue
        pointfn(float(x[i]), c, tmp)  # noqa: F821
        for q in range(M):  # noqa: F821
            d[q], comp[q] = neum_add(d[q], comp[q], wi * tmp[q])
    for q in range(M):  # noqa: F821
        d[q] = neum_result(d[q], comp[q])


def _data_dv(x, w, st, th, d):
    point_sums(x, w, prep(th), d)  # noqa: F821


def _check(x, w, th, isfree):
    for i in range(x.shape[0]):
        wi = 1.0 if w.shape[0] == 0 else w[i]
        if wi == 0.0:
            continue
        if not inside(float(x[i]), th, isfree):  # noqa: F821
            return (FIT_NAN if x[i] != x[i] else FIT_OUTSIDE), i
    return FIT_OK, -1


def _stats_pass(x, w, th, st):
    # SP: where each statistics parameter comes from (stats_sources)
    sp = np.zeros(2)
    if SP[0] == SHIFT or SP[1] == SHIFT:  # noqa: F821
        st[7] = shift(x, w, th)  # noqa: F821
    for j in range(2):
        if SP[j] == SHIFT:  # noqa: F821
            sp[j] = st[7]
        elif SP[j] >= 0:  # noqa: F821
            sp[j] = th[SP[j]]  # noqa: F821
    stat_sums(x, w, sp, st)  # noqa: F821


def no_driver(x, w, st, W, th, isfree, maxiter, d):
    return INIT_NEWTON, 0


def no_coords_of(th, isfree, phi):
    return False


def no_coords(phi, th, J, T2):
    pass


def _coords_dv(x, w, st, phi, d):
    """dv in the family's Newton coordinates phi (see solve.pxd)."""
    th = np.empty(phi.shape[0])
    J = np.empty((K, K))  # noqa: F821
    T2 = np.zeros((K, K, K))  # noqa: F821
    dt = np.empty(d.shape[0])
    coords(phi, th, J, T2)  # noqa: F821
    data_dv(x, w, st, th, dt)  # noqa: F821
    d[0] = dt[0]
    for a in range(K):  # noqa: F821
        s = 0.0
        for i in range(K):  # noqa: F821
            s += J[i, a] * dt[1 + i]
        d[1 + a] = s
    for a in range(K):  # noqa: F821
        for b in range(a, K):  # noqa: F821
            s = 0.0
            for i in range(K):  # noqa: F821
                s += dt[1 + i] * T2[i, a, b]
                for j in range(K):  # noqa: F821
                    s += J[i, a] * J[j, b] * dt[hidx(K, min(i, j), max(i, j))]  # noqa: F821
            d[hidx(K, a, b)] = s  # noqa: F821


def _solve(x, w, st, W, th, isfree, nfree, maxiter, d):
    if FROM_STATS:  # noqa: F821
        stats_pass(x, w, th, st)  # noqa: F821
        st[0] = W
    return solve_after(x, w, st, W, th, isfree, nfree, maxiter, d)  # noqa: F821


def _solve_after(x, w, st, W, th, isfree, nfree, maxiter, d):
    """The fit after the data pass: driver, closed form or start, Newton."""
    if nfree > 0:
        # the family's own driver where it has one for these free parameters
        status, niter = driver(x, w, st, W, th, isfree, maxiter, d)  # noqa: F821
        if status != INIT_NEWTON:
            return status, niter
    status = INIT_DONE if nfree == 0 else init(x, w, st, W, th, isfree)  # noqa: F821
    if IS_WEIBULL and status == INIT_NEWTON and isfree[0] and isfree[1]:  # noqa: F821
        return weibull_min_profile(x, w, W, th, maxiter, d, False)
    if status == INIT_DONE or status == FIT_DIVERGED:
        dv(x, w, st, th, d)  # noqa: F821
        if not abs(d[0]) < np.inf:
            return FIT_NONFINITE, 0
        return (FIT_OK if status == INIT_DONE else status), 0
    if status != INIT_NEWTON:
        return status, 0
    phi = np.empty(th.shape[0])
    if coords_of(th, isfree, phi):  # noqa: F821
        # the family's own Newton coordinates (see solve.pxd)
        status, niter = coords_newton(x, w, st, K, KINDS, isfree, phi, maxiter, d)  # noqa: F821
        coords(phi, th, np.empty((K, K)), np.zeros((K, K, K)))  # noqa: F821
        dv(x, w, st, th, d)  # noqa: F821
        return status, niter
    return newton(x, w, st, K, KINDS, isfree, th, maxiter, d)  # noqa: F821


def _fit_one(x, w, th, isfree, maxiter, d):
    for q in range(M):  # noqa: F821
        d[q] = np.nan
    if x.shape[0] == 0:
        return FIT_TOO_FEW, 0, -1
    nfree = 0
    for i in range(K):  # noqa: F821
        nfree += isfree[i] != 0
    status, bad = check(x, w, th, isfree)  # noqa: F821
    if status != FIT_OK:
        return status, 0, bad
    W = total_weight(w, x.shape[0])
    if not W > 0.0:
        return FIT_TOO_FEW, 0, -1
    status, niter = solve(x, w, np.zeros(8), W, th, isfree, nfree, maxiter, d)  # noqa: F821
    return status, niter, -1


def _fit_batch(x, w, off, th, isfree, maxiter, d, status, niter, bad):
    for g in prange(off.shape[0] - 1):  # noqa: F821
        a = off[g]
        b = off[g + 1]
        wg = w[a:b] if w.shape[0] > 0 else w
        s, it, bi = fit_one(x[a:b], wg, th[g], isfree, maxiter, d[g])  # noqa: F821
        status[g] = s
        niter[g] = it
        bad[g] = bi


def _label_stats(x, w, labels, th, omit, st):
    """st[g] = the statistics sums of the values labelled g (compensated but the last,
    the weight outside the support), st[g, 7] the shift (the group's first value
    inside the support), one pass (the Cython label_stats_F)."""
    comp = np.zeros((st.shape[0], NST))  # noqa: F821
    seen = np.zeros(st.shape[0], np.bool_)
    sp = np.zeros(2)
    tmp = np.empty(NST)  # noqa: F821
    for i in range(x.shape[0]):
        wi = 1.0 if w.shape[0] == 0 else w[i]
        if wi == 0.0:
            continue
        xi = float(x[i])
        if omit and xi != xi:
            continue
        g = labels[i]
        sh = st[g, 7] if seen[g] else shift(x[i:i + 1], w[i:i + 1] if w.shape[0] > 0  # noqa: F821
                                            else w, th)
        for j in range(2):
            if SP[j] == SHIFT:  # noqa: F821
                sp[j] = sh
            elif SP[j] >= 0:  # noqa: F821
                sp[j] = th[SP[j]]  # noqa: F821
        stats(xi, sp, tmp)  # noqa: F821
        if not seen[g] and tmp[0] == 1.0:
            seen[g] = True
            st[g, 7] = sh
        for q in range(NST - 1):  # noqa: F821
            st[g, q], comp[g, q] = neum_add(st[g, q], comp[g, q], wi * tmp[q])
        st[g, NST - 1] += wi * tmp[NST - 1]  # noqa: F821
    for g in range(st.shape[0]):
        for q in range(NST - 1):  # noqa: F821
            st[g, q] = neum_result(st[g, q], comp[g, q])


def _fit_stats_batch(st, th, isfree, maxiter, d, status, niter):
    """Every group's fit from its merged statistics st[g] (as the Cython
    fit_stats_batch_F)."""
    empty = np.empty(0)
    nfree = 0
    for i in range(K):  # noqa: F821
        nfree += isfree[i] != 0
    for g in prange(st.shape[0]):  # noqa: F821
        for q in range(M):  # noqa: F821
            d[g, q] = np.nan
        niter[g] = 0
        W = st[g, 0]
        if not (st[g, NST - 1] == 0.0 and abs(W) < math.inf):  # noqa: F821
            status[g] = FIT_NONFINITE
        elif not W > 0.0:
            status[g] = FIT_TOO_FEW
        else:
            s, it = solve_after(empty, empty, st[g], W, th[g], isfree, nfree,  # noqa: F821
                                maxiter, d[g])
            status[g] = s
            niter[g] = it


def make_fit(name, ns, tools):
    """``fit_one(x, w, th, isfree, maxiter, d) -> (status, n_iter, bad)``, the
    batch driver and (exponential families) the statistics by label and the batch
    fit from them, for family ``name``: the templates above with their globals bound
    to the family's kernels in ``ns`` (plain or compiled), by ``tools.specialise``."""
    spec = tools.specialise
    f = _spec.FAMILIES[name]
    kinds = tuple(_spec.TRANSFORMS.index(t) for t in f.transforms)
    g = {**ns, "K": f.k, "KINDS": kinds, "M": f.nderiv,
         "inside": ns[f.support], "init": ns[name + "_fit_init"],
         "unbounded": ns[name + "_fit_unbounded" if f.unbounded_end else "never_unbounded"],
         "prep": ns[name + "_prep"], "derivs": ns[name + "_derivs"],
         "IS_WEIBULL": name == "weibull_min", "FROM_STATS": f.stats is not None,
         "prange": tools.prange}
    g["check"] = spec(_check, g, f"{name}_fit_check")
    if f.stats is not None:
        sp = stats_sources(f)
        g.update(stats=ns[name + "_stats"], dv=ns[name + "_st_dv"], SP=sp, SHIFT=SHIFT,
                 shift=ns[name + "_shift" if SHIFT in sp else "no_shift"], NST=f.stats.size)
        gs = {**g, "pointfn": g["stats"], "M": g["NST"]}
        g["stat_sums"] = spec(_point_sums, gs, f"{name}_fit_stat_sums")
        g["stats_pass"] = spec(_stats_pass, g, f"{name}_fit_stats")
    else:
        gd = {**g, "pointfn": g["derivs"]}
        g["point_sums"] = spec(_point_sums, gd, f"{name}_fit_point_sums")
        g["dv"] = spec(_data_dv, g, f"{name}_fit_dv")
    g["newton"] = spec(_newton, g, f"{name}_newton")
    g["driver"] = (spec(ns[name + "_fit_driver"], g, f"{name}_fit_driver") if f.fit_driver
                   else ns["no_driver"])
    g.update(coords_of=ns["no_coords_of"], coords=ns["no_coords"], coords_newton=g["newton"])
    if f.newton_coords:
        gc = {**g, "coords": ns[name + "_coords"], "data_dv": g["dv"]}
        gc["dv"] = spec(_coords_dv, gc, f"{name}_coords_dv")
        g.update(coords_of=ns[name + "_coords_of"], coords=gc["coords"],
                 coords_newton=spec(_newton, gc, f"{name}_coords_newton"))
    g["solve_after"] = spec(_solve_after, g, f"{name}_fit_solve_after")
    g["solve"] = spec(_solve, g, f"{name}_fit_solve")
    g["fit_one"] = spec(_fit_one, g, f"{name}_fit_one")
    stats = (None, None)
    if f.stats is not None:
        stats = (spec(_label_stats, g, f"{name}_label_stats"),
                 spec(_fit_stats_batch, g, f"{name}_fit_stats_batch", parallel=True))
    return (g["fit_one"], spec(_fit_batch, g, f"{name}_fit_batch", parallel=True), *stats)


# ---------------------------------------------------------------- halfnorm
def halfnorm_fit_init(x, w, st, W, th, isfree):
    # scale^2 = sum w y^2 / W, y = x - loc (rayleigh's wrms; as fitting.pxd)
    th[0] = wrms(x, w, W, th[1], 1.0)
    return INIT_DONE if (th[0] >= DBL_MIN and th[0] < math.inf) else FIT_DEGENERATE
