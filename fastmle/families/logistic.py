"""Logistic distribution, ``scipy.stats.logistic(loc, scale)``."""
import math

from fastmle.families._base import Family


class Logistic(Family, spec="logistic"):
    """Logistic: free (loc, scale)."""

    def _stats(self):
        return 0.0, math.pi**2 / 3.0, 0.0, 1.2

    def _entropy(self):
        return 2.0

    def _rvs(self, size, random_state):
        return random_state.logistic(size=size)


logistic = Logistic()
