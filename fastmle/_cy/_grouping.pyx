# Grouping kernels (fastmle/grouping.py): dense group ids from labels, by counting over
# the label range or by hashing, and the stable counting sort of the data (and weights)
# into group order.  The parallel passes split the input into one contiguous part per
# thread and give every element the position of the stable order, so their output does
# not depend on the thread count.
cimport numpy as cnp
from cython.parallel cimport prange
from libc.stdint cimport int64_t, uint64_t
from libc.stdlib cimport calloc, free
from libc.string cimport memcmp

import numpy as np

cnp.import_array()

ctypedef fused label_t:
    cnp.int8_t
    cnp.int16_t
    cnp.int32_t
    cnp.int64_t
    cnp.uint8_t
    cnp.uint16_t
    cnp.uint32_t

ctypedef fused value_t:
    float
    double


cdef inline Py_ssize_t part_start(Py_ssize_t n, Py_ssize_t nparts, Py_ssize_t p) noexcept nogil:
    return (n * p) // nparts


def minmax(const label_t[::1] a, int nt):
    """(min, max) of a non-empty label array (parallel)."""
    cdef Py_ssize_t n = a.shape[0], p, i, nparts = max(1, min(nt, n))
    cdef int64_t[::1] lo = np.empty(nparts, np.int64), hi = np.empty(nparts, np.int64)
    cdef int64_t l, h, v
    for p in prange(nparts, nogil=True, num_threads=nt, schedule="static"):
        l = a[part_start(n, nparts, p)]
        h = l
        for i in range(part_start(n, nparts, p), part_start(n, nparts, p + 1)):
            v = a[i]
            if v < l:
                l = v
            if v > h:
                h = v
        lo[p] = l
        hi[p] = h
    return int(np.min(lo)), int(np.max(hi))


def part_counts(const label_t[::1] a, int64_t lo, Py_ssize_t span, const value_t[::1] x,
                bint omit,
                int nparts, int nt):
    """Counts (nparts, span) of the labels a - lo in each of nparts contiguous parts
    (NaN values of x left out under omit), and whether each label occurs at all."""
    cdef Py_ssize_t n = a.shape[0], p, i
    cdef int64_t[:, ::1] c = np.zeros((nparts, span), np.int64)
    cdef cnp.uint8_t[::1] seen = np.zeros(span if omit else 0, np.uint8)
    for p in prange(nparts, nogil=True, num_threads=nt, schedule="static"):
        for i in range(part_start(n, nparts, p), part_start(n, nparts, p + 1)):
            if omit:
                seen[a[i] - lo] = 1
                if x[i] != x[i]:
                    continue
            c[p, a[i] - lo] += 1
    return np.asarray(c), (np.asarray(seen) if omit else None)


def scatter(const label_t[::1] a, int64_t lo, int64_t[:, ::1] pos, const value_t[::1] x,
            object w,
            bint omit, value_t[::1] xo, object wo, int nt):
    """The stable counting sort: x[i] (and w[i]) to xo[pos[p, a[i] - lo]++] for i in part
    p (pos: each part's first position per label, updated in place)."""
    cdef Py_ssize_t n = a.shape[0], p, i, nparts = pos.shape[0]
    cdef int64_t j, v
    cdef const double[::1] wv
    cdef double[::1] wov
    cdef bint has_w = w is not None
    if has_w:
        wv = w
        wov = wo
    for p in prange(nparts, nogil=True, num_threads=nt, schedule="static"):
        for i in range(part_start(n, nparts, p), part_start(n, nparts, p + 1)):
            if omit and x[i] != x[i]:
                continue
            v = a[i] - lo
            j = pos[p, v]
            pos[p, v] = j + 1
            xo[j] = x[i]
            if has_w:
                wov[j] = wv[i]


def origins(const label_t[::1] a, int64_t lo, const int64_t[::1] target,
            const value_t[::1] x, bint omit):
    """For each label value v (a - lo) with target[v] >= 0: the index in a of its
    target[v]-th occurrence (NaN values of x not counted under omit), else -1."""
    cdef Py_ssize_t n = a.shape[0], i, span = target.shape[0]
    cdef int64_t[::1] seen = np.zeros(span, np.int64), out = np.full(span, -1, np.int64)
    cdef int64_t v
    with nogil:
        for i in range(n):
            if omit and x[i] != x[i]:
                continue
            v = a[i] - lo
            if seen[v] == target[v]:
                out[v] = i
            seen[v] += 1
    return np.asarray(out)


# ------------------------------------------------------------------ hashing
cdef inline uint64_t mix(uint64_t h) noexcept nogil:
    """A 64-bit finaliser (splitmix64): spreads any key over the table."""
    h ^= h >> 30
    h *= 0xbf58476d1ce4e5b9ULL
    h ^= h >> 27
    h *= 0x94d049bb133111ebULL
    h ^= h >> 31
    return h


cdef inline uint64_t hash_bytes(const unsigned char *s, Py_ssize_t m) noexcept nogil:
    """FNV-1a over m bytes, then mixed."""
    cdef uint64_t h = 14695981039346656037ULL
    cdef Py_ssize_t k
    for k in range(m):
        h = (h ^ s[k]) * 1099511628211ULL
    return mix(h)


def hash_ids(object keys):
    """Dense ids in order of first appearance: ``(ids, first)`` with ``first[g]`` the
    index of group g's first element.  ``keys``: int64 labels (1-D) or fixed-width
    byte rows (2-D uint8, one row per label, compared whole).  Open addressing at load
    <= 1/2; serial."""
    cdef cnp.ndarray arr = np.ascontiguousarray(keys)
    cdef Py_ssize_t n = arr.shape[0], m = arr.shape[1] if arr.ndim == 2 else 8
    cdef bint rows = arr.ndim == 2
    cdef const unsigned char *base = <const unsigned char *> cnp.PyArray_DATA(arr)
    cdef const int64_t *ints = <const int64_t *> cnp.PyArray_DATA(arr)
    cdef int64_t[::1] ids = np.empty(n, np.int64)
    cdef Py_ssize_t cap = 16, G = 0, i, slot, f
    cdef int64_t *table
    cdef int64_t *grown
    cdef int64_t[::1] first = np.empty(max(n, 1), np.int64)
    cdef uint64_t h
    while cap < 2 * n:
        cap *= 2
    table = <int64_t *> calloc(cap, sizeof(int64_t))    # 0: empty, else first index + 1
    if table == NULL:
        raise MemoryError()
    with nogil:
        for i in range(n):
            h = hash_bytes(base + i * m, m) if rows else mix(<uint64_t> ints[i])
            slot = <Py_ssize_t> (h & (cap - 1))
            while True:
                f = table[slot]
                if f == 0:
                    table[slot] = i + 1
                    first[G] = i
                    ids[i] = G
                    G += 1
                    break
                f -= 1
                if (memcmp(base + f * m, base + i * m, m) == 0) if rows else (
                        ints[f] == ints[i]):
                    ids[i] = ids[f]
                    break
                slot = (slot + 1) & (cap - 1)
    free(table)
    return np.asarray(ids), np.asarray(first[:G]).copy()
