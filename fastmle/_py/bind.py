"""Binding the pure-Python templates to a family's kernels, for the python engine.

``rebind`` gives a template function the globals of one family (its scalar
kernels and constants); ``PLAIN`` is the python engine's toolbox (the same
interface as ``fastmle._py.jit``, the numba engine's): the functions run as
written, on one thread.
"""
import types

from fastmle import _spec


def rebind(fn, globals_, name):
    """A copy of the (closure-free) function ``fn`` whose globals are ``globals_``."""
    out = types.FunctionType(fn.__code__, globals_, name, fn.__defaults__)
    out.__qualname__ = name
    out.__module__ = fn.__module__
    return out


def table(family, ns):
    """Scalar kernels of ``family`` looked up in the namespace ``ns``."""
    f = _spec.FAMILIES[family]
    return {
        "prep": ns[family + "_prep"],
        "logpdf": ns[family + "_logpdf"],
        "derivs": ns[family + "_derivs"],
        "m": f.nderiv,
        "stats": ns.get(family + "_stats"),
        "ms": f.stats.size if f.stats else 0,
    }


class Plain:
    """The python engine's toolbox: templates bound, not compiled; one thread."""

    prange = range
    _ns = None

    @staticmethod
    def specialise(template, globals_, name, parallel=False):
        """``template`` with its global names resolved in ``globals_``."""
        return rebind(template, globals_, name)

    @staticmethod
    def set_threads(nt):
        pass

    @classmethod
    def namespace(cls):
        """Every function and constant of the ``fastmle._py`` maths modules."""
        if cls._ns is None:
            from fastmle._py import distances, families, fitting, losses, special, stats

            ns = {}
            for mod in (special, families, stats, fitting, distances, losses):
                ns.update(vars(mod))
            cls._ns = ns
        return cls._ns

    @classmethod
    def functions(cls, family):
        return table(family, cls.namespace())


PLAIN = Plain()
