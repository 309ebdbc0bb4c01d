"""Distribution functions (cdf, sf, logcdf, logsf, ppf, isf, pdf/pmf) of the frozen
distributions, on every engine, against scipy (exact there: rtol 1e-12, inverses
1e-10) over the bulk and both tails, and against mpmath where scipy's value
underflows (logsf / logcdf far in the tails)."""
import math

import mpmath as mp
import numpy as np
import pytest
import scipy.special as sc
import scipy.stats as st
from conftest import ENGINES
from mpref import mp_log_ibeta, mp_logpdf

import fastmle
from fastmle import _spec

FAMILIES = [f.name for f in _spec.FAMILIES.values() if f.dist_functions]
# parameter sets per family (scipy keywords): ordinary, small and large shapes, loc/scale
PARAMS = {
    "norm": [dict(), dict(loc=1.5, scale=2.0), dict(loc=-1e3, scale=1e-3)],
    "expon": [dict(), dict(loc=0.5, scale=3.0), dict(loc=-2.0, scale=1e-5)],
    "halfnorm": [dict(), dict(loc=0.5, scale=3.0), dict(loc=-2.0, scale=1e-5)],
    "gamma": [dict(a=2.5), dict(a=0.05, scale=3.0), dict(a=300.0, loc=1.0, scale=0.5),
              dict(a=1e6, scale=2.0)],
    "lognorm": [dict(s=0.7), dict(s=0.05, loc=1.0, scale=3.0), dict(s=3.0, scale=1e-3)],
    "weibull_min": [dict(c=1.8), dict(c=0.3, scale=2.0), dict(c=20.0, loc=-1.0, scale=0.5)],
    "dweibull": [dict(c=2.07), dict(c=0.5, loc=1.0, scale=3.0), dict(c=20.0, loc=-1.0, scale=0.5)],
    "laplace": [dict(), dict(loc=1.5, scale=2.0)],
    "logistic": [dict(), dict(loc=1.5, scale=2.0)],
    "gumbel_r": [dict(), dict(loc=1.5, scale=2.0)],
    "gumbel_l": [dict(), dict(loc=1.5, scale=2.0), dict(loc=-1e3, scale=1e-3)],
    "loggamma": [dict(c=2.5), dict(c=0.05, loc=1.0, scale=3.0), dict(c=300.0, loc=-2.0, scale=0.5),
                 dict(c=1e-3)],
    "cauchy": [dict(), dict(loc=1.5, scale=2.0)],
    "pareto": [dict(b=2.5), dict(b=0.5, loc=-1.0, scale=3.0), dict(b=30.0, scale=1e-3)],
    "t": [dict(df=3.0), dict(df=0.7, loc=1.0, scale=2.0), dict(df=1e4)],
    "beta": [dict(a=2.5, b=3.5), dict(a=0.05, b=0.3, loc=1.0, scale=3.0), dict(a=300.0, b=50.0),
             dict(a=1e-3, b=1e3)],
    # discrete: edge parameters too (mu = 0, p = 0 and 1)
    "poisson": [dict(mu=3.5), dict(mu=1e-3), dict(mu=1e4), dict(mu=0.0)],
    "binom": [dict(n=12, p=0.3), dict(n=1000, p=1e-3), dict(n=10**6, p=0.6), dict(n=5, p=0.0),
              dict(n=5, p=1.0), dict(n=0, p=0.5)],
    "geom": [dict(p=0.35), dict(p=1e-4), dict(p=0.99), dict(p=1.0)],
    "nbinom": [dict(n=3.5, p=0.4), dict(n=1e-3, p=0.5), dict(n=1e4, p=0.9), dict(n=2.0, p=1e-4),
               dict(n=2.5, p=1.0)],
    "rayleigh": [dict(), dict(loc=0.5, scale=3.0), dict(loc=-2.0, scale=1e-5)],
    "chi2": [dict(df=5.0), dict(df=0.1, scale=3.0), dict(df=600.0, loc=1.0, scale=0.5),
             dict(df=2e6, scale=2.0)],
    "invgamma": [dict(a=2.5), dict(a=0.05, scale=3.0), dict(a=300.0, loc=1.0, scale=0.5),
                 dict(a=1e6, scale=2.0)],
    "invgauss": [dict(mu=0.145), dict(mu=1.0, loc=0.5, scale=3.0), dict(mu=0.01, scale=2.0),
                 dict(mu=30.0), dict(mu=1e4)],
    "lomax": [dict(c=2.5), dict(c=0.5, loc=-1.0, scale=3.0), dict(c=30.0, scale=1e-3)],
    "uniform": [dict(), dict(loc=1.5, scale=2.0), dict(loc=-1e3, scale=1e-3)],
    "fisk": [dict(c=3.1), dict(c=0.5, loc=1.0, scale=3.0), dict(c=30.0, scale=1e-3)],
    "burr12": [dict(c=10.0, d=4.0), dict(c=0.5, d=2.0, loc=1.0, scale=3.0),
               dict(c=3.0, d=0.05, scale=1e-3), dict(c=2.0, d=300.0)],
    "nakagami": [dict(nu=4.97), dict(nu=0.5, loc=1.0, scale=3.0), dict(nu=0.05, scale=1e-3),
                 dict(nu=1e3, scale=2.0)],
    "exponpow": [dict(b=2.7), dict(b=0.5, loc=1.0, scale=3.0), dict(b=0.05, scale=1e-3),
                 dict(b=30.0, scale=2.0)],
    "powerlaw": [dict(a=1.66), dict(a=0.5, loc=1.0, scale=3.0), dict(a=0.05, scale=1e-3),
                 dict(a=30.0, loc=-2.0)],
    # c = 0 and c = 1e-300: the exponential's (scipy's cdf is above 1 at c = 1e-300)
    "genpareto": [dict(c=0.25), dict(c=-0.4, loc=1.0, scale=2.0), dict(c=3.0, scale=1e-3),
                  dict(c=0.0, scale=2.0), dict(c=1e-300), dict(c=-1.0), dict(c=-2.5, scale=3.0),
                  dict(c=-1e-9, scale=0.5)],
    # scipy's sign of c (c > 0 bounded above); c = 0 and 1e-300: the Gumbel's
    "genextreme": [dict(c=-0.2, loc=0.5, scale=1.5), dict(c=0.3), dict(c=0.0, scale=2.0),
                   dict(c=1e-300), dict(c=-1e-9, loc=-1.0), dict(c=1.0), dict(c=2.0, scale=3.0),
                   dict(c=-3.0, loc=-1.0, scale=0.5), dict(c=40.0)],
}
DISCRETE = {f.name for f in _spec.FAMILIES.values() if f.discrete}


def mp_invgauss(mu, z):
    """(cdf, sf) of invgauss(mu) at the standard z: Phi(z1) + exp(2/mu) Phi(-z2) and
    Phi(-z1) - exp(2/mu) Phi(-z2), z1, z2 = (z/mu -+ 1)/sqrt(z), in enough digits for the
    cancellation of sf (a factor ~ z/mu)."""
    if z <= 0 or z == mp.inf:
        return mp.mpf(z == mp.inf), mp.mpf(z <= 0)
    with mp.workdps(60 + 2 * int(max(0, mp.log10(z / mu)))):
        z1, z2 = (z / mu - 1) / mp.sqrt(z), (z / mu + 1) / mp.sqrt(z)
        t = mp.exp(2 / mu) * mp.ncdf(-z2)
        return +(mp.ncdf(z1) + t), +(mp.ncdf(-z1) - t)


def mp_invgauss_quantile(mu, fn, q, start):
    """The standard quantile (ppf or isf) of q in (0, 1): the root in log(z) of the log of
    the tail function below 1/2, from the double ``start``."""
    lower = (fn == "ppf") == (q <= 0.5)
    tail = q if q <= 0.5 else 1 - q

    def f(w):
        c, s = mp_invgauss(mu, mp.exp(w))
        return mp.log(c if lower else s) - mp.log(tail)
    return mp.exp(mp.findroot(f, mp.log(start)))


def mp_reference(name, p, fn, x):
    """cauchy, pareto, halfnorm, lomax, invgauss, uniform, fisk, burr12, nakagami,
    genpareto and genextreme in mpmath: scipy's 0.5 + atan(z)/pi, 1 - y^-b, q^(-1/c) - 1,
    tan(pi (q - 1/2)), ndtri((1 + q)/2), uniform's 1 - y (its sf, and log(y) for its logcdf), fisk's
    log1p(-(1 + y^-c)^-1) and (1/q - 1)^(-1/c) and burr12's log1p(-(1 + y^c)^-d) cancel in
    a tail (relative errors to 1e-6; halfnorm's ppf is 0 below q = 1e-17), its invgauss
    logsf cancels in the upper tail (1e-10 at sf = 1e-300) and its (boost) ppf and isf
    fail there (e.g. ppf(1e-300) = 1.1e248 for mu = 0.145), nakagami's nu y^2 underflows
    (cdf 0 where it is 1e-30)."""
    with mp.workdps(60):
        loc, scale = mp.mpf(p.get("loc", 0.0)), mp.mpf(p.get("scale", 1.0))
        if fn in ("ppf", "isf"):
            q = mp.mpf(x)
            if not 0 <= q <= 1:
                return float("nan")
            if name == "uniform":
                return float(loc + scale * (q if fn == "ppf" else 1 - q))
            if name == "genextreme":    # loc + scale (1 - t^c) / c, t = -log q, by expm1
                c = mp.mpf(p["c"])
                t = -mp.log(q) if fn == "ppf" else -mp.log1p(-q)
                if t == 0 or t == mp.inf:       # the upper (t = 0) or lower end
                    up = t == 0
                    return float(loc + scale / c if (c > 0) == up and c != 0
                                 else (mp.inf if up else -mp.inf))
                return float(loc + scale * (-mp.expm1(c * mp.log(t)) / c if c != 0
                                            else -mp.log(t)))
            if name == "genpareto":     # (tail^-c - 1) / c, by expm1 (tiny c)
                c = mp.mpf(p["c"])
                t = -mp.log1p(-q) if fn == "ppf" else -mp.log(q)
                if t == mp.inf:
                    return float(loc - scale / c if c < 0 else mp.inf)
                return float(loc + scale * (mp.expm1(c * t) / c if c != 0 else t))
            lo, hi = getattr(st, name)(**p).support()
            if q in (0, 1):
                return float(lo if (q == 0) == (fn == "ppf") else hi)
            if name == "invgauss":     # seeded by fastmle's own (python engine) value
                start = (getattr(fastmle.invgauss(**p), fn)(x, engine="python")
                         - p.get("loc", 0.0)) / p.get("scale", 1.0)
                return float(loc + scale * mp_invgauss_quantile(mp.mpf(p["mu"]), fn, q, start))
            if name == "cauchy" and 2 * q == 1:
                return float(loc)
            if name == "halfnorm":       # erf(y / sqrt 2) = q, erfc(y / sqrt 2) = q
                r2 = mp.sqrt(2)
                if fn == "ppf":
                    return float(loc + scale * r2 * mp.erfinv(q))
                y = mp.findroot(lambda u: mp.log(mp.erfc(u / r2)) - mp.log(q),
                                r2 * mp.sqrt(-mp.log(q)))
                return float(loc + scale * y)
            if name == "cauchy":         # tan(pi (q - 1/2)) = -cot(pi q)
                return float(loc + (1 if fn == "ppf" else -1) * scale * -mp.cot(mp.pi * q))
            lower, upper = (q, 1 - q) if fn == "ppf" else (1 - q, q)   # the cdf, the sf
            if name == "fisk":
                return float(loc + scale * (lower / upper) ** (1 / mp.mpf(p["c"])))
            if name == "burr12":         # log1p(-q) exactly, not log(1 - q) rounded
                w = -(mp.log1p(-q) if fn == "ppf" else mp.log(q)) / mp.mpf(p["d"])
                return float(loc + scale * mp.expm1(w) ** (1 / mp.mpf(p["c"])))
            if name == "lomax":        # scipy's isf q^(-1/c) - 1 cancels near q = 1
                lt = mp.log1p(-q) if fn == "ppf" else mp.log(q)      # log(tail), q ~ 1e-300
                return float(loc + scale * mp.expm1(-lt / mp.mpf(p["c"])))
            return float(loc + scale * upper ** (-1 / mp.mpf(p["b"])))
        if np.isnan(x):
            return float("nan")
        # the standard variable as scipy and fastmle form it, in double; the function of
        # it exactly (near pareto's y = 1 the rounding of y alone moves cdf by 3e-7)
        z = mp.mpf((x - p.get("loc", 0.0)) / p.get("scale", 1.0)) if np.isfinite(x) \
            else mp.mpf(x)
        if name == "genextreme":      # E = -logcdf = exp(-log1p(-c z) / c), scipy's ends
            k = mp.mpf(p["c"])
            if not np.isfinite(x):
                E = mp.inf if x < 0 else mp.mpf(0)
            elif p["c"] * float(z) == 1.0 or k * z > 1:       # the end as scipy takes it
                E = mp.mpf(0) if k > 0 else mp.inf
            else:
                E = mp.exp(-(mp.log1p(-k * z) / -k if k != 0 else z))
            if fn == "logcdf":
                return float(-E)
            if E > 1e3:                  # (exp(-E) below the double range)
                return {"cdf": 0.0, "sf": 1.0, "logsf": -0.0}[fn]
            s, c = -mp.expm1(-E), mp.exp(-E)
        elif name == "genpareto":     # sf = exp(-L), cdf = -expm1(-L), L = log1p(c z) / c
            k = mp.mpf(p["c"])
            if not np.isfinite(x) or z <= 0 or (k < 0 and k * z <= -1):
                s = mp.mpf(float(z <= 0 and x != np.inf))
                c = 1 - s
            else:
                L = mp.log1p(k * z) / k if k != 0 else z
                s, c = mp.exp(-L), -mp.expm1(-L)
        elif name == "invgauss":
            c, s = mp_invgauss(mp.mpf(p["mu"]), z)
        elif name == "uniform":     # the exact (x - loc) / scale of the doubles
            c = (mp.mpf(x) - loc) / scale if np.isfinite(x) else mp.mpf(float(x > 0))
            c = min(max(c, mp.mpf(0)), mp.mpf(1))
            s = 1 - c
        elif name == "cauchy":
            # 1/2 + atan(z)/pi, as atan(-1/z)/pi below 0 (the identity; no cancellation)
            c = mp.atan(-1 / z) / mp.pi if z < 0 else mp.mpf(1) / 2 + mp.atan(z) / mp.pi
            s = mp.atan(1 / z) / mp.pi if z > 0 else mp.mpf(1) / 2 - mp.atan(z) / mp.pi
            if not np.isfinite(x):
                c, s = mp.mpf(float(x > 0)), mp.mpf(float(x < 0))
        elif name == "halfnorm":
            c = mp.erf(z / mp.sqrt(2)) if z > 0 else mp.mpf(0)
            s = 1 - c if z <= 0 else mp.erfc(z / mp.sqrt(2))
        elif name == "lomax":       # (1 + z)^-c, by log1p: z may be 1e-300
            e = -mp.mpf(p["c"]) * mp.log1p(z) if z >= 0 else mp.mpf(0)
            s, c = mp.exp(e), -mp.expm1(e)
        elif name in ("fisk", "burr12"):
            v = z ** mp.mpf(p["c"]) if z > 0 else mp.mpf(0)
            s = (1 + v) ** -mp.mpf(p.get("d", 1.0))
            c = 1 - s if s < 0.5 else -mp.expm1(-mp.mpf(p.get("d", 1.0)) * mp.log1p(v))
            if x == np.inf:
                c, s = mp.mpf(1), mp.mpf(0)
        elif name == "nakagami":
            nu = mp.mpf(p["nu"])
            zz = nu * z * z if z > 0 else mp.mpf(0)
            c = mp.gammainc(nu, 0, zz, regularized=True) if x < np.inf else mp.mpf(1)
            s = mp.gammainc(nu, zz, mp.inf, regularized=True) if x < np.inf else mp.mpf(0)
        else:
            s = z ** (-mp.mpf(p["b"])) if z >= 1 else mp.mpf(1)
            c = 1 - s
        if fn in ("cdf", "sf"):
            return float(c if fn == "cdf" else s)
        small, big = (c, s) if fn == "logcdf" else (s, c)
        if small == 0:
            return float("-inf")
        return float(mp.log(small) if small < 0.5 else mp.log1p(-big))


MP_FAMILIES = {"cauchy", "pareto", "halfnorm", "invgauss", "lomax", "uniform", "fisk", "burr12",
               "genpareto", "genextreme"}
# mpmath only where scipy's value is 0 (nakagami: nu y^2 underflows for tiny y, its cdf
# and logsf are 1e-30 there)
MP_WHERE_ZERO = {"nakagami"}
# scipy's logcdf / logsf are log(cdf) / log(sf): they cancel where the probability is near 1
LOG1P_FAMILIES = DISCRETE | {"beta"}


def reference_probs(name, p, theirs, x):
    """scipy's cdf and sf at x; for binom and nbinom at the counts of the support
    scipy.special's betainc / betaincc (the definitions: I_{1-p}(n - k, k + 1) and
    I_p(n, k + 1)), which scipy.stats' binom and nbinom (boost's distributions, another
    policy) miss by up to 1e-11 relative far in the tails (mpmath's sums agree with
    betainc there, see test_log_tails_where_scipy_underflows)."""
    with np.errstate(all="ignore"):
        c, s = theirs.cdf(x), theirs.sf(x)
    k = np.floor(x)
    if name == "binom":
        m = (k >= 0) & (k < p["n"])
        c[m] = sc.betaincc(k[m] + 1, p["n"] - k[m], p["p"])
        s[m] = sc.betainc(k[m] + 1, p["n"] - k[m], p["p"])
    elif name == "nbinom":
        m = (k >= 0) & np.isfinite(k)
        c[m] = sc.betainc(p["n"], k[m] + 1, p["p"])
        s[m] = sc.betaincc(p["n"], k[m] + 1, p["p"])
    return c, s


def stable_log(v, w):
    """log(v) of a probability v with complement w: log1p(-w) where v > 1/2 (scipy's
    logcdf / logsf, log(cdf) / log(sf), cancel there)."""
    with np.errstate(all="ignore"):
        return np.where(v > 0.5, np.log1p(-w), np.log(v))


CASES = [(f, p) for f in FAMILIES for p in PARAMS[f]]
IDS = [f"{f}-{i}" for f in FAMILIES for i in range(len(PARAMS[f]))]


def test_every_family_with_functions_has_params():
    assert set(FAMILIES) <= set(PARAMS)


def points(name, p):
    """Bulk and both tails of the distribution, the support's edges, outside, NaN, inf."""
    d = getattr(st, name)(**p)
    q = np.array([1e-300, 1e-100, 1e-20, 1e-8, 1e-3, 0.1, 0.5, 0.9, 1 - 1e-3, 1 - 1e-8])
    with np.errstate(all="ignore"):
        x = np.concatenate([d.ppf(q), d.isf(q[:6]), d.support(), [-np.inf, np.inf, np.nan]])
    if name == "invgauss":     # scipy's quantiles fail in the tails (see mp_reference)
        ours = fastmle.invgauss(**p)
        x = np.concatenate([x, ours.ppf(q), ours.isf(q[:6])])
    lo = d.support()[0]
    if np.isfinite(lo):
        x = np.concatenate([x, [lo - 1.0, lo + 1e-300]])
    if name in DISCRETE:     # counts, and values between them (the functions of floor(x))
        x = np.concatenate([x, x + 0.5, x - 0.25, [lo - 0.5]])
    return x


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name,p", CASES, ids=IDS)
def test_functions_of_x_against_scipy(name, p, engine):
    x = points(name, p)
    ours, theirs = getattr(fastmle, name)(**p), getattr(st, name)(**p)
    for fn in ("cdf", "sf", "logcdf", "logsf", "pmf" if name in DISCRETE else "pdf"):
        with np.errstate(all="ignore"):
            ref = getattr(theirs, fn)(x)
        if fn == "pdf" and (p.get("a", 0) >= 1e3 or p.get("df", 0) >= 100 or name == "lomax"):
            # scipy's gamma and t densities cancel there (lgamma differences), its lomax
            # density c / (1 + x)^(c + 1) overflows to 0 in the tail (3e-306 at c = 30)
            ref = np.array([float(mp.exp(mp_logpdf(name, p, v))) if np.isfinite(r) else r
                            for v, r in zip(x, ref)])
        if fn == "pdf" and name in ("genpareto", "genextreme"):
            # scipy's rounds c y, fastmle 1 + c y: near the end they differ (1e-9 at 1e-8
            # from it); mpmath at the standard variable as both form it
            std = dict(p, loc=0.0, scale=1.0)
            sc, lc = p.get("scale", 1.0), p.get("loc", 0.0)
            with np.errstate(all="ignore"):
                keep = ~np.isfinite(x) | (p.get("c") * ((x - lc) / sc) == 1.0)
            lp = [mp_logpdf(name, std, (v - lc) / sc) if not k else None
                  for v, k in zip(x, keep)]
            ref = np.array([r if v is None else float(mp.exp(v)) / sc if v > -1e4 else 0.0
                            for v, r in zip(lp, ref)])
        if name in MP_FAMILIES and fn != "pdf":
            ref = np.array([mp_reference(name, p, fn, v) for v in x])
        if fn == "pmf":    # scipy's pmf cancels for large parameters (lgamma differences)
            ref = np.array([float(mp.exp(mp_logpdf(name, p, v))) if 0 < r < 1 else r
                            for v, r in zip(x, ref)])
        if name in LOG1P_FAMILIES and fn in ("cdf", "sf", "logcdf", "logsf"):
            c, s = reference_probs(name, p, theirs, x)
            ref = {"cdf": c, "sf": s, "logcdf": stable_log(c, s), "logsf": stable_log(s, c)}[fn]
        if name in MP_WHERE_ZERO and fn != "pdf":
            ref = np.array([mp_reference(name, p, fn, v) if r == 0 else r
                            for v, r in zip(x, ref)])
        got = getattr(ours, fn)(x, engine=engine)
        ok = np.isfinite(ref) & (ref != 0)     # where scipy's value is meaningful
        # (a pmf is exp(logpmf): the latter's absolute error, ~1e-16 of its lgamma terms
        # of up to 1e5, is the pmf's relative one; a subnormal pdf keeps fewer digits: an
        # absolute tolerance of 1e-12 DBL_MIN)
        rtol = 1e-11 if fn == "pmf" else 1e-12
        np.testing.assert_allclose(got[ok], ref[ok], rtol=rtol, atol=2.2e-320,
                                   err_msg=f"{name} {p} {fn}")
        same = ~ok & ~np.isnan(ref)
        # where scipy gives 0 or +-inf ours is the same or (log functions) finite and better
        if fn in ("logcdf", "logsf"):
            assert np.all((got[same] == ref[same]) | (np.isfinite(got[same])
                                                     & (ref[same] == -np.inf))), (name, fn)
        else:
            np.testing.assert_array_equal(got[same], ref[same])
        assert np.all(np.isnan(got[np.isnan(x)])), (name, fn)


def count_quantile_ref(theirs, fn, q):
    """The definition of scipy's discrete ppf (isf) with its own cdf (sf): the smallest
    count k with cdf(k) >= q (sf(k) <= q), by doubling and bisection."""
    lo = theirs.support()[0]
    hit = (lambda k: theirs.cdf(k) >= q) if fn == "ppf" else (lambda k: theirs.sf(k) <= q)
    a, b = lo - 1.0, lo
    while not hit(b):
        a, b = b, lo + 2.0 * (b - lo + 1.0)
    while b - a > 1:
        m = np.floor((a + b) / 2)
        a, b = (a, m) if hit(m) else (m, b)
    return b


def mp_beta_quantile(p, fn, q, lower):
    """The beta quantile of q in mpmath: the root of log I (mp_log_ibeta) = log of the
    lower tail probability (lower: in t = log y) or of the upper one (in t = log(1 - y))."""
    a, b = p["a"], p["b"]
    with mp.workdps(40):
        tail = mp.mpf(q) if (fn == "ppf") == lower else 1 - mp.mpf(q)
        c, d = (a, b) if lower else (b, a)
        t0 = (mp.log(tail) + mp.log(c) + mp.log(mp.beta(a, b))) / c
        t = mp.findroot(lambda t: mp_log_ibeta(c, d, mp.exp(t), False, 40) - mp.log(tail), t0)
        y = mp.exp(t) if lower else -mp.expm1(t)
        return float(p.get("loc", 0.0) + p.get("scale", 1.0) * y)


def quantile_ref(name, p, fn, q):
    """scipy's ppf (isf) at q, and where it contradicts itself (NaN, inf or a value whose
    cdf is not q, far in the tails; geom(p=1) ppf = 0, below the support) the reference
    by definition (discrete) or in mpmath (beta)."""
    theirs = getattr(st, name)(**p)
    with np.errstate(all="ignore"):
        ref = getattr(theirs, fn)(q)
    if name in MP_FAMILIES:
        return np.array([mp_reference(name, p, fn, v) for v in q])
    for i, v in enumerate(q):
        if not 0 < v < 1:
            continue
        if name in DISCRETE:
            ref[i] = count_quantile_ref(theirs, fn, v)
        elif name == "beta":
            tail = theirs.cdf(ref[i]) if fn == "ppf" else theirs.sf(ref[i])
            if not abs(tail - v) <= 1e-6 * v:
                y = ref[i] - p.get("loc", 0.0)
                lower = (y < 0.5 * p.get("scale", 1.0)) if np.isfinite(y) else fn == "ppf"
                ref[i] = mp_beta_quantile(p, fn, v, lower)
    return ref


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name,p", CASES, ids=IDS)
def test_quantiles_against_scipy(name, p, engine):
    ours, theirs = getattr(fastmle, name)(**p), getattr(st, name)(**p)
    q = np.array([0.0, 1e-300, 1e-30, 1e-8, 0.01, 0.3, 0.5, 0.77, 1 - 1e-8, 1.0])
    for fn in ("ppf", "isf"):
        ref = quantile_ref(name, p, fn, q)
        got = getattr(ours, fn)(q, engine=engine)
        np.testing.assert_allclose(got, ref, rtol=1e-10, err_msg=f"{name} {p} {fn}")
    lo, hi = theirs.support()
    if name in DISCRETE:      # scipy's convention: lo - 1 at the lower end
        lo = lo - 1.0
        assert np.all(ours.ppf(q, engine=engine) == np.floor(ours.ppf(q, engine=engine)))
    assert ours.ppf(0.0, engine=engine) == lo and ours.ppf(1.0, engine=engine) == hi
    assert ours.isf(1.0, engine=engine) == lo and ours.isf(0.0, engine=engine) == hi
    bad = np.array([-0.1, 1.5, np.nan, -np.inf, np.inf])
    assert np.all(np.isnan(ours.ppf(bad, engine=engine)))
    assert np.all(np.isnan(ours.isf(bad, engine=engine)))
    # the inverse: ppf(cdf(x)) = x in the bulk (where cdf(x) < 1: else the support's end);
    # exactly for counts, also isf(sf(k)) = k
    x = ours.ppf(np.linspace(0.02, 0.98, 25), engine=engine)
    c = ours.cdf(x, engine=engine)
    x, c = x[c < 1], c[c < 1]
    back = ours.ppf(c, engine=engine)
    if name in DISCRETE:
        np.testing.assert_array_equal(back, x)
        np.testing.assert_array_equal(ours.isf(ours.sf(x, engine=engine), engine=engine), x)
    else:
        np.testing.assert_allclose(back, x, rtol=1e-9)


def mp_gamma_logq(a, y):
    with mp.workdps(50):
        return float(mp.log(mp.gammainc(a, y, mp.inf, regularized=True)))


def mp_gamma_logp(a, y):
    with mp.workdps(50):
        return float(mp.log(mp.gammainc(a, 0, y, regularized=True)))


@pytest.mark.parametrize("engine", ENGINES)
def test_log_tails_where_scipy_underflows(engine):
    # norm.logsf(40) is finite and equals scipy's (log_ndtr); gamma beyond underflow
    assert fastmle.norm().logsf(40.0, engine=engine) == pytest.approx(
        st.norm.logsf(40.0), rel=1e-14)
    assert fastmle.norm().logcdf(-1e5, engine=engine) == pytest.approx(
        st.norm.logcdf(-1e5), rel=1e-14)
    assert fastmle.expon().logsf(1e300, engine=engine) == -1e300
    for a, y in [(2.5, 800.0), (0.5, 1e4), (3.0, 1e6), (1e4, 2e4), (1e6, 1.1e6)]:
        got = fastmle.gamma(a).logsf(y, engine=engine)
        assert got == pytest.approx(mp_gamma_logq(a, y), rel=1e-12), (a, y)
    for a, y in [(2.5, 1e-300), (300.0, 1.0), (1e5, 5e4)]:
        got = fastmle.gamma(a).logcdf(y, engine=engine)
        assert got == pytest.approx(mp_gamma_logp(a, y), rel=1e-12), (a, y)


# log tails where scipy's probability underflows (its log is -inf) or is not tiny but far
# out: beta (name, parameters, x, function), against the series of mpref.mp_log_ibeta
BETA_TAILS = [
    (dict(a=3.0, b=5.0), 1e-200, "logcdf"), (dict(a=2.5, b=3.5), 1e-130, "logcdf"),
    (dict(a=300.0, b=50.0), 0.05, "logcdf"), (dict(a=300.0, b=50.0), 1 - 1e-14, "logsf"),
    (dict(a=1e-3, b=1e3), 0.99, "logsf"), (dict(a=1e-3, b=1e3), 0.6, "logsf"),
    (dict(a=1e6, b=1e6), 0.3, "logcdf"), (dict(a=1e6, b=1e6), 0.7, "logsf"),
    (dict(a=1e9, b=1e9), 0.49, "logcdf"), (dict(a=2.5, b=3.5, loc=-1.0, scale=2.0),
                                            -1 + 1e-250, "logcdf"),
    (dict(a=0.05, b=0.3, loc=1.0, scale=3.0), 4.0 - 3e-10, "logsf"),
]
# discrete (family, parameters, count, function), against sums of mpmath's pmf
COUNT_TAILS = [
    ("poisson", dict(mu=3.0), 300, "logsf"), ("poisson", dict(mu=1e3), 0, "logcdf"),
    ("poisson", dict(mu=1e4), 5000, "logcdf"), ("poisson", dict(mu=1e-3), 200, "logsf"),
    ("binom", dict(n=1000, p=0.3), 900, "logsf"), ("binom", dict(n=1000, p=0.3), 10, "logcdf"),
    ("binom", dict(n=10**6, p=0.6), 500000, "logcdf"), ("binom", dict(n=12, p=1e-30), 11, "logsf"),
    ("nbinom", dict(n=3.5, p=0.4), 2000, "logsf"), ("nbinom", dict(n=1e3, p=0.1), 0, "logcdf"),
    ("nbinom", dict(n=1e4, p=0.9), 100, "logcdf"), ("nbinom", dict(n=1e-3, p=0.5), 1500, "logsf"),
    ("geom", dict(p=0.3), 3000, "logsf"), ("geom", dict(p=1e-300), 3, "logcdf"),
]


def mp_count_logtail(name, p, k, fn):
    """log cdf(k) (log sf(k)) of a discrete family: mpmath's pmf summed from k down (from
    k + 1 up), where the terms fall off (the tails)."""
    lo = 1 if name == "geom" else 0
    with mp.workdps(50):
        j, step = (k, -1) if fn == "logcdf" else (k + 1, 1)
        total = mp.mpf(0)
        while j >= lo and j <= p.get("n", np.inf) if name == "binom" else j >= lo:
            t = mp.exp(mp_logpdf(name, p, j))
            total += t
            if t < total * mp.mpf(10) ** -40:
                break
            j += step
        return float(mp.log(total))


@pytest.mark.parametrize("engine", ENGINES)
def test_new_log_tails_against_mpmath(engine):
    for p, x, fn in BETA_TAILS:
        y = (x - p.get("loc", 0.0)) / p.get("scale", 1.0)     # as scipy and fastmle form it
        ref = float(mp_log_ibeta(p["a"], p["b"], y, fn == "logsf"))
        got = getattr(fastmle.beta(**p), fn)(x, engine=engine)
        assert got == pytest.approx(ref, rel=1e-12), (p, x, fn)
    for name, p, k, fn in COUNT_TAILS:
        ref = mp_count_logtail(name, p, k, fn)
        got = getattr(getattr(fastmle, name)(**p), fn)(np.array([k, k + 0.5]), engine=engine)
        np.testing.assert_allclose(got, ref, rtol=1e-12, err_msg=f"{name} {p} {k} {fn}")
    # binom's and nbinom's cdf / sf (betainc / betaincc) where scipy.stats' boost
    # distributions are 1e-12 and 4e-13 off: the sum, and mpmath's betainc
    got = fastmle.binom(n=10**6, p=0.6).cdf(581807, engine=engine)
    ref = math.exp(mp_count_logtail("binom", dict(n=10**6, p=0.6), 581807, "logcdf"))
    assert got == pytest.approx(ref, rel=1e-13)
    with mp.workdps(30):
        ref = float(mp.betainc(2, 38895, 1e-4, 1, regularized=True))
    assert fastmle.nbinom(2.0, 1e-4).sf(38894, engine=engine) == pytest.approx(ref, rel=1e-13)


@pytest.mark.parametrize("engine", ENGINES)
def test_dtype_shape_threads(engine):
    d = fastmle.gamma(2.0, scale=1.5)
    x = np.random.default_rng(0).gamma(2.0, 1.5, size=(3, 40_000))
    one = d.cdf(x, engine=engine, n_threads=1)
    assert one.shape == x.shape and one.dtype == np.float64
    np.testing.assert_array_equal(d.cdf(x, engine=engine, n_threads=2), one)
    x32 = x.astype(np.float32)
    got = d.logsf(x32, engine=engine)
    assert got.dtype == np.float32
    np.testing.assert_array_equal(got, d.logsf(x32.astype(np.float64),
                                               engine=engine).astype(np.float32))
    assert isinstance(d.ppf(0.5, engine=engine), float) or np.ndim(d.ppf(0.5)) == 0
    src = x.copy()
    d.sf(x, engine=engine)
    np.testing.assert_array_equal(x, src)


def test_not_yet_available_says_so():
    with pytest.raises(NotImplementedError, match="categorical.cdf is not available"):
        fastmle.categorical([0.2, 0.8]).cdf(0.5)
