"""Binomial distribution, ``scipy.stats.binom(n, p)`` (n given, p free)."""
import numpy as np
from scipy.special import xlog1py, xlogy

from fastmle.families._base import Family, SuffStats


def bernoulli_stats_derivs(s, f, p, const):
    """(loglik, gradient, Hessian) in p of ``const + s log(p) + f log1p(-p)`` (s successes,
    f failures), with the kernels' conventions: a term with a zero count is 0, even at
    p = 0 or 1 (log1p, not log(1 - p): exact for tiny p)."""
    with np.errstate(divide="ignore"):
        ll = const + xlogy(s, p) + xlog1py(f, -p)
        q = np.float64(1.0) - p
        g = (s / np.float64(p) if s else 0.0) - (f / q if f else 0.0)
        h = -(s / np.float64(p) ** 2 if s else 0.0) - (f / q**2 if f else 0.0)
    return float(ll), [float(g)], [float(h)]


class Binom(Family, spec="binom"):
    """Binomial: free (p,), fixed n; statistics (sum x, sum log C(n, x))."""

    stats_class = SuffStats

    def stats_params(self, x, th):
        return [th[1]]

    def stats_derivs(self, count, v, th):
        p, n = th
        s, lc = v
        return bernoulli_stats_derivs(s, n * count - s, p, lc)

    def _support(self, n, p):
        return 0, n

    def _stats(self, n, p):
        npq = n * p * (1.0 - p)
        with np.errstate(all="ignore"):
            return (n * p, npq, np.divide(1.0 - 2.0 * p, np.sqrt(npq)),
                    np.divide(1.0 - 6.0 * p * (1.0 - p), npq))

    def _rvs(self, n, p, size, random_state):
        return random_state.binomial(n, p, size)


binom = Binom()
