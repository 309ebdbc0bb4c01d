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
from typing import Callable, NamedTuple, Optional

ENGINES = ("cython", "numba", "python")

_default = {"engine": "cython", "n_threads": 1}
_override = contextvars.ContextVar("fastmle_engine_override", default=None)


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


class Config(NamedTuple):
    """What one call runs with: the engine's name, its thread count and its backend."""

    engine: str
    n_threads: int

    @property
    def backend(self):
        return BACKENDS[self.engine]


def resolve(engine, n_threads):
    """The :class:`Config` of a call, with the defaults applied and checked (unpacks as
    ``engine, n_threads = resolve(...)``)."""
    if engine is None:
        engine = get_engine()
    elif engine not in ENGINES:
        _check_engine(engine)
    if n_threads is None:
        over = _override.get()
        n_threads = over[1] if over is not None and over[1] is not None else _default["n_threads"]
    return Config(engine, _check_threads(n_threads))


class Kernels(NamedTuple):
    """The loop kernels of one family on one engine, with uniform signatures.

    ``loglik(x, w, th, omit, nt) -> float``; ``logpdf(x, out, th, nt)``;
    ``derivs(x, w, th, omit, nt) -> ndarray`` (sums of logpdf, gradient,
    Hessian upper triangle); ``stats(x, w, s, omit, nt) -> ndarray`` (sums
    of the sufficient statistics; exponential families only); ``nll(x, TH, out,
    G, nt)``: per point, -logpdf under its own parameters TH[i] and its gradient.
    ``x`` is a contiguous float32/float64 array, ``w`` None or a float64 array.
    """

    loglik: Callable
    logpdf: Callable
    derivs: Callable
    stats: Optional[Callable]
    nll: Callable


class FitKernels(NamedTuple):
    """The compiled MLE solver of one family on one engine, with the Cython signatures.

    ``fit(x, w, th, isfree, nt, maxiter) -> (status, d, n_iter, bad)``,
    ``fit_batch(x, w, offsets, th, isfree, nt, maxiter, d, status, n_iter, bad)``;
    exponential families also ``label_stats(x, w, labels, th, omit, st)`` (the
    statistics sums of the values of each label, a row of st) and
    ``fit_stats_batch(st, th, isfree, nt, maxiter, d, status, n_iter)`` (the fits
    from merged rows); see ``fit_F``, ``fit_batch_F``, ``label_stats_F`` and
    ``fit_stats_batch_F`` in ``fastmle/_cy/_kernels.pyx.tp``.
    """

    fit: Callable
    fit_batch: Callable
    label_stats: Optional[Callable]
    fit_stats_batch: Optional[Callable]


class Backend:
    """One engine's kernels, built on first use and cached.

    ``kernels(family)`` (:class:`Kernels`), ``fit_kernels(family)``
    (:class:`FitKernels`), ``dist(family, fn)`` (an elementwise distribution
    function), ``counts()`` (the categorical label counts ``counts(x, w, nk,
    omit, nt)``) and ``rows(module, name)`` (the row drivers of the distances
    and losses, thread count last).
    """

    def __init__(self, name):
        self.name = name
        self._cache = {}

    def _cached(self, key, make):
        k = self._cache.get(key)
        if k is None:
            k = self._cache[key] = make()
        return k

    def kernels(self, family):
        return self._cached(("kernels", family), lambda: self._kernels(family))

    def fit_kernels(self, family):
        return self._cached(("fit", family), lambda: self._fit_kernels(family))

    def counts(self):
        return self._cached(("counts",), self._counts)

    def dist(self, family, fn):
        """The elementwise distribution function ``fn`` (``_spec.DIST_FUNCTIONS``) of
        ``family``: ``(x, out, th, nt)``, out of x's dtype."""
        return self._cached(("dist", family, fn), lambda: self._dist(family, fn))

    def rows(self, module, name):
        return self._cached(("rows", module, name), lambda: self._rows(module, name))


class CythonBackend(Backend):
    """The compiled modules of ``fastmle._cy`` (the best CPU variant)."""

    def _kernels(self, family):
        from fastmle._cy import best_module

        mod = best_module()
        return Kernels(*(getattr(mod, f"{fn}_{family}", None)
                         for fn in ("loglik", "logpdf", "derivs", "stats", "nll_rows")))

    def _fit_kernels(self, family):
        from fastmle._cy import best_module

        mod = best_module()
        return FitKernels(*(getattr(mod, f"{fn}_{family}", None)
                            for fn in ("fit", "fit_batch", "label_stats", "fit_stats_batch")))

    def _counts(self):
        from fastmle._cy import best_module

        return best_module().counts_categorical

    def _dist(self, family, fn):
        import functools

        from fastmle import _spec
        from fastmle._cy import best_module

        return functools.partial(getattr(best_module(), "dist_" + family),
                                 _spec.DIST_FUNCTIONS.index(fn))

    def _rows(self, module, name):
        from fastmle._cy import best_module

        return getattr(best_module(module), name)


class PyBackend(Backend):
    """The pure-Python kernels of ``fastmle._py``: compiled by numba (``jit``) or run by
    CPython with IEEE semantics like compiled code (numpy's warnings on scalar
    overflow, division by zero and invalid operations off)."""

    def __init__(self, name, jit):
        super().__init__(name)
        self.jit = jit

    def _tools(self):
        if self.jit:
            from fastmle._py import jit

            return jit
        from fastmle._py.bind import PLAIN

        return PLAIN

    def _wrap(self, fn):
        if fn is None or self.jit:
            return fn
        import numpy as np

        def run(*args):
            with np.errstate(all="ignore"):
                return fn(*args)
        return run

    def _kernels(self, family):
        from fastmle._py import loops

        return Kernels(**{k: self._wrap(v)
                          for k, v in loops.build(family, self._tools()).items()})

    def _fit_kernels(self, family):
        from fastmle._py import loops

        return FitKernels(*map(self._wrap, loops.build_fit(family, self._tools())))

    def _counts(self):
        from fastmle._py import loops

        return self._wrap(loops.build_counts(self._tools()))

    def _dist(self, family, fn):
        from fastmle._py import loops

        return self._wrap(loops.build_dist(family, fn, self._tools()))

    def _rows(self, module, name):
        from fastmle._py import loops

        return self._wrap(loops.build_rows(module, name, self._tools()))


BACKENDS = {"cython": CythonBackend("cython"), "numba": PyBackend("numba", jit=True),
            "python": PyBackend("python", jit=False)}
