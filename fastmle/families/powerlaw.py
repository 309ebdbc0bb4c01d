"""Power-function distribution, ``scipy.stats.powerlaw(a, loc, scale)`` (loc, scale
fixed: 0, 1).

Density ``a y^(a-1) / scale`` at ``y = (x - loc) / scale`` in (0, 1] (and at y = 0 for
``a >= 1``, scipy's support); beta with ``b = 1``.  The MLE of ``a`` is
``-n / sum(log y)``.
"""
import math

from fastmle.families._base import Family


class Powerlaw(Family, spec="powerlaw"):
    """Power function: free a, fixed loc and scale."""

    end_shapes = ("a", None)

    def _support(self, a):
        return 0.0, 1.0

    def _stats(self, a):
        # scipy's closed forms (the kurtosis polynomial by Horner, as numpy's polyval)
        return (a / (a + 1.0), a / (a + 2.0) / (a + 1.0) ** 2,
                -2.0 * ((a - 1.0) / (a + 3.0)) * math.sqrt((a + 2.0) / a),
                6.0 * (((a - 1.0) * a - 6.0) * a + 2.0) / (a * (a + 3.0) * (a + 4.0)))

    def _entropy(self, a):
        # 1 - 1/a - log(a) = u + log1p(-u), u = 1 - 1/a: its series where it cancels
        u = (a - 1.0) / a
        if abs(u) < 1e-3:
            return -u * u * (1 / 2 + u * (1 / 3 + u * (1 / 4 + u * (1 / 5 + u * (
                1 / 6 + u * (1 / 7 + u / 8))))))
        return u - math.log(a)


powerlaw = Powerlaw()
