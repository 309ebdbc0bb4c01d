"""Pareto distribution, ``scipy.stats.pareto(b, loc, scale)`` (loc fixed, default 0)."""
from fastmle.families._base import Family


class Pareto(Family):
    """Pareto: free (b, scale), fixed loc; support x >= loc + scale."""

    name = "pareto"
    param_names = ("b", "scale")
    fixed_names = ("loc",)
    scipy_args = ("b", "loc", "scale")
    defaults = {"loc": 0.0, "scale": 1.0}
    constraints = {"b": "positive", "scale": "positive"}


pareto = Pareto()
