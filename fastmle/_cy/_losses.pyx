# Softmax cross-entropy rows (the Cython engine; mirrored by fastmle/_py/losses.py):
# per row one pass for the log-sum-exp, one for the loss and the gradient
# w.r.t. the logits, in parallel over rows.  Rows of few classes go in blocks of
# rows, so that one vectorised exp (and log) call serves many rows.  Float32 or float64 logits; the
# maths runs in float64.
cimport numpy as cnp
from cython.parallel cimport parallel, prange
from libc.math cimport log, log1p, isfinite, INFINITY, NAN
from libc.stdlib cimport malloc, free
from fastmle._cy.common cimport BLOCK, fm_vexp, fm_vlog, fm_vlog1p

cdef extern from "rowcheck.h" nogil:
    int fm_threads(int nt, Py_ssize_t work)
    double fm_gap_times(double c, double zmax, double z)
    double LOG1P_BELOW "FM_LOG1P_BELOW"

cnp.import_array()

ctypedef fused floating:
    float
    double


cdef inline double _target(Py_ssize_t k, long long y, const double *tp, double eps,
                           Py_ssize_t C) noexcept nogil:
    """Target probability of class k: y smoothed by eps, or tp[k]."""
    if tp != NULL:
        return tp[k]
    return eps / C + (1.0 - eps if k == y else 0.0)


cdef void _ce_finish(const floating *z, Py_ssize_t C, long long y, const double *tp,
                     const double *w, double eps, const double *ex, double se, double zmax,
                     double ls, double *loss, double *norm, floating *g,
                     bint want_grad) noexcept nogil:
    """Loss sum_k t_k w_k (ls - (z_k - zmax)) of one row with target distribution t:
    class y smoothed by eps (tp NULL) or the probabilities tp; its gradient
    softmax * sum_k t_k w_k - t * w into g (from the exps ex of z - zmax, summing to
    se, ls = log se); norm = the row's weight in a mean.  The log-softmax is taken
    after the shift, (z_k - zmax) - ls: zmax + ls would round ls away when |zmax| is
    large."""
    cdef double t, wk, S = 0.0, L = 0.0, inv = 1.0 / se
    cdef Py_ssize_t k
    if tp == NULL and w == NULL and eps == 0.0:
        # plain class index: loss lse - z_y, gradient softmax - onehot
        loss[0] = ls - (z[y] - zmax)
        norm[0] = 1.0
        if want_grad:
            for k in range(C):
                g[k] = <floating> (ex[k] * inv)
            g[y] = <floating> (ex[y] * inv - 1.0)
        return
    # sum_k t_k w_k (ls - (z_k - zmax)) = ls S + sum_k t_k w_k (zmax - z_k): no
    # negative term, no cancellation
    for k in range(C):
        t = _target(k, y, tp, eps, C)
        wk = 1.0 if w == NULL else w[k]
        S += t * wk
        if t != 0.0:
            L += t * wk * (zmax - z[k])
    L += ls * S
    if not isfinite(L):
        # logits spanning more than the double range (z_k - zmax = -inf; the loss may
        # be finite all the same): again, the gaps halved (NaN logits stay NaN)
        L = 0.0
        for k in range(C):
            t = _target(k, y, tp, eps, C) * (1.0 if w == NULL else w[k])
            if t != 0.0:
                L += t * ls + fm_gap_times(t, zmax, z[k])
    loss[0] = L
    if tp == NULL:
        norm[0] = 1.0 if w == NULL else w[y]
    else:
        norm[0] = 1.0
    if want_grad:
        for k in range(C):
            wk = 1.0 if w == NULL else w[k]
            g[k] = <floating> (ex[k] * inv * S - _target(k, y, tp, eps, C) * wk)


cdef double _left_out(const floating *z, Py_ssize_t C, floating *g,
                      bint want_grad) noexcept nogil:
    """A row left out (ignore_index): zero gradient; its loss 0, or NaN when a logit is
    not finite (the caller's cue to raise, as for the other rows)."""
    cdef Py_ssize_t k
    cdef bint bad = False
    for k in range(C):
        bad |= not isfinite(z[k])
        if want_grad:
            g[k] = 0.0
    return NAN if bad else 0.0


cdef inline double _but_largest(double t) noexcept nogil:
    """An exp t of z - zmax, or 0 for the largest logit's exp(0) = 1, within a sum of
    exps below LOG1P_BELOW = 1.25 (where the log of the sum would lose the small
    ones: log1p of the others instead).  There the others sum below 0.25, so that
    exp alone is >= 0.75 (no tie); a 0/1 factor, not a branch (it sits anywhere)."""
    return t * (1.0 - <double> (<long long> (t + 0.25)))


cdef inline double _shifted(double d) noexcept nogil:
    """z - max(z), floored where exp underflows to 0 anyway (keeps vmath in its domain)."""
    return d if d > -750.0 else -750.0


cdef void _ce_rows(const floating *z, Py_ssize_t m, Py_ssize_t C, const long long *y,
                   const double *tp, const double *w, double eps, long long ignore_index,
                   double *loss, double *norm, floating *g, bint want_grad) noexcept nogil:
    """m consecutive rows with m * C <= BLOCK (tp NULL: class indices y): the exps of
    all their logits in one vectorised call, their log-sum-exps in another; where
    the sum is below LOG1P_BELOW, log1p of the exps but the largest instead
    (_but_largest; one more vectorised call for the block)."""
    cdef double e[BLOCK]
    cdef double zmax[BLOCK]
    cdef double se[BLOCK]
    cdef double ls[BLOCK]
    cdef double rest[BLOCK]
    cdef double lp[BLOCK]
    cdef double mx
    cdef Py_ssize_t r, k
    cdef bint near = False
    for r in range(m):
        mx = -INFINITY
        for k in range(C):
            if z[r * C + k] > mx:
                mx = z[r * C + k]
        zmax[r] = mx
        for k in range(C):
            e[r * C + k] = _shifted(z[r * C + k] - mx)
    fm_vexp(e, m * C)
    for r in range(m):
        ls[r] = 0.0
        for k in range(C):
            ls[r] += e[r * C + k]
        se[r] = ls[r]
    fm_vlog(ls, m)
    for r in range(m):
        rest[r] = -1.0                      # (not near 1)
        if se[r] < LOG1P_BELOW:
            rest[r] = 0.0
            for k in range(C):
                rest[r] += _but_largest(e[r * C + k])
            se[r] = 1.0 + rest[r]
            near = True
    if near:
        for r in range(m):
            lp[r] = rest[r] if rest[r] >= 0.0 else 0.0     # (in vmath's domain)
        fm_vlog1p(lp, m)
        for r in range(m):
            ls[r] = lp[r] if rest[r] >= 0.0 else ls[r]
    for r in range(m):
        if tp == NULL and y[r] == ignore_index:
            loss[r] = _left_out(z + r * C, C, g + r * C, want_grad)
            norm[r] = 0.0
        else:
            _ce_finish(z + r * C, C, -1 if tp != NULL else y[r],
                       tp + r * C if tp != NULL else NULL, w, eps, e + r * C, se[r],
                       zmax[r], ls[r], loss + r, norm + r, g + r * C, want_grad)


cdef void _ce_row(const floating *z, Py_ssize_t C, long long y, const double *tp,
                  const double *w, double eps, double *loss, double *norm,
                  floating *g, bint want_grad, double *ex) noexcept nogil:
    """One row of more than BLOCK classes: the exps block by block into ex (C); the
    log-sum-exp as in _ce_rows."""
    cdef double zmax = -INFINITY, se = 0.0, ls
    cdef Py_ssize_t k, o, nb, bi
    for k in range(C):
        if z[k] > zmax:
            zmax = z[k]
    for bi in range((C + BLOCK - 1) // BLOCK):
        o = bi * BLOCK
        nb = C - o if C - o < BLOCK else BLOCK
        for k in range(nb):
            ex[o + k] = _shifted(z[o + k] - zmax)
        fm_vexp(ex + o, nb)
        for k in range(nb):
            se += ex[o + k]
    if se < LOG1P_BELOW:
        ls = 0.0
        for k in range(C):
            ls += _but_largest(ex[k])
        se = 1.0 + ls
        ls = log1p(ls)
    else:
        ls = log(se)
    _ce_finish(z, C, y, tp, w, eps, ex, se, zmax, ls, loss, norm, g, want_grad)


def cross_entropy_rows(cnp.ndarray Z, cnp.ndarray target, cnp.ndarray T, cnp.ndarray W,
                       double eps, long long ignore_index, cnp.ndarray loss,
                       cnp.ndarray norm, cnp.ndarray G, bint want_grad, int nt):
    """Per-row losses and mean weights of logits Z (N, C) for class indices
    ``target`` (N,) int64 (or, when T has N rows, class probabilities T (N, C));
    W (C,) class weights or empty; gradients into G (N, C) of Z's dtype.  Rows
    whose class is ``ignore_index`` get loss 0, weight 0 and a zero gradient."""
    if cnp.PyArray_TYPE(Z) == cnp.NPY_DOUBLE:
        _ce(<const double *> cnp.PyArray_DATA(Z), <double *> cnp.PyArray_DATA(G),
            target, T, W, eps, ignore_index, loss, norm, want_grad, nt,
            cnp.PyArray_DIM(Z, 0), cnp.PyArray_DIM(Z, 1))
    else:
        _ce(<const float *> cnp.PyArray_DATA(Z), <float *> cnp.PyArray_DATA(G),
            target, T, W, eps, ignore_index, loss, norm, want_grad, nt,
            cnp.PyArray_DIM(Z, 0), cnp.PyArray_DIM(Z, 1))


cdef _ce(const floating *zp, floating *gp, cnp.ndarray target, cnp.ndarray T,
         cnp.ndarray W, double eps, long long ignore_index, cnp.ndarray loss,
         cnp.ndarray norm, bint want_grad, int nt, Py_ssize_t N, Py_ssize_t C):
    cdef const long long *yp = <const long long *> cnp.PyArray_DATA(target)
    cdef const double *tp = <const double *> cnp.PyArray_DATA(T)
    cdef const double *wp = <const double *> cnp.PyArray_DATA(W)
    cdef double *lp = <double *> cnp.PyArray_DATA(loss)
    cdef double *np_ = <double *> cnp.PyArray_DATA(norm)
    cdef bint probs = cnp.PyArray_DIM(T, 0) == N and N > 0
    cdef const double *w = wp if cnp.PyArray_SIZE(W) > 0 else NULL
    cdef Py_ssize_t i, m, r0, nblk
    cdef double *ex
    if C <= BLOCK:
        # blocks of m rows (fixed, so results do not depend on the thread count)
        m = BLOCK // C
        nblk = (N + m - 1) // m
        with nogil:
            for i in prange(nblk, num_threads=fm_threads(nt, nblk), schedule="static"):
                r0 = i * m
                _ce_rows(zp + r0 * C, m if N - r0 > m else N - r0, C, yp + r0,
                         tp + r0 * C if probs else NULL, w, eps, ignore_index, lp + r0,
                         np_ + r0, gp + r0 * C if want_grad else gp, want_grad)
        return
    cdef int failed = 0
    with nogil, parallel(num_threads=fm_threads(nt, N)):
        ex = <double *> malloc(C * sizeof(double))     # per thread: the exps of a row
        for i in prange(N, schedule="static"):
            if ex == NULL:
                failed += 1
            elif not probs and yp[i] == ignore_index:
                lp[i] = _left_out(zp + i * C, C, gp + i * C, want_grad)
                np_[i] = 0.0
            else:
                _ce_row(zp + i * C, C, -1 if probs else yp[i],
                        tp + i * C if probs else NULL, w, eps, lp + i, np_ + i,
                        gp + i * C if want_grad else gp, want_grad, ex)
        free(ex)
    if failed:
        raise MemoryError("not enough memory for the cross-entropy rows")
