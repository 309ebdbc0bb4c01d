"""Cauchy distribution, ``scipy.stats.cauchy(loc, scale)``."""
import math

from fastmle.families._base import Family


class Cauchy(Family, spec="cauchy"):
    """Cauchy: free (loc, scale)."""

    def _stats(self):
        return math.nan, math.nan, math.nan, math.nan

    def _entropy(self):
        return math.log(4.0 * math.pi)


cauchy = Cauchy()
