"""Student's t distribution, ``scipy.stats.t(df, loc, scale)``."""
from fastmle.families._base import Family


class T(Family, spec="t"):
    """Student's t: free (df, loc, scale)."""


t = T()
