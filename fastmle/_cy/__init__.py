"""The Cython engine: loop kernels compiled at install, one module per CPU variant."""
import importlib
import os

_VARIANTS = {4: ("v4", "v3"), 3: ("v3",), 0: ()}
_module = None


def kernels_module():
    """The best compiled kernels module this CPU runs (``FASTMLE_CPU`` overrides).

    ``FASTMLE_CPU=baseline|v3|v4`` forces a variant (it must be built and
    supported); all variants give bit-identical results.
    """
    global _module
    if _module is None:
        from fastmle._cy import _kernels as base

        supported = _VARIANTS[base.CPU_LEVEL]
        want = os.environ.get("FASTMLE_CPU", "")
        if want == "baseline":
            order = ()
        elif want:
            if want not in supported:
                raise RuntimeError(f"FASTMLE_CPU={want!r} is not supported by this CPU "
                                   f"(supported: {supported + ('baseline',)})")
            order = (want,)
        else:
            order = supported
        _module = base
        for name in order:
            try:
                _module = importlib.import_module(f"fastmle._cy._kernels_{name}")
                break
            except ImportError:
                continue
    return _module
