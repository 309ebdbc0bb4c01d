"""Gumbel (left-skewed) distribution, ``scipy.stats.gumbel_l(loc, scale)``."""
from fastmle.families._base import Family
from fastmle.families.gumbel_r import gumbel_r


class GumbelL(Family, spec="gumbel_l"):
    """Gumbel (left-skewed): free (loc, scale);
    logpdf = z - exp(z) - log(scale), z = (x - loc) / scale.

    gumbel_r mirrored: X = -Y with Y ~ gumbel_r(-loc, scale); the kernels and the fit
    are gumbel_r's of -x.
    """

    def _stats(self):
        m, v, g1, g2 = gumbel_r._stats()
        return -m, v, -g1, g2

    def _entropy(self):
        return gumbel_r._entropy()


gumbel_l = GumbelL()
