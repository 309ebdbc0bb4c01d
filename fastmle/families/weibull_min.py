"""Weibull distribution, ``scipy.stats.weibull_min(c, loc, scale)`` (loc fixed, default 0)."""
from fastmle.families._base import PositiveFamily


class WeibullMin(PositiveFamily):
    """Weibull (minimum): free (c, scale), fixed loc."""

    name = "weibull_min"
    param_names = ("c", "scale")
    scipy_args = ("c", "loc", "scale")
    constraints = {"c": "positive", "scale": "positive"}

    def fit_method(self, free):
        return "newton (profile likelihood)" if free.all() else "newton"


weibull_min = WeibullMin()
