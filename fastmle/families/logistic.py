"""Logistic distribution, ``scipy.stats.logistic(loc, scale)``."""
from fastmle.families._base import LocScaleFamily


class Logistic(LocScaleFamily):
    """Logistic: free (loc, scale)."""

    name = "logistic"


logistic = Logistic()
