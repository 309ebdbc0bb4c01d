"""fastmle: fast, exact maximum likelihood.

Compiled log-likelihood kernels with analytic derivatives behind a
scipy.stats-flavoured API: ``fastmle.gamma(a=2.0, scale=3.0).loglik(x)``.
"""
from fastmle._engine import ENGINES, engine_context, get_engine, set_engine
from fastmle.families import (FAMILIES, beta, binom, categorical, cauchy, expon, gamma, geom, get_family,
                              gumbel_r, laplace, logistic, lognorm, nbinom, norm, pareto,
                              poisson, t, weibull_min)
from fastmle.families._base import Family, Frozen, LoglikDerivs, SuffStats
from fastmle.fit import ConvergenceWarning, FitResult, fit
from fastmle.batch import BatchFitResult, fit_batch
from fastmle import losses, stats
from fastmle.distances import (cross_entropy, hellinger, js_divergence, kl_divergence,
                               total_variation, wasserstein)

__version__ = "0.1.0"


def numba_logpdf(family):
    """The numba-compiled scalar ``(logpdf, prep)`` of a family, for your own ``@njit`` code.

    ``c = prep(dist.th)`` computes the per-call constants once; ``logpdf(x, c)``
    is then the log-density at a float ``x``.  Importing numba happens here.

    Examples
    --------
    >>> logpdf, prep = fastmle.numba_logpdf("gamma")
    >>> c = prep(fastmle.gamma(2.0, scale=1.5).th)
    >>> @numba.njit
    ... def total(x, c):
    ...     return sum([logpdf(v, c) for v in x])
    """
    from fastmle._py.jit import scalar_logpdf

    return scalar_logpdf(get_family(family).name)

__all__ = [
    "ENGINES", "FAMILIES", "BatchFitResult", "ConvergenceWarning", "Family", "FitResult",
    "Frozen", "LoglikDerivs", "SuffStats", "beta", "binom", "categorical", "cauchy",
    "cross_entropy", "engine_context", "expon", "fit", "fit_batch", "gamma", "geom",
    "get_engine", "get_family", "gumbel_r", "hellinger", "js_divergence", "kl_divergence",
    "laplace", "losses", "logistic", "lognorm", "nbinom", "norm", "numba_logpdf", "pareto",
    "poisson", "set_engine", "stats", "t", "total_variation", "wasserstein", "weibull_min",
]
