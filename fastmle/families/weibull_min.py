"""Weibull distribution, ``scipy.stats.weibull_min(c, loc, scale)`` (loc fixed, default 0)."""
from fastmle.families._base import Family


class WeibullMin(Family):
    """Weibull (minimum): free (c, scale), fixed loc."""

    name = "weibull_min"
    param_names = ("c", "scale")
    fixed_names = ("loc",)
    scipy_args = ("c", "loc", "scale")
    defaults = {"loc": 0.0, "scale": 1.0}
    constraints = {"c": "positive", "scale": "positive"}


weibull_min = WeibullMin()
