"""Uniform distribution, ``scipy.stats.uniform(loc, scale)``."""
import numpy as np

from fastmle.families._base import Family


class Uniform(Family, spec="uniform"):
    """Uniform on [loc, loc + scale]: free (loc, scale); logpdf = -log(scale) there.

    The MLE is in closed form: loc = min(x), scale = max(x) - min(x) (loc fixed:
    scale = max(x) - loc; scale fixed: any loc in [max(x) - scale, min(x)], the one
    centring the support on the data, as scipy).
    """

    def fit_cov(self, th, free, n):
        # the estimates are order statistics on the boundary of the support, where the
        # likelihood is not smooth (its "observed information" in the scale is negative):
        # their exact sampling variances instead, with U_(k) of n uniforms, D = (n + 1)^2
        # (n + 2): var(min) = n/D, var(max - min) = 2(n - 1)/D, cov = -(n - 1)/D (times
        # scale^2); loc fixed: var(max) = n/D; scale fixed: var((min + max)/2) =
        # 1/(2 (n + 1)(n + 2))
        s2 = np.asarray(th)[..., 1] ** 2
        n = np.asarray(n, dtype=np.float64)
        d = (n + 1.0) ** 2 * (n + 2.0)
        if free[0] and free[1]:
            v = s2 / d
            return np.stack([np.stack([n * v, -(n - 1.0) * v], axis=-1),
                             np.stack([-(n - 1.0) * v, 2.0 * (n - 1.0) * v], axis=-1)],
                            axis=-2)
        var = s2 * n / d if free[1] else s2 / (2.0 * (n + 1.0) * (n + 2.0))
        return np.asarray(var)[..., None, None]

    def _support(self):
        return 0.0, 1.0

    def _stats(self):
        return 0.5, 1.0 / 12.0, 0.0, -1.2

    def _entropy(self):
        return 0.0

    def _rvs(self, size, random_state):
        return random_state.uniform(0.0, 1.0, size)


uniform = Uniform()
