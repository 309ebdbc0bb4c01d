"""Cauchy distribution, ``scipy.stats.cauchy(loc, scale)``."""
from fastmle.families._base import LocScaleFamily


class Cauchy(LocScaleFamily):
    """Cauchy: free (loc, scale)."""

    name = "cauchy"


cauchy = Cauchy()
