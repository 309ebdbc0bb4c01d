"""Student's t distribution, ``scipy.stats.t(df, loc, scale)``."""
from fastmle.families._base import Family


class T(Family):
    """Student's t: free (df, loc, scale)."""

    name = "t"
    param_names = ("df", "loc", "scale")
    scipy_args = ("df", "loc", "scale")
    defaults = {"loc": 0.0, "scale": 1.0}
    constraints = {"df": "positive", "scale": "positive"}


t = T()
