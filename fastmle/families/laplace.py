"""Laplace (double exponential) distribution, ``scipy.stats.laplace(loc, scale)``."""
import numpy as np

from fastmle.families._base import Family, diag_cov


class Laplace(Family, spec="laplace"):
    """Laplace (double exponential): free (loc, scale)."""

    def fit_cov(self, th, free, n):
        # the likelihood has a kink at the median: use the Fisher information,
        # diag(n / scale^2, n / scale^2)
        var = np.asarray(th)[..., 1] ** 2 / n
        return diag_cov(np.stack([var] * int(free.sum()), axis=-1))


laplace = Laplace()
