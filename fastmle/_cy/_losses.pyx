# Softmax cross-entropy rows (the Cython engine; mirrored by fastmle/_py/losses.py):
# per row one pass for the log-sum-exp, one for the loss and the gradient
# w.r.t. the logits, in parallel over rows.  Float32 or float64 logits; the
# maths runs in float64.
cimport numpy as cnp
from cython.parallel cimport prange
from libc.math cimport log, exp, INFINITY
from fastmle._cy.common cimport BLOCK, fm_vexp

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


cdef void _ce_row(const floating *z, Py_ssize_t C, long long y, const double *tp,
                  const double *w, double eps, double *loss, double *norm,
                  floating *g, bint want_grad) noexcept nogil:
    """Loss sum_k t_k w_k (lse - z_k) of one row with target distribution t:
    class y smoothed by eps (tp NULL) or the probabilities tp; its gradient
    softmax * sum_k t_k w_k - t * w into g; norm = the row's weight in a mean."""
    cdef double zmax = -INFINITY, se = 0.0, lse, t, wk, S = 0.0, L = 0.0
    cdef double e[BLOCK]
    cdef Py_ssize_t k
    for k in range(C):
        if z[k] > zmax:
            zmax = z[k]
    # the exps (block-vectorised for rows up to BLOCK classes) are kept in g, when
    # the gradient is wanted, for the second loop
    if C <= BLOCK:
        for k in range(C):
            e[k] = z[k] - zmax
            if e[k] < -750.0:
                e[k] = -750.0       # exp underflows to 0 there; keeps vmath in its domain
        fm_vexp(e, C)
        for k in range(C):
            se += e[k]
            if want_grad:
                g[k] = <floating> e[k]
    else:
        for k in range(C):
            t = exp(z[k] - zmax)
            se += t
            if want_grad:
                g[k] = <floating> t
    lse = zmax + log(se)
    for k in range(C):
        t = _target(k, y, tp, eps, C)
        wk = 1.0 if w == NULL else w[k]
        S += t * wk
        if t != 0.0:
            L += t * wk * (lse - z[k])
    loss[0] = L
    if tp == NULL:
        norm[0] = 1.0 if w == NULL else w[y]
    else:
        norm[0] = 1.0
    if want_grad:
        for k in range(C):
            wk = 1.0 if w == NULL else w[k]
            g[k] = <floating> (g[k] / se * S - _target(k, y, tp, eps, C) * wk)


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
    cdef bint weighted = cnp.PyArray_SIZE(W) > 0
    cdef Py_ssize_t i, k
    with nogil:
        for i in prange(N, num_threads=max(nt, 1), schedule="static"):
            if not probs and yp[i] == ignore_index:
                lp[i] = 0.0
                np_[i] = 0.0
                if want_grad:
                    for k in range(C):
                        gp[i * C + k] = 0.0
            else:
                _ce_row(zp + i * C, C, -1 if probs else yp[i],
                        tp + i * C if probs else NULL, wp if weighted else NULL, eps,
                        lp + i, np_ + i, gp + i * C if want_grad else gp, want_grad)
