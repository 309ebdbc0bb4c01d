"""Normal distribution, ``scipy.stats.norm(loc, scale)``."""
import math

from fastmle.families._base import Family, MomentStats, first_finite, moments_from_sums

LOG_2PI = math.log(2.0 * math.pi)


class Norm(Family, spec="norm"):
    """Normal: free parameters (loc, scale); sufficient statistics (mean, M2)."""

    stats_class = MomentStats

    def stats_params(self, x, th):
        return [first_finite(x)]

    def stats_from_sums(self, sums, s):
        return moments_from_sums(sums, s[0])

    def stats_derivs(self, n, v, th):
        mu, sig = th
        d = v[0] - mu
        q = v[1] + n * d * d
        ll = -n * math.log(sig) - 0.5 * n * LOG_2PI - q / (2 * sig * sig)
        g = [n * d / sig**2, -n / sig + q / sig**3]
        h = [-n / sig**2, -2 * n * d / sig**3, n / sig**2 - 3 * q / sig**4]
        return ll, g, h

    def _stats(self):
        return 0.0, 1.0, 0.0, 0.0

    def _entropy(self):
        return 0.5 * (LOG_2PI + 1.0)

    def _rvs(self, size, random_state):
        return random_state.standard_normal(size)


norm = Norm()
