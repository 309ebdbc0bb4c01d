"""Negative binomial distribution, ``scipy.stats.nbinom(n, p)`` (n real > 0)."""
from fastmle.families._base import Family


class Nbinom(Family):
    """Negative binomial: free (n, p)."""

    name = "nbinom"
    support_text = "integers x >= 0"
    param_names = ("n", "p")
    scipy_args = ("n", "p")
    constraints = {"n": "positive", "p": "probability_pos"}   # as scipy: p = 0 is invalid
    discrete = True


nbinom = Nbinom()
