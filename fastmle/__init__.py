"""fastmle: fast, exact maximum likelihood.

Compiled log-likelihood kernels with analytic derivatives behind a
scipy.stats-flavoured API: ``fastmle.gamma(a=2.0, scale=3.0).loglik(x)``.
"""
from fastmle._engine import ENGINES, engine_context, get_engine, set_engine
from fastmle.families import FAMILIES, get_family
from fastmle.families._base import Family, Frozen, LoglikDerivs, SuffStats
from fastmle.batch import BatchFitResult, fit_batch
from fastmle.fit import fit
from fastmle.chunked import fit_chunks
from fastmle.compare import Comparison, compare
from fastmle.gof import goodness_of_fit
from fastmle.files import fit_parquet, read_parquet_column
from fastmle.result import ConvergenceWarning, FitResult
from fastmle import gof, losses, plotting, stats
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

globals().update(FAMILIES)      # fastmle.gamma, fastmle.norm, ...: every family

__all__ = [
    "ENGINES", "FAMILIES", "BatchFitResult", "Comparison", "ConvergenceWarning", "Family",
    "FitResult", "Frozen", "LoglikDerivs", "SuffStats", "compare", "cross_entropy",
    "engine_context", "fit", "fit_batch", "fit_chunks", "fit_parquet", "get_engine",
    "get_family", "gof", "goodness_of_fit", "hellinger", "js_divergence", "kl_divergence",
    "losses", "numba_logpdf",
    "plotting", "read_parquet_column",
    "set_engine", "stats", "total_variation", "wasserstein", *FAMILIES,
]
