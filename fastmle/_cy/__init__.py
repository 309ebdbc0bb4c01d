"""The Cython engine: compiled modules built at install, one per CPU variant."""
import importlib
import os

_VARIANTS = {4: ("v4", "v3"), 3: ("v3",), 0: ()}
_modules = {}


def best_module(name="kernels"):
    """The best compiled variant of ``fastmle._cy._<name>`` this CPU runs.

    ``FASTMLE_CPU=baseline|v3|v4`` overrides the choice (the variant must be
    built and supported); all variants give bit-identical results.
    """
    mod = _modules.get(name)
    if mod is None:
        from fastmle._cy import _kernels

        supported = _VARIANTS[_kernels.CPU_LEVEL]
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
        mod = importlib.import_module(f"fastmle._cy._{name}")
        for variant in order:
            try:
                mod = importlib.import_module(f"fastmle._cy._{name}_{variant}")
                break
            except ImportError:
                continue
        _modules[name] = mod
    return mod
