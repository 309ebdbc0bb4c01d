"""Logistic distribution, ``scipy.stats.logistic(loc, scale)``."""
from fastmle.families._base import Family


class Logistic(Family, spec="logistic"):
    """Logistic: free (loc, scale)."""


logistic = Logistic()
