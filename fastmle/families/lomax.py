"""Lomax (Pareto II) distribution, ``scipy.stats.lomax(c, loc, scale)`` (loc fixed,
default 0)."""
from fastmle.families._base import PositiveFamily
from fastmle.families.pareto import pareto


class Lomax(PositiveFamily, spec="lomax"):
    """Lomax: free (c, scale), fixed loc; density c (1 + y)^(-c-1) / scale on y =
    (x - loc) / scale >= 0 (pareto(c) moved by -1: its moments but the mean, its
    entropy)."""

    def _stats(self, c):
        # the mean 1/(c - 1), not pareto's c/(c - 1) - 1 (scipy's, which cancels at large c)
        _, v, g1, g2 = pareto._stats(c)
        return (1.0 / (c - 1.0) if c > 1 else float("inf")), v, g1, g2

    def _entropy(self, c):
        return pareto._entropy(c)


lomax = Lomax()
