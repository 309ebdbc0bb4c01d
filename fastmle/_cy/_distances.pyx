# Divergences between discrete distributions, row by row, in parallel over rows
# (the Cython engine; mirrored by fastmle/_py/distances.py): kind 0 total
# variation, 1 Kullback-Leibler, 2 Jensen-Shannon, 3 Hellinger, 4 cross-entropy,
# 5 Kullback-Leibler with q given as logits.  Per row: the compensated sum of
# the terms and, on request, the gradient with respect to q (or the logits).
cimport numpy as cnp
from cython.parallel cimport prange
from libc.math cimport log, exp, sqrt, fabs, pow, isfinite, INFINITY
from libc.stdint cimport uint64_t
from libc.stdlib cimport malloc, free
from libc.string cimport memcpy, memset
from fastmle._cy.common cimport BLOCK, LANES, neum_add, neum_result, lanes_sum, fm_vlog

cnp.import_array()

cdef enum:
    TV = 0
    KL = 1
    JS = 2
    HELLINGER = 3
    CROSS_ENTROPY = 4
    KL_LOGITS = 5


cdef double _kl_logits(const double *p, const double *z, Py_ssize_t k, double *g,
                       bint want_grad) noexcept nogil:
    cdef double zmax = -INFINITY, se = 0.0, sp = 0.0, lse, s = 0.0, comp = 0.0
    cdef Py_ssize_t i
    for i in range(k):
        if z[i] > zmax:
            zmax = z[i]
    for i in range(k):
        se += exp(z[i] - zmax)
        sp += p[i]
    lse = zmax + log(se)
    for i in range(k):
        if p[i] > 0.0:
            neum_add(&s, &comp, p[i] * (log(p[i]) - (z[i] - lse)))
        if want_grad:
            g[i] = exp(z[i] - lse) * sp - p[i]
    return s + comp


cdef double _row(int kind, const double *p, const double *q, Py_ssize_t k, double *g,
                 bint want_grad, double *chk) noexcept nogil:
    """The divergence of row p from q (gradient w.r.t. q into g) and, into chk, the
    row sums of p and q and their smallest entry (for the caller's input check)."""
    cdef double s = 0.0, comp = 0.0, a, b, total
    cdef double sp = 0.0, cp = 0.0, sq = 0.0, cq = 0.0, lowest = INFINITY
    cdef double acc[LANES]
    cdef double accp[LANES]
    cdef double accq[LANES]
    cdef double low[LANES]
    cdef double r1[BLOCK]
    cdef double r2[BLOCK]
    cdef Py_ssize_t i, j, l, bi, nb, o
    cdef int inf
    if kind == KL_LOGITS:
        chk[0] = 0.0
        for i in range(k):
            chk[0] += p[i]
        chk[1] = 1.0
        chk[2] = 0.0
        return _kl_logits(p, q, k, g, want_grad)
    # blocks of BLOCK terms: log arguments into buffers (1.0 where the term is 0),
    # one vectorised log per buffer, then LANES independent accumulators
    for bi in range((k + BLOCK - 1) // BLOCK):
        o = bi * BLOCK
        nb = k - o if k - o < BLOCK else BLOCK
        inf = 0
        if kind == KL or kind == CROSS_ENTROPY:
            for j in range(nb):
                a = p[o + j]
                b = q[o + j]
                inf |= (a > 0.0) & (b == 0.0)
                r1[j] = (a / b if kind == KL else b) if (a > 0.0) & (b > 0.0) else 1.0
            fm_vlog(r1, nb)
            for j in range(nb):
                r1[j] = p[o + j] * r1[j]
                if kind == CROSS_ENTROPY:
                    r1[j] = -r1[j]
        elif kind == JS:
            for j in range(nb):
                a = p[o + j]
                b = q[o + j]
                r1[j] = 2.0 * a / (a + b) if a > 0.0 else 1.0
                r2[j] = 2.0 * b / (a + b) if b > 0.0 else 1.0
            fm_vlog(r1, nb)
            fm_vlog(r2, nb)
            for j in range(nb):
                r1[j] = 0.5 * (p[o + j] * r1[j] + q[o + j] * r2[j])
        elif kind == TV:
            for j in range(nb):
                r1[j] = 0.5 * fabs(p[o + j] - q[o + j])
        else:
            for j in range(nb):
                a = sqrt(p[o + j]) - sqrt(q[o + j])
                r1[j] = 0.5 * a * a
        for l in range(LANES):
            acc[l] = 0.0
            accp[l] = 0.0
            accq[l] = 0.0
            low[l] = INFINITY
        for j in range(nb // LANES):
            for l in range(LANES):
                acc[l] += r1[j * LANES + l]
                accp[l] += p[o + j * LANES + l]
                accq[l] += q[o + j * LANES + l]
                a = p[o + j * LANES + l]
                b = q[o + j * LANES + l]
                a = a if a < b else b
                low[l] = a if a < low[l] else low[l]
        for j in range(nb - nb % LANES, nb):
            acc[0] += r1[j]
            accp[0] += p[o + j]
            accq[0] += q[o + j]
            a = p[o + j] if p[o + j] < q[o + j] else q[o + j]
            low[0] = a if a < low[0] else low[0]
        for l in range(LANES):
            lowest = low[l] if low[l] < lowest else lowest
        neum_add(&s, &comp, INFINITY if inf else lanes_sum(acc))
        neum_add(&sp, &cp, lanes_sum(accp))
        neum_add(&sq, &cq, lanes_sum(accq))
    # the caller's input check, from this pass: a finite sum rules out NaN and
    # infinities, the minimum negative entries
    chk[0] = neum_result(sp, cp)
    chk[1] = neum_result(sq, cq)
    chk[2] = lowest
    total = neum_result(s, comp)
    if kind == HELLINGER:
        total = sqrt(total)
    if want_grad:
        for i in range(k):
            a = p[i]
            b = q[i]
            if kind == TV:
                g[i] = -0.5 if a > b else (0.5 if a < b else 0.0)
            elif kind == KL or kind == CROSS_ENTROPY:
                g[i] = 0.0 if a == 0.0 else (-INFINITY if b == 0.0 else -a / b)
            elif kind == JS:
                if b == 0.0:
                    g[i] = 0.0 if a == 0.0 else -INFINITY
                else:
                    g[i] = 0.5 * log(2.0 * b / (a + b))
            else:
                if b == 0.0:
                    g[i] = -INFINITY if a > 0.0 else 0.0
                elif total == 0.0:
                    g[i] = 0.0
                else:
                    g[i] = (sqrt(b) - sqrt(a)) / (4.0 * total * sqrt(b))
    return total


def divergence_rows(int kind, cnp.ndarray P, cnp.ndarray Q, cnp.ndarray out,
                    cnp.ndarray G, cnp.ndarray C, bint want_grad, int nt):
    """Row-wise divergence of P from Q (C-contiguous float64, shape (R, K)) into
    out (R,); gradients w.r.t. Q into G (R, K) when ``want_grad``; C (R, 3) gets
    each row's [sum p, sum q, smallest entry] for the caller's input check."""
    cdef Py_ssize_t R = cnp.PyArray_DIM(P, 0), K = cnp.PyArray_DIM(P, 1), r
    cdef const double *pp = <const double *> cnp.PyArray_DATA(P)
    cdef const double *qp = <const double *> cnp.PyArray_DATA(Q)
    cdef double *op = <double *> cnp.PyArray_DATA(out)
    cdef double *gp = <double *> cnp.PyArray_DATA(G)
    cdef double *cp = <double *> cnp.PyArray_DATA(C)
    with nogil:
        for r in prange(R, num_threads=max(nt, 1), schedule="static"):
            op[r] = _row(kind, pp + r * K, qp + r * K, K,
                         gp + r * K if want_grad else gp, want_grad, cp + 3 * r)


# ------------------------------------------------------------ Wasserstein-p, 1-D
# Sorting a sample with its weights (or its positions, for the gradient): an LSD
# radix sort of (value, 8-byte payload) pairs, stable and O(n), that carries the
# payload along instead of numpy's argsort followed by two random gathers
# (numpy has no vectorised argsort on AVX2 machines: 3x slower on 1e7 points).
cdef enum:
    RBITS = 8                           # bits per radix digit
    RSIZE = 256                         # 2 ** RBITS buckets
    NDIGITS = 8                         # digits of a 64-bit key


cdef struct Pair:
    uint64_t key
    uint64_t pay


cdef inline uint64_t _key(uint64_t bits) noexcept nogil:
    """The IEEE-754 bits of a double mapped to an unsigned integer of the same order."""
    return ~bits if bits >> 63 else bits | (<uint64_t> 1 << 63)


cdef inline uint64_t _unkey(uint64_t key) noexcept nogil:
    return key & ~(<uint64_t> 1 << 63) if key >> 63 else ~key


cdef int _sort_row(const uint64_t *x, const uint64_t *w, uint64_t *xs, uint64_t *ws,
                   Py_ssize_t n) noexcept nogil:
    """Doubles x (as bits) sorted ascending into xs, payloads w carried into ws: digit
    by digit from the least significant, skipping digits every key shares.  Returns
    1 when out of memory."""
    cdef Py_ssize_t *count = <Py_ssize_t *> malloc(NDIGITS * RSIZE * sizeof(Py_ssize_t))
    cdef Py_ssize_t *cnt
    cdef int digits[NDIGITS]
    cdef int d, npass = 0, sh, q
    cdef Py_ssize_t i, c, t, pos
    cdef uint64_t k, first = _key(x[0])
    cdef Pair *a = NULL
    cdef Pair *b = NULL
    cdef Pair *tmp
    if count == NULL:
        return 1
    # one pass counts every digit; the counts become each bucket's first position
    memset(count, 0, NDIGITS * RSIZE * sizeof(Py_ssize_t))
    for i in range(n):
        k = _key(x[i])
        for d in range(NDIGITS):
            count[d * RSIZE + ((k >> (RBITS * d)) & (RSIZE - 1))] += 1
    for d in range(NDIGITS):
        cnt = count + d * RSIZE
        if cnt[(first >> (RBITS * d)) & (RSIZE - 1)] != n:
            digits[npass] = d
            npass += 1
        t = 0
        for c in range(RSIZE):
            pos = cnt[c]
            cnt[c] = t
            t += pos
    if npass > 1:
        a = <Pair *> malloc(n * sizeof(Pair))
    if npass > 2:
        b = <Pair *> malloc(n * sizeof(Pair))
    if (npass > 1 and a == NULL) or (npass > 2 and b == NULL):
        free(a)
        free(b)
        free(count)
        return 1
    if npass == 0:          # all keys equal
        memcpy(xs, x, n * sizeof(uint64_t))
        memcpy(ws, w, n * sizeof(uint64_t))
    elif npass == 1:        # straight from the input to the output
        cnt = count + digits[0] * RSIZE
        sh = RBITS * digits[0]
        for i in range(n):
            pos = cnt[(_key(x[i]) >> sh) & (RSIZE - 1)]
            cnt[(_key(x[i]) >> sh) & (RSIZE - 1)] = pos + 1
            xs[pos] = x[i]
            ws[pos] = w[i]
    else:                   # input -> a, a <-> b, a -> output
        cnt = count + digits[0] * RSIZE
        sh = RBITS * digits[0]
        for i in range(n):
            k = _key(x[i])
            pos = cnt[(k >> sh) & (RSIZE - 1)]
            cnt[(k >> sh) & (RSIZE - 1)] = pos + 1
            a[pos].key = k
            a[pos].pay = w[i]
        for q in range(1, npass - 1):
            cnt = count + digits[q] * RSIZE
            sh = RBITS * digits[q]
            for i in range(n):
                pos = cnt[(a[i].key >> sh) & (RSIZE - 1)]
                cnt[(a[i].key >> sh) & (RSIZE - 1)] = pos + 1
                b[pos] = a[i]
            tmp = a
            a = b
            b = tmp
        cnt = count + digits[npass - 1] * RSIZE
        sh = RBITS * digits[npass - 1]
        for i in range(n):
            k = a[i].key
            pos = cnt[(k >> sh) & (RSIZE - 1)]
            cnt[(k >> sh) & (RSIZE - 1)] = pos + 1
            xs[pos] = _unkey(k)
            ws[pos] = a[i].pay
    free(a)
    free(b)
    free(count)
    return 0


def sort_rows(cnp.ndarray X, cnp.ndarray W, cnp.ndarray Xs, cnp.ndarray Ws, int nt):
    """Each row of X (R, n; float64, no NaN) sorted ascending into Xs, carrying the
    8-byte payloads W (weights, or int64 positions) into Ws; parallel over rows."""
    cdef Py_ssize_t R = cnp.PyArray_DIM(X, 0), n = cnp.PyArray_DIM(X, 1), r
    cdef const uint64_t *xp = <const uint64_t *> cnp.PyArray_DATA(X)
    cdef const uint64_t *wp = <const uint64_t *> cnp.PyArray_DATA(W)
    cdef uint64_t *xsp = <uint64_t *> cnp.PyArray_DATA(Xs)
    cdef uint64_t *wsp = <uint64_t *> cnp.PyArray_DATA(Ws)
    cdef int failed = 0
    with nogil:
        for r in prange(R, num_threads=max(nt, 1), schedule="static"):
            failed += _sort_row(xp + r * n, wp + r * n, xsp + r * n, wsp + r * n, n)
    if failed:
        raise MemoryError("not enough memory to sort the samples")


# One linear merge over two sorted samples: the integral over t in (0, 1) of
# |F_u^-1(t) - F_v^-1(t)|^p as a sum over the pieces on which both quantile
# functions are constant (the north-west corner transport plan).  Unweighted
# samples count mass in integer units (n m in all), so ties between the two
# cumulative distributions are exact; weights are probabilities.
cdef inline double _cost(double d, double p) noexcept nogil:
    if p == 1.0:
        return fabs(d)
    if p == 2.0:
        return d * d
    return pow(fabs(d), p)


cdef inline double _dcost(double d, double p) noexcept nogil:
    """d/du |u - v|^p at d = u - v (0 at d = 0)."""
    cdef double s = 1.0 if d > 0.0 else (-1.0 if d < 0.0 else 0.0)
    if p == 1.0:
        return s
    if p == 2.0:
        return 2.0 * d
    return p * pow(fabs(d), p - 1.0) * s


cdef double _w_row(const double *u, const double *a, Py_ssize_t n, const double *v,
                   const double *b, Py_ssize_t m, double p, double *g,
                   bint want_grad) noexcept nogil:
    """W_p^p (W_inf for p = inf) of sorted u, v with weights a, b (NULL: equal), and
    its gradient w.r.t. the sorted u into g."""
    cdef Py_ssize_t i = 0, j = 0, imax = -1
    cdef long long ra = m, rb = n
    cdef double fa = 0.0, fb = 0.0, step, d, s = 0.0, comp = 0.0, dmax = -1.0, dsgn = 0.0
    cdef double scale
    cdef bint inf = not isfinite(p)
    if want_grad:
        for i in range(n):
            g[i] = 0.0
        i = 0
    if a != NULL:
        fa = a[0]
        fb = b[0]
    while i < n and j < m:
        d = u[i] - v[j]
        if a == NULL:
            step = <double> (ra if ra < rb else rb)
        else:
            step = fa if fa < fb else fb
        if step > 0.0:
            if inf:
                if fabs(d) > dmax:
                    dmax = fabs(d)
                    dsgn = 1.0 if d > 0.0 else (-1.0 if d < 0.0 else 0.0)
                    imax = i
            else:
                neum_add(&s, &comp, step * _cost(d, p))
                if want_grad:
                    g[i] += step * _dcost(d, p)
        if a == NULL:
            ra -= <long long> step
            rb -= <long long> step
            if ra == 0:
                i += 1
                ra = m
            if rb == 0:
                j += 1
                rb = n
        else:
            if fa < fb:
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
    scale = 1.0 / (<double> n * <double> m) if a == NULL else 1.0
    if want_grad:
        for i in range(n):
            g[i] *= scale
    return neum_result(s, comp) * scale


def wasserstein_rows(cnp.ndarray U, cnp.ndarray A, cnp.ndarray V, cnp.ndarray B, double p,
                     cnp.ndarray out, cnp.ndarray G, bint want_grad, int nt):
    """W_p^p (W_inf for p = inf) of each row pair of sorted U (R, n) and V (R, m),
    weights A, B (same shapes, probabilities per row) or empty for equal weights;
    gradients w.r.t. the sorted U into G (R, n)."""
    cdef Py_ssize_t R = cnp.PyArray_DIM(U, 0), n = cnp.PyArray_DIM(U, 1)
    cdef Py_ssize_t m = cnp.PyArray_DIM(V, 1), r
    cdef const double *up = <const double *> cnp.PyArray_DATA(U)
    cdef const double *vp = <const double *> cnp.PyArray_DATA(V)
    cdef const double *ap = <const double *> cnp.PyArray_DATA(A)
    cdef const double *bp = <const double *> cnp.PyArray_DATA(B)
    cdef double *op = <double *> cnp.PyArray_DATA(out)
    cdef double *gp = <double *> cnp.PyArray_DATA(G)
    cdef bint weighted = cnp.PyArray_SIZE(A) > 0
    with nogil:
        for r in prange(R, num_threads=max(nt, 1), schedule="static"):
            op[r] = _w_row(up + r * n, ap + r * n if weighted else NULL, n,
                           vp + r * m, bp + r * m if weighted else NULL, m, p,
                           gp + r * n if want_grad else gp, want_grad)
