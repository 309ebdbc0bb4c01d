"""Weibull distribution, ``scipy.stats.weibull_min(c, loc, scale)`` (loc fixed, default 0)."""
from fastmle.families._base import PositiveFamily


class WeibullMin(PositiveFamily, spec="weibull_min"):
    """Weibull (minimum): free (c, scale), fixed loc."""

    def fit_method(self, free):
        return "newton (profile likelihood)" if free.all() else "newton"


weibull_min = WeibullMin()
