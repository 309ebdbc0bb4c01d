"""Loop kernels over the pure-Python scalar kernels: the python and numba engines.

The loop bodies are written once, here, in plain Python.  ``build(family,
jit=False)`` returns them as they are (the python engine); ``jit=True``
compiles the very same functions with numba (see ``fastmle._py.jit``).  The
summation scheme mirrors the Cython engine: fixed CHUNKs (the unit of
threading) of BLOCKs summed plainly, block sums combined with Neumaier
compensation, chunk results combined in order.
"""
import numpy as np

from fastmle._engine import Kernels

CHUNK = 4096
BLOCK = 256


def neum_add(s, comp, v):
    """Neumaier-compensated ``s + v``: returns the new ``(s, comp)``."""
    t = s + v
    if not abs(t) < np.inf:
        return t, comp  # inf/NaN: the compensation no longer matters
    if abs(s) >= abs(v):
        comp += (s - t) + v
    else:
        comp += (v - t) + s
    return t, comp


def make_loops(prep, logpdf, pointfns, compile_, compile_par, prange):
    """Loop kernels for one family.

    ``pointfns`` maps a kernel name ("derivs", "stats") to ``(fn, m)`` where
    ``fn(x, c, out)`` writes m per-point values; ``compile_`` compiles a helper,
    ``compile_par`` a parallel driver and ``prange`` is its parallel range.
    """
    neum = compile_(neum_add)

    def combine(res):
        """Combine per-chunk ``(sum, compensation)`` pairs, shape (nchunks, m, 2), in order."""
        m = res.shape[1]
        out = np.empty(m)
        for q in range(m):
            s = 0.0
            comp = 0.0
            for i in range(res.shape[0]):
                s, comp = neum(s, comp, float(res[i, q, 0]))
                comp += float(res[i, q, 1])
            out[q] = s + comp if abs(s) < np.inf else s
        return out

    comb = compile_(combine)

    def ll_chunk(x, w, start, stop, c, omit):
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
                        acc += w[i] * logpdf(xi, c)
                else:
                    acc += logpdf(xi, c)
            s, comp = neum(s, comp, acc)
        return s, comp

    ll_chunk = compile_(ll_chunk)

    def loglik(x, w, th, omit):
        c = prep(th)
        n = x.shape[0]
        nch = (n + CHUNK - 1) // CHUNK
        res = np.empty((nch, 1, 2))
        for i in prange(nch):
            s, comp = ll_chunk(x, w, i * CHUNK, min(n, (i + 1) * CHUNK), c, omit)
            res[i, 0, 0] = s
            res[i, 0, 1] = comp
        return comb(res)[0]

    def logpdf_loop(x, out, th):
        c = prep(th)
        n = x.shape[0]
        for i in prange(n):
            out[i] = logpdf(float(x[i]), c)

    loops = {"loglik": compile_par(loglik), "logpdf": compile_par(logpdf_loop)}
    for name, (fn, m) in pointfns.items():
        loops[name] = _make_vsum(fn, m, prep, neum, comb, compile_, compile_par, prange)
    return loops


def _make_vsum(fn, m, prep, neum, comb, compile_, compile_par, prange):
    """Driver summing the m per-point values of ``fn`` over the data (one pass)."""

    def chunk(x, w, start, stop, c, omit, res):
        tmp = np.empty(m)
        acc = np.empty(m)
        weighted = w.shape[0] > 0
        for q in range(m):
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
                fn(xi, c, tmp)
                for q in range(m):
                    acc[q] += wi * tmp[q]
            for q in range(m):
                res[q, 0], res[q, 1] = neum(res[q, 0], res[q, 1], acc[q])

    chunk = compile_(chunk)

    def vsum(x, w, c, omit):
        n = x.shape[0]
        nch = (n + CHUNK - 1) // CHUNK
        res = np.empty((nch, m, 2))
        for i in prange(nch):
            chunk(x, w, i * CHUNK, min(n, (i + 1) * CHUNK), c, omit, res[i])
        return comb(res)

    return compile_par(vsum)


_EMPTY = np.empty(0)


def build(family, jit=False):
    """The :class:`~fastmle._engine.Kernels` of ``family`` on the python or numba engine."""
    if jit:
        from fastmle._py import jit as backend
    else:
        backend = _PythonBackend
    f = backend.functions(family)
    pointfns = {"derivs": (f["derivs"], f["m"])}
    if f["stats"] is not None:
        pointfns["stats"] = (f["stats"], f["ms"])
    loops = make_loops(f["prep"], f["logpdf"], pointfns, backend.compile,
                       backend.compile_parallel, backend.prange)
    set_threads = backend.set_threads
    ll, lp = loops["loglik"], loops["logpdf"]
    dv, prep = loops["derivs"], f["prep"]

    def loglik(x, w, th, omit, nt):
        set_threads(nt)
        return ll(x, _EMPTY if w is None else w, th, omit)

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

    return Kernels(loglik, logpdf, derivs, stats)


def build_counts(jit=False):
    """Weighted label counting for the categorical family: ``counts(x, w, nk, omit, nt)``."""
    if jit:
        from fastmle._py import jit as backend
        fn = backend.namespace()["categorical_counts"]
    else:
        from fastmle._py.stats import categorical_counts as fn
        backend = _PythonBackend

    def counts(x, w, nk, omit, nt):
        out = np.empty(nk + 2)
        fn(x, _EMPTY if w is None else w, nk, omit, out)
        return out

    return counts


def build_fit(family, jit=False):
    """``(fit_one, fit_batch)`` of ``family`` on the python or numba engine (see
    ``fastmle._py.fitting.make_fit``)."""
    from fastmle._py.fitting import make_fit

    if jit:
        from fastmle._py import jit as backend

        ns = backend.namespace()
    else:
        from fastmle._py import families, fitting, special, stats

        backend = _PythonBackend
        ns = {**vars(special), **vars(families), **vars(stats), **vars(fitting)}
    return make_fit(family, ns, backend.compile, backend.compile_parallel, backend.prange)


class _PythonBackend:
    """The python engine: the functions run as written."""

    prange = range

    @staticmethod
    def compile(fn):
        return fn

    compile_parallel = compile

    @staticmethod
    def set_threads(nt):
        pass

    @staticmethod
    def functions(family):
        from fastmle._py import families, stats

        return table(family, vars(families), vars(stats))


def table(family, fam_ns, stats_ns):
    """Scalar kernels of ``family`` looked up in the given namespaces."""
    k = fam_ns["FAMILIES"][family][0]
    st = stats_ns.get(family + "_stats")
    return {
        "prep": fam_ns[family + "_prep"],
        "logpdf": fam_ns[family + "_logpdf"],
        "derivs": fam_ns[family + "_derivs"],
        "m": 1 + k + k * (k + 1) // 2,
        "stats": st,
        "ms": stats_ns["NSTATS"].get(family, 0),
    }
