"""Gumbel (right-skewed) distribution, ``scipy.stats.gumbel_r(loc, scale)``."""
import math

from scipy.special import zeta

from fastmle._py.special import EULER  # noqa: F401  (weibull_min imports it from here)
from fastmle.families._base import Family


class GumbelR(Family, spec="gumbel_r"):
    """Gumbel (right-skewed): free (loc, scale);
    logpdf = -z - exp(-z) - log(scale), z = (x - loc) / scale."""

    def _stats(self):
        return (EULER, math.pi**2 / 6.0, 12.0 * math.sqrt(6.0) * zeta(3.0) / math.pi**3, 2.4)

    def _entropy(self):
        return EULER + 1.0


gumbel_r = GumbelR()
