"""Log-gamma distribution, ``scipy.stats.loggamma(c, loc, scale)``."""
import math

import numpy as np
from scipy.special import gammaln, polygamma, psi

from fastmle.families._base import Family, inverse_series
from fastmle.families.norm import LOG_2PI

# entropy + log(c)/2 - (1 + log(2 pi))/2 = sum c_k c^-k, k = 1..11 (Stirling's series of
# lgamma and psi; below 2e-17 relative at c >= 20, where the plain form cancels)
ENTROPY_SERIES = (1 / 6, 0.0, -1 / 90, 0.0, 1 / 210, 0.0, -1 / 210, 0.0, 5 / 594, 0.0,
                  -691 / 30030)


class LogGamma(Family, spec="loggamma"):
    """Log-gamma: free (c, loc, scale); the log of a gamma(c) variable, on the real line:
    logpdf = c y - exp(y) - lgamma(c) - log(scale), y = (x - loc) / scale."""

    def _stats(self, c):
        var = polygamma(1, c)
        return psi(c), var, polygamma(2, c) / var**1.5, polygamma(3, c) / (var * var)

    def _entropy(self, c):
        if c < 20.0:
            return gammaln(c) - c * psi(c) + c
        return 0.5 * (1.0 + LOG_2PI - math.log(c)) + inverse_series(c, ENTROPY_SERIES)

    def _rvs(self, c, size, random_state):
        # scipy's: log Gamma(c) as log Gamma(c + 1) + log(U) / c (accurate for c << 1)
        return (np.log(random_state.gamma(c + 1, size=size))
                + np.log(random_state.uniform(size=size)) / c)


loggamma = LogGamma()
