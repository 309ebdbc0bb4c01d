"""fastmle: fast, exact maximum likelihood.

Compiled log-likelihood kernels with analytic derivatives behind a
scipy.stats-flavoured API: ``fastmle.gamma(a=2.0, scale=3.0).loglik(x)``.
"""
from fastmle._engine import ENGINES, engine_context, get_engine, set_engine
from fastmle.families import (FAMILIES, beta, binom, categorical, cauchy, expon, gamma, geom, get_family,
                              gumbel_r, laplace, logistic, lognorm, nbinom, norm, pareto,
                              poisson, t, weibull_min)
from fastmle.families._base import Family, Frozen, LoglikDerivs, SuffStats

__version__ = "0.1.0"

__all__ = [
    "ENGINES", "FAMILIES", "Family", "Frozen", "LoglikDerivs", "SuffStats", "beta", "binom",
    "categorical", "cauchy", "engine_context", "expon", "gamma", "geom", "get_engine", "get_family",
    "gumbel_r", "laplace", "logistic", "lognorm", "nbinom", "norm", "pareto", "poisson",
    "set_engine", "t", "weibull_min",
]
