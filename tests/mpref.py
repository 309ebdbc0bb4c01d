"""mpmath reference log-densities (the oracle where scipy's double formulas overflow
or cancel): ``mp_logpdf(name, params, x)`` with scipy's parameter names, as an
mpmath number; ``to_float`` rounds it to a double (+-inf beyond the range)."""
import math

import mpmath as mp


def _digits(*values):
    """Working digits: enough for lgamma differences of arguments up to the largest value."""
    big = max([1.0] + [abs(float(v)) for v in values if math.isfinite(float(v))])
    return max(40 + int(math.log10(big)), mp.mp.dps + 20)   # at least the caller's


def mp_logpdf(name, p, x):
    """log-density (log-pmf) of scipy.stats.<name>(**p) at the double x, in mpmath."""
    with mp.workdps(_digits(x, *p.values())):
        x = mp.mpf(x)
        loc = mp.mpf(p.get("loc", 0.0))
        scale = mp.mpf(p.get("scale", 1.0))
        z = (x - loc) / scale
        ls = mp.log(scale)
        if name == "norm":
            v = -z * z / 2 - ls - mp.log(2 * mp.pi) / 2
        elif name == "t":
            df = mp.mpf(p["df"])
            v = (mp.loggamma((df + 1) / 2) - mp.loggamma(df / 2) - mp.log(mp.pi * df) / 2 - ls
                 - (df + 1) / 2 * mp.log1p(z * z / df))
        elif name == "logistic":   # (exp(-|z|) below 1e-4000 is negligible: skip it)
            v = -abs(z) - (2 * mp.log1p(mp.exp(-abs(z))) if abs(z) < 1e4 else 0) - ls
        elif name == "cauchy":
            v = -mp.log(mp.pi) - ls - mp.log1p(z * z)
        elif name == "laplace":
            v = -abs(z) - mp.log(2) - ls
        elif name == "gumbel_r":   # (as logistic; below z = -1e4 far below -DBL_MAX)
            v = mp.ninf if z < -1e4 else -z - (mp.exp(-z) if z < 1e4 else 0) - ls
        elif name == "gumbel_l":   # (gumbel_r mirrored)
            v = mp.ninf if z > 1e4 else z - (mp.exp(z) if z > -1e4 else 0) - ls
        elif name == "loggamma":
            c = mp.mpf(p["c"])
            v = mp.ninf if z > 1e4 else c * z - mp.exp(z) - mp.loggamma(c) - ls
        elif name == "gamma":
            a = mp.mpf(p["a"])
            v = (a - 1) * mp.log(z) - z - mp.loggamma(a) - ls if z > 0 else mp.ninf
        elif name == "expon":
            v = -z - ls if z >= 0 else mp.ninf
        elif name == "halfnorm":
            v = mp.log(2 / mp.pi) / 2 - z * z / 2 - ls if z >= 0 else mp.ninf
        elif name == "weibull_min":
            c = mp.mpf(p["c"])
            v = mp.log(c) + (c - 1) * mp.log(z) - z**c - ls if z > 0 else mp.ninf
        elif name == "dweibull":
            c = mp.mpf(p["c"])
            if z == 0:      # scipy's xlogy(c - 1, 0)
                v = mp.log(c / 2) - ls if c == 1 else (mp.ninf if c > 1 else mp.inf)
            else:
                v = mp.log(c / 2) + (c - 1) * mp.log(abs(z)) - abs(z) ** c - ls
        elif name == "lognorm":
            s, u = mp.mpf(p["s"]), x - loc
            d = mp.log(u) - ls if u > 0 else None
            v = -mp.log(u) - mp.log(s) - mp.log(2 * mp.pi) / 2 - d * d / (2 * s * s) \
                if u > 0 else mp.ninf
        elif name == "uniform":
            v = -ls if 0 <= z <= 1 else mp.ninf
        elif name == "pareto":
            b = mp.mpf(p["b"])
            v = mp.log(b) - (b + 1) * mp.log(z) - ls if z >= 1 else mp.ninf
        elif name == "chi2":
            k = mp.mpf(p["df"]) / 2
            v = ((k - 1) * mp.log(z / 2) - z / 2 - mp.loggamma(k) - mp.log(2) - ls
                 if z > 0 else mp.ninf)
        elif name == "invgamma":
            a = mp.mpf(p["a"])
            v = -(a + 1) * mp.log(z) - 1 / z - mp.loggamma(a) - ls if z > 0 else mp.ninf
        elif name == "invgauss":
            mu = mp.mpf(p["mu"])
            v = (-mp.log(2 * mp.pi) / 2 - mp.mpf(3) / 2 * mp.log(z)
                 - (z - mu) ** 2 / (2 * mu * mu * z) - ls if z > 0 else mp.ninf)
        elif name == "lomax":
            c = mp.mpf(p["c"])
            v = mp.log(c) - (c + 1) * mp.log1p(z) - ls if z >= 0 else mp.ninf
        elif name == "rayleigh":
            v = mp.log(z) - z * z / 2 - ls if z > 0 else mp.ninf
        elif name == "beta":
            a, b = mp.mpf(p["a"]), mp.mpf(p["b"])
            lb = mp.loggamma(a) + mp.loggamma(b) - mp.loggamma(a + b)
            v = (a - 1) * mp.log(z) + (b - 1) * mp.log1p(-z) - lb - ls if 0 < z < 1 else mp.ninf
        elif name == "fisk":
            c = mp.mpf(p["c"])
            v = mp.log(c) + (c - 1) * mp.log(z) - 2 * mp.log1p(z**c) - ls if z > 0 else mp.ninf
        elif name == "burr12":
            c, d = mp.mpf(p["c"]), mp.mpf(p["d"])
            v = (mp.log(c * d) + (c - 1) * mp.log(z) - (d + 1) * mp.log1p(z**c) - ls
                 if z > 0 else mp.ninf)
        elif name == "nakagami":
            nu = mp.mpf(p["nu"])
            v = (mp.log(2) + nu * mp.log(nu) - mp.loggamma(nu) + (2 * nu - 1) * mp.log(z)
                 - nu * z * z - ls if z > 0 else mp.ninf)
        elif name == "exponpow":
            b = mp.mpf(p["b"])
            v = (1 + mp.log(b) + (b - 1) * mp.log(z) + z**b - mp.exp(z**b) - ls
                 if z > 0 else mp.ninf)
        elif name == "powerlaw":
            a = mp.mpf(p["a"])
            v = mp.log(a) + (a - 1) * mp.log(z) - ls if 0 < z <= 1 else mp.ninf
        elif name == "genpareto":   # 1 + c z = 0 at c = -1: the uniform's density
            c = mp.mpf(p["c"])
            t = 1 + c * z
            if z < 0 or t < 0:
                v = mp.ninf
            elif c == 0:
                v = -z - ls
            elif t == 0:
                v = -ls if c == -1 else (mp.inf if c < -1 else mp.ninf)
            else:
                v = -(1 + 1 / c) * mp.log1p(c * z) - ls
        elif name == "genextreme":  # scipy's sign of c; 1 - c z = 0: scipy's -inf (0 at c = 1)
            c = mp.mpf(p["c"])
            if c == 0:
                v = mp.ninf if z < -1e4 else -z - (mp.exp(-z) if z < 1e4 else 0) - ls
            elif c * z >= 1:
                v = -ls if (c * z == 1 and c == 1) else mp.ninf
            else:
                lt = mp.log1p(-c * z)       # (log1p: exact also for c as small as 1e-300)
                v = -mp.exp(lt / c) + (1 / c - 1) * lt - ls
        elif name == "geom":
            pp = mp.mpf(p["p"])
            v = (x - 1) * mp.log1p(-pp) + mp.log(pp)
        elif name == "poisson":
            mu = mp.mpf(p["mu"])
            v = x * mp.log(mu) - mp.loggamma(x + 1) - mu
        elif name == "nbinom":
            n, pp = mp.mpf(p["n"]), mp.mpf(p["p"])
            v = (mp.loggamma(n + x) - mp.loggamma(x + 1) - mp.loggamma(n) + n * mp.log(pp)
                 + x * mp.log1p(-pp))
        elif name == "binom":
            n, pp = mp.mpf(p["n"]), mp.mpf(p["p"])
            v = (mp.loggamma(n + 1) - mp.loggamma(x + 1) - mp.loggamma(n - x + 1)
                 + x * mp.log(pp) + (n - x) * mp.log1p(-pp))
        else:
            raise KeyError(name)
        return +v


def to_float(v):
    """An mpmath value as a double: +-inf beyond the double range."""
    if mp.isinf(v):
        return float(v)
    if abs(v) > mp.mpf(1.7976931348623157e308):
        return math.copysign(math.inf, float(mp.sign(v)))
    return float(v)


def mp_log_ibeta(a, b, y, upper=False, dps=50):
    """log I_y(a, b) (upper: log(1 - I_y(a, b)) = log I_{1-y}(b, a)) in mpmath, as an mpmath
    number: x^a (1 - x)^b / (a B(a, b)) * sum_n (a + b)_n / (a + 1)_n x^n summed term by
    term (the hypergeometric form; mpmath's betainc does not converge for large a, b)."""
    with mp.workdps(dps):
        a, b, y = mp.mpf(a), mp.mpf(b), mp.mpf(y)
        a, b, x = (b, a, 1 - y) if upper else (a, b, y)
        if x <= 0:
            return mp.ninf
        s = t = mp.mpf(1)
        n = 0
        while t > s * mp.mpf(10) ** (5 - dps):
            t *= (a + b + n) / (a + 1 + n) * x
            s += t
            n += 1
            if n > 10**6:
                raise ValueError("the series converges too slowly here")
        return (a * mp.log(x) + b * mp.log1p(-x) - mp.log(a) + mp.log(s)
                - (mp.loggamma(a) + mp.loggamma(b) - mp.loggamma(a + b)))
