"""Exponential power distribution, ``scipy.stats.exponpow(b, loc, scale)`` (loc fixed,
default 0).

Density ``b y^(b-1) exp(1 + y^b - exp(y^b)) / scale`` at ``y = (x - loc) / scale > 0``:
``y^b = log1p(T)`` with ``T`` exponential, so ``E[X^k] = E[log1p(T)^(k/b)]``.
"""
import math

from scipy.integrate import quad

from fastmle.families._base import LOG_MOMENT_TERMS, PositiveFamily, positive_stats

# log E[U^s], U = log1p(T), T ~ Exp(1): sum_n ((-1)^n / n + LOG_MOMENT_CORR[n-1]) s^n (the
# -log(1 + s) of its pole at s = -1 and a remainder converging in |s| < 3; mpmath, 80
# digits; below 1e-18 relative from n = 37 on)
LOG_MOMENT_CORR = (
    0.10269000600184181226, 0.084835337264084116022, -0.013745588286208133219,
    0.0030428392820933184979, -0.00077122251401490488778, 0.00021017477769397680051,
    -0.000059823488388967307472, 0.000017513310936095015463, -5.2264347010891370612e-6,
    1.5812819702544449254e-6, -4.8333968213597858482e-7, 1.4890716503197699983e-7,
    -4.6163279042496719894e-8, 1.4384615629947875757e-8, -4.5015163173944398126e-9,
    1.4138679487779696866e-9, -4.4549475413587319623e-10, 1.4076650469359466678e-10,
    -4.459135064015921296e-11, 1.4157667144426148743e-11, -4.5043830788659716789e-12,
    1.4358450802981474221e-12, -4.5850583405554900297e-13, 1.4665322272493971685e-13,
    -4.6978455941716095016e-14, 1.5070319038361114233e-14, -4.8408688405549670081e-15,
    1.5569175992167614518e-15, -5.01322079320531099e-16, 1.6160214855660907557e-16,
    -5.2146977347558051992e-17, 1.6843704758001381718e-17, -5.4456440017676067712e-18,
    1.7621481508485880198e-18, -5.7068583758043483747e-19, 1.8496717109870454246e-19)
GOMPERTZ = 0.5963473623231940743    # E[U] = e E1(1)


def log_moment_taylor(b):
    """Taylor coefficients of log E[X^t] = log E[U^(t/b)] (see LOG_MOMENT_CORR)."""
    out = [0.0]
    for n in range(1, LOG_MOMENT_TERMS + 1):
        a = (-1.0 if n % 2 else 1.0) / n
        if n <= len(LOG_MOMENT_CORR):
            a += LOG_MOMENT_CORR[n - 1]
        out.append(a * b ** -n)
    return out


def _quad(f):
    return quad(f, 0.0, math.inf, epsabs=0.0, epsrel=1.2e-14, limit=200)[0]


class Exponpow(PositiveFamily, spec="exponpow"):
    """Exponential power: free (b, scale), fixed loc."""

    def _stats(self, b):
        if b >= 5.0:
            # the series of log E[X^t] converges in |t| < b (positive_stats)
            taylor = log_moment_taylor(b)
            return positive_stats(lambda: math.fsum(taylor[1:]), None, 4, taylor, b)
        # by quadrature over T: m = E[X], then E[(X/m - 1)^j] with X/m - 1 as an expm1
        # (no cancellation of raw moments)
        lam = math.log(_quad(lambda t: math.exp(-t) * math.log1p(t) ** (1.0 / b)))

        def ratio(j):
            return _quad(lambda t: math.exp(-t) * math.expm1(math.log(math.log1p(t)) / b - lam)
                         ** j if t > 0.0 else (-1.0) ** j)
        r2, r3, r4 = ratio(2), ratio(3), ratio(4)
        m = math.exp(lam)
        return m, m * m * r2, r3 / r2 / math.sqrt(r2), (r4 - 3.0 * r2 * r2) / r2 / r2

    def _entropy(self, b):
        # -E[log f] with E[log U] = -1 + LOG_MOMENT_CORR[0], E[U] = GOMPERTZ, E[e^U] = 2
        return 1.0 - math.log(b) - (1.0 - 1.0 / b) * (LOG_MOMENT_CORR[0] - 1.0) - GOMPERTZ


exponpow = Exponpow()
