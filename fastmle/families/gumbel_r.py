"""Gumbel (right-skewed) distribution, ``scipy.stats.gumbel_r(loc, scale)``."""
from fastmle.families._base import Family


class GumbelR(Family, spec="gumbel_r"):
    """Gumbel (right-skewed): free (loc, scale)."""


gumbel_r = GumbelR()
