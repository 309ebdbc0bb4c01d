# The compiled MLE solver: status codes, parameter transforms, a safeguarded
# Newton method over any subset of a family's parameters, small dense linear
# algebra and weighted selection (medians).  Family-specific pieces (start
# values, closed forms, evaluators) live in fitting.pxd and _kernels.pyx.tp.
from libc.math cimport log, exp, fabs, sqrt, isfinite, INFINITY, NAN
from libc.stdlib cimport malloc, free, qsort
from libc.string cimport memcpy
# fit statuses FIT_*, start results INIT_* and Newton transforms REAL, POSITIVE, UNIT
# (how Newton sees a parameter: as it is, through log, through logit), from the
# registry fastmle/_spec.py
from fastmle._cy.codes cimport *

cdef enum:
    MAXK = 4        # free parameters of any family
    MAXTH = 8       # full parameter vector of any family
    MAXD = 15       # [loglik, gradient, Hessian upper triangle] for MAXK parameters

ctypedef void (*dv_fn)(void *ctx, const double *th, double *out) noexcept nogil
# a family's F_fit_unbounded (registry: unbounded_end): Newton runs into an end of the
# support where the density, hence the likelihood, is unbounded
ctypedef bint (*ub_fn)(void *ctx, const double *th, const int *isfree) noexcept nogil


cdef struct FitCtx:
    const double *x      # float64 data, or NULL: float32 data in x32 (read, never copied)
    const float *x32
    const double *w      # NULL: unit weights
    Py_ssize_t n
    int nt               # threads of the data passes
    double W             # total weight
    Py_ssize_t bad       # first offending index (FIT_OUTSIDE / FIT_NAN), else -1
    double *buf          # n doubles of scratch, or NULL
    double st[8]         # sufficient statistics of the families fitted from them


cdef inline double xat(const FitCtx *c, Py_ssize_t i) noexcept nogil:
    """Data value i, in float64 whatever the data's dtype."""
    return c.x32[i] if c.x == NULL else c.x[i]


cdef inline Py_ssize_t hidx(int k, int i, int j) noexcept nogil:
    """Position of H[i, j], i <= j, in [loglik, gradient(k), Hessian upper triangle]."""
    return 1 + k + i * k - (i * (i - 1)) // 2 + (j - i)


cdef inline double to_phi(double v, int kind) noexcept nogil:
    if kind == POSITIVE:
        return log(v)
    if kind == UNIT:
        return log(v / (1.0 - v))
    return v


cdef inline double from_phi(double p, int kind) noexcept nogil:
    if kind == POSITIVE:
        return exp(p)
    if kind == UNIT:
        return 1.0 / (1.0 + exp(-p))
    return p


cdef inline int cholesky_solve(double *A, double *b, int m, const double *floor) noexcept nogil:
    """Solve A x = b (A m x m, symmetric positive definite, row-major; both
    overwritten, x in b).  Returns 0, or 1 when A is not positive definite: a pivot
    (before its square root) not above floor[j] (a shifted matrix whose shift barely
    cancels a negative curvature is as good as singular: its step would be huge)."""
    cdef int i, j, q
    cdef double s
    for j in range(m):
        s = A[j * m + j]
        for q in range(j):
            s -= A[j * m + q] * A[j * m + q]
        if not (s > floor[j] and isfinite(s)):
            return 1
        A[j * m + j] = sqrt(s)
        for i in range(j + 1, m):
            s = A[i * m + j]
            for q in range(j):
                s -= A[i * m + q] * A[j * m + q]
            A[i * m + j] = s / A[j * m + j]
    for i in range(m):
        s = b[i]
        for q in range(i):
            s -= A[i * m + q] * b[q]
        b[i] = s / A[i * m + i]
    for i in range(m - 1, -1, -1):
        s = b[i]
        for q in range(i + 1, m):
            s -= A[q * m + i] * b[q]
        b[i] = s / A[i * m + i]
    return 0


cdef inline int newton(void *ctx, dv_fn dv, int k, int nth, const int *kind,
                       const int *isfree, double *th, int maxiter, double *d,
                       int *niter, ub_fn unbounded) noexcept nogil:
    """Maximise the log-likelihood over the free parameters (isfree[i] != 0, i < k).

    ``dv(ctx, th, d)`` writes [loglik, gradient, Hessian upper triangle] over
    all k parameters; trial points are evaluated with it too, so an accepted
    step costs one pass over the data.  Newton steps in transformed coordinates (log for POSITIVE, logit for UNIT
    parameters), a Levenberg shift when the Hessian is not negative definite,
    steps capped to a factor e^3 and halved until the likelihood does not
    decrease (strictly increases, for a shortened step).  Converged when the
    Newton decrement g' (-H)^-1 g falls below 1e-20 (1 + |loglik|) (then the
    last, tiny, step is taken), or, once it is below 1e-10 (1 + |loglik|) and
    full steps are taken without a line search (the likelihood change is below
    its rounding noise), when it stops shrinking quadratically.  On return, th
    is the best point found and d holds the derivatives at it.

    Boundary (FIT_DIVERGED): a positive parameter runs off to +inf when the
    likelihood tends to a finite limit l_inf - a / v there (t's df on
    near-normal data, nbinom's n on underdispersed counts).  Newton then
    multiplies v by ~e per step while the likelihood's gain ~ a / v shrinks
    geometrically; the rule: its log grew by >= 0.5 in each of the last 3
    accepted steps and the last step gained <= 1e-6 (1 + |loglik|) (the
    supremum is then within ~0.6 x that gain).  Also a positive parameter leaving
    [1e-12, 1e12] x its start value, or a unit one leaving [1e-14, 1 - 1e-14].
    And (``unbounded``, or NULL) an accepted step that runs into an end of the support
    where the likelihood is unbounded (genpareto c < -1).  Steps that put a point
    outside the support have a non-finite loglik and are halved away: the iterates stay
    inside.  The same rules in fastmle/_py/fitting.py.
    """
    cdef int idx[MAXK]
    cdef double J[MAXK]
    cdef double J2[MAXK]
    cdef double G[MAXK]
    cdef double A[MAXK * MAXK]
    cdef double Aw[MAXK * MAXK]
    cdef double delta[MAXK]
    cdef double floor[MAXK]
    cdef double phi[MAXK]
    cdef double start[MAXK]
    cdef double trial[MAXTH]
    cdef double dt[MAXD]
    cdef int grow[MAXK]
    cdef double f, dec, mu, cap, t, v, gain, prev_dec = INFINITY
    cdef int m = 0, a, b, i, it, h, tries, ok, accepted
    for i in range(k):
        if isfree[i]:
            idx[m] = i
            grow[m] = 0
            m += 1
    dv(ctx, th, d)
    niter[0] = 0
    if m == 0:
        return FIT_OK
    f = d[0]
    if not isfinite(f):
        return FIT_NONFINITE
    for a in range(m):
        start[a] = fabs(th[idx[a]])
    for it in range(maxiter):
        niter[0] = it + 1
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
                i = idx[a] if idx[a] <= idx[b] else idx[b]
                h = idx[b] if idx[a] <= idx[b] else idx[a]
                A[a * m + b] = -d[hidx(k, i, h)] * J[a] * J[b]
            A[a * m + a] -= d[1 + idx[a]] * J2[a]
        # Newton direction, shifted towards gradient ascent until -H is positive definite,
        # each pivot keeping at least 1e-8 of the shift added
        mu = 0.0
        ok = 1
        for tries in range(40):
            memcpy(Aw, A, m * m * sizeof(double))
            for a in range(m):
                delta[a] = G[a]
                floor[a] = mu * (fabs(A[a * m + a]) + 1e-12)
                Aw[a * m + a] += floor[a]
                floor[a] *= 1e-8
            ok = cholesky_solve(Aw, delta, m, floor)
            if ok == 0:
                break
            mu = 1e-6 if mu == 0.0 else 10.0 * mu
        if ok != 0:
            return FIT_STALLED
        dec = 0.0
        for a in range(m):
            dec += G[a] * delta[a]
        if not isfinite(dec):
            return FIT_STALLED
        if mu == 0.0 and dec <= 1e-20 * (1.0 + fabs(f)):
            for a in range(m):
                th[idx[a]] = from_phi(phi[a] + delta[a], kind[idx[a]])
            return FIT_OK
        memcpy(trial, th, nth * sizeof(double))
        t = 1.0
        if mu == 0.0 and dec <= 1e-10 * (1.0 + fabs(f)):
            # deep in the quadratic region the likelihood change is below its own
            # rounding noise: take full steps, judged by the decrement; when it
            # stops shrinking quadratically, the gradient's rounding noise is reached
            if dec >= 0.25 * prev_dec:
                return FIT_OK
            prev_dec = dec
            for a in range(m):
                trial[idx[a]] = from_phi(phi[a] + delta[a], kind[idx[a]])
            dv(ctx, trial, dt)
            accepted = isfinite(dt[0])
        else:
            prev_dec = dec
            cap = 1.0
            for a in range(m):
                if kind[idx[a]] != REAL and fabs(delta[a]) > 3.0:
                    cap = min(cap, 3.0 / fabs(delta[a]))
            t = cap
            accepted = 0
            for h in range(40):
                for a in range(m):
                    trial[idx[a]] = from_phi(phi[a] + t * delta[a], kind[idx[a]])
                dv(ctx, trial, dt)
                # a shortened step must strictly improve: no creeping along rounding noise
                if isfinite(dt[0]) and (dt[0] > f or (dt[0] == f and h == 0)):
                    accepted = 1
                    break
                t *= 0.5
        if not accepted:
            return FIT_STALLED
        memcpy(th, trial, nth * sizeof(double))
        memcpy(d, dt, (1 + k + k * (k + 1) // 2) * sizeof(double))
        gain = d[0] - f
        f = d[0]
        if unbounded != NULL and unbounded(ctx, th, isfree):
            return FIT_DIVERGED
        for a in range(m):
            v = th[idx[a]]
            grow[a] = grow[a] + 1 if t * delta[a] >= 0.5 else 0
            if kind[idx[a]] == POSITIVE and (v > 1e12 * start[a] or v < 1e-12 * start[a]
                                             or not v < INFINITY
                                             or (grow[a] >= 3
                                                 and gain <= 1e-6 * (1.0 + fabs(f)))):
                return FIT_DIVERGED
            if kind[idx[a]] == UNIT and (v <= 1e-14 or v >= 1.0 - 1e-14):
                return FIT_DIVERGED
    return FIT_MAXITER


# ---------------------------------------------------------------- other coordinates
# A family whose likelihood is a curved valley in its own parameters (loggamma at large
# c) runs Newton in coordinates phi of its choosing (same length and kinds as th):
# to_th(phi, th, J, T2) gives th, J = dth[:k]/dphi[:k] (k x k, row-major) and the
# nonzero second derivatives T2[(i k + a) k + b] = d2th_i/dphi_a dphi_b (zeroed before).
ctypedef void (*coords_fn)(const double *phi, double *th, double *J, double *T2) noexcept nogil


cdef struct CoordsCtx:
    void *ctx           # the data's context, for dv
    dv_fn dv            # [loglik, gradient, Hessian] w.r.t. th
    coords_fn to_th
    int k


cdef inline void coords_dv(void *p, const double *phi, double *out) noexcept nogil:
    """[loglik, gradient, Hessian] w.r.t. phi: J' g and J' H J + sum_i g_i d2th_i/dphi2."""
    cdef CoordsCtx *cc = <CoordsCtx *> p
    cdef double th[MAXTH]
    cdef double J[MAXK * MAXK]
    cdef double T2[MAXK * MAXK * MAXK]
    cdef double dt[MAXD]
    cdef double s
    cdef int k = cc.k, i, j, a, b
    for i in range(k * k * k):
        T2[i] = 0.0
    cc.to_th(phi, th, J, T2)
    cc.dv(cc.ctx, th, dt)
    out[0] = dt[0]
    for a in range(k):
        s = 0.0
        for i in range(k):
            s += J[i * k + a] * dt[1 + i]
        out[1 + a] = s
    for a in range(k):
        for b in range(a, k):
            s = 0.0
            for i in range(k):
                s += dt[1 + i] * T2[(i * k + a) * k + b]
                for j in range(k):
                    s += J[i * k + a] * J[j * k + b] * dt[hidx(k, i if i <= j else j,
                                                             j if i <= j else i)]
            out[hidx(k, a, b)] = s


cdef inline int newton_coords(void *ctx, dv_fn dv, coords_fn to_th, int k, int nth,
                              const int *kind, const int *isfree, double *phi, double *th,
                              int maxiter, double *d, int *niter) noexcept nogil:
    """``newton`` over phi (from its start value), then th and d at the result."""
    cdef CoordsCtx cc
    cdef double J[MAXK * MAXK]
    cdef double T2[MAXK * MAXK * MAXK]
    cdef int status
    cc.ctx = ctx
    cc.dv = dv
    cc.to_th = to_th
    cc.k = k
    status = newton(&cc, coords_dv, k, nth, kind, isfree, phi, maxiter, d, niter, NULL)
    to_th(phi, th, J, T2)
    dv(ctx, th, d)
    return status


# ---------------------------------------------------------------- selection
cdef inline void swap(double *a, Py_ssize_t i, Py_ssize_t j) noexcept nogil:
    cdef double t = a[i]
    a[i] = a[j]
    a[j] = t


cdef inline double select_kth(double *a, Py_ssize_t n, Py_ssize_t kk) noexcept nogil:
    """The kk-th smallest of a[0:n] (0-based; a is reordered): Hoare's quickselect
    with median-of-three pivots."""
    cdef Py_ssize_t lo = 0, hi = n - 1, i, j, mid
    cdef double p
    while hi > lo:
        mid = lo + (hi - lo) // 2
        if a[mid] < a[lo]:
            swap(a, mid, lo)
        if a[hi] < a[lo]:
            swap(a, hi, lo)
        if a[hi] < a[mid]:
            swap(a, hi, mid)
        p = a[mid]
        i = lo
        j = hi
        while i <= j:
            while a[i] < p:
                i += 1
            while a[j] > p:
                j -= 1
            if i <= j:
                swap(a, i, j)
                i += 1
                j -= 1
        if kk <= j:
            hi = j
        elif kk >= i:
            lo = i
        else:
            return a[kk]
    return a[kk]


cdef inline double min_of(const double *a, Py_ssize_t n) noexcept nogil:
    cdef double m = a[0]
    cdef Py_ssize_t i
    for i in range(1, n):
        if a[i] < m:
            m = a[i]
    return m


cdef inline double max_of(const double *a, Py_ssize_t n) noexcept nogil:
    cdef double m = a[0]
    cdef Py_ssize_t i
    for i in range(1, n):
        if a[i] > m:
            m = a[i]
    return m


cdef inline int _cmp_first(const void *p, const void *q) noexcept nogil:
    cdef double a = (<const double *> p)[0], b = (<const double *> q)[0]
    return -1 if a < b else (1 if a > b else 0)


cdef inline double median_inplace(double *a, Py_ssize_t n) noexcept nogil:
    """Median of a[0:n] as np.median (the mean of the two middle values when n is
    even); a is reordered."""
    cdef double lo
    if n % 2:
        return select_kth(a, n, n // 2)
    lo = select_kth(a, n, n // 2 - 1)
    # the upper middle value is the smallest of the upper part
    return (lo + min_of(a + n // 2, n - n // 2)) / 2.0


cdef inline double median_of_pairs(double *pairs, Py_ssize_t n) noexcept nogil:
    """Weighted median of n (value, weight) pairs stored flat (reordered): the
    median of the data repeated by their weights, as np.median would give."""
    cdef Py_ssize_t i, m = 0
    cdef double W = 0.0, cum = 0.0
    for i in range(n):
        if pairs[2 * i + 1] > 0.0:
            pairs[2 * m] = pairs[2 * i]
            pairs[2 * m + 1] = pairs[2 * i + 1]
            W += pairs[2 * m + 1]
            m += 1
    if m == 0:
        return NAN
    qsort(pairs, m, 2 * sizeof(double), _cmp_first)
    for i in range(m):
        cum += pairs[2 * i + 1]
        if cum > 0.5 * W:
            return pairs[2 * i]
        if cum == 0.5 * W:
            return (pairs[2 * i] + pairs[2 * i + 2]) / 2.0
    return pairs[2 * (m - 1)]
