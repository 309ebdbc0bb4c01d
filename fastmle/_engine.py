"""Engine resolution: which implementation runs a computation, on how many threads.

Three engines compute the same kernels:

``"cython"`` (default)
    compiled at install by setup.py; GIL released; OpenMP threads.
``"numba"``
    the pure-Python kernels of ``fastmle._py`` compiled by numba on first use.
``"python"``
    the same pure-Python kernels run by CPython: the reference and the
    benchmark baseline.

Every public computation takes ``engine=None`` (the current default) and
``n_threads=None`` (the current default, initially 1; ``-1`` means all cores).
A thread count above the number of CPUs is capped at that number (these
kernels are compute-bound: more threads than cores never helps, and
oversubscribing OpenMP/numba by orders of magnitude exhausts the machine).
Results do not depend on the thread count.
"""
import contextvars
import operator
import os
from contextlib import contextmanager

ENGINES = ("cython", "numba", "python")

_default = {"engine": "cython", "n_threads": 1}
_override = contextvars.ContextVar("fastmle_engine_override", default=None)
_kernel_cache = {}


def _check_engine(name):
    if name not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, got {name!r}")
    return name


def _check_threads(n_threads):
    """The thread count to run with: an int >= 1, or -1 for all cores; capped at the
    number of CPUs."""
    if isinstance(n_threads, bool):
        raise TypeError(f"n_threads must be an int, got {n_threads!r}")
    try:
        n_threads = operator.index(n_threads)
    except TypeError:
        raise TypeError(f"n_threads must be an int, got {n_threads!r}") from None
    cpus = os.cpu_count() or 1
    if n_threads == -1:
        return cpus
    if n_threads < 1:
        raise ValueError(f"n_threads must be >= 1 or -1 (all cores), got {n_threads}")
    return min(n_threads, cpus)


def set_engine(engine=None, n_threads=None):
    """Set the process-wide default engine and/or thread count."""
    if engine is not None:
        _default["engine"] = _check_engine(engine)
    if n_threads is not None:
        _check_threads(n_threads)
        _default["n_threads"] = n_threads


def get_engine():
    """The engine used when ``engine=None`` (context override first, then the default)."""
    over = _override.get()
    if over is not None and over[0] is not None:
        return over[0]
    return _default["engine"]


@contextmanager
def engine_context(engine=None, n_threads=None):
    """Use ``engine`` / ``n_threads`` as defaults inside a ``with`` block (this thread only)."""
    if engine is not None:
        _check_engine(engine)
    if n_threads is not None:
        _check_threads(n_threads)
    token = _override.set((engine or get_engine(), n_threads))
    try:
        yield
    finally:
        _override.reset(token)


def resolve(engine, n_threads):
    """Return ``(engine, n_threads)`` with the defaults applied and checked."""
    if engine is None:
        engine = get_engine()
    elif engine not in ENGINES:
        _check_engine(engine)
    if n_threads is None:
        over = _override.get()
        n_threads = over[1] if over is not None and over[1] is not None else _default["n_threads"]
    return engine, _check_threads(n_threads)


class Kernels:
    """The loop kernels of one family on one engine, with uniform signatures.

    ``loglik(x, w, th, omit, nt) -> float``; ``logpdf(x, out, th, nt)``;
    ``derivs(x, w, th, omit, nt) -> ndarray`` (sums of logpdf, gradient,
    Hessian upper triangle); ``stats(x, w, s, omit, nt) -> ndarray`` (sums
    of the sufficient statistics; exponential families only); ``nll(x, TH, out,
    G, nt)``: per point, -logpdf under its own parameters TH[i] and its gradient.  ``x`` is a
    contiguous float32/float64 array, ``w`` None or a float64 array.
    """

    __slots__ = ("loglik", "logpdf", "derivs", "stats", "nll")

    def __init__(self, loglik, logpdf, derivs, stats, nll):
        self.loglik = loglik
        self.logpdf = logpdf
        self.derivs = derivs
        self.stats = stats
        self.nll = nll


def _store(key, engine, k):
    """Cache the kernels ``k``; the python engine's run with IEEE semantics like compiled
    code (numpy's warnings on scalar overflow, division by zero, invalid off)."""
    if engine == "python":
        k = _ieee(k)
    _kernel_cache[key] = k
    return k


def _ieee(k):
    if isinstance(k, (Kernels, FitKernels)):
        return type(k)(*(None if f is None else _ieee(f)
                         for f in (getattr(k, name) for name in k.__slots__)))
    import numpy as np

    def run(*args):
        with np.errstate(all="ignore"):
            return k(*args)
    return run


def kernels(family, engine):
    """The :class:`Kernels` of ``family`` (a name) on ``engine`` (cached)."""
    key = (family, engine)
    k = _kernel_cache.get(key)
    if k is None:
        if engine == "cython":
            from fastmle._cy import best_module

            mod = best_module()

            k = Kernels(getattr(mod, "loglik_" + family), getattr(mod, "logpdf_" + family),
                        getattr(mod, "derivs_" + family), getattr(mod, "stats_" + family, None),
                        getattr(mod, "nll_rows_" + family))
        else:
            from fastmle._py import loops

            k = loops.build(family, jit=(engine == "numba"))
        k = _store(key, engine, k)
    return k


def categorical_counts(engine):
    """``counts(x, w, nk, omit, nt)`` of the categorical family on ``engine`` (cached)."""
    key = ("categorical", engine)
    k = _kernel_cache.get(key)
    if k is None:
        if engine == "cython":
            from fastmle._cy import best_module

            k = best_module().counts_categorical
        else:
            from fastmle._py import loops

            k = loops.build_counts(jit=(engine == "numba"))
        k = _store(key, engine, k)
    return k


class FitKernels:
    """The compiled MLE solver of one family on one engine, with the Cython signatures.

    ``fit(x, w, th, isfree, nt, maxiter) -> (status, d, n_iter, bad)`` and
    ``fit_batch(x, w, offsets, th, isfree, nt, maxiter, d, status, n_iter, bad)``
    (see ``fit_F`` / ``fit_batch_F`` in ``fastmle/_cy/_kernels.pyx.tp``).
    """

    __slots__ = ("fit", "fit_batch")

    def __init__(self, fit, fit_batch):
        self.fit = fit
        self.fit_batch = fit_batch


def fit_kernels(family, engine):
    """The :class:`FitKernels` of ``family`` (a name) on ``engine`` (cached)."""
    key = ("fit", family, engine)
    k = _kernel_cache.get(key)
    if k is None:
        if engine == "cython":
            from fastmle._cy import best_module

            mod = best_module()
            k = FitKernels(getattr(mod, "fit_" + family), getattr(mod, "fit_batch_" + family))
        else:
            k = _py_fit_kernels(family, engine)
        k = _store(key, engine, k)
    return k


def _py_fit_kernels(family, engine):
    import numpy as np

    from fastmle._py import loops

    jit = engine == "numba"
    one, batch = loops.build_fit(family, jit=jit)
    empty = np.empty(0)
    if jit:
        from fastmle._py.jit import set_threads
    else:
        def set_threads(nt):
            pass

    def fit(x, w, th, isfree, nt, maxiter):
        m = 1 + len(isfree) + len(isfree) * (len(isfree) + 1) // 2
        d = np.empty(m)
        set_threads(1)
        status, n_iter, bad = one(x, empty if w is None else w, th, isfree, maxiter, d)
        return int(status), d, int(n_iter), int(bad)

    def fit_batch(x, w, offsets, th, isfree, nt, maxiter, d, status, n_iter, bad):
        set_threads(nt)
        batch(x, empty if w is None else w, offsets, th, isfree, maxiter, d, status, n_iter,
              bad)

    return FitKernels(fit, fit_batch)


def distance_kernel(engine):
    """``divergence_rows(kind, P, Q, out, G, want_grad, nt)`` on ``engine`` (cached):
    row-wise divergences between discrete distributions (see fastmle.distances)."""
    return _row_kernel("distances", "divergence_rows", engine)


def wasserstein_kernel(engine):
    """``wasserstein_rows(U, A, V, B, p, out, G, want_grad, nt)`` on ``engine`` (cached)."""
    return _row_kernel("distances", "wasserstein_rows", engine)


def cross_entropy_kernel(engine):
    """``cross_entropy_rows(Z, target, T, W, eps, ignore_index, loss, norm, G, want_grad,
    nt)`` on ``engine`` (cached; see fastmle.losses)."""
    return _row_kernel("losses", "cross_entropy_rows", engine)


def _row_kernel(module, name, engine):
    """Function ``name`` of ``fastmle._cy._<module>`` (cython) or ``fastmle._py.<module>``
    (python; numba: compiled), with the thread count as last argument."""
    import importlib

    key = (module, name, engine)
    k = _kernel_cache.get(key)
    if k is None:
        if engine == "cython":
            from fastmle._cy import best_module

            k = getattr(best_module(module), name)
        else:
            if engine == "numba":
                from fastmle._py import jit

                rows = jit.namespace()[name]

                def k(*args):
                    jit.set_threads(args[-1])
                    rows(*args[:-1])
            else:
                rows = getattr(importlib.import_module(f"fastmle._py.{module}"), name)

                def k(*args):
                    rows(*args[:-1])        # the python engine runs on one thread
        k = _store(key, engine, k)
    return k
