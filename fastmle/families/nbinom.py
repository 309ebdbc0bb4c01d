"""Negative binomial distribution, ``scipy.stats.nbinom(n, p)`` (n real > 0)."""
import math

import numpy as np

from fastmle.families._base import Family


class Nbinom(Family, spec="nbinom"):
    """Negative binomial: free (n, p)."""

    def _support(self, n, p):
        return 0, math.inf

    def _stats(self, n, p):
        q_ = 1.0 / p
        r = q_ - 1.0
        nrq = n * r * q_
        with np.errstate(all="ignore"):
            return n * r, nrq, np.divide(q_ + r, np.sqrt(nrq)), np.divide(1.0 + 6.0 * r * q_, nrq)

    def _rvs(self, n, p, size, random_state):
        return random_state.negative_binomial(n, p, size)


nbinom = Nbinom()
