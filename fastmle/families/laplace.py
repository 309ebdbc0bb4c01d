"""Laplace (double exponential) distribution, ``scipy.stats.laplace(loc, scale)``."""
from fastmle.families._base import LocScaleFamily


class Laplace(LocScaleFamily):
    """Laplace (double exponential): free (loc, scale)."""

    name = "laplace"


laplace = Laplace()
