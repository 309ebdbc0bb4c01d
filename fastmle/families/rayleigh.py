"""Rayleigh distribution, ``scipy.stats.rayleigh(loc, scale)`` (loc fixed, default 0)."""
import math

import numpy as np

from fastmle.families._base import PositiveFamily
from fastmle.families.gumbel_r import EULER


class Rayleigh(PositiveFamily, spec="rayleigh"):
    """Rayleigh: free (scale,), fixed loc; density y exp(-y^2 / 2) / scale on y =
    (x - loc) / scale > 0; the MLE scale^2 = sum (x - loc)^2 / (2 n) in closed form."""

    def _stats(self):
        v = 4.0 - math.pi
        return (math.sqrt(math.pi / 2.0), v / 2.0, 2.0 * (math.pi - 3.0) * math.sqrt(math.pi)
                / v**1.5, 6.0 * math.pi / v - 16.0 / (v * v))

    def _entropy(self):
        return EULER / 2.0 + 1.0 - 0.5 * math.log(2.0)

    def _rvs(self, size, random_state):
        # scipy's: chi(2) draws, the square root of chi-square draws with 2 degrees of freedom
        return np.sqrt(random_state.chisquare(2.0, size))


rayleigh = Rayleigh()
