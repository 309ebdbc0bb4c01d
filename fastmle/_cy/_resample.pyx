# Resampling kernels (fastmle/bootstrap.py): the bootstrap's draws of points with
# replacement, from a counter-based generator, and the sums of per-point statistics
# over each resample without materialising it.
#
# Draw j of resample b is SplitMix64 (Steele, Lea & Flood 2014) at counter j + 1 of
# the stream keyed by keys[b]: z = mix(key + (j + 1) * golden).  Its point is
# floor(z n / 2^64) (bias below n / 2^64); with probabilities (an alias table, Walker
# and Vose), the fraction (z n mod 2^64) / 2^64 decides between the point and its
# alias.  A resample depends only on its key, so the results do not depend on the
# thread count; fastmle.bootstrap.resample_indices is the same draw in numpy.
cimport numpy as cnp
from cython.parallel cimport prange
from libc.stdint cimport int64_t, uint32_t, uint64_t
from fastmle._cy.common cimport BLOCK, LANES, neum_add

import numpy as np

cnp.import_array()

cdef extern from *:
    """
    #include <stdint.h>
    static inline uint64_t fm_draw(uint64_t key, uint64_t j) {
        uint64_t z = key + (j + 1) * 0x9e3779b97f4a7c15ULL;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    /* floor(z n / 2^64) for n < 2^32, from two 32 x 32-bit products (vectorisable) */
    static inline uint64_t fm_below(uint64_t z, uint32_t n) {
        return ((uint64_t)(uint32_t)(z >> 32) * n
                + (((uint64_t)(uint32_t)z * n) >> 32)) >> 32;
    }
    """
    uint64_t fm_draw(uint64_t key, uint64_t j) nogil
    uint64_t fm_below(uint64_t z, uint32_t n) nogil

MAX_POINTS = 2 ** 32 - 1


cdef inline void draw_block(uint64_t key, uint64_t j0, Py_ssize_t nb, uint32_t n,
                            const double *prob, const int64_t *alias,
                            int64_t *idx) noexcept nogil:
    """idx[:nb] = the points of draws j0 .. j0 + nb - 1 of the stream ``key``."""
    cdef uint64_t z[BLOCK]
    cdef Py_ssize_t j
    for j in range(nb):
        z[j] = fm_draw(key, j0 + j)
    for j in range(nb):
        idx[j] = <int64_t> fm_below(z[j], n)
    if prob != NULL:
        for j in range(nb):
            if <double> ((z[j] * n) >> 11) * 1.1102230246251565e-16 >= prob[idx[j]]:
                idx[j] = alias[idx[j]]


cdef inline void gather_sums(const double *T, Py_ssize_t m, const int64_t *idx,
                             Py_ssize_t nb, double *out) noexcept nogil:
    """out[q] = T[idx[0], q] + ... + T[idx[nb - 1], q] (T: rows of m values), for q < m,
    each in LANES accumulators summed pairwise; a draw's m values share a row (one
    cache line)."""
    cdef double acc[8][LANES]
    cdef double tail[8]
    cdef const double *r
    cdef Py_ssize_t j = 0, l, q
    for q in range(m):
        tail[q] = 0.0
        for l in range(LANES):
            acc[q][l] = 0.0
    if m == 2:                                  # (the common case, unrolled)
        while j + LANES <= nb:
            for l in range(LANES):
                r = T + 2 * idx[j + l]
                acc[0][l] += r[0]
                acc[1][l] += r[1]
            j += LANES
    else:
        while j + LANES <= nb:
            for l in range(LANES):
                r = T + m * idx[j + l]
                for q in range(m):
                    acc[q][l] += r[q]
            j += LANES
    while j < nb:
        r = T + m * idx[j]
        for q in range(m):
            tail[q] += r[q]
        j += 1
    for q in range(m):
        out[q] = ((((acc[q][0] + acc[q][1]) + (acc[q][2] + acc[q][3]))
                   + ((acc[q][4] + acc[q][5]) + (acc[q][6] + acc[q][7]))) + tail[q])


cdef void one_resample(const double *T, Py_ssize_t m, Py_ssize_t n, uint64_t key,
                       Py_ssize_t N, const double *prob, const int64_t *alias,
                       double *out) noexcept nogil:
    cdef int64_t idx[BLOCK]
    cdef double s[8]
    cdef double c[8]
    cdef double part[8]
    cdef Py_ssize_t j0 = 0, nb, q
    for q in range(m):
        s[q] = 0.0
        c[q] = 0.0
    while j0 < N:
        nb = min(<Py_ssize_t> BLOCK, N - j0)
        draw_block(key, <uint64_t> j0, nb, <uint32_t> n, prob, alias, idx)
        gather_sums(T, m, idx, nb, part)
        for q in range(m):
            neum_add(&s[q], &c[q], part[q])
        j0 += nb
    for q in range(m):
        out[q] = s[q] + c[q]


def resample_sums(const double[:, ::1] T, const uint64_t[::1] keys, Py_ssize_t N,
                  object prob, object alias, double[:, ::1] out, int nt):
    """out[b, q] = the sum of T[i, q] over the N points i of resample b (keyed by
    keys[b]; drawn uniformly from the n = T.shape[0] points, or by the alias table
    ``prob``/``alias`` from ``alias_table``), for q < m = T.shape[1] <= 8;
    compensated over blocks, in the same order for any thread count."""
    cdef Py_ssize_t n = T.shape[0], m = T.shape[1], B = keys.shape[0], b
    cdef const double[::1] pv
    cdef const int64_t[::1] av
    cdef const double *pp = NULL
    cdef const int64_t *ap = NULL
    if not (0 < n <= MAX_POINTS and 0 < m <= 8 and out.shape[0] == B and out.shape[1] == m):
        raise ValueError("resample_sums: T must be (0 < n < 2^32, m <= 8), out (B, m)")
    if prob is not None:
        pv, av = prob, alias
        if pv.shape[0] != n or av.shape[0] != n:
            raise ValueError("resample_sums: prob and alias must have n entries")
        pp, ap = &pv[0], &av[0]
    with nogil:
        for b in prange(B, num_threads=max(nt, 1), schedule="dynamic", chunksize=4):
            one_resample(&T[0, 0], m, n, keys[b], N, pp, ap, &out[b, 0])


def resample_indices(uint64_t key, Py_ssize_t n, Py_ssize_t N, object prob, object alias,
                     int64_t[::1] out):
    """out[:N] = the points of the resample keyed by ``key`` (as resample_sums draws
    them) among n points."""
    cdef const double[::1] pv
    cdef const int64_t[::1] av
    cdef const double *pp = NULL
    cdef const int64_t *ap = NULL
    cdef Py_ssize_t j0 = 0
    if not (0 < n <= MAX_POINTS and out.shape[0] == N):
        raise ValueError("resample_indices: need 0 < n < 2^32 and out of length N")
    if prob is not None:
        pv, av = prob, alias
        pp, ap = &pv[0], &av[0]
    with nogil:
        while j0 < N:
            draw_block(key, <uint64_t> j0, min(<Py_ssize_t> BLOCK, N - j0), <uint32_t> n,
                       pp, ap, &out[j0])
            j0 += BLOCK


def alias_table(const double[::1] p):
    """Walker's alias table of the probabilities p (n > 0 entries, >= 0, summing to
    about 1; Vose's stable construction): (prob, alias), point i drawn with
    probability p[i] when a uniform column k keeps k if a second uniform is below
    prob[k] and takes alias[k] otherwise."""
    cdef Py_ssize_t n = p.shape[0], i, ns = 0, nl = 0, s, l
    cdef double total = 0.0
    prob_a = np.empty(n)
    alias_a = np.arange(n, dtype=np.int64)
    stack_a = np.empty(n, np.int64)
    cdef double[::1] prob = prob_a
    cdef int64_t[::1] alias = alias_a, stack = stack_a
    for i in range(n):
        total += p[i]
    for i in range(n):                      # small columns from the front, large from the back
        prob[i] = p[i] * n / total
        if prob[i] < 1.0:
            stack[ns] = i
            ns += 1
        else:
            nl += 1
            stack[n - nl] = i
    while ns > 0 and nl > 0:
        ns -= 1
        s = stack[ns]
        l = stack[n - nl]
        alias[s] = l
        prob[l] = (prob[l] + prob[s]) - 1.0
        if prob[l] < 1.0:
            nl -= 1
            stack[ns] = l
            ns += 1
    for i in range(ns):                     # left over by rounding: kept for sure
        prob[stack[i]] = 1.0
    for i in range(nl):
        prob[stack[n - 1 - i]] = 1.0
    return prob_a, alias_a
