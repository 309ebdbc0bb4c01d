"""Gumbel (right-skewed) distribution, ``scipy.stats.gumbel_r(loc, scale)``."""
from fastmle.families._base import LocScaleFamily


class GumbelR(LocScaleFamily):
    """Gumbel (right-skewed): free (loc, scale)."""

    name = "gumbel_r"


gumbel_r = GumbelR()
