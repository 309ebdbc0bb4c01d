"""Chi-square distribution, ``scipy.stats.chi2(df, loc, scale)`` (loc fixed, default 0)."""
import math

import numpy as np

from fastmle.families.gamma import Gamma


def gamma_th(th):
    """gamma's (a, scale, loc) of chi2's (df, scale, loc): a = df/2, twice the scale."""
    return np.array([0.5 * th[0], 2.0 * th[1], th[2]])


class Chi2(Gamma, spec="chi2"):
    """Chi-square: free (df, scale), fixed loc; density y^(df/2 - 1) exp(-y/2) /
    (2^(df/2) Gamma(df/2) scale) on y = (x - loc) / scale > 0, gamma's with a = df/2
    and twice the scale (its statistics, fit and kernels)."""

    def edge_logpdf(self, th):
        return super().edge_logpdf(gamma_th(th))

    def stats_derivs(self, n, v, th):
        ll, g, h = super().stats_derivs(n, v, gamma_th(th))
        return ll, [0.5 * g[0], 2.0 * g[1]], [0.25 * h[0], h[1], 4.0 * h[2]]

    def _stats(self, df):
        return df, 2.0 * df, 2.0 * math.sqrt(2.0 / df), 12.0 / df

    def _entropy(self, df):
        return super()._entropy(0.5 * df) + math.log(2.0)

    def _rvs(self, df, size, random_state):
        return random_state.chisquare(df, size)


chi2 = Chi2()
