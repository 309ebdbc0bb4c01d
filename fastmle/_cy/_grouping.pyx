# Grouping kernels (fastmle/grouping.py): dense group ids from labels, by counting over
# the label range or by hashing, and the stable counting sort of the data (and weights)
# into group order.  The parallel passes split the input into one contiguous part per
# thread and give every element the position of the stable order, so their output does
# not depend on the thread count.
cimport numpy as cnp
from cython.parallel cimport prange
from libc.stdint cimport int64_t, uint64_t
from libc.stdlib cimport calloc, free, malloc, realloc
from libc.string cimport memcmp, memcpy

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


cdef inline uint64_t hash_row(const unsigned char *s, Py_ssize_t m) noexcept nogil:
    """A hash of m bytes: 8-byte words (then the tail) folded through the mixer."""
    cdef uint64_t h = <uint64_t> m, v
    cdef Py_ssize_t k = 0
    while k + 8 <= m:
        memcpy(&v, s + k, 8)
        h = mix(h ^ v)
        k += 8
    if k < m:
        v = 0
        memcpy(&v, s + k, m - k)
        h = mix(h ^ v)
    return h


cdef extern from *:
    """
    #if defined(__GNUC__)
    #define FM_PREFETCH(p) __builtin_prefetch(p)
    #else
    #define FM_PREFETCH(p) ((void)0)
    #endif
    """
    void prefetch "FM_PREFETCH"(const void *p) noexcept nogil


cdef struct Slot:
    int64_t id              # group id + 1, 0: empty
    uint64_t hash


cdef struct Table:
    Slot *slots             # the hash and id side by side: one cache line per probe
    uint64_t *group_hash    # per group, for rehashing
    unsigned char *keys     # the groups' keys, m bytes each, in id order
    int64_t *first          # per group: the index of its first element
    Py_ssize_t cap, gcap, G, m


cdef int table_grow_groups(Table *t) noexcept nogil:
    cdef Py_ssize_t g = 2 * t.gcap
    cdef void *a = realloc(t.group_hash, g * sizeof(uint64_t))
    if a == NULL:
        return -1
    t.group_hash = <uint64_t *> a
    a = realloc(t.keys, g * t.m)
    if a == NULL:
        return -1
    t.keys = <unsigned char *> a
    a = realloc(t.first, g * sizeof(int64_t))
    if a == NULL:
        return -1
    t.first = <int64_t *> a
    t.gcap = g
    return 0


cdef int table_rehash(Table *t) noexcept nogil:
    """Double the slots (load <= 1/2), re-inserting the groups by their stored hashes."""
    cdef Py_ssize_t cap = 2 * t.cap, g, slot
    cdef Slot *slots = <Slot *> calloc(cap, sizeof(Slot))
    if slots == NULL:
        return -1
    for g in range(t.G):
        slot = <Py_ssize_t> (t.group_hash[g] & <uint64_t> (cap - 1))
        while slots[slot].id != 0:
            slot = (slot + 1) & (cap - 1)
        slots[slot].id = g + 1
        slots[slot].hash = t.group_hash[g]
    free(t.slots)
    t.slots, t.cap = slots, cap
    return 0


cdef inline uint64_t key_hash(const unsigned char *base, Py_ssize_t i, Py_ssize_t m,
                              bint rows) noexcept nogil:
    cdef uint64_t v
    if rows:
        return hash_row(base + i * m, m)
    memcpy(&v, base + i * 8, 8)
    return mix(v)


cdef enum:
    AHEAD = 16      # elements ahead whose slot is prefetched


def hash_ids(object keys):
    """Dense ids in order of first appearance: ``(ids, first)`` with ``first[g]`` the
    index of group g's first element.  ``keys``: int64 labels (1-D) or fixed-width
    byte rows (2-D uint8, one row per label, compared whole).  Open addressing at load
    <= 1/2 over slots sized by the groups found (the table grows with them), each slot
    holding the hash beside the id and the keys kept compactly in id order: a
    repeated key costs one probe of the table (prefetched AHEAD elements early) and
    one of the key store, not of the data (integer keys: none, their hash being a
    bijection); serial."""
    cdef cnp.ndarray arr = np.ascontiguousarray(keys)
    cdef Py_ssize_t n = arr.shape[0], m = arr.shape[1] if arr.ndim == 2 else 8
    cdef const unsigned char *base = <const unsigned char *> cnp.PyArray_DATA(arr)
    cdef bint rows = arr.ndim == 2
    cdef int64_t[::1] ids = np.empty(n, np.int64)
    cdef uint64_t[AHEAD] ring
    cdef Table t
    cdef Py_ssize_t i, slot
    cdef int64_t f
    cdef uint64_t h
    cdef int err = 0
    t.cap, t.gcap, t.G, t.m = 1024, 256, 0, m
    t.slots = <Slot *> calloc(t.cap, sizeof(Slot))
    t.group_hash = <uint64_t *> malloc(t.gcap * sizeof(uint64_t))
    t.keys = <unsigned char *> malloc(t.gcap * m)
    t.first = <int64_t *> malloc(t.gcap * sizeof(int64_t))
    try:
        if t.slots == NULL or t.group_hash == NULL or t.keys == NULL or t.first == NULL:
            raise MemoryError()
        with nogil:
            for i in range(min(n, AHEAD)):
                ring[i] = key_hash(base, i, m, rows)
            for i in range(n):
                h = ring[i % AHEAD]
                if i + AHEAD < n:
                    ring[i % AHEAD] = key_hash(base, i + AHEAD, m, rows)
                    prefetch(&t.slots[ring[i % AHEAD] & <uint64_t> (t.cap - 1)])
                slot = <Py_ssize_t> (h & <uint64_t> (t.cap - 1))
                while True:
                    f = t.slots[slot].id
                    if f == 0:
                        if t.G == t.gcap and table_grow_groups(&t) != 0:
                            err = 1
                            break
                        t.slots[slot].id = t.G + 1
                        t.slots[slot].hash = h
                        t.group_hash[t.G] = h
                        memcpy(t.keys + t.G * m, base + i * m, m)
                        t.first[t.G] = i
                        ids[i] = t.G
                        t.G += 1
                        if 2 * t.G > t.cap and table_rehash(&t) != 0:
                            err = 1
                        break
                    if t.slots[slot].hash == h and (not rows or memcmp(
                            t.keys + (f - 1) * m, base + i * m, m) == 0):
                        ids[i] = f - 1
                        break
                    slot = (slot + 1) & (t.cap - 1)
                if err:
                    break
        if err:
            raise MemoryError()
        first = np.empty(t.G, np.int64)
        if t.G:
            memcpy(cnp.PyArray_DATA(first), t.first, t.G * sizeof(int64_t))
        return np.asarray(ids), first
    finally:
        free(t.slots)
        free(t.group_hash)
        free(t.keys)
        free(t.first)
