"""The compiled kernels of the Cython engine, called directly, against scipy.

For every family of the registry (``fastmle/_spec.py``): elementwise logpdf vs
``scipy.stats`` (interior, boundary, outside, NaN, +-inf), loglik vs
``math.fsum`` of scipy's values, the one-pass derivatives vs finite
differences, the sufficient statistics vs numpy, float32 vs float64 input and
thread-count independence.

Documented differences from scipy (the points are skipped in the comparison):

* at x = +-inf scipy returns NaN for gamma, chi2 and invgauss (+inf), weibull_min with
  c > 1 (+inf), dweibull with c > 1 (+-inf), loggamma (+inf), gumbel_r (-inf),
  gumbel_l (+inf), poisson (+inf, mu > 0), nbinom, burr12, nakagami and exponpow (+inf),
  from an
  ``inf - inf``; the density has limit 0 there and the kernels return -inf;
* laplace and pareto are ``log(pdf)`` in scipy, which underflows to -inf (and
  loses precision among the subnormals) once the density is below ~1e-300;
  the kernels use the log-space formula, finite there.  Points with scipy
  logpdf below -700 are checked only to be below -690 in the kernels.
* scipy's t overflows z^2 / df to -inf at |z| = 1e200 and cancels in its lgamma
  difference at large df (error ~ df * 1e-16), its binom and nbinom cancel
  large lgamma terms at large counts (errors to 4e-10 at n = 1e6), and its beta
  log B(a, b) once a or b >= 100 (1.4e-13 absolute at a = 200, b = 50, where fastmle's
  Stirling form is within 2.4e-14), its loggamma c y - exp(y) - lgamma(c) for
  large c (terms of size c log c cancel near the mode; fastmle takes gamma's Loader
  form above c = 101), and nakagami's nu log(nu) - lgamma(nu) - nu y^2 once nu >= 100:
  there the reference is mpmath's.
* scipy's fisk overflows y^-c to inf (logpdf -inf) at small y, burr12 y^c at large y,
  where the density is finite (``conftest.SCIPY_LOGPDF_OVERFLOWS``): there too.
  Stirling form is within 2.4e-14): there the reference is mpmath's; so is it for
  genpareto, where scipy's log1p(c y) / c loses digits once c y is subnormal (tiny c;
  its cdf is then wrong too: above 1 at c = 1e-300) and near the end 1 + c y = 0 of
  c < 0 (where it rounds c y: 1e-4 relative error in the gap at 1e-12 from the end;
  the kernels round 1 + c y once); and for genextreme, whose scipy log-density has the
  same log1p(-c z) / c (and overflows exp(-log1p(-c z) / c) to inf - inf far below).
"""
import math

import mpmath as mp
import numpy as np
import pytest
import scipy.stats as st
from numpy.testing import assert_allclose, assert_array_equal
from scipy.special import gammaln

from conftest import SCIPY_LOGPDF_OVERFLOWS
from mpref import mp_logpdf, to_float

from fastmle._cy import _kernels as K
from fastmle._spec import FAMILIES as SPEC

INF = np.inf
NAN = np.nan
RTOL = 1e-12
ATOL = 1e-14  # for values that cancel to ~0 (relative error then meaningless)


# --------------------------------------------------------------------- cases
# name -> (parameter grid: th vectors, in the registry's th order; derivative-test
# subset, None: the whole grid).  Every family of the registry has an entry
# (test_every_registered_family_has_cases).
CASES = {
    "norm": ([(0.0, 1.0), (1.5, 2.0), (-3.0, 0.01), (1e3, 50.0)], None),
    "gamma": ([(0.5, 1.0, 0.0), (1.0, 2.0, 0.0), (2.5, 1.3, 0.7), (50.0, 0.1, -2.0),
               (0.05, 3.0, 1.0)], None),
    "t": ([(1.0, 0.0, 1.0), (4.5, 0.5, 1.5), (0.3, -1.0, 0.2), (1e3, -2.0, 3.0)], None),
    "lognorm": ([(0.7, 2.0, 0.0), (0.05, 1.0, 1.5), (3.0, 10.0, -2.0), (1.0, 1e-3, 0.0)], None),
    "expon": ([(1.0, 0.0), (1.7, 0.5), (1e-3, -2.0), (100.0, 3.0)], None),
    "halfnorm": ([(1.0, 0.0), (1.7, 0.5), (1e-3, -2.0), (100.0, 3.0)], None),
    "weibull_min": ([(0.5, 1.0, 0.0), (1.0, 2.0, 0.3), (1.8, 2.0, 0.0), (10.0, 0.5, -1.0)],
                    None),
    "dweibull": ([(1.0, 0.0, 1.0), (0.5, 0.3, 1.4), (2.07, -1.0, 0.5), (10.0, 2.0, 3.0),
                  (0.1, 0.0, 1e-3)], None),
    "beta": ([(2.0, 3.5, 0.0, 1.0), (0.5, 0.5, 0.0, 1.0), (1.0, 1.0, 0.0, 1.0),
              (1.0, 3.0, 0.5, 2.0), (3.0, 1.0, -1.0, 0.5), (200.0, 50.0, 0.0, 1.0),
              (0.05, 5.0, 0.0, 1.0)], None),
    "laplace": ([(0.0, 1.0), (0.3, 1.4), (-5.0, 0.01), (100.0, 30.0)], None),
    "logistic": ([(0.0, 1.0), (0.3, 1.4), (-5.0, 0.01), (100.0, 30.0)], None),
    "cauchy": ([(0.0, 1.0), (0.3, 1.4), (-5.0, 0.01), (100.0, 30.0)], None),
    "gumbel_r": ([(0.0, 1.0), (0.3, 1.4), (-5.0, 0.01), (100.0, 30.0)], None),
    "gumbel_l": ([(0.0, 1.0), (0.3, 1.4), (-5.0, 0.01), (100.0, 30.0)], None),
    "loggamma": ([(1.0, 0.0, 1.0), (2.5, 0.5, 1.5), (0.02, -1.0, 0.2), (50.0, -2.0, 3.0),
                  (500.0, 1.0, 0.5), (1e6, 3.0, 1e3)], None),
    "uniform": ([(0.0, 1.0), (0.3, 1.4), (-5.0, 0.01), (100.0, 30.0), (-1e300, 1e300)], None),
    "pareto": ([(2.5, 1.2, 0.0), (0.5, 1.0, 0.3), (10.0, 0.1, -1.0), (1.0, 4.0, 2.0)], None),
    "rayleigh": ([(1.0, 0.0), (1.7, 0.5), (1e-3, -2.0), (100.0, 3.0)], None),
    "chi2": ([(5.5, 1.0, 0.0), (2.0, 2.0, 0.0), (0.1, 3.0, 1.0), (100.0, 0.1, -2.0),
              (400.0, 1.0, 0.0)], None),
    "invgamma": ([(3.5, 1.0, 0.0), (0.5, 2.0, 0.0), (1.0, 0.3, 1.0), (50.0, 10.0, -2.0),
                  (300.0, 1.0, 0.0)], None),
    "invgauss": ([(0.8, 1.5, 0.0), (0.01, 1.0, 0.0), (5.0, 2.0, 1.0), (1e4, 0.1, -2.0),
                  (0.145, 1e-3, 0.0)], None),
    "lomax": ([(2.5, 1.2, 0.0), (0.5, 1.0, 0.3), (10.0, 0.1, -1.0), (1.0, 4.0, 2.0),
               (1e4, 1e3, 0.0)], None),
    "fisk": ([(3.1, 2.0, 0.0), (0.5, 1.0, 0.3), (1.0, 3.0, 0.0), (30.0, 0.5, -1.0),
              (0.05, 2.0, 0.0), (1e3, 1.0, 0.0)], None),
    "burr12": ([(10.0, 4.0, 1.0, 0.0), (0.5, 2.0, 1.0, 0.3), (1.0, 1.0, 3.0, 0.0),
                (3.0, 0.05, 0.5, -1.0), (30.0, 20.0, 2.0, 0.0), (0.05, 0.5, 2.0, 0.0),
                (2.0, 300.0, 1e-3, 0.0)], None),
    "nakagami": ([(4.97, 2.0, 0.0), (0.5, 1.0, 0.3), (0.05, 3.0, 0.0), (30.0, 0.5, -1.0),
                  (1e4, 1.0, 0.0), (150.0, 2.0, 0.0)], None),
    "exponpow": ([(2.7, 2.0, 0.0), (0.5, 1.0, 0.3), (1.0, 3.0, 0.0), (30.0, 0.5, -1.0),
                  (0.05, 2.0, 0.0)], None),
    "powerlaw": ([(1.66, 0.0, 1.0), (0.5, 0.0, 1.0), (1.0, 0.5, 2.0), (3.0, -1.0, 0.5),
                  (0.05, 0.0, 1.0), (200.0, 0.0, 1.0)], None),
    # c = 0 and c tiny: the exponential limit (series in c y); c = -1: uniform, the
    # end included; c = -2: infinite density at the end
    "genpareto": ([(0.25, 1.5, 0.0), (0.0, 1.0, 0.0), (1e-300, 2.0, 0.5), (-1e-12, 3.0, 0.0),
                   (1e-3, 2.0, 0.0), (-0.4, 1.5, 0.0), (-1.0, 2.0, 0.0), (-2.0, 1.0, 1.0),
                   (2.5, 0.5, -1.0), (40.0, 1e-3, 0.0)], None),
    # scipy's sign of c: c > 0 bounded above; c = 0 and tiny: the Gumbel; c = 1: a finite
    # density at the end; c = 2: infinite there
    "genextreme": ([(-0.2, 0.5, 1.5), (0.0, 0.0, 1.0), (1e-300, 0.3, 2.0), (-1e-12, 0.0, 3.0),
                    (2e-3, 0.0, 1.0), (0.3, -1.0, 0.5), (0.8, 0.0, 1.0), (1.0, 0.0, 1.0),
                    (2.0, 1.0, 1.0), (-1.5, 0.0, 1.0), (-40.0, 0.0, 1e-3), (30.0, 2.0, 1e3)],
                   # (c = +-30, 40: the data crowd the end, which a step in c moves across them)
                   [(-0.2, 0.5, 1.5), (0.0, 0.0, 1.0), (1e-300, 0.3, 2.0), (-1e-12, 0.0, 3.0),
                    (2e-3, 0.0, 1.0), (0.3, -1.0, 0.5), (0.8, 0.0, 1.0), (1.0, 0.0, 1.0),
                    (2.0, 1.0, 1.0), (-1.5, 0.0, 1.0)]),
    "poisson": ([(3.5,), (0.1,), (200.0,), (0.0,)], [(3.5,), (0.1,), (200.0,)]),
    "binom": ([(0.3, 12.0), (0.0, 5.0), (1.0, 5.0), (0.999, 100.0), (0.01, 1.0), (0.5, 0.0),
               (0.4, 1e6)],
              [(0.3, 12.0), (0.999, 100.0), (0.01, 1.0), (0.4, 1e6)]),
    "geom": ([(0.35,), (1.0,), (1e-3,), (0.999,), (0.0,)], [(0.35,), (1e-3,), (0.999,)]),
    "nbinom": ([(3.5, 0.4), (0.5, 0.9), (1.0, 1.0), (50.0, 0.01), (1e-2, 0.5), (0.0, 0.5)],
               [(3.5, 0.4), (0.5, 0.9), (50.0, 0.01), (1e-2, 0.5)]),
}
FAMILIES = list(SPEC)
DISCRETE = {name for name, f in SPEC.items() if f.discrete}


def scipy_kwargs(name, th):
    """scipy's keyword arguments of the th vector (binom's n as an int)."""
    p = dict(zip(SPEC[name].th_names, th))
    if name == "binom":
        p["n"] = int(p["n"])
    return p


def test_every_registered_family_has_cases():
    assert sorted(CASES) == sorted(SPEC), "families of the registry without test cases: " \
        f"{sorted(set(SPEC) - set(CASES))}"
    for name, (grid, _) in CASES.items():
        assert all(len(th) == SPEC[name].nth for th in grid), name


# (family, x) pairs at which scipy's NaN is an inf - inf artefact (see above)
SCIPY_NAN_AT_INF = {("gamma", INF), ("chi2", INF), ("weibull_min", INF), ("gumbel_r", -INF),
                    ("gumbel_l", INF), ("loggamma", INF), ("dweibull", INF), ("dweibull", -INF),
                    ("poisson", INF), ("nbinom", INF), ("invgauss", INF), ("burr12", INF),
                    ("nakagami", INF), ("exponpow", INF)}
SCIPY_LOG_PDF = {"laplace", "pareto"}


def kern(fn, name):
    return getattr(K, f"{fn}_{name}")


def scipy_logpdf(name, th, x):
    """scipy's log-density; mpmath's where scipy's t formula fails (see above)."""
    p = scipy_kwargs(name, th)
    dist = getattr(st, name)(**p)
    with np.errstate(all="ignore"):
        ref = (dist.logpmf if name in DISCRETE else dist.logpdf)(x)
    if name == "t":
        fix = (ref == -INF) & np.isfinite(x) if th[0] < 100 else np.isfinite(x)
    elif ((name == "binom" and th[1] >= 1e5) or (name == "nbinom" and th[0] >= 50)
          or (name == "beta" and max(th[0], th[1]) >= 100)
          or (name in ("chi2", "invgamma") and th[0] >= 200)
          or (name == "loggamma" and th[0] > 101)
          or (name == "nakagami" and th[0] >= 100)):
        fix = np.isfinite(ref)
    elif name in SCIPY_LOGPDF_OVERFLOWS:
        fix = np.isinf(ref) & np.isfinite(x) & (x > th[-1])
    elif name == "genpareto":
        fix = np.isfinite(x)
    elif name == "genextreme":      # (scipy's -inf where c z rounds to 1, kept as it is)
        with np.errstate(all="ignore"):
            fix = np.isfinite(x) & (th[0] * ((x - th[1]) / th[2]) != 1.0)
    else:
        return ref
    if name in ("genpareto", "genextreme"):
        # at the standardized y = (x - loc) / scale as scipy and the kernels round it: near
        # the end -1/c of a tiny c < 0 the log-density is that sensitive to x (1e8 ulp)
        std = dict(p, loc=0.0, scale=1.0)
        ref[fix] = [to_float(mp_logpdf(name, std, (v - p["loc"]) / p["scale"])
                             - mp.log(p["scale"])) for v in x[fix]]
        return ref
    ref[fix] = [to_float(mp_logpdf(name, p, v)) for v in x[fix]]
    return ref


def logpdf(name, th, x, nt=1):
    out = np.empty_like(x)
    kern("logpdf", name)(x, out, np.asarray(th, dtype=np.float64), nt)
    return out


def loglik(name, th, x, w=None, omit=False, nt=1):
    return kern("loglik", name)(x, w, np.asarray(th, dtype=np.float64), omit, nt)


def derivs(name, th, x, w=None, omit=False, nt=1):
    return kern("derivs", name)(x, w, np.asarray(th, dtype=np.float64), omit, nt)


# positive families with loc fixed (th = [shapes..., scale, loc]; expon: [scale, loc])
POSITIVE = ("gamma", "lognorm", "expon", "weibull_min", "fisk", "burr12", "nakagami",
            "exponpow")


def grid_points(name, th):
    """Interior, boundary and outside points (+ NaN, +-inf) for one parameter set."""
    nonfinite = [NAN, INF, -INF]
    if name in DISCRETE:
        pts = [0, 1, 2, 3, 5, 10, 50, 200, 1e4, -1, -0.5, 2.5, 1e-9, 3 + 1e-12]
        if name == "binom":
            n = th[1]
            pts += [n - 1, n, n + 1, n / 2, math.floor(n / 3)]
        return np.array(pts + nonfinite, dtype=np.float64)
    if name in ("norm", "t", "laplace", "logistic", "cauchy", "gumbel_r", "gumbel_l",
                "loggamma", "dweibull"):
        loc, scale = (th[1], th[2]) if name in ("t", "loggamma", "dweibull") else (th[0], th[1])
        z = [-1e6, -710.0, -709.5, -300, -50, -5, -1, -0.3, 0, 1e-8, 0.5, 1, 3, 20, 300, 1e6, 1e200]
        return np.array([loc + scale * v for v in z] + nonfinite)
    if name in ("beta", "powerlaw"):
        loc, scale = th[-2:]
        y = [1e-300, 1e-10, 0.01, 0.3, 0.5, 0.9, 1 - 1e-10, 0.0, 1.0, -0.1, 1.1, -1e-300]
        return np.array([loc + scale * v for v in y] + nonfinite)
    if name == "uniform":
        loc, scale = th
        y = [0.0, 1e-300, 1e-10, 0.3, 0.5, 1 - 1e-10, 1.0, -1e-10, -0.1, 1.1, 1e10]
        return np.array([loc + scale * v for v in y] + nonfinite)
    if name == "pareto":
        b, scale, loc = th
        y = [1.0, 1 + 1e-12, 1.5, 10, 1e3, 1e10, 1e100, 1e300, 0.999, 0.5, 0.0, -1.0]
        return np.array([loc + scale * v for v in y] + nonfinite)
    if name == "genextreme":    # the end 1/c, just inside and beyond it
        c, loc, scale = th
        z = [-1e6, -710.0, -50, -5, -1, -0.3, 0.0, 1e-8, 0.5, 1, 3, 20, 300, 1e6, 1e200]
        if c != 0:
            e = 1 / c
            z = [v for v in z if c * v < 1] + [e, e * (1 - 1e-12), e * 0.999, e * 1.5]
        return np.array([loc + scale * v for v in z] + nonfinite)
    if name == "genpareto":     # the upper end -1/c of c < 0, just inside and beyond it
        c, scale, loc = th
        y = [0.0, 1e-300, 1e-10, 0.01, 0.5, 1.0, 3.0, 10, 1e4, 1e10, 1e100, 1e300, -1e-300,
             -1.0]
        if c < 0:
            y += [-1 / c, -1 / c * (1 - 1e-12), -1 / c * 0.999, -1 / c * 1.5]
        return np.array([loc + scale * v for v in y] + nonfinite)
    # positive support from loc: gamma, lognorm, expon, weibull_min, halfnorm...
    p = dict(zip(SPEC[name].th_names, th))
    scale, loc = p["scale"], p["loc"]
    y = [1e-300, 1e-10, 0.01, 0.3, 1.0, 2.5, 10, 100, 1e4, 1e8, 0.0, -1e-300, -1.0, -1e10]
    return np.array([loc + scale * v for v in y] + nonfinite)


def outside_points(name, th):
    """Finite points outside the support (empty for families on the real line)."""
    if name in DISCRETE:
        pts = [-1.0, 2.5, 1e-9]
        return pts + ([th[1] + 1] if name == "binom" else [0.0] if name == "geom" else [])
    if name in ("beta", "powerlaw"):
        return [th[-2] - 0.1 * th[-1], th[-2] + 1.1 * th[-1]]
    if name == "pareto":
        return [th[2] + 0.5 * th[1], th[2] - 1.0]
    if name == "genpareto":
        return [th[2] - 1.0, th[2] - 1e10] + ([th[2] - 1.5 * th[1] / th[0]] if th[0] < 0 else [])
    if name == "genextreme":
        return [th[1] + 1.5 * th[2] / th[0]] if th[0] != 0 else []
    if name in ("gamma", "lognorm", "expon", "weibull_min"):
        loc = th[1] if name == "expon" else th[2]
    if name == "uniform":
        return [th[0] - 0.1 * th[1], th[0] + 1.1 * th[1]]
    if "loc" in SPEC[name].fixed:            # positive families
        loc = dict(zip(SPEC[name].th_names, th))["loc"]
        return [loc - 1.0, loc - 1e10]
    return []


def compare_with_scipy(name, th, x, got):
    ref = scipy_logpdf(name, th, x)
    keep = np.ones(x.shape, dtype=bool)
    for i, (xi, ri) in enumerate(zip(x, ref)):
        if (np.isinf(xi) and np.isnan(ri) and (name, xi) in SCIPY_NAN_AT_INF
                and not invalid(name, th)):
            assert got[i] == -INF, (name, th, xi, got[i])
            keep[i] = False
    if name in SCIPY_LOG_PDF:
        low = ref < -700
        assert np.all(got[low] < -690), (name, th, x[low], got[low])
        keep &= ~low
    assert_allclose(got[keep], ref[keep], rtol=RTOL, atol=ATOL, err_msg=f"{name} {th}")


def cases():
    return [(name, th) for name in FAMILIES for th in CASES[name][0]]


def deriv_cases():
    out = []
    for name in FAMILIES:
        dset = CASES[name][1]
        out += [(name, th) for th in (CASES[name][0] if dset is None else dset)]
    return out


def invalid(name, th):
    """Parameters outside scipy's domain (scipy's logpdf is NaN, rvs fails)."""
    return (name == "geom" and th[0] == 0.0) or (name == "nbinom" and th[0] == 0.0)


def sample(name, th, n=300, seed=1):
    rng = np.random.default_rng(seed)
    dist = getattr(st, name)(**scipy_kwargs(name, th))
    return np.asarray(dist.rvs(size=n, random_state=rng), dtype=np.float64)


# --------------------------------------------------------------------- logpdf
@pytest.mark.parametrize("name,th", cases())
def test_logpdf_vs_scipy(name, th):
    x = grid_points(name, th)
    compare_with_scipy(name, th, x, logpdf(name, th, x))
    # a longer array exercises several blocks of the vectorised path
    if invalid(name, th):
        return
    xs = np.concatenate([sample(name, th, 700), x])
    compare_with_scipy(name, th, xs, logpdf(name, th, xs))


def test_boundary_values():
    lp = lambda name, th, x: float(logpdf(name, th, np.array([x]))[0])
    # powerlaw at y = 0: scipy's support has it only for a >= 1
    assert lp("powerlaw", (1.0, 0.0, 2.0), 0.0) == -math.log(2.0)
    assert lp("powerlaw", (0.5, 0.0, 1.0), 0.0) == -INF
    assert lp("powerlaw", (2.0, 0.0, 1.0), 0.0) == -INF
    assert lp("powerlaw", (0.5, 0.0, 1.0), 1.0) == pytest.approx(math.log(0.5), rel=1e-15)
    assert lp("expon", (2.0, 1.0), 1.0) == -math.log(2.0)
    assert lp("pareto", (2.5, 1.2, 0.0), 1.2) == pytest.approx(math.log(2.5 / 1.2), rel=1e-15)
    assert lp("weibull_min", (0.5, 2.0, 1.0), 1.0) == INF
    assert lp("weibull_min", (1.0, 2.0, 1.0), 1.0) == -math.log(2.0)
    assert lp("weibull_min", (2.0, 2.0, 1.0), 1.0) == -INF
    assert lp("beta", (1.0, 3.0, 0.0, 1.0), 0.0) == pytest.approx(math.log(3.0), rel=1e-15)
    assert lp("beta", (3.0, 1.0, 0.0, 1.0), 1.0) == pytest.approx(math.log(3.0), rel=1e-15)
    assert lp("beta", (0.5, 0.5, 0.0, 1.0), 1.0) == INF
    assert lp("beta", (2.0, 3.0, 0.0, 1.0), 0.0) == -INF
    assert lp("gamma", (1.0, 2.0, 0.0), 0.0) == -math.log(2.0)
    assert lp("poisson", (0.0,), 0.0) == 0.0
    assert lp("binom", (1.0, 5.0), 5.0) == 0.0
    assert lp("binom", (0.0, 5.0), 0.0) == 0.0
    assert math.isnan(lp("geom", (0.0,), 1.0))
    assert math.isnan(lp("nbinom", (2.0, 0.0), 1.0))
    assert lp("poisson", (2.0,), 2.5) == -INF


# --------------------------------------------------------------------- loglik
@pytest.mark.parametrize("name,th", cases())
def test_loglik_vs_fsum(name, th):
    x = np.arange(5.0) if invalid(name, th) else sample(name, th, 500)
    ref = math.fsum(scipy_logpdf(name, th, x))
    got = loglik(name, th, x)
    if math.isfinite(ref):
        assert_allclose(got, ref, rtol=1e-13, atol=1e-12)
    else:
        assert_array_equal(got, ref)
    # weights and omit
    rng = np.random.default_rng(2)
    w = rng.uniform(0.0, 3.0, x.size)
    w[::7] = 0.0
    ref_w = math.fsum(w * np.where(w > 0, scipy_logpdf(name, th, x), 0.0))
    if math.isfinite(ref_w):
        assert_allclose(loglik(name, th, x, w), ref_w, rtol=1e-13, atol=1e-12)
    xn = x.copy()
    xn[::5] = NAN
    assert math.isnan(loglik(name, th, xn))
    kept = np.ascontiguousarray(xn[~np.isnan(xn)])
    ref_o = math.fsum(scipy_logpdf(name, th, kept))
    if math.isfinite(ref_o):
        assert_allclose(loglik(name, th, xn, omit=True), ref_o, rtol=1e-13, atol=1e-12)


@pytest.mark.parametrize("name", FAMILIES)
def test_loglik_outside_is_minus_inf(name):
    th = CASES[name][0][0]
    x = grid_points(name, th)
    x = np.ascontiguousarray(x[~np.isnan(x)])
    ref = scipy_logpdf(name, th, x)
    ok = ~np.isnan(ref)
    x = np.ascontiguousarray(x[ok])
    ref = ref[ok]
    got = loglik(name, th, x)
    if np.any(ref == -INF) and not np.any(ref == INF):
        assert got == -INF
    else:  # +inf and -inf terms: NaN, as their sum
        with np.errstate(invalid="ignore"):
            assert_array_equal(got, np.sum(ref))
    d = derivs(name, th, x)
    if math.isfinite(got):
        assert d[0] == pytest.approx(got, rel=1e-13)
    else:
        assert_array_equal(d[0], got)


# --------------------------------------------------------------------- derivatives
# (family, index of a location parameter) -> index of its scale
LOC_PARAM = {(n, 0): 1 for n in ("norm", "laplace", "logistic", "cauchy", "gumbel_r",
                                 "gumbel_l")}
LOC_PARAM["t", 1] = 2
LOC_PARAM["loggamma", 1] = 2
LOC_PARAM["dweibull", 1] = 2
LOC_PARAM["uniform", 0] = 1
LOC_PARAM["genextreme", 1] = 2


def fd(f, t0, h):
    return (-f(t0 + 2 * h) + 8 * f(t0 + h) - 8 * f(t0 - h) + f(t0 - 2 * h)) / (12 * h)


def fd_points(name, th):
    x = sample(name, th, 300)
    if name == "pareto":  # keep clear of the support end, which moves with scale
        x = x[(x - th[2]) / th[1] > 1.01]
    if name == "laplace":  # and of the kink
        x = x[np.abs(x - th[0]) > 1e-2 * th[1]]
    if name == "dweibull":
        x = x[np.abs(x - th[1]) > 1e-2 * th[2]]
    if name == "uniform":  # clear of the support's ends, which move with loc and scale
        y = (x - th[0]) / th[1]
        x = x[(y > 0.01) & (y < 0.99)]
    if name == "genpareto" and th[0] < 0:  # and of the upper end -scale / c
        x = x[1 + th[0] * (x - th[2]) / th[1] > 1e-2]
    if name == "genextreme":               # and of the end loc + scale / c
        x = x[1 - th[0] * (x - th[1]) / th[2] > 1e-2]
    return np.ascontiguousarray(x)


@pytest.mark.parametrize("name,th", deriv_cases())
def test_derivs_vs_finite_differences(name, th):
    k = SPEC[name].k
    x = fd_points(name, th)
    th = np.asarray(th, dtype=np.float64)
    d = derivs(name, th, x)
    ll = loglik(name, th, x)
    assert d.shape == (1 + k + k * (k + 1) // 2,)
    assert_allclose(d[0], ll, rtol=1e-13, atol=1e-12)
    g, hu = d[1:1 + k], d[1 + k:]
    hess = np.zeros((k, k))
    hess[np.triu_indices(k)] = hu
    hess = hess + np.triu(hess, 1).T
    for i in range(k):
        h = 1e-4 * max(abs(th[i]), 1e-3)
        if (name, i) in LOC_PARAM:  # a location: step on the scale of the scale
            h = 1e-4 * th[LOC_PARAM[name, i]]
        if name in ("binom", "geom", "nbinom") and i == (1 if name == "nbinom" else 0):
            h = 1e-3 * min(th[i], 1 - th[i])  # stay inside (0, 1)

        def at(v, i=i):
            t = th.copy()
            t[i] = v
            return t

        num_g = fd(lambda v: loglik(name, at(v), x), th[i], h)
        assert_allclose(g[i], num_g, rtol=1e-6,
                        atol=1e-8 * (abs(ll) + x.size) / h * 1e-4,
                        err_msg=f"{name} {th} grad {i}")
        num_h = fd(lambda v: derivs(name, at(v), x)[1:1 + k], th[i], h)
        for j in range(k):
            assert_allclose(hess[j, i], num_h[j], rtol=1e-6,
                            atol=1e-7 * (abs(g[j]) + x.size) / h * 1e-4,
                            err_msg=f"{name} {th} hess {j},{i}")


@pytest.mark.parametrize("name", FAMILIES)
def test_derivs_nan_outside_and_at_nan(name):
    th = CASES[name][0][0]
    for xi in [NAN, INF, -INF] + outside_points(name, th):
        d = derivs(name, th, np.array([xi]))
        if np.isnan(xi):
            assert np.all(np.isnan(d))
        else:
            assert d[0] == -INF and np.all(np.isnan(d[1:])), (name, xi, d)
    # weights: derivs are the weighted sums
    xs = fd_points(name, th)
    w = np.random.default_rng(3).uniform(0.5, 2.0, xs.size)
    per = np.array([derivs(name, th, xs[i:i + 1]) for i in range(xs.size)])
    assert_allclose(derivs(name, th, xs, w), w @ per, rtol=1e-12, atol=1e-10)


# --------------------------------------------------------------------- stats
def np_stats(name, s, x):
    """(per-point stats excluding count, inside mask) from numpy."""
    with np.errstate(all="ignore"):
        if name == "norm":
            return [x - s[0], (x - s[0]) ** 2], np.isfinite(x)
        if name in ("gamma", "chi2"):
            y = x - s[0]
            return [y, np.log(y)], (y > 0) & np.isfinite(y)
        if name == "invgamma":
            u = x - s[0]
            return [1 / u, np.log(u)], (u > 0) & np.isfinite(u)
        if name == "lognorm":
            u = x - s[1]
            d = np.log(u) - s[0]
            return [d, d * d], (u > 0) & np.isfinite(u)
        if name == "expon":
            y = x - s[0]
            return [y], (y >= 0) & np.isfinite(y)
        if name == "beta":
            y = (x - s[0]) / s[1]
            return [np.log(y), np.log1p(-y)], (y > 0) & (y < 1)
        count = np.isfinite(x) & (x >= 0) & (x == np.floor(x))
        if name == "poisson":
            return [x, gammaln(x + 1)], count
        if name == "binom":
            n = s[0]
            return [x, gammaln(n + 1) - gammaln(x + 1) - gammaln(n - x + 1)], count & (x <= n)
        if name == "geom":
            return [x], count & (x >= 1)
    raise AssertionError(name)


STATS = {  # family -> (stats length, stats parameters per parameter set)
    "norm": (4, lambda th: [th[0] + 0.1]),
    "gamma": (4, lambda th: [th[2]]),
    "chi2": (4, lambda th: [th[2]]),
    "invgamma": (4, lambda th: [th[2]]),
    "lognorm": (4, lambda th: [math.log(th[1]), th[2]]),
    "expon": (3, lambda th: [th[1]]),
    "beta": (4, lambda th: [th[2], th[3]]),
    "poisson": (4, lambda th: []),
    "binom": (4, lambda th: [th[1]]),
    "geom": (3, lambda th: []),
}


def test_stats_registry():
    have = {name for name in FAMILIES if hasattr(K, "stats_" + name)}
    assert have == set(STATS)


@pytest.mark.parametrize("name,th", [(n, CASES[n][0][i]) for n in STATS for i in (0, 1)])
def test_stats_vs_numpy(name, th):
    m, sp = STATS[name]
    s = np.asarray(sp(th), dtype=np.float64)
    x = grid_points(name, th)
    x = np.concatenate([sample(name, th, 400), x[~np.isnan(x)]])
    f = kern("stats", name)
    vals, inside = np_stats(name, s, x)
    for w in (None, np.random.default_rng(4).uniform(0.0, 2.0, x.size)):
        ww = np.ones(x.size) if w is None else w
        got = f(x, w, s, False, 1)
        assert got.shape == (m,)
        exp = [math.fsum(ww[inside])] + [math.fsum((ww * v)[inside]) for v in vals] \
            + [math.fsum(ww[~inside])]
        assert_allclose(got, exp, rtol=1e-13, atol=1e-12)
    xn = np.concatenate([x, [NAN]])
    assert np.all(np.isnan(f(xn, None, s, False, 1)))
    assert_array_equal(f(xn, None, s, True, 1), f(x, None, s, False, 1))


# --------------------------------------------------------------------- float32 and threads
@pytest.mark.parametrize("name", FAMILIES)
def test_float32_matches_float64(name):
    th = CASES[name][0][0]
    with np.errstate(over="ignore"):  # 1e200 etc. become inf in float32
        x32 = np.concatenate([sample(name, th, 2000), grid_points(name, th)]).astype(np.float32)
    x64 = x32.astype(np.float64)
    with np.errstate(all="ignore"):
        assert_allclose(logpdf(name, th, x32), logpdf(name, th, x64).astype(np.float32),
                        rtol=1e-6, atol=1e-30)
    xs32 = sample(name, th, 2000).astype(np.float32)
    xs64 = xs32.astype(np.float64)
    assert_allclose(loglik(name, th, xs32), loglik(name, th, xs64), rtol=1e-6)
    assert loglik(name, th, xs32) == loglik(name, th, xs64)  # same values, same maths
    assert_array_equal(derivs(name, th, xs32), derivs(name, th, xs64))
    if name in STATS:
        s = np.asarray(STATS[name][1](th), dtype=np.float64)
        f = kern("stats", name)
        assert_array_equal(f(xs32, None, s, False, 1), f(xs64, None, s, False, 1))


@pytest.mark.parametrize("name", FAMILIES)
def test_threads_bit_identical(name):
    th = CASES[name][0][0]
    x = sample(name, th, 50_000, seed=5)
    w = np.random.default_rng(6).uniform(0.0, 2.0, x.size)
    assert loglik(name, th, x, nt=1) == loglik(name, th, x, nt=2)
    assert loglik(name, th, x, w, nt=1) == loglik(name, th, x, w, nt=2)
    assert_array_equal(logpdf(name, th, x, nt=1), logpdf(name, th, x, nt=2))
    assert_array_equal(derivs(name, th, x, w, nt=1), derivs(name, th, x, w, nt=2))
    if name in STATS:
        s = np.asarray(STATS[name][1](th), dtype=np.float64)
        f = kern("stats", name)
        assert_array_equal(f(x, w, s, False, 1), f(x, w, s, False, 2))
