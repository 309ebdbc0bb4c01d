"""Pareto distribution, ``scipy.stats.pareto(b, loc, scale)`` (loc fixed, default 0)."""
from fastmle.families._base import PositiveFamily


class Pareto(PositiveFamily):
    """Pareto: free (b, scale), fixed loc; support x >= loc + scale."""

    name = "pareto"
    param_names = ("b", "scale")
    scipy_args = ("b", "loc", "scale")
    constraints = {"b": "positive", "scale": "positive"}


pareto = Pareto()
