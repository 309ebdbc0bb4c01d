"""Loop kernels over the pure-Python scalar kernels: the python and numba engines.

The loop bodies are written once, here, in plain Python.  ``build(family,
tools)`` binds them to a family's scalar kernels: with ``fastmle._py.bind.PLAIN``
they run as they are (the python engine), with ``fastmle._py.jit`` numba
compiles the very same functions (the numba engine).  The
summation scheme mirrors the Cython engine: fixed CHUNKs (the unit of
threading) of BLOCKs summed plainly, block sums combined with Neumaier
compensation, chunk results combined in order.
"""
import math

import numpy as np

from fastmle._py.special import neum_add, neum_result

CHUNK = 4096
BLOCK = 256


# Loop templates.  They are not closures: the names they call (``neum``,
# ``logpdf``, ``prep``, ``pointfn``, ...) and their constants (``M``) are globals
# bound per family by ``tools.specialise``, so that numba can cache them on
# disk (a closure over compiled functions gets a new cache key in every process).
def _combine(res):
    """Combine per-chunk ``(sum, compensation)`` pairs, shape (nchunks, m, 2), in order."""
    m = res.shape[1]
    out = np.empty(m)
    for q in range(m):
        s = 0.0
        comp = 0.0
        for i in range(res.shape[0]):
            s, comp = neum(s, comp, float(res[i, q, 0]))  # noqa: F821
            comp += float(res[i, q, 1])
        out[q] = neum_result(s, comp)  # noqa: F821
    return out


def _ll_chunk(x, w, start, stop, c, omit):
    s = 0.0
    comp = 0.0
    weighted = w.shape[0] > 0
    for b in range(start, stop, BLOCK):
        acc = 0.0
        for i in range(b, min(b + BLOCK, stop)):
            xi = float(x[i])
            if omit and xi != xi:
                continue
            if weighted:
                if w[i] != 0.0:
                    acc += w[i] * logpdf(xi, c)  # noqa: F821
            else:
                acc += logpdf(xi, c)  # noqa: F821
        s, comp = neum(s, comp, acc)  # noqa: F821
    return s, comp


def _loglik(x, w, th, omit):
    c = prep(th)  # noqa: F821
    n = x.shape[0]
    nch = (n + CHUNK - 1) // CHUNK
    res = np.empty((nch, 1, 2))
    for i in prange(nch):  # noqa: F821
        s, comp = ll_chunk(x, w, i * CHUNK, min(n, (i + 1) * CHUNK), c, omit)  # noqa: F821
        res[i, 0, 0] = s
        res[i, 0, 1] = comp
    return combine(res)[0]  # noqa: F821


def _logpdf_loop(x, out, th):
    c = prep(th)  # noqa: F821
    n = x.shape[0]
    for i in prange(n):  # noqa: F821
        out[i] = logpdf(float(x[i]), c)  # noqa: F821


def _vsum_chunk(x, w, start, stop, c, omit, res):
    """Sums of the M per-point values of ``pointfn`` over one chunk."""
    tmp = np.empty(M)  # noqa: F821
    acc = np.empty(M)  # noqa: F821
    weighted = w.shape[0] > 0
    for q in range(M):  # noqa: F821
        res[q, 0] = 0.0
        res[q, 1] = 0.0
    for b in range(start, stop, BLOCK):
        acc[:] = 0.0
        for i in range(b, min(b + BLOCK, stop)):
            xi = float(x[i])
            if omit and xi != xi:
                continue
            wi = w[i] if weighted else 1.0
            if wi == 0.0:
                continue
            pointfn(xi, c, tmp)  # noqa: F821
            for q in range(M):  # noqa: F821
                acc[q] += wi * tmp[q]
        for q in range(M):  # noqa: F821
            res[q, 0], res[q, 1] = neum(res[q, 0], res[q, 1], acc[q])  # noqa: F821


def _vsum(x, w, c, omit):
    """Driver summing the M per-point values of ``pointfn`` over the data (one pass)."""
    n = x.shape[0]
    nch = (n + CHUNK - 1) // CHUNK
    res = np.empty((nch, M, 2))  # noqa: F821
    for i in prange(nch):  # noqa: F821
        vsum_chunk(x, w, i * CHUNK, min(n, (i + 1) * CHUNK), c, omit, res[i])  # noqa: F821
    return combine(res)  # noqa: F821


def _dist_loop(x, out, th):
    """Elementwise distribution function ``distfn`` (cdf ... isf) of x under th."""
    for i in prange(x.shape[0]):  # noqa: F821
        out[i] = distfn(float(x[i]), th)  # noqa: F821


def _nll_rows(x, TH, out, G):
    """Per point: -logpdf under its own parameters TH[i], and its gradient."""
    o = np.empty(M)  # noqa: F821
    for i in prange(x.shape[0]):  # noqa: F821
        pointfn(float(x[i]), prep(TH[i]), o)  # noqa: F821
        out[i] = -o[0]
        for q in range(G.shape[1]):
            G[i, q] = -o[1 + q]


def make_loops(family, prep, logpdf, pointfns, tools):
    """Loop kernels for one family: ``loglik``, ``logpdf`` and one per entry of
    ``pointfns`` (kernel name -> ``(fn, m)``, ``fn(x, c, out)`` writing m per-point
    values), the templates above bound by ``tools.specialise``."""
    spec = tools.specialise
    g = {"np": np, "math": math, "BLOCK": BLOCK, "CHUNK": CHUNK, "prange": tools.prange}
    g["neum"] = spec(neum_add, g, "neum_add")
    g["neum_result"] = spec(neum_result, g, "neum_result")
    g["combine"] = spec(_combine, g, "combine")
    gf = {**g, "prep": prep, "logpdf": logpdf}
    gf["ll_chunk"] = spec(_ll_chunk, gf, f"{family}_ll_chunk")
    loops = {"loglik": spec(_loglik, gf, f"{family}_loglik", parallel=True),
             "logpdf": spec(_logpdf_loop, gf, f"{family}_logpdf", parallel=True)}
    fn, m = pointfns["derivs"]
    loops["nll"] = spec(_nll_rows, {**g, "pointfn": fn, "prep": prep, "M": m},
                        f"{family}_nll_rows")
    for name, (fn, m) in pointfns.items():
        gv = {**g, "pointfn": fn, "M": m}
        gv["vsum_chunk"] = spec(_vsum_chunk, gv, f"{family}_{name}_chunk")
        loops[name] = spec(_vsum, gv, f"{family}_{name}", parallel=True)
    return loops


_EMPTY = np.empty(0)


_EMPTY = np.empty(0)


def build(family, tools):
    """The loop kernels of ``family`` with the engine-wide signatures (see
    ``fastmle._engine.Kernels``), as a dict; ``tools``: ``fastmle._py.bind.PLAIN``
    (the python engine) or ``fastmle._py.jit`` (numba)."""
    f = tools.functions(family)
    pointfns = {"derivs": (f["derivs"], f["m"])}
    if f["stats"] is not None:
        pointfns["stats"] = (f["stats"], f["ms"])
    loops = make_loops(family, f["prep"], f["logpdf"], pointfns, tools)
    set_threads = tools.set_threads
    ll, lp = loops["loglik"], loops["logpdf"]
    dv, prep = loops["derivs"], f["prep"]

    def loglik(x, w, th, omit, nt):
        set_threads(nt)
        return float(ll(x, _EMPTY if w is None else w, th, omit))

    def logpdf(x, out, th, nt):
        set_threads(nt)
        lp(x, out, th)

    def derivs(x, w, th, omit, nt):
        set_threads(nt)
        return dv(x, _EMPTY if w is None else w, prep(th), omit)

    stats = None
    if "stats" in loops:
        sv = loops["stats"]

        def stats(x, w, s, omit, nt):
            set_threads(nt)
            return sv(x, _EMPTY if w is None else w, s, omit)

    nl = loops["nll"]

    def nll(x, TH, out, G, nt):
        nl(x, TH, out, G)

    return dict(loglik=loglik, logpdf=logpdf, derivs=derivs, stats=stats, nll=nll)


def build_dist(family, fn, tools):
    """The elementwise distribution function ``fn`` of ``family``: ``(x, out, th, nt)``."""
    g = {"np": np, "prange": tools.prange, "distfn": tools.namespace()[f"{family}_{fn}"]}
    loop = tools.specialise(_dist_loop, g, f"{family}_{fn}_loop", parallel=True)

    def run(x, out, th, nt):
        tools.set_threads(nt)
        loop(x, out, th)
    return run


def build_counts(tools):
    """Weighted label counting for the categorical family: ``counts(x, w, nk, omit, nt)``."""
    fn = tools.namespace()["categorical_counts"]

    def counts(x, w, nk, omit, nt):
        out = np.empty(nk + 2)
        fn(x, _EMPTY if w is None else w, nk, omit, out)
        return out

    return counts


def build_fit(family, tools):
    """``(fit, fit_batch, label_stats, fit_stats_batch)`` of ``family`` (the last two
    None unless it is an exponential family) with the Cython signatures (see
    ``fastmle._engine.FitKernels`` and ``fastmle._py.fitting.make_fit``)."""
    from fastmle._py.fitting import make_fit

    one, batch, stats, stats_batch = make_fit(family, tools.namespace(), tools)

    def fit(x, w, th, isfree, nt, maxiter):
        k = len(isfree)
        d = np.empty(1 + k + k * (k + 1) // 2)
        tools.set_threads(1)
        status, n_iter, bad = one(x, _EMPTY if w is None else w, th, isfree, maxiter, d)
        return int(status), d, int(n_iter), int(bad)

    def fit_batch(x, w, offsets, th, isfree, nt, maxiter, d, status, n_iter, bad):
        tools.set_threads(nt)
        batch(x, _EMPTY if w is None else w, offsets, th, isfree, maxiter, d, status, n_iter,
              bad)

    if stats is None:
        return fit, fit_batch, None, None

    def label_stats(x, w, labels, th, omit, st):
        stats(x, _EMPTY if w is None else w, labels, th, omit, st)

    def fit_stats_batch(st, th, isfree, nt, maxiter, d, status, n_iter):
        tools.set_threads(nt)
        stats_batch(st, th, isfree, maxiter, d, status, n_iter)

    return fit, fit_batch, label_stats, fit_stats_batch


def build_rows(module, name, tools):
    """The row driver ``name`` of ``fastmle._py.<module>`` (distances, losses), with the
    thread count as last argument."""
    rows = tools.namespace()[name]

    def run(*args):
        tools.set_threads(args[-1])
        rows(*args[:-1])
    return run
