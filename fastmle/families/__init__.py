"""The parametric families of fastmle, one module each, with scipy.stats names."""
import importlib

from fastmle import _spec
from fastmle.families._base import Family

# one module per family, named as the family (the registry's, then categorical)
FAMILIES = {}
for _name in (*_spec.FAMILIES, "categorical"):
    FAMILIES[_name] = globals()[_name] = getattr(
        importlib.import_module(f"fastmle.families.{_name}"), _name)
del _name


def get_family(family):
    """The :class:`Family` named ``family``: a name (``"gamma"``), a fastmle family
    (``fastmle.gamma``) or a scipy.stats distribution (``scipy.stats.gamma``)."""
    if isinstance(family, Family):
        return family
    if isinstance(family, str):
        name = family
    elif type(family).__module__.startswith("scipy.stats") and hasattr(family, "name") \
            and hasattr(family, "freeze"):
        name = family.name          # an rv_continuous / rv_discrete instance
    else:
        raise TypeError(f"family must be a name such as 'gamma', a fastmle family such as "
                        f"fastmle.gamma or a scipy.stats distribution, got {family!r}")
    try:
        return FAMILIES[name]
    except KeyError:
        raise ValueError(f"unknown family {name!r}{did_you_mean(name, FAMILIES)}; known: "
                         f"{sorted(FAMILIES)}") from None


def did_you_mean(name, known):
    """``" (did you mean 'gamma'?)"`` for the known names closest to ``name``, or ``""``."""
    import difflib

    close = difflib.get_close_matches(str(name), sorted(known), n=3, cutoff=0.6)
    return f" (did you mean {' or '.join(map(repr, close))}?)" if close else ""
