"""Cauchy distribution, ``scipy.stats.cauchy(loc, scale)``."""
from fastmle.families._base import Family


class Cauchy(Family, spec="cauchy"):
    """Cauchy: free (loc, scale)."""


cauchy = Cauchy()
