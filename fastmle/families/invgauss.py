"""Inverse Gaussian distribution, ``scipy.stats.invgauss(mu, loc, scale)`` (loc fixed,
default 0)."""
import math

from scipy.special import exp1

from fastmle.families._base import PositiveFamily
from fastmle.families.gumbel_r import EULER


def scaled_exp1(r):
    """exp(r) E1(r) for r > 0 (its asymptotic series above r = 500, where E1 underflows)."""
    if r <= 500.0:
        return math.exp(r) * exp1(r)
    acc, term = 0.0, 1.0 / r
    for k in range(1, 12):
        acc += term
        term *= -k / r
    return acc


class Invgauss(PositiveFamily, spec="invgauss"):
    """Inverse Gaussian: free (mu, scale), fixed loc; density
    exp(-(y - mu)^2 / (2 mu^2 y)) / (sqrt(2 pi y^3) scale) on y = (x - loc) / scale > 0
    (mean mu scale, shape lambda = scale); the MLE in closed form for every free subset."""

    def _stats(self, mu):
        return mu, mu**3, 3.0 * math.sqrt(mu), 15.0 * mu

    def _entropy(self, mu):
        # (1 + log(2 pi e mu^3)) / 2 - 3/2 exp(r) E1(r), r = 2/mu; for small r the terms
        # 3/2 log(mu) cancel: E1(r) = -gamma - log(r) + S(r) gives
        # log(mu) - exp(r) E1(r) = -log(mu) expm1(r) + exp(r) (gamma + log 2 - S(r))
        r = 2.0 / mu
        c = 0.5 * (1.0 + math.log(2.0 * math.pi))
        if r >= 0.5:
            return c + 1.5 * math.log(mu) - 1.5 * scaled_exp1(r)
        s, term, k = 0.0, 1.0, 1
        while True:                 # S(r) = sum (-1)^(k+1) r^k / (k k!)
            term *= r / k
            t = term / k * (1 if k % 2 else -1)
            s += t
            if abs(t) <= 1e-17 * abs(s):
                break
            k += 1
        return c + 1.5 * (-math.log(mu) * math.expm1(r)
                          + math.exp(r) * (EULER + math.log(2.0) - s))

    def _rvs(self, mu, size, random_state):
        return random_state.wald(mu, 1.0, size=size)


invgauss = Invgauss()
