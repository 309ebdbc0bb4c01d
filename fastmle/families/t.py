"""Student's t distribution, ``scipy.stats.t(df, loc, scale)``."""
import math

from fastmle._py.special import betaln, psi_diff
from fastmle.families._base import Family, inverse_series
from fastmle.families.norm import LOG_2PI

# entropy - (1 + log(2 pi))/2 = sum c_k df^-k, k = 1..6
ENTROPY_SERIES = (1.0, 1 / 4, -1 / 6, -1 / 8, 3 / 10, 1 / 4)


class T(Family, spec="t"):
    """Student's t: free (df, loc, scale)."""

    def _stats(self, df):
        nan, inf = math.nan, math.inf
        if df == inf:
            return 0.0, 1.0, 0.0, 0.0
        return (0.0 if df > 1 else inf,
                df / (df - 2.0) if df > 2 else inf if df > 1 else nan,
                0.0 if df > 3 else nan,
                6.0 / (df - 4.0) if df > 4 else inf if df > 2 else nan)

    def _entropy(self, df):
        if df >= 100.0:
            # the expansion in 1/df of the form below, whose log terms cancel as df grows
            return 0.5 * (1.0 + LOG_2PI) + inverse_series(df, ENTROPY_SERIES)
        return ((df + 1.0) / 2.0 * psi_diff(df / 2.0, 0.5) + 0.5 * math.log(df)
                + betaln(df / 2.0, 0.5))

    def _rvs(self, df, size, random_state):
        return random_state.standard_t(df, size=size)


t = T()
