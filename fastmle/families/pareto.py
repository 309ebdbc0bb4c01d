"""Pareto distribution, ``scipy.stats.pareto(b, loc, scale)`` (loc fixed, default 0)."""
import numpy as np

from fastmle.families._base import PositiveFamily, diag_cov


class Pareto(PositiveFamily, spec="pareto"):
    """Pareto: free (b, scale), fixed loc; support x >= loc + scale."""

    def fit_cov(self, th, free, n):
        # scale's MLE is the sample minimum, a boundary estimate without a Wald
        # standard error; b's is b^2 / n (the inverse information)
        b2n = np.asarray(th)[..., 0] ** 2 / n
        return diag_cov(np.stack([b2n, np.full_like(b2n, np.nan)], axis=-1)[..., free])


pareto = Pareto()
