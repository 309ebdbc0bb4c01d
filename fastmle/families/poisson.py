"""Poisson distribution, ``scipy.stats.poisson(mu)``."""
import math

from fastmle.families._base import Family, SuffStats


class Poisson(Family, spec="poisson"):
    """Poisson: free (mu,); statistics (sum x, sum lgamma(x + 1))."""

    stats_class = SuffStats

    def stats_params(self, x, th):
        return []

    def stats_derivs(self, n, v, th):
        mu = th[0]
        s, lg = v
        ll = (s * math.log(mu) if s else 0.0) - n * mu - lg
        return ll, [s / mu - n], [-s / mu**2]

    def _support(self, mu):
        return 0, math.inf

    def _stats(self, mu):
        return mu, mu, 1.0 / math.sqrt(mu) if mu > 0 else math.inf, 1.0 / mu if mu > 0 else math.inf

    def _rvs(self, mu, size, random_state):
        return random_state.poisson(mu, size)


poisson = Poisson()
