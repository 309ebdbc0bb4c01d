"""Generalized Pareto distribution, ``scipy.stats.genpareto(c, loc, scale)`` (loc fixed,
default 0: the threshold)."""
import math

from fastmle.families._base import PositiveFamily


class Genpareto(PositiveFamily, spec="genpareto"):
    """Generalized Pareto: free (c, scale), fixed loc (the threshold).

    With y = (x - loc) / scale, the density is (1 + c y)^(-1 - 1/c) / scale on y >= 0
    (and y <= -1/c when c < 0), exp(-y) / scale at c = 0 (expon) and uniform on
    [loc, loc + scale] at c = -1.  scipy's c is the usual shape xi: c > 0 is the
    heavy (Pareto-type) tail, c < 0 a bounded support.

    Fits: the maximum likelihood estimate is the local maximum of the likelihood; it
    is regular for c > -1/2, exists but is non-regular for -1 < c <= -1/2 (the
    standard errors from the observed information are then unreliable), and for
    c < -1 the density at the upper end -scale / c is infinite: the likelihood grows
    without bound as that end approaches the largest value.  A fit that runs into
    that end stops with status ``"diverged"`` (``converged=False``, a
    ``ConvergenceWarning``), never at a spurious point.  Starts: Hosking and
    Wallis' probability-weighted moments.
    """

    def _support(self, c):
        return 0.0, (-1.0 / c if c < 0 else math.inf)

    def _stats(self, c):
        nan, inf = math.nan, math.inf
        # kurtosis as one fraction: scipy's 3 (1 - 2c)(2c^2 + c + 3) / ((1 - 3c)(1 - 4c)) - 3
        # cancels where it crosses 0 (near c = -0.43)
        return (1.0 / (1.0 - c) if c < 1 else inf,
                1.0 / (1.0 - c) ** 2 / (1.0 - 2.0 * c) if c < 0.5 else nan,
                2.0 * (1.0 + c) * math.sqrt(1.0 - 2.0 * c) / (1.0 - 3.0 * c) if c < 1 / 3
                else nan,
                -6.0 * (((2.0 * c + 6.0) * c - 1.0) * c - 1.0) / ((1.0 - 3.0 * c) * (1.0 - 4.0 * c))
                if c < 0.25 else nan)

    def _entropy(self, c):
        return 1.0 + c


genpareto = Genpareto()
