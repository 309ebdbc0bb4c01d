"""Half-normal distribution, ``scipy.stats.halfnorm(loc, scale)`` (loc fixed, default 0)."""
import math

import numpy as np

from fastmle.families._base import PositiveFamily


class Halfnorm(PositiveFamily, spec="halfnorm"):
    """Half-normal: free (scale,), fixed loc; density sqrt(2/pi) exp(-y^2/2) / scale,
    y = (x - loc)/scale >= 0 (|X| for X normal).  Fit: scale^2 = mean(y^2)."""

    def _stats(self, *shapes):
        pi = math.pi
        return (math.sqrt(2.0 / pi), 1.0 - 2.0 / pi,
                math.sqrt(2.0) * (4.0 - pi) / (pi - 2.0) ** 1.5, 8.0 * (pi - 3.0) / (pi - 2.0) ** 2)

    def _entropy(self, *shapes):
        return 0.5 * math.log(math.pi / 2.0) + 0.5

    def _rvs(self, size, random_state):
        return np.abs(random_state.standard_normal(size))


halfnorm = Halfnorm()
