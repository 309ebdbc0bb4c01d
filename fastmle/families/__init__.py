"""The parametric families of fastmle, one module each, with scipy.stats names."""
from fastmle.families._base import Family
from fastmle.families.beta import beta
from fastmle.families.binom import binom
from fastmle.families.categorical import categorical
from fastmle.families.cauchy import cauchy
from fastmle.families.expon import expon
from fastmle.families.gamma import gamma
from fastmle.families.geom import geom
from fastmle.families.gumbel_r import gumbel_r
from fastmle.families.laplace import laplace
from fastmle.families.logistic import logistic
from fastmle.families.lognorm import lognorm
from fastmle.families.nbinom import nbinom
from fastmle.families.norm import norm
from fastmle.families.pareto import pareto
from fastmle.families.poisson import poisson
from fastmle.families.t import t
from fastmle.families.weibull_min import weibull_min

FAMILIES = {f.name: f for f in (norm, lognorm, expon, gamma, weibull_min, beta, t, laplace,
                                logistic, cauchy, gumbel_r, pareto, poisson, binom, geom,
                                nbinom, categorical)}


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
        raise ValueError(f"unknown family {name!r}; known: {sorted(FAMILIES)}") from None
