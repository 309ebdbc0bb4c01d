"""The numba engine: the pure-Python kernels of ``fastmle._py`` compiled by numba.

One factory compiles everything: every function of ``special``, ``families``,
``stats``, ``fitting``, ``distances`` and ``losses`` is rebound into a shared
namespace in which the names it calls resolve to their compiled versions, then
wrapped by ``numba.njit``.  The
compiled scalar log-densities are public through :func:`scalar_logpdf`, for
use inside a user's own ``@njit`` code.  Importing this module imports numba.
"""
import hashlib
import math
import types
from pathlib import Path

import numba
import numpy as np

from fastmle._py import distances, families, fitting, losses, special, stats
from fastmle._py.bind import rebind, table

OPTIONS = dict(nogil=True, cache=True, error_model="numpy")
prange = numba.prange
# row drivers of fastmle._py.distances / losses: compiled with their ``prange`` parallel
PARALLEL_ROWS = ("divergence_rows", "wasserstein_rows", "cross_entropy_rows")
_namespace = None


def _source_tag():
    """A digest of the ``fastmle._py`` sources, part of every compiled function's name:
    numba's disk cache checks only the defining file, not the functions it calls."""
    h = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        h.update(path.read_bytes())
    return h.hexdigest()[:10]


TAG = _source_tag()


@numba.njit(**OPTIONS)
def _as_double(v):
    return np.float64(v)


# ``float(v)`` in the _py sources means "v as a double" (a Python float in the python
# engine); numba's own float() keeps a float32 a float32, so the compiled kernels see
# this instead: float32 data are computed in float64 on every engine
DOUBLE = {"float": _as_double}


def _cython_special(name, nargs):
    """scipy's ``cython_special.<name>`` (the double version, the function the Cython
    engine calls) as a function numba compiles calls to."""
    import ctypes

    import scipy.special.cython_special as cs
    from numba.extending import get_cython_function_address

    sig = "double (" + ", ".join(["double"] * nargs) + ", int __pyx_skip_dispatch)"
    key = next(k for k in (name, f"__pyx_fuse_0{name}", f"__pyx_fuse_1{name}")
               if k in cs.__pyx_capi__ and sig in repr(cs.__pyx_capi__[k]))
    proto = ctypes.CFUNCTYPE(ctypes.c_double, *([ctypes.c_double] * nargs), ctypes.c_int)
    fn = proto(get_cython_function_address("scipy.special.cython_special", key))
    if nargs == 1:
        return _compile(lambda a: fn(a, 0), False, False)
    if nargs == 2:
        return _compile(lambda a, b: fn(a, b, 0), False, False)
    return _compile(lambda a, b, c: fn(a, b, c, 0), False, False)


# compiled functions that call scipy.special through a ctypes pointer, directly or not:
# numba cannot cache those on disk (the pointer differs between processes)
_uncached = set()


def _compile(fn, parallel, cache):
    out = numba.njit(parallel=parallel, **{**OPTIONS, "cache": cache})(fn)
    if not cache:
        _uncached.add(id(out))
    return out


def _calls_uncached(fn, globals_):
    return any(id(globals_.get(n)) in _uncached for n in fn.__code__.co_names)


def specialise(template, globals_, name, parallel=False):
    """``template`` with its global names resolved in ``globals_``, compiled."""
    globals_.update(DOUBLE)
    fn = rebind(template, globals_, f"{name}_{TAG}")
    return _compile(fn, parallel, not _calls_uncached(fn, globals_))


def set_threads(nt):
    numba.set_num_threads(min(nt, numba.config.NUMBA_NUM_THREADS))


def namespace():
    """The shared namespace of compiled scalar kernels (built once)."""
    global _namespace
    if _namespace is None:
        ns = {"math": math, "np": np, **DOUBLE}
        mods = (special, families, stats, fitting, distances, losses)
        for mod in mods:
            ns.update({k: v for k, v in vars(mod).items()
                       if not k.startswith("__") and not isinstance(v, types.FunctionType)})
        ns.update({k: _cython_special(k, n) for k, n in special.SCIPY_SPECIAL.items()})
        ns["prange"] = prange
        fns = {name: fn for mod in mods for name, fn in vars(mod).items()
               if isinstance(fn, types.FunctionType) and fn.__module__ == mod.__name__}
        # the functions that reach scipy.special, transitively: compiled uncached
        dynamic = set(special.SCIPY_SPECIAL)
        grown = True
        while grown:
            more = {n for n, fn in fns.items() if dynamic & set(fn.__code__.co_names)}
            grown = not more <= dynamic
            dynamic |= more
        for name, fn in fns.items():
            ns[name] = _compile(rebind(fn, ns, f"{name}_{TAG}"), name in PARALLEL_ROWS,
                                name not in dynamic)
        _namespace = ns
    return _namespace


def functions(family):
    """Compiled scalar kernels of ``family`` (see ``fastmle._py.bind.table``)."""
    return table(family, namespace())


def scalar_logpdf(family):
    """The compiled ``logpdf(x, c)`` and ``prep(th)`` of ``family`` for use in ``@njit`` code."""
    f = functions(family)
    return f["logpdf"], f["prep"]
