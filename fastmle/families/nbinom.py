"""Negative binomial distribution, ``scipy.stats.nbinom(n, p)`` (n real > 0)."""
from fastmle.families._base import Family


class Nbinom(Family, spec="nbinom"):
    """Negative binomial: free (n, p)."""


nbinom = Nbinom()
