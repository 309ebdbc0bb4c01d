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


def specialise(template, globals_, name, parallel=False):
    """``template`` with its global names resolved in ``globals_``, compiled."""
    globals_.update(DOUBLE)
    fn = rebind(template, globals_, f"{name}_{TAG}")
    return numba.njit(parallel=parallel, **OPTIONS)(fn)


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
        ns["prange"] = prange
        for mod in mods:
            for name, fn in vars(mod).items():
                if isinstance(fn, types.FunctionType) and fn.__module__ == mod.__name__:
                    ns[name] = numba.njit(parallel=name in PARALLEL_ROWS, **OPTIONS)(
                        rebind(fn, ns, f"{name}_{TAG}"))
        _namespace = ns
    return _namespace


def functions(family):
    """Compiled scalar kernels of ``family`` (see ``fastmle._py.bind.table``)."""
    return table(family, namespace())


def scalar_logpdf(family):
    """The compiled ``logpdf(x, c)`` and ``prep(th)`` of ``family`` for use in ``@njit`` code."""
    f = functions(family)
    return f["logpdf"], f["prep"]
